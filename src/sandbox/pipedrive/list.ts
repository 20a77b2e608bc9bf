/**
 * Cursor-paged lists of API v2 (`GET /api/v2/persons`, `/organizations`, `/deals`).
 *
 * Cursors are opaque base64url JSON naming the first item of the next page,
 * as Pipedrive's are: `{"field":"id","fieldValue":6,"sortDirection":"asc","id":6}`
 * (decoded from a captured `next_cursor`). Deleted records are left out, except
 * deleted deals when `status` includes `deleted`.
 * Sorting by id walks the ids lazily; sorting by `update_time`/`add_time`
 * sorts cheap seed attributes once per store version.
 */
import { decodeOpaqueCursor, encodeOpaqueCursor, takePage } from '../shared/paging.js';
import { SortedIndex, VersionedCache } from '../shared/sorted-index.js';
import type { PipedriveCompany } from './company.js';
import { validationFailed } from './errors.js';
import type { BaseRecord, DealRecord, DealStatus, EntityType, PersonRecord } from './records.js';
import { dealMeta, organizationMeta, personMeta, type SeedMeta, seedPersonIndexesOfOrganization } from './seed.js';
import { rfc3339 } from './serialize.js';
import { parseRfc3339 } from './validate.js';

/** Sortable fields. */
export type SortField = 'id' | 'update_time' | 'add_time';
/** Sort directions. */
export type SortDirection = 'asc' | 'desc';

/** Where a page starts (inclusive). */
export interface CursorPosition {
  field: SortField;
  direction: SortDirection;
  /** The sort value: the id, or epoch ms for times. */
  value: number;
  id: number;
}

/** A validated list request. */
export interface ListQuery {
  ids?: number[];
  ownerId?: number;
  orgId?: number;
  /** Deals only. */
  personId?: number;
  pipelineId?: number;
  stageId?: number;
  /** Deals only: the statuses to list; `deleted` lists deleted deals (which otherwise never are). */
  statuses?: ReadonlyArray<DealStatus | 'deleted'>;
  /** Deals only: archived deals (`GET /deals/archived`) instead of unarchived ones. */
  archived?: boolean;
  updatedSince?: number;
  updatedUntil?: number;
  sortBy: SortField;
  direction: SortDirection;
  limit: number;
  cursor?: CursorPosition;
}

/** A page of ids plus where the next one starts. */
export interface ListPage {
  ids: number[];
  next?: CursorPosition;
}

/** Encodes a cursor the way Pipedrive's look. */
export function encodeCursor(position: CursorPosition): string {
  const fieldValue = position.field === 'id' ? position.value : rfc3339(position.value);
  return encodeOpaqueCursor({ field: position.field, fieldValue, sortDirection: position.direction, id: position.id });
}

/**
 * Decodes a cursor.
 * @throws PipedriveApiError 400 for anything that is not one of ours
 */
export function decodeCursor(text: string): CursorPosition {
  const invalid = validationFailed('cursor', 'Invalid cursor');
  const record = decodeOpaqueCursor(text);
  if (!record) throw invalid;
  const field = record['field'];
  const direction = record['sortDirection'];
  const id = record['id'];
  if ((field !== 'id' && field !== 'update_time' && field !== 'add_time') || (direction !== 'asc' && direction !== 'desc')) throw invalid;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw invalid;
  const raw = record['fieldValue'];
  const value = field === 'id' ? raw : typeof raw === 'string' ? parseRfc3339(raw) : undefined;
  if (typeof value !== 'number') throw invalid;
  return { field, direction, value, id };
}

/** Filter and sort attributes of a record. */
export interface RecordMeta extends SeedMeta {
  id: number;
  deleted: boolean;
}

const SEED_META = { person: personMeta, organization: organizationMeta, deal: dealMeta } as const;

/** What a changed or created record points at (organization; a deal's person, pipeline, stage, status). */
function relationsOf(entity: EntityType, record: BaseRecord): Omit<SeedMeta, 'addTime' | 'updateTime' | 'ownerId'> {
  if (entity === 'person') return { orgId: (record as PersonRecord).orgId };
  if (entity === 'organization') return { orgId: null };
  const { orgId, personId, pipelineId, stageId, status, isArchived } = record as DealRecord;
  return { orgId, personId, pipelineId, stageId, status, archived: isArchived };
}

/** Filter and sort attributes of a record, without generating untouched seed records. */
export function recordMeta(company: PipedriveCompany, entity: EntityType, id: number): RecordMeta | undefined {
  const store = company.store(entity);
  const index = store.seedIndexOf(id);
  if (index !== undefined && !store.isInOverlay(id)) return { id, ...SEED_META[entity](company.seed, index), deleted: false };
  const record = store.get(id);
  if (!record) return undefined;
  const { addTime, updateTime, ownerId } = record;
  return { id, addTime, updateTime, ownerId, ...relationsOf(entity, record), deleted: record.deletedAt !== undefined };
}

/** Whether a query lists deleted records (deals with `status=deleted`). */
export function includesDeleted(query: ListQuery): boolean {
  return query.statuses?.includes('deleted') ?? false;
}

