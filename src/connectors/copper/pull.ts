/**
 * Copper's lists: `POST /developer_api/v1/{entity}/search` with the paging (`page_number` from 1, `page_size` at most
 * 200), the sort and the filters in the JSON body (the kit's page-number arithmetic, sent as body fields); a short page
 * ends the list. Reads by id, field descriptions (the fixed fields plus the account's custom field definitions) and the
 * pipelines of the account.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { optionTable, perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { nextCursor, pageRequest } from '../kit/paging.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { copperManifest } from './manifest.js';
import type { CopperRecord } from './mapping.js';

export const API = '/developer_api/v1';

export interface CopperField {
  name: string;
  label: string;
  type: ProviderField['type'];
  writable: boolean;
}

export type CopperDecl = ObjectDecl<
  CopperRecord,
  {
    label: string;
    /** Copper's entity type in custom field definitions' `available_on` (none for notes and users). */
    entity: string | null;
    fields: readonly CopperField[];
    /** The body's fixed part of a list request beyond paging (the activity type of notes; the sort). */
    search: Record<string, unknown>;
    /** Whether the search takes `ids` (people, companies, opportunities, leads); else reads by id one at a time. */
    idsSearch: boolean;
    fromCommon?: (client: ProviderClient, data: Record<string, unknown>, id: string | null) => Promise<TableWrite>;
    /** What a create needs (a body field), and what to say without it. */
    requires: { field: string; message: string } | null;
    /** Fixed fields of every create (a note's activity type). */
    createWith?: Record<string, unknown>;
  }
>;

/** The search body's filter field for a provider field. */
const LIST_FILTER: Record<string, string> = {
  assignee_id: 'assignee_ids',
  company_id: 'company_ids',
  pipeline_id: 'pipeline_ids',
  pipeline_stage_id: 'pipeline_stage_ids',
  emails: 'emails',
};

/** A search body's filters for the predicates (each as loose as its condition or looser). */
export function searchFilters(predicates: Predicate[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of predicates) {
    if (p.field.name === 'date_modified') {
      // Several ranges or values: the one range that holds them all.
      const bounds = p.op === 'range' ? p.ranges : p.values.map((v) => ({ min: Number(v), max: Number(v) }));
      if (bounds.length === 0) continue;
      const min = bounds.some((b) => b.min === null) ? null : Math.min(...bounds.map((b) => b.min as number));
      const max = bounds.some((b) => b.max === null) ? null : Math.max(...bounds.map((b) => b.max as number));
      if (min !== null) out['minimum_modified_date'] = wholeSecond(min, 'min') / 1000;
      if (max !== null) out['maximum_modified_date'] = wholeSecond(max, 'max') / 1000;
      continue;
    }
    const key = LIST_FILTER[p.field.name];
    if (!key || p.op !== 'in') continue;
    if (p.field.type === 'id') {
      const ids = p.values.map(String);
      if (ids.some((v) => !/^\d+$/.test(v))) {
        // No Copper record has that id: an id that cannot exist matches nothing.
        out[key] = ids.filter((v) => /^\d+$/.test(v)).map(Number);
        if ((out[key] as number[]).length === 0) out[key] = [0];
      } else out[key] = ids.map(Number);
    } else out[key] = p.values.map(String);
  }
  return out;
}

export async function page(client: ProviderClient, object: CopperDecl, request: PullRequest) {
  const paging = pageRequest(copperManifest.pagination, request.cursor);
  const filters = searchFilters(predicatesFor(request.filter, object.filters));
  const res = await client.request<CopperRecord[]>({
    method: 'POST',
    path: `${object.path}/search`,
    json: { ...paging.query, ...object.extra.search, ...filters },
    readOnly: true,
  });
  const items = Array.isArray(res.body) ? res.body : [];
  return { items, next: nextCursor(copperManifest.pagination, request.cursor, res.body, items.length) };
}

