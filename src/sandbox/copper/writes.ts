/**
 * The Copper fake's write rules: what each entity's create (`POST /{entity}`) and update (`PUT /{entity}/{id}`, only
 * the fields given; `null` clears) accept, checked in the order of the fields, each refusal a 422. Read-only fields
 * (ids, dates, derived names) are ignored as Copper ignores them.
 */
import { invalid } from './errors.js';
import { ACTIVITY_TYPES, type CopperRow, CUSTOM_FIELD_DEFINITIONS, CUSTOMER_SOURCES, LEAD_STATUSES, PIPELINES } from './seed.js';
import type { CopperAccount, CopperEntity } from './service.js';

type Body = Record<string, unknown>;

const EMAIL_CATEGORIES = ['work', 'personal', 'other'];
const PHONE_CATEGORIES = ['mobile', 'work', 'home', 'other'];
const WEBSITE_CATEGORIES = ['work', 'personal', 'other'];
const OPPORTUNITY_STATUSES = ['Open', 'Won', 'Lost', 'Abandoned'];
const PARENT_TYPES: Record<string, CopperEntity> = { person: 'people', company: 'companies', opportunity: 'opportunities' };
/** Copper's entity names in custom field definitions' `available_on`. */
const ENTITY_NAMES: Partial<Record<CopperEntity, string>> = {
  leads: 'lead',
  people: 'person',
  companies: 'company',
  opportunities: 'opportunity',
  tasks: 'task',
};

const given = (body: Body, key: string) => Object.hasOwn(body, key) && body[key] !== undefined;

function text(body: Body, key: string, out: Body, required = false): void {
  if (!given(body, key)) return;
  const v = body[key];
  if (v !== null && typeof v !== 'string') throw invalid(`${key} must be a string`);
  if (required && (v === null || v.trim() === '')) throw invalid(`Validation errors: ${key} can't be blank`);
  out[key] = v;
}

function number(body: Body, key: string, out: Body): void {
  if (!given(body, key)) return;
  const v = body[key];
  if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw invalid(`${key} must be a number`);
  out[key] = v;
}

function points(body: Body, key: string, valueKey: string, categories: string[], out: Body): void {
  if (!given(body, key)) return;
  const v = body[key] ?? [];
  if (!Array.isArray(v)) throw invalid(`${key} must be an array`);
  out[key] = v.map((p: unknown, i) => {
    const point = (p ?? {}) as Body;
    if (typeof point[valueKey] !== 'string' || (point[valueKey] as string).trim() === '') throw invalid(`${key}[${i}].${valueKey} can't be blank`);
    if (typeof point['category'] !== 'string' || !categories.includes(point['category'])) {
      throw invalid(`${key}[${i}].category must be one of: ${categories.join(', ')}`);
    }
    return { [valueKey]: point[valueKey], category: point['category'] };
  });
}

function address(body: Body, out: Body): void {
  if (!given(body, 'address')) return;
  const a = body['address'];
  if (a === null) return void (out['address'] = null);
  if (typeof a !== 'object' || Array.isArray(a)) throw invalid('address must be an object');
  const parts: Body = {};
  for (const k of ['street', 'city', 'state', 'postal_code', 'country']) {
    const v = (a as Body)[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw invalid(`address.${k} must be a string`);
    parts[k] = v ?? null;
  }
  out['address'] = parts;
}

/** An id field that must name a live record of `entity` (or a user). */
function reference(account: CopperAccount, body: Body, key: string, entity: CopperEntity | 'users', out: Body): void {
  if (!given(body, key)) return;
  const v = body[key];
  if (v === null) return void (out[key] = null);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`${key} must be an integer`);
  const exists = entity === 'users' ? account.users.some((u) => u.id === v) : account.data.store(entity).live(v) !== undefined;
  if (!exists) throw invalid(`${key} ${v} is not a valid ${entity === 'users' ? 'user' : entity.replace(/s$|ies$/, '')} id`);
  out[key] = v;
}

