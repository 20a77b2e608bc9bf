/**
 * Attio's records in Weft's common model, as field tables. A record's `values` map each attribute slug to a list of
 * value objects (the current ones have `active_until: null`) whose fields depend on the attribute's type; a write
 * gives a list of values per slug, `[]` clearing the attribute. Notes, tasks and workspace members are plain objects.
 * Money is a decimal string in Weft and a JSON number in Attio (`currency_value`): only amounts a number holds
 * exactly are written.
 */
import { asText } from '../../lib/text.js';
import type { CommonAddress } from '../../model/schemas/crm-contact.js';
import { custom, type Dialect, fieldTable, isoOf, moneyOf, none, readOnly, type Row, type TableWrite, textOf } from '../kit/field-table.js';

/** An Attio object as the API answers it (a record, a note, a task, a workspace member). */
export type AttioItem = Record<string, unknown>;
export type AttioValue = Record<string, unknown>;

/** Common fields computed from a whole record rather than one attribute. */
export const UPDATED = '@updated_at';

/** The current values of an attribute. */
export function current(list: unknown): AttioValue[] {
  return Array.isArray(list) ? (list as AttioValue[]).filter((v) => v && v['active_until'] === null) : [];
}

/**
 * A raw field: a record's current values of an attribute slug (a list), its last change (`@updated_at`, the latest
 * `active_from` of its current values: Attio keeps no record update time), or a top-level field.
 */
export function fieldOf(item: AttioItem, field: string): unknown {
  const values = item['values'] as Record<string, unknown> | undefined;
  if (values && typeof values === 'object') {
    if (field === UPDATED) {
      let last: string | null = null;
      for (const list of Object.values(values))
        for (const v of current(list)) if (typeof v['active_from'] === 'string' && (!last || v['active_from'] > last)) last = v['active_from'];
      return last;
    }
    if (Array.isArray(values[field])) return current(values[field]);
  }
  return item[field];
}

const first = (v: unknown): AttioValue | undefined => (Array.isArray(v) ? (v[0] as AttioValue | undefined) : undefined);

const recordDialect: Dialect<AttioItem> = {
  name: 'Attio',
  get: fieldOf,
  record: (values) => ({ id: { record_id: 'a0000001-0000-4000-8000-000000000001' }, created_at: values['created_at'], values }),
};
const plainDialect: Dialect<AttioItem> = { name: 'Attio', get: (r, f) => r[f], record: (values) => ({ ...values }) };

const valueAt = (value: string, type: string, extra: Record<string, unknown> = {}) => [
  {
    active_from: '2024-01-02T03:04:05.678000000Z',
    active_until: null,
    created_by_actor: { type: 'workspace-member', id: 'm1' },
    ...extra,
    value,
    attribute_type: type,
  },
];

/** A text attribute. */
export const textValue = (slug: string): Row => ({
  fields: [slug],
  sample: { [slug]: valueAt(slug, 'text') },
  filters: { '': { name: slug, type: 'string' } },
  read: (get) => textOf(first(get(slug))?.['value']),
  write: (value, out) => out.set(slug, value === null || value === '' ? [] : [{ value: asText(value) }]),
});

/** The system `created_at` timestamp (read-only), filterable. */
const createdAt: Row = {
  fields: ['created_at'],
  sample: { created_at: '2024-01-02T03:04:05.678000000Z' },
  filters: { '': { name: 'created_at', type: 'datetime' } },
  // A record's `created_at` is a timestamp attribute (its current value) and a top-level field of the record.
  read: (get) => {
    const v = get('created_at');
    return isoOf(Array.isArray(v) ? first(v)?.['value'] : v);
  },
};
/** The record's last value change. */
const updatedAt: Row = { fields: [], sample: {}, read: (get) => isoOf(get(UPDATED)) };

