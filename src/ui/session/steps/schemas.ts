/**
 * Schema selection: the end user chooses which schemas to share, and in which direction; with `passthrough_schemas`,
 * also which of the provider's other objects (custom objects) to share as they are.
 */
import type { FastifyInstance } from 'fastify';

import type { Connector, ProviderObject } from '../../../connectors/index.js';
import type { Services } from '../../../services.js';
import { openConnection } from '../../../sessions/connections.js';
import { choiceOf, offeredDirections, offeredSchemas } from '../../../sessions/journey.js';
import { availableObjects, describeChosen } from '../../../sessions/passthrough.js';
import { type PassthroughChoice, saveConfiguration, type SchemaChoice, type Session } from '../../../sessions/sessions.js';
import { html } from '../../html.js';
import { type Translator, translatorFor } from '../../i18n/index.js';
import { continueJourney } from '../finish.js';
import { schemaLabel, stepError, stepPage, stepSession, values } from './common.js';

interface Shown {
  chosen: Record<string, SchemaChoice>;
  objects: ProviderObject[];
  objectChoices: Record<string, { pull: boolean; push: boolean }>;
}

/** The read and write checkboxes of a schema (`pull`/`push`) or of a provider object (`pull_object`/`push_object`). */
function checkboxes(
  session: Session,
  provider: string,
  names: [string, string],
  key: string,
  label: string,
  c: { pull: boolean; push: boolean },
  t: Translator,
  allowed = { pull: true, push: true },
) {
  const data = t.noun(label);
  return html`${session.kind !== 'push' && allowed.pull ? html`<p><label><input type="checkbox" name="${names[0]}" value="${key}"${c.pull ? html` checked` : ''}> ${t('schemas.read', { data, provider })}</label></p>` : ''}
    ${session.kind !== 'pull' && allowed.push ? html`<p><label><input type="checkbox" name="${names[1]}" value="${key}"${c.push ? html` checked` : ''}> ${t('schemas.write', { data, provider })}</label></p>` : ''}`;
}

function render(session: Session, connector: Connector, shown: Shown, t: Translator, error?: string) {
  const name = connector.manifest.displayName;
  const intro = session.kind === 'push' ? 'schemas.introWrite' : session.kind === 'pull' ? 'schemas.introRead' : 'schemas.introReadWrite';
  return html`<h1>${t('schemas.title')}</h1>
<p>${t(intro, { provider: name })}</p>
${error ? html`<p class="bad" role="alert" id="schemas-error">${error}</p>` : ''}
<form method="post" action="/session/schemas">
  <input type="hidden" name="session_id" value="${session.id}">
  ${offeredSchemas(session).map(
    (s) => html`<fieldset style="border:1px solid var(--line);border-radius:10px;margin:0 0 .75rem;padding:.5rem 1rem">
    <legend><strong>${schemaLabel(s, t)}</strong></legend>
    ${checkboxes(session, name, ['pull', 'push'], s.key, schemaLabel(s, t), shown.chosen[s.key] as SchemaChoice, t, offeredDirections(session, s))}
  </fieldset>`,
  )}
  ${
    shown.objects.length
      ? html`<h2 style="font-size:1.05rem;margin:1rem 0 .5rem">${t('schemas.otherObjects', { provider: name })}</h2>
  <p class="muted">${t('schemas.otherObjectsNote', { provider: name })}</p>
  ${shown.objects.map(
    (o) => html`<fieldset style="border:1px solid var(--line);border-radius:10px;margin:0 0 .75rem;padding:.5rem 1rem">
    <legend><strong>${o.label}</strong>${o.custom ? html` <span class="muted">${t('schemas.customObject')}</span>` : ''}</legend>
    ${checkboxes(session, name, ['pull_object', 'push_object'], o.name, o.label, shown.objectChoices[o.name] ?? { pull: false, push: false }, t, o)}
  </fieldset>`,
  )}`
      : ''
  }
  <p><button type="submit" class="primary">${t('common.continue')}</button></p>
</form>`;
}

