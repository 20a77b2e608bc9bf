/**
 * Close's JSON for the fake's records: ids as Close's prefixed text, the names Close adds beside every link
 * (`lead_name`, `user_name`, `status_label`, …), a lead's contacts embedded, and `_fields` selection.
 */
import {
  closeId,
  type CloseObject,
  type CloseRecord,
  closeTime,
  CUSTOM_FIELDS,
  customKey,
  LEAD_STATUSES,
  OPPORTUNITY_STATUSES,
  ORGANIZATION,
  PIPELINES,
  USERS,
} from './records.js';
import type { CloseAccount } from './service.js';

const userName = (id: unknown) => {
  const u = USERS.find((x) => x.id === id);
  return u ? `${u.first_name} ${u.last_name}` : '';
};
const ref = (object: CloseObject, id: unknown) => (typeof id === 'number' ? closeId(object, id) : null);
const html = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** What every object has. */
function base(object: CloseObject, r: CloseRecord): Record<string, unknown> {
  const createdBy = (r.fields['created_by'] as string | undefined) ?? USERS[0].id;
  return {
    id: closeId(object, r.id),
    organization_id: ORGANIZATION.id,
    created_by: createdBy,
    updated_by: (r.fields['updated_by'] as string | undefined) ?? createdBy,
    date_created: closeTime(r.createdAt),
    date_updated: closeTime(r.updatedAt),
  };
}

function leadName(account: CloseAccount, id: unknown): string {
  const lead = typeof id === 'number' ? account.store('leads').get(id) : undefined;
  return lead ? ((lead.fields['name'] as string | null) ?? '') : '';
}

/** The record's custom values as Close answers them: one `custom.<field id>` key per field that has a value. */
function customValues(object: keyof typeof CUSTOM_FIELDS, r: CloseRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of CUSTOM_FIELDS[object]) {
    const v = r.fields[customKey(def)];
    if (v !== undefined && v !== null) out[customKey(def)] = v;
  }
  return out;
}

function contactBody(r: CloseRecord): Record<string, unknown> {
  const f = r.fields;
  return {
    ...base('contacts', r),
    lead_id: ref('leads', f['lead_id']),
    name: f['name'] ?? '',
    display_name: f['name'] ?? '',
    title: f['title'] ?? '',
    emails: f['emails'] ?? [],
    phones: ((f['phones'] ?? []) as Array<{ phone: string; type: string }>).map((p) => ({ ...p, phone_formatted: p.phone })),
    urls: f['urls'] ?? [],
    ...customValues('contacts', r),
  };
}

/** A record as the API answers it (every field). */
export function render(account: CloseAccount, object: CloseObject, r: CloseRecord): Record<string, unknown> {
  const f = r.fields;
  switch (object) {
    case 'leads': {
      const status = LEAD_STATUSES.find((s) => s.id === f['status_id']);
      return {
        ...base('leads', r),
        name: f['name'] ?? null,
        display_name: (f['name'] as string | null) || 'Untitled',
        description: f['description'] ?? '',
        url: f['url'] ?? null,
        status_id: f['status_id'],
        status_label: status?.label ?? '',
        addresses: f['addresses'] ?? [],
        contacts: account.onLead('contacts', r.id).map(contactBody),
        custom: {},
        html_url: `https://app.close.com/lead/${closeId('leads', r.id)}/`,
      };
    }
    case 'contacts':
      return contactBody(r);
    case 'opportunities': {
      const status = OPPORTUNITY_STATUSES.find((s) => s.id === f['status_id']);
      const pipeline = PIPELINES.find((p) => p.id === status?.pipeline_id);
      const contact = typeof f['contact_id'] === 'number' ? account.store('contacts').get(f['contact_id']) : undefined;
      const value = f['value'] as number | null;
      const currency = (f['value_currency'] as string | null) ?? 'USD';
      return {
        ...base('opportunities', r),
        lead_id: ref('leads', f['lead_id']),
        lead_name: leadName(account, f['lead_id']),
        contact_id: ref('contacts', f['contact_id']),
        contact_name: contact ? contact.fields['name'] : null,
        user_id: f['user_id'] ?? null,
        user_name: userName(f['user_id']),
        status_id: f['status_id'],
        status_label: status?.label ?? '',
        status_type: status?.type ?? 'active',
        status_display_name: status?.label ?? '',
        pipeline_id: pipeline?.id ?? null,
        pipeline_name: pipeline?.name ?? null,
        value,
        value_currency: currency,
        value_period: f['value_period'] ?? 'one_time',
        value_formatted: value === null ? '' : `${currency} ${(value / 100).toFixed(2)}`,
        confidence: f['confidence'] ?? 0,
        note: f['note'] ?? '',
        date_won: f['date_won'] ?? null,
        date_lost: null,
        ...customValues('opportunities', r),
      };
    }
    case 'tasks':
      return {
        ...base('tasks', r),
        _type: 'lead',
        lead_id: ref('leads', f['lead_id']),
        lead_name: leadName(account, f['lead_id']),
        assigned_to: f['assigned_to'] ?? null,
        assigned_to_name: userName(f['assigned_to']),
        text: f['text'] ?? '',
        date: f['date'] ?? null,
        due_date: f['date'] ?? null,
        is_dateless: f['date'] === null || f['date'] === undefined,
        is_complete: f['is_complete'] === true,
        object_type: null,
        object_id: null,
      };
    case 'calls':
    case 'meetings': {
      const note = (f['note'] as string | null) ?? '';
      return {
        ...base(object, r),
        ...f,
        lead_id: ref('leads', f['lead_id']),
        contact_id: ref('contacts', f['contact_id']),
        user_name: userName(f['user_id']),
        note,
        note_html: `<body><p>${html(note)}</p></body>`,
        created_by: undefined,
        updated_by: undefined,
        ...(object === 'calls' ? { date: closeTime(r.createdAt) } : {}),
      };
    }
    case 'notes': {
      const note = (f['note'] as string | null) ?? '';
      return {
        ...base('notes', r),
        _type: 'Note',
        lead_id: ref('leads', f['lead_id']),
        contact_id: ref('contacts', f['contact_id']),
        user_id: f['user_id'] ?? null,
        user_name: userName(f['user_id']),
        note,
        note_html: `<body><p>${html(note)}</p></body>`,
      };
    }
  }
}

/**
 * The `_fields` of a request (comma-separated), or undefined for every field. Close answers only the fields named
 * (a name it does not have is left out).
 */
export function fieldsOf(query: unknown): string[] | undefined {
  const raw = (query as Record<string, unknown> | undefined)?.['_fields'];
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function select(body: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return body;
  return Object.fromEntries(fields.filter((k) => Object.hasOwn(body, k)).map((k) => [k, body[k]]));
}