function matches(meta: RecordMeta | undefined, query: ListQuery): meta is RecordMeta {
  if (!meta) return false;
  if (meta.deleted ? !includesDeleted(query) : query.statuses !== undefined && (meta.status === undefined || !query.statuses.includes(meta.status)))
    return false;
  if ((meta.archived ?? false) !== (query.archived ?? false)) return false;
  if (query.ownerId !== undefined && meta.ownerId !== query.ownerId) return false;
  if (query.orgId !== undefined && meta.orgId !== query.orgId) return false;
  if (query.personId !== undefined && meta.personId !== query.personId) return false;
  if (query.pipelineId !== undefined && meta.pipelineId !== query.pipelineId) return false;
  if (query.stageId !== undefined && meta.stageId !== query.stageId) return false;
  if (query.updatedSince !== undefined && meta.updateTime < query.updatedSince) return false;
  if (query.updatedUntil !== undefined && meta.updateTime >= query.updatedUntil) return false;
  return true;
}

function sortValue(meta: RecordMeta, field: SortField): number {
  if (field === 'id') return meta.id;
  return field === 'update_time' ? meta.updateTime : meta.addTime;
}

/** Collects up to `limit + 1` matching ids from an id stream; the extra one becomes the cursor. */
function collect(company: PipedriveCompany, entity: EntityType, ids: Iterable<number>, query: ListQuery): ListPage {
  const matching = function* (): Generator<RecordMeta> {
    for (const id of ids) {
      const meta = recordMeta(company, entity, id);
      if (matches(meta, query)) yield meta;
    }
  };
  const page = takePage(matching(), query.limit);
  const pageIds = page.items.map((meta) => meta.id);
  if (!page.next) return { ids: pageIds };
  return { ids: pageIds, next: { field: query.sortBy, direction: query.direction, value: sortValue(page.next, query.sortBy), id: page.next.id } };
}

/** Ids that can match, when a filter narrows them down cheaply (ascending), or undefined for "all". */
function candidateIds(company: PipedriveCompany, entity: EntityType, query: ListQuery): number[] | undefined {
  const store = company.store(entity);
  if (query.ids) return [...new Set(query.ids)].sort((a, b) => a - b);
  if (entity === 'person' && query.orgId !== undefined) {
    const seedIds = seedPersonIndexesOfOrganization(company.seed, query.orgId - 1).map((index) => index + 1);
    return [...new Set([...seedIds, ...store.linkedTo(query.orgId)])].sort((a, b) => a - b);
  }
  if (query.updatedSince !== undefined && query.updatedSince > company.seedUpdateBound(entity)) {
    return [...store.overlayRecords()].map((record) => record.id).sort((a, b) => a - b);
  }
  return undefined;
}

function byIdFrom(ids: readonly number[], query: ListQuery): number[] {
  const start = query.cursor?.id;
  if (query.direction === 'asc') return start === undefined ? [...ids] : ids.filter((id) => id >= start);
  const descending = [...ids].reverse();
  return start === undefined ? descending : descending.filter((id) => id <= start);
}

const snapshots = new VersionedCache<SortedIndex>();

/** Every live (or, with `withDeleted`, every) record's (value, id), sorted ascending; cached per store version. */
function sortedSnapshot(
  company: PipedriveCompany,
  entity: EntityType,
  field: 'update_time' | 'add_time',
  candidates: number[] | undefined,
  withDeleted: boolean,
): SortedIndex {
  const store = company.store(entity);
  const build = () =>
    new SortedIndex(candidates ?? store.idsAscending(), (id) => {
      const meta = recordMeta(company, entity, id);
      return meta && (withDeleted || !meta.deleted) ? sortValue(meta, field) : undefined;
    });
  if (candidates) return build();
  return snapshots.get(company, `${entity}:${field}:${withDeleted ? 'deleted' : 'live'}`, store.version, build);
}

function byTime(company: PipedriveCompany, entity: EntityType, query: ListQuery, field: 'update_time' | 'add_time'): ListPage {
  const snapshot = sortedSnapshot(company, entity, field, candidateIds(company, entity, query), includesDeleted(query));
  const cursor = query.cursor;
  if (query.direction === 'asc') {
    let from = cursor ? snapshot.lowerBound(cursor.value, cursor.id) : 0;
    if (field === 'update_time' && query.updatedSince !== undefined) from = Math.max(from, snapshot.lowerBound(query.updatedSince, 0));
    return collect(company, entity, snapshot.walk(from, 1), query);
  }
  let from = cursor ? snapshot.lowerBound(cursor.value, cursor.id + 1) - 1 : snapshot.size - 1;
  if (field === 'update_time' && query.updatedUntil !== undefined) from = Math.min(from, snapshot.lowerBound(query.updatedUntil, 0) - 1);
  return collect(company, entity, snapshot.walk(from, -1), query);
}

/** One page of a list. */
export function listPage(company: PipedriveCompany, entity: EntityType, query: ListQuery): ListPage {
  if (query.sortBy !== 'id') return byTime(company, entity, query, query.sortBy);
  const candidates = candidateIds(company, entity, query);
  if (candidates) return collect(company, entity, byIdFrom(candidates, query), query);
  const store = company.store(entity);
  const from = query.cursor?.id;
  const ids = query.direction === 'asc' ? store.idsAscending(from ?? 1) : store.idsDescending(from ?? Number.MAX_SAFE_INTEGER);
  return collect(company, entity, ids, query);
}
