/** Schema selection: the end user chooses which schemas to share, and in which direction. */
import type { FastifyInstance } from 'fastify';
import { choiceOf } from '../../../sessions/journey.js';
import { saveConfiguration, type Session, type SchemaChoice } from '../../../sessions/sessions.js';
import type { Connector } from '../../../connectors/index.js';
import { html } from '../../html.js';
import { continueJourney } from '../finish.js';
import { schemaLabel, stepPage, stepSession, values } from './common.js';

function render(session: Session, connector: Connector, chosen: Record<string, SchemaChoice>, error?: string) {
  const name = connector.manifest.displayName;
  return html`<h1>Choose what to share</h1>
<p>Choose the data this app may ${session.kind === 'push' ? 'write to' : session.kind === 'pull' ? 'read from' : 'read from and write to'} your ${name} account.</p>
${error ? html`<p class="bad" role="alert" id="schemas-error">${error}</p>` : ''}
<form method="post" action="/session/schemas">
  <input type="hidden" name="session_id" value="${session.id}">
  ${session.schemas.map((s) => {
    const c = chosen[s.key] as SchemaChoice;
    return html`<fieldset style="border:1px solid var(--line);border-radius:10px;margin:0 0 .75rem;padding:.5rem 1rem">
    <legend><strong>${schemaLabel(s)}</strong></legend>
    ${session.kind !== 'push' ? html`<p><label><input type="checkbox" name="pull" value="${s.key}"${c.pull ? html` checked` : ''}> Read ${schemaLabel(s).toLowerCase()} from ${name}</label></p>` : ''}
    ${session.kind !== 'pull' ? html`<p><label><input type="checkbox" name="push" value="${s.key}"${c.push ? html` checked` : ''}> Write ${schemaLabel(s).toLowerCase()} to ${name}</label></p>` : ''}
  </fieldset>`;
  })}
  <p><button type="submit">Continue</button></p>
</form>`;
}

export default function schemaSelection(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/schemas', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, reply, request.query['session_id']);
    if (!step) return reply;
    const chosen = Object.fromEntries(step.session.schemas.map((s) => [s.key, choiceOf(step.session, s)]));
    return stepPage(reply, 'Choose what to share', render(step.session, step.connector, chosen));
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/schemas', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = await stepSession(app.services, reply, body['session_id']);
    if (!step) return reply;
    const { session } = step;
    const pull = new Set(values(body, 'pull'));
    const push = new Set(values(body, 'push'));
    const chosen: Record<string, SchemaChoice> = {};
    for (const s of session.schemas) {
      chosen[s.key] = { ...choiceOf(session, s), pull: session.kind !== 'push' && pull.has(s.key), push: session.kind !== 'pull' && push.has(s.key) };
    }
    if (!Object.values(chosen).some((c) => c.pull || c.push)) {
      return stepPage(reply, 'Choose what to share', render(session, step.connector, chosen, 'Choose at least one kind of data to share.'), 400);
    }
    const configuration = { ...session.configuration!, schemas: { ...session.configuration?.schemas, ...chosen } };
    await saveConfiguration(app.services.database.db, session.id, configuration);
    return continueJourney(reply, app.services, { ...session, configuration }, 'schemas');
  });
}
