/**
 * Cursor-paged v2 lists of persons, organizations and deals. Cursors are base64url JSON naming the next page's first
 * item, as Pipedrive's (`{"field":"id","fieldValue":6,"sortDirection":"asc","id":6}`, decoded from a captured
 * `next_cursor`). Deleted records are left out, except deals with `status` including `deleted`.
 */
import { type KeysetCursor, keysetCursors } from '../shared/keyset-cursor.js';
import { keysetPage, type KeysetSort } from '../shared/records-keyset.js';
import type { PipedriveCompany } from './company.js';
import { validationFailed } from './errors.js';
import type { BaseRecord, DealRecord, DealStatus, EntityType, PersonRecord } from './records.js';
import { parseRfc3339, rfc3339 } from './records.js';
import { dealMeta, organizationMeta, personMeta, type SeedMeta, seedPersonIndexesOfOrganization } from './seed.js';

/** Sortable fields. */
export type SortField = 'id' | 'update_time' | 'add_time';
/** Sort directions. */
export type SortDirection = 'asc' | 'desc';

/** Where a page starts (inclusive): the sort value (the id, or epoch ms for times) and the id. */
export type CursorPosition = KeysetCursor<SortField>;

/** The id filters of lists: the record attribute each compares (`org_id` → `orgId`, …). */
export type IdFilter = 'ownerId' | 'orgId' | 'personId' | 'pipelineId' | 'stageId';

/** A validated list request. */
export interface ListQuery {
  ids?: number[];
  /** The id filters given (`personId`, `pipelineId`, `stageId`: deals only). */
  where?: Partial<Record<IdFilter, number>>;
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

const CURSORS = keysetCursors<SortField>({
  keys: { field: 'field', value: 'fieldValue', direction: 'sortDirection', id: 'id' },
  fields: ['id', 'update_time', 'add_time'],
  write: (field, value) => (field === 'id' ? value : rfc3339(value)),
  read: (field, raw) => (field === 'id' ? (typeof raw === 'number' ? raw : undefined) : typeof raw === 'string' ? parseRfc3339(raw) : undefined),
});

/** Encodes a cursor the way Pipedrive's look. */
export const encodeCursor = (position: CursorPosition): string => CURSORS.encode(position);

/**
 * Decodes a cursor.
 * @throws PipedriveApiError 400 for anything that is not one of ours
 */
export function decodeCursor(text: string): CursorPosition {
  const cursor = CURSORS.decode(text);
  if (!cursor) throw validationFailed('cursor', 'Invalid cursor');
  return cursor;
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

function matches(meta: RecordMeta, query: ListQuery): boolean {
  if (meta.deleted ? !includesDeleted(query) : query.statuses !== undefined && (meta.status === undefined || !query.statuses.includes(meta.status)))
    return false;
  if ((meta.archived ?? false) !== (query.archived ?? false)) return false;
  if (Object.entries(query.where ?? {}).some(([key, value]) => meta[key as IdFilter] !== value)) return false;
  if (query.updatedSince !== undefined && meta.updateTime < query.updatedSince) return false;
  if (query.updatedUntil !== undefined && meta.updateTime >= query.updatedUntil) return false;
  return true;
}

/** Ids that can match, when a filter narrows them down cheaply (ascending), or undefined for "all". */
function candidateIds(company: PipedriveCompany, entity: EntityType, query: ListQuery): number[] | undefined {
  const store = company.store(entity);
  if (query.ids) return [...new Set(query.ids)].sort((a, b) => a - b);
  const orgId = query.where?.orgId;
  if (entity === 'person' && orgId !== undefined) {
    const seedIds = seedPersonIndexesOfOrganization(company.seed, orgId - 1).map((index) => index + 1);
    return [...new Set([...seedIds, ...store.linkedTo(orgId)])].sort((a, b) => a - b);
  }
  if (query.updatedSince !== undefined && query.updatedSince > company.seedUpdateBound(entity)) {
    return [...store.overlayRecords()].map((record) => record.id).sort((a, b) => a - b);
  }
  return undefined;
}

/** Where the walk of a time-sorted list may start: `updated_since`/`updated_until` bound `update_time`. */
function timeSort(query: ListQuery, field: 'update_time' | 'add_time'): KeysetSort<RecordMeta> {
  const withDeleted = includesDeleted(query);
  return {
    valueOf: (meta) => (withDeleted || !meta.deleted ? (field === 'update_time' ? meta.updateTime : meta.addTime) : undefined),
    indexKey: `${field}:${withDeleted ? 'deleted' : 'live'}`,
    ...(field === 'update_time' ? { range: { min: query.updatedSince, below: query.updatedUntil } } : {}),
  };
}

/** One page of a list. */
export function listPage(company: PipedriveCompany, entity: EntityType, query: ListQuery): ListPage {
  const page = keysetPage({
    store: company.store(entity),
    metaOf: (id) => recordMeta(company, entity, id),
    idOf: (meta) => meta.id,
    matches: (meta) => matches(meta, query),
    direction: query.direction,
    limit: query.limit,
    cursor: query.cursor,
    candidates: candidateIds(company, entity, query),
    sort: query.sortBy === 'id' ? undefined : timeSort(query, query.sortBy),
  });
  return page.next ? { ids: page.ids, next: { field: query.sortBy, direction: query.direction, ...page.next } } : { ids: page.ids };
}
