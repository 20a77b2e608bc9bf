/**
 * Field selection: for each schema field, the provider field it maps to (Weft's mapping to the common model, the
 * provider field Weft matched to a custom property, shown preselected, another field, or none) and, for pushes, what
 * happens when the record exists (OVERWRITE, DO_NOT_UPDATE, SET_IF_NOT_SET); with passthrough fields, which of the
 * provider's own fields to pass through as they are.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { type Connector, ProviderError, type ProviderField } from '../../../connectors/index.js';
import { coveredByCommonModel } from '../../../model/project.js';
import { COMMON_MODELS } from '../../../model/registry.js';
import type { SessionSchema } from '../../../model/types.js';
import type { Services } from '../../../services.js';
import { openConnection } from '../../../sessions/connections.js';
import { automaticMatches, sourceChoice } from '../../../sessions/field-match.js';
import { choiceOf, upsertOf } from '../../../sessions/journey.js';
import { UPSERT_SETTINGS } from '../../../sessions/options.js';
import { type FieldChoice, saveConfiguration, type SchemaChoice, type Session, type UpsertSetting } from '../../../sessions/sessions.js';
import { html } from '../../html.js';
import { continueJourney } from '../finish.js';
import { schemaLabel, stepError, stepPage, stepSession, values } from './common.js';

const UPSERT_LABELS: Record<UpsertSetting, string> = {
  OVERWRITE: 'Overwrite',
  DO_NOT_UPDATE: 'Do not update',
  SET_IF_NOT_SET: 'Set only if empty',
};

const READ_ONLY = new Set(['created_at', 'updated_at']);

interface SchemaFields {
  schema: SessionSchema;
  choice: SchemaChoice;
  provider: ProviderField[];
  /** Weft's automatic match of each custom property it could match, by property. */
  automatic: Record<string, string>;
  /** Properties Weft maps to the common model. */
  common: Set<string>;
}

/** The option value of "no provider field" (provider field names never have parentheses). */
const NONE = '(none)';

/** The selected schemas and their provider's fields (one provider call per schema). */
async function load(services: Services, session: Session, connector: Connector): Promise<SchemaFields[]> {
  const conn = await openConnection(services, session, connector.manifest.name);
  const out: SchemaFields[] = [];
  for (const schema of session.schemas) {
    const choice = choiceOf(session, schema);
    if (!(choice.pull || choice.push) || !choice.endgrate_type) continue;
    const provider = await connector.fields(conn.client, choice.endgrate_type);
    const matches = automaticMatches(schema, choice.endgrate_type, provider);
    const commonFields = Object.keys(COMMON_MODELS.get(choice.endgrate_type)?.schema.properties ?? {});
    out.push({
      schema,
      choice,
      provider,
      automatic: Object.fromEntries(Object.entries(matches).map(([p, m]) => [p, m.source])),
      common: new Set(Object.keys(schema.schema.properties).filter((p) => coveredByCommonModel(p, commonFields))),
    });
  }
  return out;
}

const idOf = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');

