/**
 * Attio's typed attribute values: what a write may give for each attribute type (the "Writing values" part of each
 * attribute type's reference page) and the value objects it becomes (their "Reading values" part), each with
 * `active_from`, `active_until`, `created_by_actor` and `attribute_type`. A value a type does not take is Attio's 400
 * `validation_type`; a missing record behind a reference too.
 */
import { AttioError } from './errors.js';
import { type AttributeSpec, DEAL_CURRENCY, idOfUuid, type ObjectSlug, type RecordObject, WON_STAGE } from './model.js';
import type { WorkspaceIdentity } from './workspace.js';

export type AttioValue = Record<string, unknown> & {
  active_from: string;
  active_until: string | null;
  created_by_actor: { type: string; id: string | null };
  attribute_type: string;
};

/** Attio's timestamps: nanosecond precision, in UTC. */
export function attioTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000000Z');
}

/** What a write needs to know beyond the value: the workspace, who writes, when, and which records exist. */
export interface ValueContext {
  identity: WorkspaceIdentity;
  object: ObjectSlug;
  actor: { type: string; id: string };
  now: number;
  exists(object: RecordObject, id: number): boolean;
}

const invalid = (attribute: AttributeSpec, why: string) =>
  new AttioError(400, 'validation_type', `An invalid value was passed to attribute with slug "${attribute.slug}". ${why}`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown) => (typeof v === 'string' ? v : undefined);
const LOCATION_KEYS = ['line_1', 'line_2', 'line_3', 'line_4', 'locality', 'region', 'postcode', 'country_code', 'latitude', 'longitude'] as const;

/** The value object one written value becomes (without the common fields). */
function typed(attribute: AttributeSpec, input: unknown, ctx: ValueContext): Record<string, unknown> {
  const { identity } = ctx;
  switch (attribute.type) {
    case 'text': {
      const value = textOf(input) ?? (isObject(input) ? textOf(input['value']) : undefined);
      if (value === undefined) throw invalid(attribute, 'Expected a string.');
      return { value };
    }
    case 'number': {
      const value = typeof input === 'number' ? input : isObject(input) ? input['value'] : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(attribute, 'Expected a number.');
      return { value };
    }
    case 'personal-name': {
      if (!isObject(input)) throw invalid(attribute, 'Expected an object with first_name, last_name and full_name.');
      const first = input['first_name'] ?? null;
      const last = input['last_name'] ?? null;
      if ((first !== null && typeof first !== 'string') || (last !== null && typeof last !== 'string'))
        throw invalid(attribute, 'Names must be strings.');
      const full = textOf(input['full_name']) ?? [first, last].filter((x) => x).join(' ');
      return { first_name: first, last_name: last, full_name: full };
    }
    case 'email-address': {
      const email = textOf(input) ?? (isObject(input) ? textOf(input['email_address']) : undefined);
      const match = email === undefined ? null : /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/.exec(email.trim());
      if (!match?.[1] || !match[2]) throw invalid(attribute, 'Expected a valid email address.');
      const domain = match[2].toLowerCase();
      return {
        original_email_address: email,
        email_address: `${match[1]}@${domain}`.toLowerCase(),
        email_domain: domain,
        email_root_domain: domain.split('.').slice(-2).join('.'),
        email_local_specifier: match[1].toLowerCase(),
      };
    }
    case 'phone-number': {
      const raw = textOf(input) ?? (isObject(input) ? textOf(input['original_phone_number']) : undefined);
      const country = isObject(input) ? (input['country_code'] ?? null) : null;
      if (raw === undefined || !/\d/.test(raw)) throw invalid(attribute, 'Expected a phone number.');
      // Without a leading "+" the number needs its country.
      if (!raw.trim().startsWith('+') && (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country))) {
        throw invalid(attribute, 'A phone number without a country calling code needs a country_code.');
      }
      const digits = raw.replace(/[^\d]/g, '');
      return { original_phone_number: raw, country_code: country, phone_number: raw.trim().startsWith('+') ? `+${digits}` : digits };
    }
    case 'domain': {
      const domain = textOf(input) ?? (isObject(input) ? textOf(input['domain']) : undefined);
      if (domain === undefined || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)) throw invalid(attribute, 'Expected a domain such as "acme.com".');
      const lower = domain.toLowerCase();
      return { domain: lower, root_domain: lower.split('.').slice(-2).join('.') };
    }
    case 'location': {
      if (!isObject(input)) throw invalid(attribute, 'Expected a location object.');
      const missing = LOCATION_KEYS.filter((k) => !(k in input));
      if (missing.length) throw invalid(attribute, `All location properties must be given; missing: ${missing.join(', ')}.`);
      for (const k of LOCATION_KEYS)
        if (input[k] !== null && typeof input[k] !== 'string') throw invalid(attribute, `${k} must be a string or null.`);
      return Object.fromEntries(LOCATION_KEYS.map((k) => [k, input[k]]));
    }
    case 'record-reference': {
      if (!isObject(input)) throw invalid(attribute, 'Expected an object with target_object and target_record_id.');
      const target = textOf(input['target_object']);
      const id = textOf(input['target_record_id']);
      if (target !== attribute.target) throw invalid(attribute, `target_object must be "${attribute.target ?? ''}".`);
      const numeric = id === undefined ? undefined : idOfUuid(target as RecordObject, id);
      if (numeric === undefined || !ctx.exists(target as RecordObject, numeric)) {
        throw invalid(attribute, `Record with ID "${id ?? ''}" of object "${target}" was not found.`);
      }
      return { target_object: target, target_record_id: id };
    }
    case 'actor-reference': {
      const email = textOf(input) ?? (isObject(input) ? textOf(input['email_address']) : undefined);
      const id = isObject(input) ? textOf(input['referenced_actor_id']) : undefined;
      const member = identity.members.find((m) => (id !== undefined ? m.id === id : m.email_address === email?.toLowerCase()));
      if (!member) throw invalid(attribute, 'Expected a workspace member (referenced_actor_id or email_address).');
      return { referenced_actor_type: 'workspace-member', referenced_actor_id: member.id };
    }
    case 'currency': {
      const value = typeof input === 'number' ? input : isObject(input) ? input['currency_value'] : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(attribute, 'currency_value must be a number.');
      if (isObject(input) && input['currency_code'] !== undefined && input['currency_code'] !== DEAL_CURRENCY) {
        throw invalid(attribute, `This attribute's currency is ${DEAL_CURRENCY}.`);
      }
      return { currency_value: value, currency_code: DEAL_CURRENCY };
    }
    case 'status':
    case 'select': {
      const wanted = textOf(input) ?? (isObject(input) ? textOf(input[attribute.type === 'status' ? 'status' : 'option']) : undefined);
      const title = attribute.options?.find((o) => o === wanted || identity.optionId(ctx.object, attribute.slug, o) === wanted);
      if (title === undefined)
        throw invalid(attribute, `"${wanted ?? ''}" is not one of its ${attribute.type === 'status' ? 'statuses' : 'options'}.`);
      return optionValue(identity, ctx.object, attribute, title);
    }
    case 'timestamp':
    case 'date': {
      const text = textOf(input) ?? (isObject(input) ? textOf(input['value']) : undefined);
      const ms = text === undefined ? Number.NaN : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) || text.length <= 10 ? text : `${text}Z`);
      if (Number.isNaN(ms)) throw invalid(attribute, 'Expected an ISO 8601 date.');
      return { value: attribute.type === 'date' ? new Date(ms).toISOString().slice(0, 10) : attioTime(ms) };
    }
  }
}