/** The provider's objects the end user may add, when the session allows passthrough schemas. */
async function objectsFor(services: Services, session: Session, connector: Connector): Promise<ProviderObject[]> {
  if (session.options.passthrough_schemas !== true || !connector.objects) return [];
  const conn = await openConnection(services, session, connector.manifest.name);
  return availableObjects(connector, conn, session);
}

const chosenObjects = (session: Session): Record<string, PassthroughChoice> => session.configuration?.passthrough_schemas ?? {};

export default function schemaSelection(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/schemas', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id']);
    if (!step) return reply;
    const { session, connector } = step;
    const t = translatorFor(request, session);
    let objects: ProviderObject[];
    try {
      objects = await objectsFor(app.services, session, connector);
    } catch (e) {
      request.log.warn({ err: e, session_id: session.id }, 'listing the provider objects failed');
      return stepError(reply, t('schemas.title'), t('finish.noObjects', { provider: connector.manifest.displayName }), session.id, t);
    }
    const chosen = Object.fromEntries(session.schemas.map((s) => [s.key, choiceOf(session, s)]));
    return stepPage(app.services, reply, session, 'schemas', {
      title: t('schemas.title'),
      body: render(session, connector, { chosen, objects, objectChoices: chosenObjects(session) }, t),
    });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/schemas', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = await stepSession(app.services, { request, reply }, body['session_id']);
    if (!step) return reply;
    const { session, connector } = step;
    const t = translatorFor(request, session);
    const pull = new Set(values(body, 'pull'));
    const push = new Set(values(body, 'push'));
    const chosen: Record<string, SchemaChoice> = {};
    for (const s of session.schemas) {
      // A direction the provider does not serve a category's schema in cannot be chosen, whatever the form says.
      const on = offeredDirections(session, s);
      chosen[s.key] = { ...choiceOf(session, s), pull: on.pull && pull.has(s.key), push: on.push && push.has(s.key) };
    }
    const pullObjects = new Set(values(body, 'pull_object'));
    const pushObjects = new Set(values(body, 'push_object'));
    const objectChoices: Record<string, { pull: boolean; push: boolean }> = {};
    let objects: ProviderObject[];
    let passthrough: Record<string, PassthroughChoice> | undefined;
    try {
      objects = await objectsFor(app.services, session, connector);
      for (const o of objects) {
        objectChoices[o.name] = {
          pull: session.kind !== 'push' && o.pull && pullObjects.has(o.name),
          push: session.kind !== 'pull' && o.push && pushObjects.has(o.name),
        };
      }
      if (session.options.passthrough_schemas === true && connector.objects) {
        const conn = await openConnection(app.services, session, connector.manifest.name);
        passthrough = await describeChosen(connector, conn, objects, (o) => objectChoices[o.name] ?? { pull: false, push: false });
      }
    } catch (e) {
      request.log.warn({ err: e, session_id: session.id }, 'describing the provider objects failed');
      return stepError(reply, t('schemas.title'), t('finish.noDescription', { provider: connector.manifest.displayName }), session.id, t);
    }
    const shown = { chosen, objects, objectChoices };
    if (!Object.values(chosen).some((c) => c.pull || c.push) && !Object.values(objectChoices).some((c) => c.pull || c.push)) {
      return stepPage(app.services, reply, session, 'schemas', {
        title: t('schemas.title'),
        body: render(session, connector, shown, t, t('schemas.atLeastOne')),
        status: 400,
      });
    }
    const configuration = {
      ...session.configuration!,
      schemas: { ...session.configuration?.schemas, ...chosen },
      ...(passthrough ? { passthrough_schemas: passthrough } : {}),
    };
    await saveConfiguration(app.services.database.db, session.id, configuration);
    return continueJourney(reply, app.services, { ...session, configuration }, 'schemas');
  });
}