function render(session: Session, connector: Connector, sets: SchemaFields[], error?: string) {
  const m = connector.manifest;
  const passthrough = session.options.passthrough_fields === true;
  return html`<h1>Map your fields</h1>
<p>Weft matches fields automatically. Change a match if your ${m.displayName} account keeps the data in another field.</p>
${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
<form method="post" action="/session/fields">
  <input type="hidden" name="session_id" value="${session.id}">
  ${sets.map(({ schema, choice, provider, automatic, common }) => {
    const props = Object.keys(schema.schema.properties);
    const unmapped = provider.filter((f) => f.custom && !f.mapped);
    const passed = choice.passthrough_fields === 'all' ? unmapped.map((f) => f.name) : (choice.passthrough_fields ?? []);
    return html`<fieldset style="border:1px solid var(--line);border-radius:10px;margin:0 0 1rem;padding:.5rem 1rem">
  <legend><strong>${schemaLabel(schema)}</strong></legend>
  ${props.map((p) => {
    const title = schema.schema.properties[p]?.title ?? p;
    const chosen = choice.fields?.[p];
    const matched = automatic[p];
    // What is selected: the end user's choice, else Weft's (its match, or its common-model mapping).
    const source = chosen?.source === null ? NONE : (chosen?.source ?? matched ?? '');
    const sid = idOf('source', schema.key, p);
    const uid = idOf('upsert', schema.key, p);
    return html`<div style="margin:.5rem 0 .75rem">
    <label for="${sid}">${title}</label><br>
    <select id="${sid}" name="source:${schema.key}:${p}" style="width:100%;min-height:2.5rem;font:inherit">
      ${common.has(p) ? html`<option value=""${source === '' ? html` selected` : ''}>Automatic</option>` : ''}
      ${common.has(p) || matched ? '' : html`<option value=""${source === '' ? html` selected` : ''}>None (no matching field found)</option>`}
      ${common.has(p) || matched ? html`<option value="${NONE}"${source === NONE ? html` selected` : ''}>None</option>` : ''}
      ${provider.map((f) => html`<option value="${f.name}"${f.name === source ? html` selected` : ''}>${f.label} (${f.name})${f.name === matched ? ' · automatic match' : ''}</option>`)}
    </select>
    ${
      choice.push && !READ_ONLY.has(p)
        ? html`<br><label for="${uid}" class="muted">If the record already exists in ${m.displayName}</label><br>
    <select id="${uid}" name="upsert:${schema.key}:${p}" style="width:100%;min-height:2.5rem;font:inherit">
      ${UPSERT_SETTINGS.map((u) => html`<option value="${u}"${u === upsertOf(session, choice, p) ? html` selected` : ''}>${UPSERT_LABELS[u]}</option>`)}
    </select>`
        : ''
    }
  </div>`;
  })}
  ${
    passthrough
      ? html`<fieldset style="border:0;padding:0;margin:.5rem 0"><legend>Also share these ${m.displayName} fields as they are</legend>
    ${unmapped.length === 0 ? html`<p class="muted">Your account has no custom fields here.</p>` : ''}
    ${unmapped.map((f) => html`<p><label><input type="checkbox" name="passthrough:${schema.key}" value="${f.name}"${passed.includes(f.name) ? html` checked` : ''}> ${f.label} <span class="muted">(${f.name})</span></label></p>`)}
  </fieldset>`
      : ''
  }
</fieldset>`;
  })}
  <p><button type="submit" class="primary">Continue</button></p>
</form>`;
}

async function withFields(services: Services, reply: FastifyReply, session: Session, connector: Connector): Promise<SchemaFields[] | null> {
  try {
    return await load(services, session, connector);
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    stepError(reply, 'Could not read your fields', `${connector.manifest.displayName} did not list its fields (${e.message}).`, session.id);
    return null;
  }
}

export default function fieldSelection(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/fields', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id']);
    if (!step) return reply;
    const sets = await withFields(app.services, reply, step.session, step.connector);
    if (!sets) return reply;
    return stepPage(app.services, reply, step.session, 'fields', { title: 'Map your fields', body: render(step.session, step.connector, sets) });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/fields', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = await stepSession(app.services, { request, reply }, body['session_id']);
    if (!step) return reply;
    const { session, connector } = step;
    const sets = await withFields(app.services, reply, session, connector);
    if (!sets) return reply;
    const chosen: Record<string, SchemaChoice> = {};
    const problems: string[] = [];
    for (const { schema, choice, provider, automatic } of sets) {
      const byName = new Map(provider.map((f) => [f.name, f]));
      const fields: Record<string, FieldChoice> = {};
      for (const p of Object.keys(schema.schema.properties)) {
        const source = body[`source:${schema.key}:${p}`];
        const upsert = body[`upsert:${schema.key}:${p}`];
        let f: FieldChoice = {};
        if (source === NONE) f.source = null;
        else if (typeof source === 'string' && source !== '') {
          const field = byName.get(source);
          // Keeping the preselected match keeps it Weft's (it follows the provider's fields when matched again).
          if (field) f = sourceChoice(field, automatic[p] === source);
          else problems.push(`${schemaLabel(schema)}: '${source}' is not a field of your account`);
        }
        if (typeof upsert === 'string' && (UPSERT_SETTINGS as readonly string[]).includes(upsert)) f.upsert = upsert as UpsertSetting;
        if (Object.keys(f).length) fields[p] = f;
      }
      const next: SchemaChoice = { ...choice, fields };
      if (session.options.passthrough_fields === true) {
        const allowed = new Set(provider.filter((f) => f.custom && !f.mapped).map((f) => f.name));
        next.passthrough_fields = values(body, `passthrough:${schema.key}`).filter((n) => allowed.has(n));
      }
      chosen[schema.key] = next;
    }
    if (problems.length) {
      return stepPage(app.services, reply, session, 'fields', {
        title: 'Map your fields',
        body: render(
          session,
          connector,
          sets.map((s) => ({ ...s, choice: chosen[s.schema.key] ?? s.choice })),
          problems.join('. '),
        ),
        status: 400,
      });
    }
    const configuration = { ...session.configuration!, schemas: { ...session.configuration?.schemas, ...chosen } };
    await saveConfiguration(app.services.database.db, session.id, configuration);
    return continueJourney(reply, app.services, { ...session, configuration }, 'fields');
  });
}
