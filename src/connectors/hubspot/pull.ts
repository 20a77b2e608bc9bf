/**
 * HubSpot's pages: the CRM v3 objects list with cursor paging, or, for a filter, the search API read in id order
 * after the last id read (not by `after`, whose offsets stop at 10,000 results), so a filter may select any number
 * of records. The search API returns no associations: with associations, Weft filters a full list.
 */
import type { PullRequest } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { inSlices, type ObjectDecl } from '../kit/objects.js';
import { listPage } from '../kit/paging.js';
import { predicatesFor } from '../kit/pushdown.js';
import { type SearchFilter, searchFilters } from './filters.js';
import { hubspotManifest } from './manifest.js';
import type { HubSpotObject, HubSpotWrite } from './mapping.js';

/** A HubSpot object: its type name (for properties) and, for a common model, how common data become properties. */
export type HubSpotDecl = ObjectDecl<
  HubSpotObject,
  {
    objectType: string;
    fromCommon?: (data: Record<string, unknown>) => HubSpotWrite;
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

export async function page(client: ProviderClient, object: HubSpotDecl, request: PullRequest) {
  if (object.extra.plain) {
    return listPage<HubSpotObject>(client, { ...hubspotManifest.pagination, maxPageSize: 500 }, object.path, request.cursor, { archived: false }, [
      'results',
    ]);
  }
  const assocTypes = request.associations.map((t) => object.associations[t]).filter((t): t is string => !!t);
  const filters = assocTypes.length ? [] : searchFilters(predicatesFor(request.filter, object.filters));
  if (filters.length || request.cursor?.startsWith(SEARCH_CURSOR)) return search(client, object, request, filters);
  const associations = assocTypes.length ? assocTypes.join(',') : undefined;
  const query = { properties: propertiesOf(object, request).join(','), associations, archived: false };
  return listPage<HubSpotObject>(client, hubspotManifest.pagination, object.path, request.cursor, query, ['results']);
}

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

/** Records by id, through batch read (100 a call). */
export async function byIds(client: ProviderClient, object: HubSpotDecl, ids: string[], fields: string[]): Promise<HubSpotObject[]> {
  if (object.extra.plain) {
    return Promise.all(
      ids.map(async (id) => (await client.request<HubSpotObject>({ method: 'GET', path: `${object.path}/${encodeURIComponent(id)}` })).body),
    );
  }
  return inSlices(ids, 100, async (slice) => {
    const res = await client.request<{ results?: HubSpotObject[] }>({
      method: 'POST',
      path: `${object.path}/batch/read`,
      readOnly: true,
      json: { inputs: slice.map((id) => ({ id })), properties: [...new Set([...object.properties, ...fields])] },
    });
    return res.body.results ?? [];
  });
}
