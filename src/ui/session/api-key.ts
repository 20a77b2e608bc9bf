/**
 * The API-key form of the hosted page: the end user pastes a key, Weft checks it with the provider before storing
 * it, and a refused key shows the provider's answer with the form (and what was typed) again.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  apiKeyHeaders,
  type ApiKeyManifest,
  type Connector,
  createProviderClient,
  type FieldProblem,
  keyFieldValues,
  ProviderError,
  readFields,
  sandboxKeyPagePath,
} from '../../connectors/index.js';
import { sha256 } from '../../lib/crypto.js';
import type { Services } from '../../services.js';
import { prefilledApiKey } from '../../sessions/prepopulate.js';
import { connectionApiBase, egressFor, providerMode, sandboxBase } from '../../sessions/provider-env.js';
import type { Session } from '../../sessions/sessions.js';
import { html } from '../html.js';
import { translatorFor } from '../i18n/index.js';
import { fieldInputs } from './connection-fields.js';
import { finishConnection, refuseOtherAccount } from './finish.js';
import { sendJourneyScreen } from './frame.js';
import { providerFor, sessionToChange } from './load.js';

/** What the form shows again: the typed key and values, the error above the form, the errors of single fields. */
interface FormState {
  value?: string;
  error?: string;
  values?: Record<string, string>;
  fieldErrors?: Record<string, FieldProblem>;
}

async function form(services: Services, reply: FastifyReply, session: Session, connector: Connector, state: FormState = {}) {
  const m = connector.manifest;
  const key = m.auth.apiKey;
  if (!key) throw new Error(`${m.name} does not take API keys`);
  const sandbox = providerMode(session) === 'sandbox';
  const t = translatorFor(reply.request, session);
  const title = t('connect.title', { provider: m.displayName });
  const sandboxLink = html`<a href="${sandboxBase(services, connector) + sandboxKeyPagePath(services.sandboxEndpoints, m.name)}" target="_blank" rel="noopener">${t('apiKey.sandboxLink', { label: t.provider(key.label) })}</a>`;
  const body = html`<h1>${title}</h1>
  <form method="post" action="/session/api-key" novalidate>
    <input type="hidden" name="session_id" value="${session.id}">
    <input type="hidden" name="provider" value="${m.name}">
    ${fieldInputs(key.fields ?? [], { ...(state.values ? { values: state.values } : {}), ...(state.fieldErrors ? { problems: state.fieldErrors } : {}) }, t)}
    <label for="api_key"><strong>${t.provider(key.label)}</strong></label>
    <p class="muted" id="api_key_help">${t.provider(key.help)}</p>
    ${state.error ? html`<p class="bad" id="api_key_error" role="alert">${state.error}</p>` : ''}
    <p><input type="password" id="api_key" name="api_key" required autocomplete="off" spellcheck="false" value="${state.value ?? ''}"
      aria-describedby="api_key_help${state.error ? ' api_key_error' : ''}"${state.error ? html` aria-invalid="true"` : ''} style="width:100%;min-height:2.75rem;padding:.5rem;font:inherit"></p>
    <p><button type="submit" class="primary">${t('connect.button')}</button></p>
  </form>
  ${
    sandbox
      ? html`<p class="muted"><span class="badge">${t('common.sandbox')}</span> ${t.html('apiKey.sandboxNote', { provider: m.displayName, label: t.provider(key.label), link: sandboxLink })}</p>`
      : ''
  }
`;
  // The page may carry a key (prefilled, or typed and refused): the frame sends it uncached.
  return sendJourneyScreen(services, reply, session, {
    title,
    body,
    step: 'sign-in',
    backLabel: t('connect.chooseAnother'),
    status: state.error || (state.fieldErrors && Object.keys(state.fieldErrors).length) ? 400 : 200,
  });
}

/**
 * The provider account a key connects to, for rate limiting and reconnections: the account field's value where the
 * provider names accounts that way (Freshsales' domain, lower-cased), else the key with what was typed beside it
 * (one key may reach several accounts), hashed.
 */
