/**
 * Cursor-paged v2 lists of persons, organizations and deals. Cursors are base64url JSON naming the next page's first
 * item, as Pipedrive's (`{"field":"id","fieldValue":6,"sortDirection":"asc","id":6}`, decoded from a captured
 * `next_cursor`). Deleted records are left out, except deals with `status` including `deleted`.
 */
import { type KeysetCursor, keysetCursors } from '../shared/keyset-cursor.js';
import { type ParamFilter, paramFilter } from '../shared/param-filters.js';
import { providerData } from '../shared/provider-data.js';
import { keysetPage } from '../shared/records-keyset.js';
import type { PipedriveCompany } from './company.js';
import QUERIES_JSON from './data/queries.json' with { type: 'json' };
import { validationFailed } from './errors.js';
import { enumParam, intParam, limitParam, listOfParam, listParam, type Query, stringParam, timeParam } from './query.js';
import type { DealRecord, EntityType } from './records.js';
import { parseRfc3339, rfc3339 } from './records.js';
import { dealMeta, organizationMeta, personMeta, seedPersonIndexesOfOrganization } from './seed.js';

/** Sortable fields and the attribute each sorts by (id: the id itself). */
const SORTS = { id: 'id', update_time: 'updateTime', add_time: 'addTime' } as const;
export type SortField = keyof typeof SORTS;
const SORT_FIELDS = Object.keys(SORTS) as SortField[];

/** Where a page starts (inclusive): the sort value (the id, or epoch ms for times) and the id. */
export type CursorPosition = KeysetCursor<SortField>;

const CURSORS = keysetCursors<SortField>({
  keys: { field: 'field', value: 'fieldValue', direction: 'sortDirection', id: 'id' },
  fields: SORT_FIELDS,
  write: (field, value) => (field === 'id' ? value : rfc3339(value)),
  read: (field, raw) => (field === 'id' ? (typeof raw === 'number' ? raw : undefined) : typeof raw === 'string' ? parseRfc3339(raw) : undefined),
});

/** Encodes a cursor the way Pipedrive's look. */
export const encodeCursor = (position: CursorPosition): string => CURSORS.encode(position);

/**
 * Decodes a cursor (none: undefined).
 * @throws PipedriveApiError 400 for anything that is not one of ours
 */
export function decodeCursor(text: string | undefined): CursorPosition | undefined {
  if (text === undefined) return undefined;
  const cursor = CURSORS.decode(text);
  if (!cursor) throw validationFailed('cursor', 'Invalid cursor');
  return cursor;
}

/** What lists filter and sort on: the record, or the cheap attributes of an untouched seed record (never deleted or archived). */
export type RecordMeta = Pick<DealRecord, 'id' | 'addTime' | 'updateTime' | 'ownerId' | 'orgId' | 'deletedAt'> &
  Partial<Pick<DealRecord, 'personId' | 'pipelineId' | 'stageId' | 'status' | 'isArchived'>>;

const SEED_META = { person: personMeta, organization: organizationMeta, deal: dealMeta } as const;

/** Filter and sort attributes of a record, without generating untouched seed records. */
export function recordMeta(company: PipedriveCompany, entity: EntityType, id: number): RecordMeta | undefined {
  const store = company.store(entity);
  const index = store.seedIndexOf(id);
  if (index !== undefined && !store.isInOverlay(id)) return { id, ...SEED_META[entity](company.seed, index) };
  return store.get(id) as RecordMeta | undefined;
}

/** A page request; unless `deleted` (deals with status `deleted`) and `archived`, only live unarchived records pass. */
export interface ListQuery {
  sortBy: SortField;
  direction: 'asc' | 'desc';
  limit: number;
  cursor?: CursorPosition | undefined;
  archived?: boolean;
  deleted?: boolean;
  /** The further test a record's attributes pass, and what narrows the candidates down: ids, a person's organization, `updated_since`. */
  test?: (meta: RecordMeta) => boolean;
  ids?: number[];
  orgId?: number | undefined;
  since?: number | undefined;
  until?: number | undefined;
}

/**
 * What lists read besides paging (`data/queries.json`, with the search's): the id filters of each entity type by query
 * parameter (compared with the camel-cased attribute) and the deal statuses.
 */
export const QUERIES = providerData('pipedrive/data/queries.json', QUERIES_JSON, {
  idFilters: { person: ['list', 'string'], organization: ['list', 'string'], deal: ['list', 'string'] },
  dealStatuses: ['list', 'string'],
  searchFields: { person: ['list', 'string'], organization: ['list', 'string'], deal: ['list', 'string'] },
  dealSearchStatuses: ['list', 'string'],
  searchItemKeys: { person: 'string', organization: 'string', deal: 'string' },
});
const TIMES: ParamFilter[] = [
  { param: 'updated_since', read: timeParam, prop: 'updateTime', test: 'atLeast' },
  { param: 'updated_until', read: timeParam, prop: 'updateTime', test: 'below' },
];