function customFields(body: Body, entity: CopperEntity, current: CopperRow | undefined, out: Body): void {
  if (!given(body, 'custom_fields')) return;
  const list = body['custom_fields'];
  if (!Array.isArray(list)) throw invalid('custom_fields must be an array');
  const name = ENTITY_NAMES[entity];
  const merged = [...((current?.['custom_fields'] ?? []) as Array<{ custom_field_definition_id: number; value: unknown }>)];
  for (const item of list as Body[]) {
    const id = item?.['custom_field_definition_id'];
    const def = CUSTOM_FIELD_DEFINITIONS.find((d) => d.id === id);
    if (!def || name === undefined || !def.available_on.includes(name)) throw invalid(`Invalid custom field definition id: ${String(id)}`);
    const at = merged.findIndex((c) => c.custom_field_definition_id === id);
    const entry = { custom_field_definition_id: def.id, value: item['value'] ?? null };
    if (at >= 0) merged[at] = entry;
    else merged.push(entry);
  }
  out['custom_fields'] = merged;
}

/** A `{id, type}` link to a person, company or opportunity that exists. */
function link(account: CopperAccount, body: Body, key: string, out: Body): void {
  if (!given(body, key)) return;
  const v = body[key];
  if (v === null) return void (out[key] = null);
  const l = v as Body;
  const entity = typeof l?.['type'] === 'string' ? PARENT_TYPES[l['type']] : undefined;
  if (!entity) throw invalid(`${key}.type must be one of: ${Object.keys(PARENT_TYPES).join(', ')}`);
  if (typeof l['id'] !== 'number' || account.data.store(entity).live(l['id']) === undefined)
    throw invalid(`${key}.id is not a valid ${String(l['type'])} id`);
  out[key] = { id: l['id'], type: l['type'] };
}

/** Copper keeps a person's name and its halves in step. */
function names(body: Body, out: Body, current: CopperRow | undefined): void {
  text(body, 'first_name', out);
  text(body, 'last_name', out);
  if (given(body, 'name')) {
    text(body, 'name', out, true);
    if (!given(body, 'first_name') && !given(body, 'last_name')) {
      const parts = (out['name'] as string).trim().split(/\s+/);
      out['last_name'] = parts.length > 1 ? parts.pop() : null;
      out['first_name'] = parts.join(' ');
    }
  } else if (given(body, 'first_name') || given(body, 'last_name')) {
    const first = given(body, 'first_name') ? out['first_name'] : current?.['first_name'];
    const last = given(body, 'last_name') ? out['last_name'] : current?.['last_name'];
    const name = [first, last].filter((x) => typeof x === 'string' && x).join(' ');
    if (!name) throw invalid("Validation errors: name can't be blank");
    out['name'] = name;
  } else if (!current) throw invalid("Validation errors: name can't be blank");
}