export function apiKeyAccount(manifest: ApiKeyManifest, key: string, values: Readonly<Record<string, string>>): string {
  const named = manifest.accountField === undefined ? undefined : values[manifest.accountField];
  if (named !== undefined) return `${manifest.accountField}-${named.toLowerCase()}`;
  return `key-${sha256(Object.keys(values).length ? JSON.stringify([key, values]) : key).slice(0, 16)}`;
}

/** GET /session/api-key and POST /session/api-key. */
export default function apiKeyForm(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/api-key', { config: { auth: false } }, async (request, reply) => {
    const session = await sessionToChange(app.services, { request, reply }, request.query['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, request.query['provider']);
    if (!connector) return reply;
    if (!connector.manifest.auth.apiKey) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    // The developer's `prepopulate.api_key` fills the field; the end user still submits the form.
    const prefilled = prefilledApiKey(session, app.services.sealer);
    return form(app.services, reply, session, connector, prefilled === undefined ? {} : { value: prefilled });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/api-key', { config: { auth: false } }, async (request, reply) => {
    const { services } = app;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const session = await sessionToChange(services, { request, reply }, body['session_id']);
    if (!session) return reply;
    const connector = await providerFor(app.services, reply, session, body['provider']);
    if (!connector) return reply;
    const manifest = connector.manifest.auth.apiKey;
    if (!manifest) return reply.redirect(`/session?session_id=${encodeURIComponent(session.id)}`, 303);
    const value = typeof body['api_key'] === 'string' ? body['api_key'].trim() : '';
    const { values: typed, errors } = readFields(manifest.fields ?? [], body);
    const t = translatorFor(request, session);
    const keyRefused = !value || value.length > 500 || /\s/.test(value);
    // What the key holds itself (Mailchimp's data centre); a key without it is not one of the provider's.
    const fromKey = keyRefused ? {} : keyFieldValues(manifest, value);
    if (keyRefused || fromKey === undefined || Object.keys(errors).length) {
      const label = t.provider(manifest.label);
      const error = keyRefused
        ? t('apiKey.enter', { label })
        : fromKey === undefined
          ? t('apiKey.malformed', { provider: connector.manifest.displayName, label })
          : undefined;
      return form(services, reply, session, connector, { value, values: typed, fieldErrors: errors, ...(error ? { error } : {}) });
    }
    const values = { ...typed, ...fromKey };
    const mode = providerMode(session);
    const apiBase = connectionApiBase(services, connector, mode, 'api_key', values);
    const headers = apiKeyHeaders(manifest, value, values);
    const client = createProviderClient({
      manifest: connector.manifest,
      apiBase,
      auth: {
        headers: async () => headers,
        renew: async () => {
          throw new ProviderError('auth_invalid', `${connector.manifest.displayName} refused this ${manifest.label}`, 401);
        },
      },
      limiter: null,
      egress: egressFor(services, connector, mode, apiBase),
      maxAttempts: 2,
      ...(connector.classify ? { classify: connector.classify } : {}),
    });
    try {
      await client.request({ method: 'GET', path: manifest.verifyPath });
    } catch (e) {
      if (!(e instanceof ProviderError)) throw e;
      request.log.info({ provider: connector.manifest.name, status: e.status }, 'API key refused');
      const why =
        e.kind === 'auth_invalid' || e.status === 401 || e.status === 403
          ? t('apiKey.refused', { provider: connector.manifest.displayName, label: t.provider(manifest.label) })
          : t('apiKey.unreachable', { provider: connector.manifest.displayName, label: t.provider(manifest.label), reason: e.message });
      return form(services, reply, session, connector, { value, values, error: why });
    }
    const fields = Object.keys(values).length ? { fields: values } : {};
    const creds = { kind: 'api_key' as const, mode, apiBase, accountKey: apiKeyAccount(manifest, value, values), apiKey: value, ...fields };
    if (await refuseOtherAccount(reply, services, session, connector, creds)) return reply;
    return finishConnection(reply, services, session, connector, creds);
  });
}
