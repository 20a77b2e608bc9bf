/**
 * Field selection: for each schema field, the provider field it maps to (Weft's mapping to the common model, the
 * provider field Weft matched to a custom property, shown preselected, another field, or none) and, for pushes, what
 * happens when the record exists (OVERWRITE, DO_NOT_UPDATE, SET_IF_NOT_SET); with passthrough fields, which of the
 * provider's own fields to pass through as they are.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { type Connector, ProviderError, type ProviderField } from '../../../connectors/index.js';
import { commonSources, coveredByCommonModel } from '../../../model/project.js';
import { COMMON_MODELS } from '../../../model/registry.js';
import type { SessionSchema } from '../../../model/types.js';
import type { Services } from '../../../services.js';
import { openConnection } from '../../../sessions/connections.js';
import { automaticMatches, sourceChoice } from '../../../sessions/field-match.js';
import { choiceOf, upsertOf } from '../../../sessions/journey.js';
import { UPSERT_SETTINGS } from '../../../sessions/options.js';
import { type FieldChoice, saveConfiguration, type SchemaChoice, type Session, type UpsertSetting } from '../../../sessions/sessions.js';
import { html } from '../../html.js';
import { type Translator, translator, translatorFor } from '../../i18n/index.js';
import { continueJourney } from '../finish.js';
import { schemaLabel, stepError, stepPage, stepSession, values } from './common.js';

/**
 * The words of this step in the end user's language (from the message catalogues, src/ui/i18n). Functions take what
 * the sentence names; provider field names are shown as the provider spells them.
 */
export function fieldText(t: Translator) {
  return {
    title: t('fields.title'),
    intro: (provider: string) => t('fields.intro', { provider }),
    required: t('fields.required'),
    requiredFields: t('fields.requiredFields'),
    otherFields: t('fields.otherFields'),
    /** A provider field: its label and its name (names only, where they are the same). */
    providerField: (label: string, name: string) => (label === name ? name : `${label} (${name})`),
    /** Two provider fields a property reads together (a full name from the first and the last name). */
    twoFields: (first: string, second: string) => t('fields.twoFields', { first, second }),
    /** The first of several provider fields a property reads (the parts of an address), and how many more. */
    manyFields: (first: string, more: number) => t('fields.manyFields', { first, more }),
    /** Weft's mapping through its common model, the provider field(s) it uses spelt out. */
    standard: (fields: string) => t('fields.standard', { fields }),
    /** Weft's mapping through its common model where the connector does not say which provider field it uses. */
    standardUnnamed: (commonFields: string[]) => t('fields.standardUnnamed', { fields: commonFields.join(', ') }),
    automaticMatch: (field: string) => t('fields.automaticMatch', { field }),
    none: t('fields.none'),
    noMatch: t('fields.noMatch'),
    advanced: (provider: string) => t('fields.advanced', { provider }),
    advancedHelp: (provider: string) => t('fields.advancedHelp', { provider }),
    allFields: t('fields.allFields'),
    sameAsAll: t('fields.sameAsAll'),
    /** Said to screen readers after a field's name on its upsert control. */
    whenExists: (provider: string) => ` ${t('fields.whenExists', { provider })}`,
    upsert: {
      OVERWRITE: t('fields.upsert.OVERWRITE'),
      DO_NOT_UPDATE: t('fields.upsert.DO_NOT_UPDATE'),
      SET_IF_NOT_SET: t('fields.upsert.SET_IF_NOT_SET'),
    } satisfies Record<UpsertSetting, string>,
    passthrough: (provider: string) => t('fields.passthrough', { provider }),
    noCustomFields: t('fields.noCustomFields'),
    continue: t('common.continue'),
    notAField: (schema: string, source: string) => t('fields.notAField', { schema, source }),
    unreadTitle: t('fields.unreadTitle'),
    unread: (provider: string, message: string) => t('fields.unread', { provider, message }),
  };
}

/** This step's words in one language. */
export type FieldText = ReturnType<typeof fieldText>;

