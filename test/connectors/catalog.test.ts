/**
 * Which provider serves which type in which direction (src/connectors/catalog.ts): a named type needs every direction
 * the session has; a category's type is offered in the directions the provider serves it (a read-only type such as
 * crm-user: pulling alone), and a provider is offered for a category when it serves at least one of its types.
 */
import { describe, expect, it } from 'vitest';

import { providersFor, servedDirections, serves } from '../../src/connectors/catalog.js';
import type { ConnectorManifest } from '../../src/connectors/kit/manifest.js';

const both = { pull: true, push: true };
const manifest = {
  schemas: {
    'crm-contact': { pull: true, push: true },
    'crm-user': { pull: true, push: false },
  },
} as unknown as ConnectorManifest;

describe('catalog', () => {
  it('serves a type only in every direction asked; the directions served, among those allowed, otherwise', () => {
    expect(serves(manifest, 'crm-contact', both)).toBe(true);
    expect(serves(manifest, 'crm-user', both)).toBe(false);
    expect(serves(manifest, 'crm-user', { pull: true, push: false })).toBe(true);
    expect(servedDirections(manifest, 'crm-user', both)).toEqual({ pull: true, push: false });
    expect(servedDirections(manifest, 'crm-user', { pull: false, push: true })).toEqual({ pull: false, push: false });
    expect(servedDirections(manifest, 'crm-deal', both)).toEqual({ pull: false, push: false });
    // Not an inherited property either.
    expect(servedDirections(manifest, 'constructor', both)).toEqual({ pull: false, push: false });
  });

  it('offers for a category every provider serving one of its types; for named types only those serving all', () => {
    const names = (types: { required: string[]; optional: string[] }) => providersFor(types, both).map((c) => c.manifest.name);
    expect(names({ required: [], optional: ['crm-contact', 'crm-deal'] })).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
    ]);
    expect(names({ required: [], optional: ['crm-deal'] })).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
    ]);
    expect(names({ required: [], optional: ['crm-product'] })).toEqual(['hubspot', 'salesforce', 'pipedrive']);
    expect(names({ required: [], optional: ['crm-ticket'] })).toEqual(['hubspot', 'salesforce']);
    // A type no provider serves.
    expect(names({ required: [], optional: ['crm-policy'] })).toEqual([]);
    expect(names({ required: ['crm-contact', 'crm-policy'], optional: [] })).toEqual([]);
    expect(names({ required: ['crm-contact', 'crm-deal'], optional: [] })).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
    ]);
    expect(names({ required: ['crm-contact', 'crm-product'], optional: [] })).toEqual(['hubspot', 'salesforce', 'pipedrive']);
    expect(names({ required: ['crm-contact', 'crm-ticket'], optional: [] })).toEqual(['hubspot', 'salesforce']);
    expect(names({ required: [], optional: [] })).toEqual([
      'hubspot',
      'salesforce',
      'pipedrive',
      'freshsales',
      'copper',
      'zoho',
      'attio',
      'dynamics',
      'close',
      'shopify',
      'quickbooks',
      'woocommerce',
      'bigcommerce',
      'xero',
      'zendesk',
      'freshdesk',
      'asana',
      'todoist',
      'typeform',
      'slack',
      'mailchimp',
    ]);
    // The accounting types: QuickBooks Online and Xero (the company pulled only, so not for a session that pushes it).
    expect(names({ required: ['accounting-contact', 'accounting-invoice'], optional: [] })).toEqual(['quickbooks', 'xero']);
    expect(names({ required: ['accounting-company'], optional: [] })).toEqual([]);
    expect(providersFor({ required: ['accounting-company'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name)).toEqual([
      'quickbooks',
      'xero',
    ]);
    expect(names({ required: [], optional: ['ecommerce-order', 'ecommerce-product'] })).toEqual(['shopify', 'woocommerce', 'bigcommerce']);
    expect(names({ required: ['ecommerce-customer', 'crm-contact'], optional: [] })).toEqual([]);
    // The help-desk types: Zendesk and Freshdesk (their agents pulled only).
    expect(names({ required: ['helpdesk-contact', 'helpdesk-note'], optional: [] })).toEqual(['zendesk', 'freshdesk']);
    expect(names({ required: ['helpdesk-user'], optional: [] })).toEqual([]);
    expect(providersFor({ required: ['helpdesk-user'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name)).toEqual([
      'zendesk',
      'freshdesk',
    ]);
    // The task-workspace types: Asana and Todoist (their users pulled only).
    expect(names({ required: ['workspace-task'], optional: [] })).toEqual(['asana', 'todoist']);
    expect(names({ required: ['workspace-user'], optional: [] })).toEqual([]);
    expect(providersFor({ required: ['workspace-user'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name)).toEqual([
      'asana',
      'todoist',
    ]);
    expect(
      providersFor({ required: ['workspace-task', 'workspace-user'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name),
    ).toEqual(['asana', 'todoist']);
    // The forms types: Typeform, both read only (so for no session that pushes them).
    expect(names({ required: ['forms-lead'], optional: [] })).toEqual([]);
    expect(
      providersFor({ required: ['forms-question', 'forms-lead'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name),
    ).toEqual(['typeform']);
    // The communication types: Slack (its users pulled only; its messages pulled and posted).
    expect(names({ required: ['communication-message_history'], optional: [] })).toEqual(['slack']);
    expect(names({ required: ['communication-user'], optional: [] })).toEqual([]);
    expect(
      providersFor({ required: ['communication-user', 'communication-message_history'], optional: [] }, { pull: true, push: false }).map(
        (c) => c.manifest.name,
      ),
    ).toEqual(['slack']);
    // The marketing types: Mailchimp (its user pulled only).
    expect(names({ required: ['marketing-contact'], optional: [] })).toEqual(['mailchimp']);
    expect(names({ required: ['marketing-user'], optional: [] })).toEqual([]);
    expect(providersFor({ required: ['marketing-user'], optional: [] }, { pull: true, push: false }).map((c) => c.manifest.name)).toEqual([
      'mailchimp',
    ]);
  });
});
