/** Pipedrive's pages (API v2 lists, cursor paging at 500, in id order), reads by ids, and its option tables. */
import type { PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { optionTable, perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { listPage, pagesInTurn } from '../kit/paging.js';
import { predicatesFor } from '../kit/pushdown.js';
import { listFilters } from './filters.js';
import { pipedriveManifest } from './manifest.js';

/** A Pipedrive record as v2 answers it; custom fields sit in `custom_fields`. */
export type PipedriveItem = Record<string, unknown> & { id: number; custom_fields?: Record<string, unknown> };

/** A Pipedrive object: its fields' path, and for a common model how an operation becomes a write body. */
export type PipedriveDecl = ObjectDecl<
  PipedriveItem,
  {
    /** Where Pipedrive describes the object's fields; null: it does not, and `fields` lists them. */
    fieldsPath: string | null;
    fields?: ReadonlyArray<{ name: string; label: string; type: 'string' | 'boolean' | 'datetime' | 'number' }>;
    label: string;
    fromCommon?: (client: ProviderClient, data: Record<string, unknown>, id: string | null) => Promise<TableWrite>;
    /** A v1 list answered whole, without paging (the users). */
    whole?: boolean;
    /** What a create needs (the body's field), and what to say without it; null: nothing beyond the mapping's own checks. */
    requires: { field: string; message: string } | null;
    /** A v1 list paged by `start`/`limit` (the notes, the leads), read by id one at a time, updated with PUT. */
    v1?: boolean;
    /** Lists read one after the other as this object (the open and the archived leads); else its path. */
    lists?: readonly string[];
    /** How an update is sent, where not as v1 or v2 do (v1's leads take PATCH). */
    update?: 'PATCH' | 'PUT';
    /** What is read beside each page and each read by id (a lead's person and organization). */
    beside?: (client: ProviderClient, items: PipedriveItem[]) => Promise<PipedriveItem[]>;
    /** Of a list of several kinds (the activities), the `type`s this object is; a create gets the first unless given. */
    types?: readonly string[];
  }
>;

/** v1 lists: `start`/`limit` at most 500, `more_items_in_collection` says whether more follow. */
const V1_PAGING = {
  style: 'offset',
  maxPageSize: 500,
  limitParam: 'limit',
  offsetParam: 'start',
  more: ['additional_data', 'pagination', 'more_items_in_collection'],
} as const;

/** The items of the object's kinds (activities of other types belong to another common type). */
const ofTypes = (object: PipedriveDecl, items: PipedriveItem[]) =>
  object.extra.types ? items.filter((i) => (object.extra.types as readonly string[]).includes(String(i['type']))) : items;

interface ListResponse {
  success: boolean;
  data: PipedriveItem[] | null;
  additional_data?: { next_cursor?: string | null } | null;
}

export async function page(client: ProviderClient, object: PipedriveDecl, request: PullRequest) {
  if (object.extra.whole) {
    const res = await client.request<ListResponse>({ method: 'GET', path: object.path });
    return { items: res.body.data ?? [], next: null };
  }
  const filters = listFilters(predicatesFor(request.filter, object.filters));
  if (object.extra.lists) {
    const query = { sort: 'id ASC', ...filters };
    const found = await pagesInTurn(object.extra.lists, request.cursor, (path, cursor) =>
      listPage<PipedriveItem>(client, V1_PAGING, path, cursor, query, ['data']),
    );
    return { items: object.extra.beside ? await object.extra.beside(client, found.items) : found.items, next: found.next };
  }
  if (object.extra.v1) return listPage<PipedriveItem>(client, V1_PAGING, object.path, request.cursor, { sort: 'id ASC', ...filters }, ['data']);
  const query = { sort_by: 'id', sort_direction: 'asc', ...filters };
  const found = await listPage<PipedriveItem>(client, pipedriveManifest.pagination, object.path, request.cursor, query, ['data']);
  return { items: ofTypes(object, found.items), next: found.next };
}

export async function byIds(client: ProviderClient, object: PipedriveDecl, ids: string[]): Promise<PipedriveItem[]> {
  if (object.extra.whole) {
    const wanted = new Set(ids);
    return (await page(client, object, { endgrateType: object.name, cursor: null, associations: [] })).items.filter((i) => wanted.has(String(i.id)));
  }
  if (object.extra.v1) {
    const found: PipedriveItem[] = [];
    for (const id of ids) {
      // Ids are numbers, or UUIDs (leads).
      if (!/^\d+$/.test(id) && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(id)) continue;
      try {
        found.push((await client.request<{ data: PipedriveItem }>({ method: 'GET', path: `${object.path}/${id}` })).body.data);
      } catch (e) {
        if (!(e instanceof ProviderError && e.status === 404)) throw e;
      }
    }
    return object.extra.beside ? object.extra.beside(client, found) : found;
  }
  return inSlices(ids, 100, async (slice) => {
    const res = await client.request<ListResponse>({ method: 'GET', path: object.path, query: { ids: slice.join(','), limit: 100 } });
    return ofTypes(object, res.body.data ?? []);
  });
}

/** A custom field's key is a 40-character hash; its value sits in `custom_fields`. */
export const isCustomKey = (name: string) => /^[0-9a-f]{40}$/.test(name);

export const value = (item: PipedriveItem, f: string) => (isCustomKey(f) ? item.custom_fields?.[f] : item[f]) ?? null;

/** The account's industry options (looked up once per connection). */
/** The account's pipelines and stages by id (a deal's names), looked up once per connection. */
export const pipelinesAndStages = perConnection(async (client) => {
  type Named = { data?: Array<{ id: number; name: string }> | null };
  const [pipelines, stages] = await Promise.all([
    client.request<Named>({ method: 'GET', path: '/api/v2/pipelines', query: { limit: 500 } }),
    client.request<Named>({ method: 'GET', path: '/api/v2/stages', query: { limit: 500 } }),
  ]);
  const table = (body: Named) => optionTable((body.data ?? []).map((x) => ({ id: x.id, label: x.name })));
  return { pipelines: table(pipelines.body), stages: table(stages.body) };
});

export const industries = perConnection(async (client) => {
  const res = await client.request<{ data?: Array<{ field_code?: string; key?: string; options?: Array<{ id: number; label: string }> | null }> }>({
    method: 'GET',
    path: '/api/v2/organizationFields',
    query: { limit: 500 },
  });
  return optionTable((res.body.data ?? []).find((f) => (f.field_code ?? f.key) === 'industry')?.options ?? []);
});