const READ_ONLY = new Set(['created_at', 'updated_at']);

interface SchemaFields {
  schema: SessionSchema;
  choice: SchemaChoice;
  provider: ProviderField[];
  /** Weft's automatic match of each custom property it could match, by property. */
  automatic: Record<string, string>;
  /** What Weft's mapping through the common model uses, for people, by property it maps so. */
  common: Map<string, string>;
}

/** The option value of "no provider field" (provider field names never have parentheses). */
const NONE = '(none)';

/**
 * What Weft's common-model mapping of a property uses, for people: the provider fields the connector declares for
 * it (by their labels in this account), else the common fields it comes from.
 */
export function standardSource(
  connector: Pick<Connector, 'mappedFields'>,
  endgrateType: string,
  property: string,
  commonFields: string[],
  provider: ProviderField[],
  text: FieldText = fieldText(translator('en')),
): string | null {
  const sources = commonSources(property, commonFields);
  if (!sources.length) return null;
  const byName = new Map(provider.map((f) => [f.name, f]));
  const names = sources.map((s) => connector.mappedFields?.(endgrateType, s.field, s.part));
  const fields = names.every((n) => n?.length) ? [...new Set(names.flatMap((n) => n ?? []))] : [];
  if (!fields.length) {
    const properties = COMMON_MODELS.get(endgrateType)?.schema.properties ?? {};
    return text.standardUnnamed(sources.map((s) => properties[s.field]?.title ?? s.field));
  }
  const spelt = fields.map((n) => text.providerField(byName.get(n)?.label ?? n, n));
  const [first, second] = spelt as [string, string?];
  return text.standard(
    spelt.length === 1 ? first : spelt.length === 2 ? text.twoFields(first, second as string) : text.manyFields(first, spelt.length - 1),
  );
}

/** The selected schemas and their provider's fields (one provider call per schema). */
async function load(services: Services, session: Session, connector: Connector, text: FieldText): Promise<SchemaFields[]> {
  const conn = await openConnection(services, session, connector.manifest.name);
  const out: SchemaFields[] = [];
  for (const schema of session.schemas) {
    const choice = choiceOf(session, schema);
    const endgrateType = choice.endgrate_type;
    if (!(choice.pull || choice.push) || !endgrateType) continue;
    const provider = await connector.fields(conn.client, endgrateType);
    const matches = automaticMatches(schema, endgrateType, provider);
    const commonFields = Object.keys(COMMON_MODELS.get(endgrateType)?.schema.properties ?? {});
    const common = new Map<string, string>();
    for (const p of Object.keys(schema.schema.properties)) {
      if (!coveredByCommonModel(p, commonFields)) continue;
      common.set(p, standardSource(connector, endgrateType, p, commonFields, provider, text) ?? text.standardUnnamed([p]));
    }
    out.push({ schema, choice, provider, automatic: Object.fromEntries(Object.entries(matches).map(([p, m]) => [p, m.source])), common });
  }
  return out;
}

const isUpsert = (v: unknown): v is UpsertSetting => typeof v === 'string' && (UPSERT_SETTINGS as readonly string[]).includes(v);

const idOf = (...parts: string[]) => parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');

/** The schema's properties, the required ones first (each group in the schema's order). */
export function fieldOrder(schema: SessionSchema): { required: string[]; rest: string[] } {
  const all = Object.keys(schema.schema.properties);
  const required = new Set(schema.schema.required ?? []);
  return { required: all.filter((p) => required.has(p)), rest: all.filter((p) => !required.has(p)) };
}

/** The setting most of the fields have (the session's default on a tie): what "All fields" shows. */
function commonSetting(settings: UpsertSetting[], fallback: UpsertSetting): UpsertSetting {
  const counts = new Map<UpsertSetting, number>();
  for (const s of settings) counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = fallback;
  for (const [s, n] of counts) if (n > (counts.get(best) ?? 0)) best = s;
  return best;
}

const selected = (yes: boolean) => (yes ? html` selected` : '');

