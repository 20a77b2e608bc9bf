/**
 * HubSpot's pages: the CRM v3 objects list with cursor paging, or, for a filter, the search API read in id order
 * after the last id read (not by `after`, whose offsets stop at 10,000 results), so a filter may select any number
 * of records. The list returns the associations asked for; the search API and batch reads return none, so a page of
 * theirs gets its associations from the v4 batch read (one call per associated type). Objects whose common fields are
 * associations (a deal's contacts and company, a note's deal) always have them read. `crm-activity` is three objects
 * (calls, meetings, e-mails) paged one after the other, each record tagged with its `kind`.
 */
import type { PullRequest } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { listPage, pagesInTurn } from '../kit/paging.js';
import { predicatesFor } from '../kit/pushdown.js';
import { type SearchFilter, searchFilters } from './filters.js';
import { hubspotManifest } from './manifest.js';
import type { HubSpotObject, HubSpotWrite } from './mapping.js';

/** A HubSpot object: its type name (for properties) and, for a common model, how common data become properties. */
export type HubSpotDecl = ObjectDecl<
  HubSpotObject,
  {
    objectType: string;
    fromCommon?: (data: Record<string, unknown>, ctx: unknown) => HubSpotWrite;
    /** What the mapping looks up once per connection (the portal's pipelines). */
    context?: (client: ProviderClient) => Promise<unknown>;
    /** Common fields held as associations: field → HubSpot object type (read with every page, written as associations). */
    links?: Readonly<Record<string, string>>;
    /** Properties HubSpot requires on create that Weft fills when the data leave them out (an activity's time). */
    createDefaults?: () => Record<string, string>;
    /** Several HubSpot objects as one type (calls, meetings and e-mails as `crm-activity`), paged in this order. */
    kinds?: readonly string[];
    /** Not a CRM object (the owners): plain records paged by `after`, no properties, no search; its fields declared. */
    plain?: ReadonlyArray<{ name: string; label: string; type: 'string' | 'number' | 'boolean' | 'datetime' }>;
  }
>;

interface ListResponse {
  results: HubSpotObject[];
  paging?: { next?: { after?: string } };
}

/** Cursors of filtered pulls (search) start with this; the rest is the last record id read. */
const SEARCH_CURSOR = 's:';
/** The search API's page cap. */
const SEARCH_PAGE = 200;

const propertiesOf = (object: HubSpotDecl, request: PullRequest) => [...new Set([...object.properties, ...(request.fields ?? [])])];

/** The declaration of one kind of a several-object type (its own path and object type). */
export const kindOf = (object: HubSpotDecl, kind: string): HubSpotDecl => ({
  ...object,
  path: `/crm/v3/objects/${kind}`,
  extra: { ...object.extra, objectType: kind, kinds: undefined },
});

/** Tags records with the HubSpot object they came from (for a several-object type's mapper). */
const tagged = (items: HubSpotObject[], kind: string) => items.map((item) => Object.assign(item, { kind }));

export async function page(
  client: ProviderClient,
  object: HubSpotDecl,
  request: PullRequest,
): Promise<{ items: HubSpotObject[]; next: string | null }> {
  const kinds = object.extra.kinds;
  if (kinds) {
    const found = await pagesInTurn(kinds, request.cursor, (kind, cursor) => page(client, kindOf(object, kind), { ...request, cursor }));
    return { items: found.part === undefined ? [] : tagged(found.items, found.part), next: found.next };
  }
  if (object.extra.plain) {
    return listPage<HubSpotObject>(client, { ...hubspotManifest.pagination, maxPageSize: 500 }, object.path, request.cursor, { archived: false }, [
      'results',
    ]);
  }
  const assocTypes = associationTypesOf(object, request.associations);
  const filters = searchFilters(predicatesFor(request.filter, object.filters));
  if (filters.length || request.cursor?.startsWith(SEARCH_CURSOR)) {
    const found = await search(client, object, request, filters);
    return { items: await withAssociations(client, object, found.items, assocTypes), next: found.next };
  }
  const associations = assocTypes.length ? assocTypes.join(',') : undefined;
  const query = { properties: propertiesOf(object, request).join(','), associations, archived: false };
  return listPage<HubSpotObject>(client, hubspotManifest.pagination, object.path, request.cursor, query, ['results']);
}