/** A single record reference (a person's company, a deal's company). */
const referenceTo = (slug: string, target: string): Row => ({
  fields: [slug],
  sample: {
    [slug]: [
      { active_until: null, target_object: target, target_record_id: 'a0000002-0000-4000-8000-000000000001', attribute_type: 'record-reference' },
    ],
  },
  filters: { '': { name: `${slug}.target_record_id`, type: 'id' } },
  read: (get) => textOf(first(get(slug))?.['target_record_id']),
  write: (value, out) => out.set(slug, value === null ? [] : [{ target_object: target, target_record_id: asText(value) }]),
});

/** A workspace member (actor reference). */
const memberRef = (slug: string): Row => ({
  fields: [slug],
  sample: {
    [slug]: [
      {
        active_until: null,
        referenced_actor_type: 'workspace-member',
        referenced_actor_id: 'c0000001-0000-4000-8000-000000000001',
        attribute_type: 'actor-reference',
      },
    ],
  },
  filters: { '': { name: `${slug}.referenced_actor_id`, type: 'id' } },
  read: (get) => textOf(first(get(slug))?.['referenced_actor_id']),
  write: (value, out) => out.set(slug, value === null ? [] : [{ referenced_actor_type: 'workspace-member', referenced_actor_id: asText(value) }]),
});

/** `primary_location`: one address of ten parts, all of which a write must give. */
const location: Row = {
  fields: ['primary_location'],
  sample: {
    primary_location: [
      {
        active_until: null,
        line_1: '1 Main St',
        line_2: 'Suite 2',
        line_3: null,
        line_4: null,
        locality: 'Boston',
        region: 'MA',
        postcode: '02108',
        country_code: 'US',
        latitude: null,
        longitude: null,
        attribute_type: 'location',
      },
    ],
  },
  read(get) {
    const l = first(get('primary_location'));
    if (!l) return [];
    const a: CommonAddress = {
      address_type: 'PRIMARY',
      street_1: textOf(l['line_1']),
      street_2: textOf(l['line_2']),
      city: textOf(l['locality']),
      state: textOf(l['region']),
      postal_code: textOf(l['postcode']),
      country: textOf(l['country_code']),
    };
    return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? [a] : [];
  },
  write(value, out) {
    const list = (value ?? []) as CommonAddress[];
    const a = list.find((x) => x.address_type === 'PRIMARY') ?? list[0];
    if (list.length > 1) out.warn('Attio keeps one primary location; only the first address was written');
    if (!a) return out.set('primary_location', []);
    let country = a.country ?? null;
    if (country !== null && !/^[A-Za-z]{2}$/.test(country)) {
      out.warn(`Attio takes a country as its two-letter ISO code; country '${country}' was not written`);
      country = null;
    }
    out.set('primary_location', [
      {
        line_1: a.street_1 ?? null,
        line_2: a.street_2 ?? null,
        line_3: null,
        line_4: null,
        locality: a.city ?? null,
        region: a.state ?? null,
        postcode: a.postal_code ?? null,
        country_code: country === null ? null : country.toUpperCase(),
        latitude: null,
        longitude: null,
      },
    ]);
  },
};

/** What a person's partial name change needs: the current halves (looked up by the caller). */
export interface PersonContext {
  current?: { first_name: string | null; last_name: string | null };
}