/** Reads a list's parameters (archived: `GET /deals/archived`). @throws PipedriveApiError 400 for an invalid one */
export function listQuery(company: PipedriveCompany, entity: EntityType, query: Query, archived = false): ListQuery {
  const cursor = decodeCursor(stringParam(query, 'cursor'));
  const sortBy = cursor?.field ?? enumParam(query, 'sort_by', SORT_FIELDS, 'id');
  const direction = cursor?.direction ?? enumParam(query, 'sort_direction', ['asc', 'desc'] as const, 'asc');
  const base = { sortBy, direction, limit: limitParam(query), cursor, archived };
  // With filter_id the other filters are ignored (docs); the sandbox has no saved filters, so it lists everything.
  if (intParam(query, 'filter_id') !== undefined) return base;
  let ids = listParam(query, 'ids');
  if (ids && (ids.length > 100 || !ids.every((id) => /^\d{1,15}$/.test(id)))) throw validationFailed('ids', 'must be up to 100 integer ids');
  const where = paramFilter<RecordMeta>(
    query,
    QUERIES.idFilters[entity].map((param) => ({ param, read: intParam })),
  );
  // The persons of a deal: its contact person (the sandbox keeps no other participants).
  const dealId = entity === 'person' ? intParam(query, 'deal_id') : undefined;
  const personId = dealId === undefined ? undefined : (company.stores.deals.live(dealId)?.personId ?? null);
  if (personId !== undefined) ids = personId === null ? [] : (ids ?? [String(personId)]).filter((id) => Number(id) === personId);
  const statuses: readonly string[] | undefined = entity === 'deal' ? listOfParam(query, 'status', QUERIES.dealStatuses) : undefined;
  const times = paramFilter<RecordMeta>(query, TIMES);
  const test = (meta: RecordMeta) =>
    (meta.deletedAt !== undefined || statuses === undefined || (meta.status !== undefined && statuses.includes(meta.status))) &&
    where(meta) &&
    times(meta);
  const [orgId, since, until] = [
    entity === 'organization' ? undefined : intParam(query, 'org_id'),
    ...TIMES.map((time) => timeParam(query, time.param)),
  ];
  return { ...base, test, deleted: statuses?.includes('deleted') ?? false, orgId, since, until, ...(ids ? { ids: ids.map(Number) } : {}) };
}

/** Ids that can match, when a filter narrows them down cheaply (ascending), or undefined for "all". */
function candidateIds(company: PipedriveCompany, entity: EntityType, query: ListQuery): number[] | undefined {
  const store = company.store(entity);
  const ascending = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b);
  if (query.ids) return ascending(query.ids);
  const { orgId } = query;
  if (entity === 'person' && orgId !== undefined) {
    return ascending([...seedPersonIndexesOfOrganization(company.seed, orgId - 1).map((index) => index + 1), ...store.linkedTo(orgId)]);
  }
  if (query.since !== undefined && query.since > company.seedUpdateBound(entity)) return ascending([...store.overlayRecords()].map((r) => r.id));
  return undefined;
}

/** One page of a list: its ids, and the cursor of the next one (null: the last page). */
export function listPage(company: PipedriveCompany, entity: EntityType, query: ListQuery): { ids: number[]; nextCursor: string | null } {
  const { sortBy, direction, deleted = false } = query;
  const attribute = SORTS[sortBy];
  const page = keysetPage({
    ...{ store: company.store(entity), direction, limit: query.limit, cursor: query.cursor },
    metaOf: (id) => recordMeta(company, entity, id),
    idOf: (meta) => meta.id,
    matches: (meta) =>
      (meta.isArchived ?? false) === (query.archived ?? false) && (deleted || meta.deletedAt === undefined) && (query.test?.(meta) ?? true),
    candidates: candidateIds(company, entity, query),
    sort:
      attribute === 'id'
        ? undefined
        : {
            valueOf: (meta) => (deleted || meta.deletedAt === undefined ? meta[attribute] : undefined),
            indexKey: `${sortBy}:${deleted ? 'deleted' : 'live'}`,
            ...(attribute === 'updateTime' ? { range: { min: query.since, below: query.until } } : {}),
          },
  });
  return { ids: page.ids, nextCursor: page.next ? encodeCursor({ field: sortBy, direction, ...page.next }) : null };
}
