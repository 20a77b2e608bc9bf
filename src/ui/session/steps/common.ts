import type { FastifyReply } from 'fastify';

import { type Connector, getConnector } from '../../../connectors/index.js';
import type { Services } from '../../../services.js';
import type { Session } from '../../../sessions/sessions.js';
import { html, messagePage, type SafeHtml } from '../../html.js';
import type { BrowserExchange } from '../browser-binding.js';
import { type JourneyScreen, sendJourneyScreen, type StepId } from '../frame.js';
import { sessionFor, sessionToChange } from '../load.js';

/** The session of a journey step and its provider; null (with a page sent) when the step cannot be shown. */
export async function stepSession(
  services: Services,
  browser: BrowserExchange,
  sessionId: unknown,
  /** A screen that only shows the session (the statistics screen): the plain link of a configured session may see it. */
  view = false,
): Promise<{ session: Session; connector: Connector } | null> {
  const { reply } = browser;
  const session = view ? await sessionFor(services, reply, sessionId) : await sessionToChange(services, browser, sessionId);
  if (!session) return null;
  const connector = session.configuration ? getConnector(session.configuration.provider) : undefined;
  if (!connector) {
    await reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    return null;
  }
  return { session, connector };
}

/** Sends a screen of the journey after signing in, in the journey's frame (steps, Back, Exit, branding). */
export function stepPage(
  services: Services,
  reply: FastifyReply,
  session: Session,
  step: StepId,
  screen: { title: string; body: SafeHtml; status?: number; outcome?: JourneyScreen['outcome'] },
): Promise<FastifyReply> {
  return sendJourneyScreen(services, reply, session, { ...screen, step });
}

export function stepError(reply: FastifyReply, title: string, message: string, sessionId: string): FastifyReply {
  return reply
    .status(502)
    .type('text/html; charset=utf-8')
    .send(messagePage(title, message, html`<p><a class="button" href="/session/edit?session_id=${encodeURIComponent(sessionId)}">Try again</a></p>`));
}

/** A form field's values (formbody gives a string, or an array when a name repeats). */
export function values(body: Record<string, unknown>, name: string): string[] {
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** The display name of a schema for people: its title, or its endgrate_type's model name. */
export function schemaLabel(s: { key: string; title: string; endgrate_type: string | null }): string {
  const names: Record<string, string> = {
    'crm-contact': 'Contacts',
    'crm-company': 'Companies',
    'crm-deal': 'Deals',
    'crm-lead': 'Leads',
    'crm-note': 'Notes',
    'crm-task': 'Tasks',
    'crm-activity': 'Activities',
    'crm-user': 'Users',
    'crm-ticket': 'Tickets',
    'crm-product': 'Products',
    'accounting-address': 'Addresses',
    'accounting-company': 'Company',
    'accounting-contact': 'Contacts',
    'accounting-contact_people': 'Contact people',
    'accounting-customer': 'Customers',
    'accounting-invoice': 'Invoices',
    'accounting-payment': 'Payments',
    'accounting-product': 'Items',
    'accounting-purchase_order': 'Purchase orders',
    'ecommerce-customer': 'Customers',
    'ecommerce-order': 'Orders',
    'ecommerce-product': 'Products',
    'ecommerce-product_variant': 'Product variants',
    'ecommerce-product_category': 'Product categories',
    'ecommerce-product_collection': 'Collections',
  };
  return (s.endgrate_type && s.title === s.endgrate_type ? names[s.endgrate_type] : undefined) ?? s.title;
}