export const PERSON = fieldTable<AttioItem, PersonContext>(recordDialect, {
  first_name: {
    fields: ['name'],
    sample: { name: [{ active_until: null, first_name: 'Ann', last_name: 'Lee', full_name: 'Ann Lee', attribute_type: 'personal-name' }] },
    read: (get) => textOf(first(get('name'))?.['first_name']),
    always: true,
    write(_, out, ctx, common) {
      if (common['first_name'] === undefined && common['last_name'] === undefined) return;
      const half = (k: 'first_name' | 'last_name') => (common[k] === undefined ? (ctx.current?.[k] ?? null) : ((common[k] as string | null) ?? null));
      const [firstName, lastName] = [half('first_name'), half('last_name')];
      const full = [firstName, lastName].filter((x) => x).join(' ');
      out.set('name', full ? [{ first_name: firstName ?? '', last_name: lastName ?? '', full_name: full }] : []);
    },
  },
  last_name: { fields: [], sample: {}, read: (get) => textOf(first(get('name'))?.['last_name']) },
  title: textValue('job_title'),
  email_addresses: {
    fields: ['email_addresses'],
    sample: { email_addresses: [{ active_until: null, email_address: 'ann@acme.com', attribute_type: 'email-address' }] },
    filters: { email_address: { name: 'email_addresses.email_address', type: 'string' } },
    read: (get) =>
      current(get('email_addresses'))
        .map((v) => textOf(v['email_address']))
        .filter((e): e is string => e !== null)
        .map((email_address) => ({ email_address, email_address_type: 'WORK' })),
    write(value, out) {
      const list = (value ?? []) as Array<{ email_address: string }>;
      out.set(
        'email_addresses',
        list.map((e) => ({ email_address: e.email_address })),
      );
    },
  },
  phone_numbers: {
    fields: ['phone_numbers'],
    sample: {
      phone_numbers: [
        { active_until: null, original_phone_number: '+1 555 0100', country_code: 'US', phone_number: '+15550100', attribute_type: 'phone-number' },
      ],
    },
    read: (get) =>
      current(get('phone_numbers'))
        .map((v) => textOf(v['original_phone_number']) ?? textOf(v['phone_number']))
        .filter((p): p is string => p !== null)
        .map((phone_number) => ({ phone_number, phone_number_type: 'OTHER' })),
    write(value, out) {
      const list = (value ?? []) as Array<{ phone_number: string; phone_number_type?: string | null }>;
      const local = list.filter((p) => !p.phone_number.trim().startsWith('+'));
      if (local.length)
        return out.error(
          `Attio needs phone numbers in international form (+ and the country code): '${local.map((p) => p.phone_number).join("', '")}'`,
        );
      out.set(
        'phone_numbers',
        list.map((p) => ({ original_phone_number: p.phone_number, country_code: null })),
      );
      if (list.some((p) => p.phone_number_type && p.phone_number_type !== 'OTHER'))
        out.warn('Attio keeps no phone number types; the numbers were written without them');
    },
  },
  addresses: location,
  company_id: referenceTo('company', 'companies'),
  owner_id: none(null, 'Attio people have no owner; owner_id was not written'),
  lifecycle_stage: none(null, 'Attio people have no lifecycle stage; lifecycle_stage was not written'),
  created_at: createdAt,
  updated_at: updatedAt,
});

/** A company's website: its first domain (a write keeps the host of a URL). */
const website: Row = {
  fields: ['domains'],
  sample: { domains: [{ active_until: null, domain: 'acme.com', root_domain: 'acme.com', attribute_type: 'domain' }] },
  read: (get) => textOf(first(get('domains'))?.['domain']),
  write(value, out) {
    if (value === null || value === '') return out.set('domains', []);
    const text = asText(value).trim();
    const host = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? URL.canParse(text) && new URL(text).hostname : text.split('/')[0];
    if (!host) return out.error(`website is not a web address Attio can keep as a domain: '${text}'`);
    out.set('domains', [{ domain: host.replace(/^www\./i, '').toLowerCase() }]);
  },
};

export const COMPANY = fieldTable<AttioItem>(recordDialect, {
  name: textValue('name'),
  description: textValue('description'),
  // Attio's categories are a multi-select; the first one is the industry.
  industry: {
    fields: ['categories'],
    sample: { categories: [{ active_until: null, option: { title: 'SaaS' }, attribute_type: 'select' }] },
    read: (get) => textOf((first(get('categories'))?.['option'] as AttioValue | undefined)?.['title']),
    write: (value, out) => out.set('categories', value === null || value === '' ? [] : [asText(value)]),
  },
  website,
  number_of_employees: none(null, "Attio keeps a company's size as an employee range; number_of_employees was not written"),
  annual_revenue: none(null, "Attio keeps a company's revenue as an estimated ARR range; annual_revenue was not written"),
  addresses: location,
  phone_numbers: none([], 'Attio companies have no phone numbers; phone_numbers were not written'),
  owner_id: none(null, 'Attio companies have no owner; owner_id was not written'),
  created_at: createdAt,
  updated_at: updatedAt,
});