export async function byIds(client: ProviderClient, object: CopperDecl, ids: string[]): Promise<CopperRecord[]> {
  const numeric = ids.filter((id) => /^\d+$/.test(id));
  if (object.extra.idsSearch) {
    return inSlices(numeric, 200, async (slice) => {
      const res = await client.request<CopperRecord[]>({
        method: 'POST',
        path: `${object.path}/search`,
        json: { ids: slice.map(Number), page_size: 200, page_number: 1 },
        readOnly: true,
      });
      return res.body;
    });
  }
  const found: CopperRecord[] = [];
  for (const id of numeric) {
    try {
      const record = (await client.request<CopperRecord>({ method: 'GET', path: `${object.path}/${id}` })).body;
      // A deleted activity reads as a stub; an activity of another type is not this object's.
      if (object.extra.createWith && !isOfType(record, object.extra.createWith['type'])) continue;
      found.push(record);
    } catch (e) {
      if (!(e instanceof ProviderError && e.status === 404)) throw e;
    }
  }
  return found;
}

function isOfType(record: CopperRecord, type: unknown): boolean {
  const t = record['type'] as { id?: unknown; category?: unknown } | undefined;
  const want = type as { id: number; category: string };
  return t?.id === want.id && t.category === want.category;
}

/** A custom field's name: `cf_<definition id>`; its value sits in `custom_fields`. */
export const customId = (name: string): number | undefined => (/^cf_\d+$/.test(name) ? Number(name.slice(3)) : undefined);

export function value(record: CopperRecord, field: string): unknown {
  const id = customId(field);
  if (id === undefined) return record[field] ?? null;
  const list = (record['custom_fields'] ?? []) as Array<{ custom_field_definition_id: number; value: unknown }>;
  return list.find((c) => c.custom_field_definition_id === id)?.value ?? null;
}

interface FieldDefinition {
  id: number;
  name: string;
  data_type: string;
  available_on?: string[];
}

const CUSTOM_TYPES: Record<string, ProviderField['type']> = {
  String: 'string',
  Text: 'string',
  URL: 'string',
  Float: 'number',
  Currency: 'number',
  Percentage: 'number',
  Date: 'date',
  Checkbox: 'boolean',
  Dropdown: 'enum',
  MultiSelect: 'enum',
};

export const definitions = perConnection(
  async (client) => (await client.request<FieldDefinition[]>({ method: 'GET', path: `${API}/custom_field_definitions` })).body,
);

export async function describe(client: ProviderClient, object: CopperDecl) {
  const fixed = object.extra.fields.map((f) => ({ ...f, custom: false }));
  const entity = object.extra.entity;
  if (entity === null) return fixed;
  const custom = (await definitions(client))
    .filter((d) => d.available_on?.includes(entity))
    .map((d) => ({
      name: `cf_${d.id}`,
      label: d.name,
      type: (Object.hasOwn(CUSTOM_TYPES, d.data_type) ? CUSTOM_TYPES[d.data_type] : undefined) ?? 'other',
      custom: true,
      writable: true,
    }));
  return [...fixed, ...custom];
}

/** The account's pipelines and their stages by id (a deal's names), looked up once per connection. */
export const pipelinesAndStages = perConnection(async (client) => {
  const res = await client.request<Array<{ id: number; name: string; stages?: Array<{ id: number; name: string }> }>>({
    method: 'GET',
    path: `${API}/pipelines`,
  });
  return {
    pipelines: optionTable(res.body.map((p) => ({ id: p.id, label: p.name }))),
    stages: optionTable(res.body.flatMap((p) => (p.stages ?? []).map((s) => ({ id: s.id, label: s.name })))),
  };
});

/** The account's customer sources (a lead's source), looked up once per connection. */
export const customerSources = perConnection(async (client) => {
  const res = await client.request<Array<{ id: number; name: string }>>({ method: 'GET', path: `${API}/customer_sources` });
  return { sources: optionTable(res.body.map((s) => ({ id: s.id, label: s.name }))) };
});