function sourceRow(set: SchemaFields, p: string, required: boolean, text: FieldText) {
  const { schema, choice, provider, automatic, common } = set;
  const title = schema.schema.properties[p]?.title ?? p;
  const chosen = choice.fields?.[p];
  const matched = automatic[p];
  const standard = common.get(p);
  // What is selected: the end user's choice, else Weft's (its match, or its common-model mapping).
  const source = chosen?.source === null ? NONE : (chosen?.source ?? matched ?? '');
  const sid = idOf('source', schema.key, p);
  return html`<div class="field-row">
      <label for="${sid}">${title}${required ? html` <span class="field-required">${text.required}</span>` : ''}</label>
      <span class="field-arrow" aria-hidden="true">→</span>
      <select id="${sid}" name="source:${schema.key}:${p}">
        ${standard !== undefined ? html`<option value=""${selected(source === '')}>${standard}</option>` : ''}
        ${standard !== undefined || matched ? '' : html`<option value=""${selected(source === '')}>${text.noMatch}</option>`}
        ${standard !== undefined || matched ? html`<option value="${NONE}"${selected(source === NONE)}>${text.none}</option>` : ''}
        ${provider.map((f) => {
          const name = text.providerField(f.label, f.name);
          return html`<option value="${f.name}"${selected(f.name === source)}>${f.name === matched ? text.automaticMatch(name) : name}</option>`;
        })}
      </select>
    </div>`;
}

function advanced(session: Session, connector: Connector, set: SchemaFields, props: string[], text: FieldText) {
  const { schema, choice } = set;
  const provider = connector.manifest.displayName;
  const writable = props.filter((p) => !READ_ONLY.has(p));
  if (!choice.push || !writable.length) return '';
  const fallback = session.options.default_upsert_setting ?? 'OVERWRITE';
  const all = commonSetting(
    writable.map((p) => upsertOf(session, choice, p)),
    fallback,
  );
  const aid = idOf('upsert-all', schema.key);
  return html`<details class="field-advanced">
    <summary>${text.advanced(provider)}</summary>
    <p class="muted">${text.advancedHelp(provider)}</p>
    <div class="field-row setting field-all">
      <label for="${aid}">${text.allFields}<span class="visually-hidden">${text.whenExists(provider)}</span></label>
      <select id="${aid}" name="upsert:${schema.key}">
        ${UPSERT_SETTINGS.map((u) => html`<option value="${u}"${selected(u === all)}>${text.upsert[u]}</option>`)}
      </select>
    </div>
    <div class="field-rows">
    ${writable.map((p) => {
      const own = upsertOf(session, choice, p);
      const uid = idOf('upsert', schema.key, p);
      return html`<div class="field-row setting">
      <label for="${uid}">${schema.schema.properties[p]?.title ?? p}<span class="visually-hidden">${text.whenExists(provider)}</span></label>
      <select id="${uid}" name="upsert:${schema.key}:${p}">
        <option value=""${selected(own === all)}>${text.sameAsAll}</option>
        ${UPSERT_SETTINGS.map((u) => html`<option value="${u}"${selected(own !== all && u === own)}>${text.upsert[u]}</option>`)}
      </select>
    </div>`;
    })}
    </div>
  </details>`;
}