/** The HubSpot object types whose associations a read needs: those asked for (by endgrate_type) and the linked fields'. */
function associationTypesOf(object: HubSpotDecl, asked: readonly string[]): string[] {
  const named = asked.map((t) => (Object.hasOwn(object.associations, t) ? object.associations[t] : undefined));
  const types = [...named, ...Object.values(object.extra.links ?? {})].filter((t): t is string => !!t && t !== OWNER_ASSOCIATION);
  return [...new Set(types)];
}

/** The association a record's owner stands for (its `hubspot_owner_id`, not an association). */
export const OWNER_ASSOCIATION = 'hubspot_owner_id';

/** Adds `associations` to records read without them, from the v4 batch read (≤ 1000 ids a call), in HubSpot's v3 shape. */
async function withAssociations(client: ProviderClient, object: HubSpotDecl, items: HubSpotObject[], types: string[]): Promise<HubSpotObject[]> {
  if (items.length === 0) return items;
  for (const toType of types) {
    const byId = new Map<string, Array<{ id: string; type: string }>>();
    for (let i = 0; i < items.length; i += V4_BATCH) {
      const res = await client.request<{
        results?: Array<{ from: { id: string }; to: Array<{ toObjectId: number | string; associationTypes?: Array<{ label?: string | null }> }> }>;
      }>({
        method: 'POST',
        path: `/crm/v4/associations/${object.extra.objectType}/${toType}/batch/read`,
        readOnly: true,
        json: { inputs: items.slice(i, i + V4_BATCH).map((item) => ({ id: item.id })) },
      });
      for (const r of res.body.results ?? [])
        byId.set(
          String(r.from.id),
          r.to.map((t) => ({ id: String(t.toObjectId), type: t.associationTypes?.some((a) => a.label === 'Primary') ? 'primary' : 'v4' })),
        );
    }
    for (const item of items) {
      const results = byId.get(item.id);
      if (results) item.associations = { ...item.associations, [toType]: { results } };
    }
  }
  return items;
}

/** Ids a v4 batch read takes at most. */
const V4_BATCH = 1000;

async function search(client: ProviderClient, object: HubSpotDecl, request: PullRequest, filters: SearchFilter[]) {
  const lastId = request.cursor?.startsWith(SEARCH_CURSOR) ? request.cursor.slice(SEARCH_CURSOR.length) : null;
  const paging: SearchFilter[] = lastId ? [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }] : [];
  const res = await client.request<ListResponse>({
    method: 'POST',
    path: `${object.path}/search`,
    json: {
      filterGroups: [{ filters: [...filters, ...paging] }],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: propertiesOf(object, request),
      limit: SEARCH_PAGE,
    },
  });
  const items = res.body.results ?? [];
  const last = items[items.length - 1];
  return { items, next: res.body.paging?.next?.after && last ? `${SEARCH_CURSOR}${last.id}` : null };
}

/** Records by id, through batch read (100 a call), with the associations their linked fields need. */
export async function byIds(client: ProviderClient, object: HubSpotDecl, ids: string[], fields: string[]): Promise<HubSpotObject[]> {
  if (object.extra.kinds) {
    const found: HubSpotObject[] = [];
    for (const kind of object.extra.kinds) found.push(...tagged(await byIds(client, kindOf(object, kind), ids, fields), kind));
    return found;
  }
  if (object.extra.plain) {
    return Promise.all(
      ids.map(async (id) => (await client.request<HubSpotObject>({ method: 'GET', path: `${object.path}/${encodeURIComponent(id)}` })).body),
    );
  }
  const records = await inSlices(ids, 100, async (slice) => {
    const res = await client.request<{ results?: HubSpotObject[] }>({
      method: 'POST',
      path: `${object.path}/batch/read`,
      readOnly: true,
      json: { inputs: slice.map((id) => ({ id })), properties: [...new Set([...object.properties, ...fields])] },
    });
    return res.body.results ?? [];
  });
  return withAssociations(client, object, records, associationTypesOf(object, []));
}