/** A decimal string as the JSON number Attio takes, when the number holds it exactly. */
export function exactNumber(decimal: string): number | undefined {
  const n = Number(decimal);
  if (!Number.isFinite(n)) return undefined;
  const canonical = decimal
    .trim()
    .replace(/^\+/, '')
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')
    .replace(/^(-?)0+(?=\d)/, '$1');
  return moneyOf(n) === (canonical === '-0' ? '0' : canonical) ? n : undefined;
}

const statusOf = (get: (f: string) => unknown) => first(get('stage'))?.['status'] as AttioValue | undefined;

export const DEAL = fieldTable<AttioItem>(recordDialect, {
  name: textValue('name'),
  description: none(null, 'Attio deals have no description; description was not written'),
  amount: {
    fields: ['value'],
    sample: { value: [{ active_until: null, currency_value: 1250.5, currency_code: 'USD', attribute_type: 'currency' }] },
    read: (get) => moneyOf(first(get('value'))?.['currency_value']),
    write(value, out) {
      if (value === null) return out.set('value', []);
      const n = typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value.trim()) ? exactNumber(value) : undefined;
      if (n === undefined)
        return out.error(`amount must be a decimal string Attio can hold exactly as a number, such as "1250.50": '${asText(value)}'`);
      out.set('value', [{ currency_value: n }]);
    },
  },
  currency: readOnly(
    { fields: ['value'], sample: {}, read: (get) => textOf(first(get('value'))?.['currency_code']) },
    "Attio sets a deal value's currency on the attribute, not per deal; currency was not written",
  ),
  pipeline_id: none(null, 'Attio deals have no pipelines; pipeline_id was not written'),
  pipeline_name: none(null, 'Attio deals have no pipelines; pipeline_name was not written'),
  stage_id: {
    fields: ['stage'],
    sample: {
      stage: [
        { active_until: null, status: { id: { status_id: 's1' }, title: 'In Progress', celebration_enabled: false }, attribute_type: 'status' },
      ],
    },
    filters: { '': { name: 'stage.status', type: 'id' } },
    read: (get) => textOf((statusOf(get)?.['id'] as AttioValue | undefined)?.['status_id']),
    write: (value, out) => out.set('stage', value === null ? [] : [{ status: asText(value) }]),
  },
  stage_name: readOnly(
    { fields: ['stage'], sample: {}, read: (get) => textOf(statusOf(get)?.['title']) },
    'stage_name is read-only (write stage_id)',
  ),
  // Attio's stage says it: the stage with its celebration on is won, the one called "Lost" lost.
  status: readOnly(
    {
      fields: ['stage'],
      sample: {},
      read(get) {
        const s = statusOf(get);
        if (!s) return null;
        return s['celebration_enabled'] === true ? 'WON' : /^lost\b/i.test(asText(s['title'])) ? 'LOST' : 'OPEN';
      },
    },
    "status is read from the deal's stage in Attio (write stage_id)",
  ),
  close_date: none(null, 'Attio deals have no close date; close_date was not written'),
  probability: none(null, 'Attio deals have no probability; probability was not written'),
  owner_id: memberRef('owner'),
  company_id: referenceTo('associated_company', 'companies'),
  contact_ids: {
    fields: ['associated_people'],
    sample: {
      associated_people: [
        { active_until: null, target_object: 'people', target_record_id: 'a0000001-0000-4000-8000-000000000002', attribute_type: 'record-reference' },
      ],
    },
    read: (get) =>
      current(get('associated_people'))
        .map((v) => textOf(v['target_record_id']))
        .filter((x): x is string => x !== null),
    write: (value, out) =>
      out.set(
        'associated_people',
        ((value ?? []) as string[]).map((id) => ({ target_object: 'people', target_record_id: id })),
      ),
  },
  last_activity_at: none(null, 'Weft does not read Attio interaction times yet; last_activity_at was not written'),
  created_at: createdAt,
  updated_at: updatedAt,
});

