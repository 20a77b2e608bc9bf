/**
 * The values a provider needs before its consent page (Dynamics 365's environment URL): GET shows the form, POST
 * checks the values against the manifest and goes on to the provider's authorization URL, which carries them (its
 * scopes name the environment). The values travel in the OAuth state's sealed data, not in the URL.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { type Connector, type FieldProblem, readFields } from '../../connectors/index.js';
import type { Services } from '../../services.js';
import { oauthManifest } from '../../sessions/provider-env.js';
import type { Session } from '../../sessions/sessions.js';
import { html } from '../html.js';
import { translatorFor } from '../i18n/index.js';
import { fieldInputs } from './connection-fields.js';
import { sendJourneyScreen } from './frame.js';
import { providerFor, sessionToChange } from './load.js';
import { startAuthorization } from './post-connect.js';

export const OAUTH_FIELDS_PATH = '/session/oauth-fields';

function form(
  services: Services,
  reply: FastifyReply,
  session: Session,
  connector: Connector,
  popup: boolean,
  state: { values?: Record<string, string>; errors?: Record<string, FieldProblem> } = {},
) {
  const m = connector.manifest;
  const fields = oauthManifest(connector).fields ?? [];
  const errors = state.errors ?? {};
  const t = translatorFor(reply.request, session);
  const title = t('connect.title', { provider: m.displayName });
  const body = html`<h1>${title}</h1>
  <form method="post" action="${OAUTH_FIELDS_PATH}" novalidate>
    <input type="hidden" name="session_id" value="${session.id}">
    <input type="hidden" name="provider" value="${m.name}">
    ${popup ? html`<input type="hidden" name="popup" value="1">` : ''}
    ${fieldInputs(fields, { ...(state.values ? { values: state.values } : {}), problems: errors }, t)}
    <p><button type="submit" class="primary">${t('connect.continueTo', { provider: m.displayName })}</button></p>
  </form>`;
  return sendJourneyScreen(services, reply, session, {
    title,
    body,
    step: 'sign-in',
    backLabel: t('connect.chooseAnother'),
    bare: popup,
    status: Object.keys(errors).length ? 400 : 200,
  });
}

/** GET and POST /session/oauth-fields. */
export default function oauthFieldsForm(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(OAUTH_FIELDS_PATH, { config: { auth: false } }, async (request, reply) => {
    const session = await sessionToChange(app.services, { request, reply }, request.query['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, request.query['provider']);
    if (!connector) return reply;
    if (!connector.manifest.auth.oauth2?.fields?.length) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    return form(app.services, reply, session, connector, request.query['popup'] === '1');
  });

  app.post<{ Body: Record<string, unknown> | undefined }>(OAUTH_FIELDS_PATH, { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = await sessionToChange(app.services, { request, reply }, body['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, body['provider']);
    if (!connector) return reply;
    const fields = connector.manifest.auth.oauth2?.fields;
    if (!fields?.length) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    const popup = body['popup'] === '1';
    const { values, errors } = readFields(fields, body);
    if (Object.keys(errors).length) return form(app.services, reply, session, connector, popup, { values, errors });
    return reply.redirect(await startAuthorization(app.services, { request, reply }, session, connector, popup, values), 303);
  });
}