function render(session: Session, connector: Connector, sets: SchemaFields[], t: Translator, error?: string) {
  const m = connector.manifest;
  const text = fieldText(t);
  const passthrough = session.options.passthrough_fields === true;
  return html`<div class="field-step">
<h1>${text.title}</h1>
<p>${text.intro(m.displayName)}</p>
${error ? html`<p class="bad" role="alert">${error}</p>` : ''}
<form method="post" action="/session/fields">
  <input type="hidden" name="session_id" value="${session.id}">
  ${sets.map((set) => {
    const { schema, choice, provider } = set;
    const { required, rest } = fieldOrder(schema);
    const unmapped = provider.filter((f) => f.custom && !f.mapped);
    const passed = choice.passthrough_fields === 'all' ? unmapped.map((f) => f.name) : (choice.passthrough_fields ?? []);
    return html`<fieldset class="field-set">
  <legend><h2>${schemaLabel(schema, t)}</h2></legend>
  ${required.length ? html`<h3>${text.requiredFields}</h3><div class="field-rows">${required.map((p) => sourceRow(set, p, true, text))}</div><h3>${text.otherFields}</h3>` : ''}
  <div class="field-rows">${rest.map((p) => sourceRow(set, p, false, text))}</div>
  ${advanced(session, connector, set, [...required, ...rest], text)}
  ${
    passthrough
      ? html`<fieldset class="field-passthrough"><legend>${text.passthrough(m.displayName)}</legend>
    ${unmapped.length === 0 ? html`<p class="muted">${text.noCustomFields}</p>` : ''}
    ${unmapped.map((f) => html`<label><input type="checkbox" name="passthrough:${schema.key}" value="${f.name}"${passed.includes(f.name) ? html` checked` : ''}> ${f.label} <span class="muted">(${f.name})</span></label>`)}
  </fieldset>`
      : ''
  }
</fieldset>`;
  })}
  <p><button type="submit" class="primary">${text.continue}</button></p>
</form>
</div>`;
}

async function withFields(
  services: Services,
  reply: FastifyReply,
  session: Session,
  connector: Connector,
  t: Translator,
): Promise<SchemaFields[] | null> {
  const text = fieldText(t);
  try {
    return await load(services, session, connector, text);
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    stepError(reply, text.unreadTitle, text.unread(connector.manifest.displayName, e.message), session.id, t);
    return null;
  }
}

export default function fieldSelection(app: FastifyInstance): void {
  app.get<{ Querystring: Record<string, string | undefined> }>('/session/fields', { config: { auth: false } }, async (request, reply) => {
    const step = await stepSession(app.services, { request, reply }, request.query['session_id']);
    if (!step) return reply;
    const t = translatorFor(request, step.session);
    const sets = await withFields(app.services, reply, step.session, step.connector, t);
    if (!sets) return reply;
    return stepPage(app.services, reply, step.session, 'fields', { title: t('fields.title'), body: render(step.session, step.connector, sets, t) });
  });

  app.post<{ Body: Record<string, unknown> | undefined }>('/session/fields', { config: { auth: false } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const step = await stepSession(app.services, { request, reply }, body['session_id']);
    if (!step) return reply;
    const { session, connector } = step;
    const t = translatorFor(request, session);
    const text = fieldText(t);
    const sets = await withFields(app.services, reply, session, connector, t);
    if (!sets) return reply;
    const chosen: Record<string, SchemaChoice> = {};
    const problems: string[] = [];
    for (const { schema, choice, provider, automatic } of sets) {
      const byName = new Map(provider.map((f) => [f.name, f]));
      const fields: Record<string, FieldChoice> = {};
      const all = body[`upsert:${schema.key}`];
      for (const p of Object.keys(schema.schema.properties)) {
        const source = body[`source:${schema.key}:${p}`];
        const upsert = body[`upsert:${schema.key}:${p}`];
        let f: FieldChoice = {};
        if (source === NONE) f.source = null;
        else if (typeof source === 'string' && source !== '') {
          const field = byName.get(source);
          // Keeping the preselected match keeps it Weft's (it follows the provider's fields when matched again).
          if (field) f = sourceChoice(field, automatic[p] === source);
          else problems.push(text.notAField(schemaLabel(schema, t), source));
        }
        // A field's own setting, else (for a field left "Same as all fields") the schema's "All fields" setting.
        if (isUpsert(upsert)) f.upsert = upsert;
        else if (isUpsert(all) && choice.push && !READ_ONLY.has(p)) f.upsert = all;
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
        title: text.title,
        body: render(
          session,
          connector,
          sets.map((s) => ({ ...s, choice: chosen[s.schema.key] ?? s.choice })),
          t,
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