/** A status or select value of an option title. */
export function optionValue(identity: WorkspaceIdentity, object: ObjectSlug, attribute: AttributeSpec, title: string): Record<string, unknown> {
  const id = {
    workspace_id: identity.workspaceId,
    object_id: identity.objectIds[object],
    attribute_id: identity.attributeId(object, attribute.slug),
  };
  const optionId = identity.optionId(object, attribute.slug, title);
  return attribute.type === 'status'
    ? {
        status: {
          id: { ...id, status_id: optionId },
          title,
          is_archived: false,
          celebration_enabled: title === WON_STAGE,
          target_time_in_status: null,
        },
      }
    : { option: { id: { ...id, option_id: optionId }, title, is_archived: false } };
}

/** The full value object. */
export function withCommon(
  attribute: AttributeSpec,
  body: Record<string, unknown>,
  at: number,
  actor: { type: string; id: string | null },
): AttioValue {
  return { active_from: attioTime(at), active_until: null, created_by_actor: actor, ...body, attribute_type: attribute.type };
}

/** The values a write gives an attribute: null or [] clears it; a single-value attribute takes one value. */
export function writtenValues(attribute: AttributeSpec, input: unknown, ctx: ValueContext): AttioValue[] {
  if (attribute.readOnly) {
    throw new AttioError(400, 'immutable_value', `Cannot write to attribute with slug "${attribute.slug}": it is read-only.`);
  }
  const list = input === null ? [] : Array.isArray(input) ? input : [input];
  if (!attribute.multiselect && list.length > 1) throw invalid(attribute, 'This attribute takes a single value.');
  return list.map((v) => withCommon(attribute, typed(attribute, v, ctx), ctx.now, ctx.actor));
}