/** Workspace members (`GET /v2/workspace_members`, read-only); a suspended member is inactive. */
export const MEMBER = fieldTable<AttioItem>(plainDialect, {
  name: custom({
    fields: ['first_name', 'last_name'],
    sample: { first_name: 'Ann', last_name: 'Lee' },
    read: (get) => [textOf(get('first_name')), textOf(get('last_name'))].filter((x) => x).join(' ') || null,
  }),
  first_name: custom({ fields: ['first_name'], read: (get) => textOf(get('first_name')) }),
  last_name: custom({ fields: ['last_name'], read: (get) => textOf(get('last_name')) }),
  email_address: custom({ fields: ['email_address'], sample: { email_address: 'ann@acme.com' }, read: (get) => textOf(get('email_address')) }),
  is_active: custom({
    fields: ['access_level'],
    sample: { access_level: 'admin' },
    read: (get) => (get('access_level') ? get('access_level') !== 'suspended' : null),
  }),
  role: custom({ fields: ['access_level'], read: (get) => textOf(get('access_level')) }),
  created_at: custom({ fields: ['created_at'], sample: { created_at: '2024-01-02T03:04:05.678000000Z' }, read: (get) => isoOf(get('created_at')) }),
  updated_at: none(null, 'Attio workspace members have no update time'),
});

/** The common link fields of a note or a task, by the Attio object they point at. */
export const LINKS = { contact_id: 'people', company_id: 'companies', deal_id: 'deals' } as const;
type LinkKey = keyof typeof LINKS;

/** The rows of the common links, read from the provider fields by `read`; written by the connector (push.ts). */
function linkRows(
  fields: string[],
  sample: (object: string) => Record<string, unknown>,
  read: (get: (f: string) => unknown, object: string) => string | null,
): Record<LinkKey, Row> {
  const row = (key: LinkKey): Row => ({ fields, sample: sample(LINKS[key]), read: (get) => read(get, LINKS[key]), elsewhere: true });
  return { contact_id: row('contact_id'), company_id: row('company_id'), deal_id: row('deal_id') };
}

const actorId = (actor: unknown) => {
  const a = actor as AttioValue | null | undefined;
  return a && a['type'] === 'workspace-member' ? textOf(a['id']) : null;
};

/**
 * Notes (`/v2/notes`): one parent record each, immutable once created (an update is refused by the connector).
 * The table reads and builds the create body; the parent goes in as `parent_object` and `parent_record_id`.
 */
export const NOTE = fieldTable<AttioItem>(plainDialect, {
  title: {
    fields: ['title'],
    sample: { title: 'Intro call' },
    read: (get) => textOf(get('title')),
    write: (value, out) => out.set('title', value === null ? '' : asText(value)),
  },
  content: {
    fields: ['content_plaintext'],
    sample: { content_plaintext: 'Agreed next steps.' },
    always: true,
    read: (get) => textOf(get('content_plaintext')),
    write(value, out) {
      out.set('format', 'plaintext');
      out.set('content', value === null || value === undefined ? '' : asText(value));
    },
  },
  owner_id: readOnly(
    {
      fields: ['created_by_actor'],
      sample: { created_by_actor: { type: 'workspace-member', id: 'c0000001-0000-4000-8000-000000000001' } },
      read: (get) => actorId(get('created_by_actor')),
    },
    "Attio sets a note's author to the token that creates it; owner_id was not written",
  ),
  ...linkRows(
    ['parent_object', 'parent_record_id'],
    (object) => ({ parent_object: object, parent_record_id: 'a0000001-0000-4000-8000-000000000001' }),
    (get, object) => (get('parent_object') === object ? textOf(get('parent_record_id')) : null),
  ),
  created_at: custom({ fields: ['created_at'], sample: { created_at: '2024-01-02T03:04:05.678000000Z' }, read: (get) => isoOf(get('created_at')) }),
  // Notes cannot change: their last change is their creation.
  updated_at: custom({ fields: ['created_at'], read: (get) => isoOf(get('created_at')) }),
});