/** The fields of a create or update of `entity`, checked (`now` in epoch ms); `current` is the record an update changes. */
export function readWrite(account: CopperAccount, entity: CopperEntity, body: Body, now: number, current?: CopperRow): Body {
  const out: Body = {};
  const creating = current === undefined;
  if (creating && entity !== 'people' && entity !== 'leads' && entity !== 'activities' && !given(body, 'name'))
    throw invalid("Validation errors: name can't be blank");
  switch (entity) {
    case 'people':
      names(body, out, current);
      text(body, 'title', out);
      text(body, 'details', out);
      points(body, 'emails', 'email', EMAIL_CATEGORIES, out);
      points(body, 'phone_numbers', 'number', PHONE_CATEGORIES, out);
      address(body, out);
      reference(account, body, 'company_id', 'companies', out);
      reference(account, body, 'assignee_id', 'users', out);
      if (given(out, 'company_id')) {
        out['company_name'] =
          out['company_id'] === null ? null : (account.data.store('companies').live(out['company_id'] as number)?.['name'] ?? null);
      }
      break;
    case 'leads': {
      names(body, out, current);
      text(body, 'title', out);
      text(body, 'details', out);
      text(body, 'company_name', out);
      if (given(body, 'email')) {
        const e = body['email'] as Body | null;
        if (e === null) out['email'] = null;
        else {
          points({ email: [e] }, 'email', 'email', EMAIL_CATEGORIES, out);
          out['email'] = (out['email'] as Body[])[0];
        }
      }
      points(body, 'phone_numbers', 'number', PHONE_CATEGORIES, out);
      address(body, out);
      number(body, 'monetary_value', out);
      reference(account, body, 'assignee_id', 'users', out);
      if (
        given(body, 'customer_source_id') &&
        body['customer_source_id'] !== null &&
        !CUSTOMER_SOURCES.some((s) => s.id === body['customer_source_id'])
      ) {
        throw invalid(`customer_source_id ${JSON.stringify(body['customer_source_id'])} is not a valid customer source id`);
      }
      if (given(body, 'customer_source_id')) out['customer_source_id'] = body['customer_source_id'];
      const status = given(body, 'status') ? LEAD_STATUSES.find((x) => x.name === body['status']) : creating ? LEAD_STATUSES[0] : undefined;
      if (given(body, 'status') && !status) throw invalid(`status must be one of: ${LEAD_STATUSES.map((x) => x.name).join(', ')}`);
      if (status) Object.assign(out, { status: status.name, status_id: status.id });
      break;
    }
    case 'companies':
      text(body, 'name', out, true);
      text(body, 'details', out);
      text(body, 'email_domain', out);
      points(body, 'phone_numbers', 'number', PHONE_CATEGORIES, out);
      points(body, 'websites', 'url', WEBSITE_CATEGORIES, out);
      address(body, out);
      reference(account, body, 'assignee_id', 'users', out);
      break;
    case 'opportunities': {
      text(body, 'name', out, true);
      text(body, 'details', out);
      number(body, 'monetary_value', out);
      text(body, 'monetary_unit', out);
      text(body, 'close_date', out);
      if (typeof out['close_date'] === 'string' && !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(out['close_date']))
        throw invalid('close_date must be a date (MM/DD/YYYY)');
      text(body, 'status', out);
      if (given(out, 'status') && !OPPORTUNITY_STATUSES.includes(out['status'] as string))
        throw invalid(`status must be one of: ${OPPORTUNITY_STATUSES.join(', ')}`);
      number(body, 'win_probability', out);
      reference(account, body, 'company_id', 'companies', out);
      reference(account, body, 'primary_contact_id', 'people', out);
      reference(account, body, 'assignee_id', 'users', out);
      const pipelineId = given(body, 'pipeline_id') ? body['pipeline_id'] : (current?.['pipeline_id'] ?? PIPELINES[0]?.id);
      const pipeline = PIPELINES.find((p) => p.id === pipelineId);
      if (!pipeline) throw invalid(`pipeline_id ${String(pipelineId)} is not a valid pipeline id`);
      const stageId = given(body, 'pipeline_stage_id')
        ? body['pipeline_stage_id']
        : given(body, 'pipeline_id') || creating
          ? pipeline.stages[0]?.id
          : current?.['pipeline_stage_id'];
      if (!pipeline.stages.some((s) => s.id === stageId))
        throw invalid(`pipeline_stage_id ${String(stageId)} is not a stage of pipeline ${pipeline.id}`);
      if (creating || given(body, 'pipeline_id') || given(body, 'pipeline_stage_id'))
        Object.assign(out, { pipeline_id: pipeline.id, pipeline_stage_id: stageId });
      if (given(out, 'company_id')) {
        out['company_name'] =
          out['company_id'] === null ? null : (account.data.store('companies').live(out['company_id'] as number)?.['name'] ?? null);
      }
      break;
    }
    case 'tasks':
      text(body, 'name', out, true);
      text(body, 'details', out);
      link(account, body, 'related_resource', out);
      number(body, 'due_date', out);
      number(body, 'reminder_date', out);
      text(body, 'status', out);
      if (given(out, 'status') && !['Open', 'Completed'].includes(out['status'] as string)) throw invalid('status must be one of: Open, Completed');
      text(body, 'priority', out);
      if (given(out, 'priority') && !['None', 'High'].includes(out['priority'] as string)) throw invalid('priority must be one of: None, High');
      reference(account, body, 'assignee_id', 'users', out);
      if (given(out, 'status')) out['completed_date'] = out['status'] === 'Completed' ? Math.floor(now / 1000) : null;
      break;
    case 'activities': {
      if (creating || given(body, 'type')) {
        const t = body['type'] as Body | undefined;
        const type = ACTIVITY_TYPES.user.find((a) => t && a.id === t['id'] && t['category'] === 'user' && !a.is_disabled);
        if (!type) throw invalid('type must be a user activity type ({"category": "user", "id": …})');
        out['type'] = { category: 'user', id: type.id };
      }
      if (creating && !given(body, 'parent')) throw invalid("Validation errors: parent can't be blank");
      link(account, body, 'parent', out);
      if (creating && out['parent'] === null) throw invalid("Validation errors: parent can't be blank");
      text(body, 'details', out);
      number(body, 'activity_date', out);
      break;
    }
  }
  if (!creating || entity !== 'activities') customFields(body, entity, current, out);
  return out;
}
