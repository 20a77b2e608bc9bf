/** Resource selection: which provider resource each schema is read from and written to. */
import type { FastifyInstance } from 'fastify';

import type { Connector } from '../../../connectors/index.js';
import { choiceOf, resourcesFor } from '../../../sessions/journey.js';
import { saveConfiguration, type SchemaChoice, type Session } from '../../../sessions/sessions.js';
import { html } from '../../html.js';
import { type Translator, translatorFor } from '../../i18n/index.js';
import { continueJourney } from '../finish.js';
import { schemaLabel, stepPage, stepSession } from './common.js';

function render(session: Session, connector: Connector, chosen: Record<string, SchemaChoice>, t: Translator, error?: string) {
  const m = connector.manifest;
  const shown = session.schemas.filter((s) => (chosen[s.key] as SchemaChoice).pull || (chosen[s.key] as SchemaChoice).push);
  return html`<h1>${t('resources.heading', { provider: m.displayName })}</h1>
<p>${t('resources.intro', { provider: m.displayName })}</p>
${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
<form method="post" action="/session/resources">
  <input type="hidden" name="session_id" value="${session.id}">
  ${shown.map((s) => {
    const options = resourcesFor(connector, s);
    const current = (chosen[s.key] as SchemaChoice).endgrate_type;
    const id = `resource-${s.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    return html`<p><label for="${id}"><strong>${schemaLabel(s, t)}</strong></label><br>
    <select id="${id}" name="resource:${s.key}" required style="width:100%;min-height:2.75rem;font:inherit">
      ${current === null ? html`<option value="">${t('resources.choose')}</option>` : ''}
      ${options.map((t) => html`<option value="${t}"${t === current ? html` selected` : ''}>${m.displayName} ${m.schemas[t]?.integration.displayName ?? t}</option>`)}
    </select></p>`;
  })}
  <p><button type="submit" class="primary">${t('common.continue')}</button></p>
</form>`;
}

export default function resourceSelection(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/resources', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id']);
    if (!step) return reply;
    const chosen = Object.fromEntries(step.session.schemas.map((s) => [s.key, choiceOf(step.session, s)]));
    const t = translatorFor(request, step.session);
    return stepPage(app.services, reply, step.session, 'resources', {
      title: t('resources.title'),
      body: render(step.session, step.connector, chosen, t),
    });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/resources', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = await stepSession(app.services, { request, reply }, body['session_id']);
    if (!step) return reply;
    const { session, connector } = step;
    const chosen: Record<string, SchemaChoice> = {};
    let missing = false;
    for (const s of session.schemas) {
      const c = choiceOf(session, s);
      const picked = body[`resource:${s.key}`];
      const valid = typeof picked === 'string' && resourcesFor(connector, s).includes(picked) ? picked : null;
      if ((c.pull || c.push) && valid === null) missing = true;
      chosen[s.key] = { ...c, endgrate_type: valid ?? c.endgrate_type };
    }
    if (missing) {
      const t = translatorFor(request, session);
      return stepPage(app.services, reply, session, 'resources', {
        title: t('resources.title'),
        body: render(session, connector, chosen, t, t('resources.missing')),
        status: 400,
      });
    }
    const configuration = { ...session.configuration!, schemas: { ...session.configuration?.schemas, ...chosen } };
    await saveConfiguration(app.services.database.db, session.id, configuration);
    return continueJourney(reply, app.services, { ...session, configuration }, 'resources');
  });
}