/**
 * Tasks (`/v2/tasks`): their text, deadline, completion, assignees and linked records (read with the object slug of
 * each link, which pull.ts adds: Attio names a linked record's object by id). The text cannot change after creation.
 */
export const TASK = fieldTable<AttioItem>(plainDialect, {
  subject: {
    fields: ['content_plaintext'],
    sample: { content_plaintext: 'Call the buyer' },
    read: (get) => textOf(get('content_plaintext')),
    write(value, out) {
      out.set('content', value === null ? '' : asText(value));
      out.set('format', 'plaintext');
    },
  },
  content: none(null, 'Attio tasks have one text, written from subject; content was not written'),
  status: {
    fields: ['is_completed'],
    sample: { is_completed: true },
    read: (get) => (get('is_completed') === true ? 'COMPLETED' : get('is_completed') === false ? 'OPEN' : null),
    write(value, out) {
      if (value === 'COMPLETED' || value === 'OPEN') return out.set('is_completed', value === 'COMPLETED');
      if (value === null) return out.set('is_completed', false);
      out.set('is_completed', false);
      out.warn(`Attio tasks are open or completed; status ${asText(value)} was written as open`);
    },
  },
  priority: none(null, 'Attio tasks have no priority; priority was not written'),
  due_at: {
    fields: ['deadline_at'],
    sample: { deadline_at: '2024-01-02T03:04:05.678000000Z' },
    read: (get) => isoOf(get('deadline_at')),
    write: (value, out) => out.set('deadline_at', value === null ? null : asText(value)),
  },
  completed_at: none(null, 'Attio keeps no completion time of a task'),
  owner_id: {
    fields: ['assignees'],
    sample: { assignees: [{ referenced_actor_type: 'workspace-member', referenced_actor_id: 'c0000001-0000-4000-8000-000000000001' }] },
    read: (get) => textOf((get('assignees') as AttioValue[] | undefined)?.[0]?.['referenced_actor_id']),
    write: (value, out) =>
      out.set('assignees', value === null ? [] : [{ referenced_actor_type: 'workspace-member', referenced_actor_id: asText(value) }]),
  },
  ...linkRows(
    ['linked_records'],
    (object) => ({ linked_records: [{ target_object: object, target_object_id: 'o1', target_record_id: 'a0000003-0000-4000-8000-000000000001' }] }),
    (get, object) => textOf(((get('linked_records') ?? []) as AttioValue[]).find((l) => l['target_object'] === object)?.['target_record_id']),
  ),
  created_at: custom({ fields: ['created_at'], sample: { created_at: '2024-01-02T03:04:05.678000000Z' }, read: (get) => isoOf(get('created_at')) }),
  updated_at: none(null, 'Attio keeps no update time of a task'),
});

/** The linked records a note's or task's common links name (`{target_object, target_record_id}`), in link order. */
export function linksOf(data: Record<string, unknown>): Array<{ target_object: string; target_record_id: string }> {
  return (Object.entries(LINKS) as Array<[LinkKey, string]>)
    .filter(([key]) => typeof data[key] === 'string' && data[key] !== '')
    .map(([key, object]) => ({ target_object: object, target_record_id: data[key] as string }));
}

export type { TableWrite };
