/**
 * API v2 routes (mounted at `/api/v2`): persons and organizations (list, get,
 * create, update, delete, search) and the v2 Fields API lists. Shapes follow
 * the official SDK's v2 models (`GetPersonsResponse`, `UpsertPersonResponse`,
 * `DeletePersonResponse`, `GetPersonSearchResponse`, `GetPersonFields200Response`).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PipedriveCompany } from './company.js';
import { validationFailed, notFound } from './errors.js';
import { renderFieldV2, labelsOf } from './fields.js';
import { decodeCursor, encodeCursor, listPage, type ListQuery, type SortDirection, type SortField } from './list.js';
import { boolParam, enumParam, intParam, limitParam, listParam, stringParam, timeParam, type Query } from './query.js';
import type { EntityType } from './records.js';
import { principalOf, type PipedriveRouteConfig } from './request-state.js';
import { decodeSearchCursor, encodeSearchCursor, searchAll, SEARCH_FIELDS } from './search.js';
import { organizationSearchItem, personSearchItem, recordV2, type RenderOptions } from './serialize.js';
import type { PipedriveService } from './service.js';
import { parseOrganizationWrite, parsePersonWrite } from './validate.js';
import {
  createOrganization,
  createPerson,
  deleteRecord,
  entityLabel,
  updateOrganization,
  updatePerson,
} from './writes.js';

const SORT_FIELDS: readonly SortField[] = ['id', 'update_time', 'add_time'];
const DIRECTIONS: readonly SortDirection[] = ['asc', 'desc'];

function config(kind: string, search = false): { config: { weftPipedrive: PipedriveRouteConfig } } {
  return { config: { weftPipedrive: { kind, dialect: 'v2', search } } };
}

function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

function idParam(request: FastifyRequest): number {
  const { id } = request.params as { id: string };
  if (!/^\d{1,15}$/.test(id)) throw validationFailed('id', 'must be an integer');
  return Number(id);
}

function renderOptions(query: Query): RenderOptions {
  const options: RenderOptions = {};
  const custom = listParam(query, 'custom_fields');
  if (custom) {
    if (custom.length > 15) throw validationFailed('custom_fields', 'A maximum of 15 keys is allowed');
    options.customFields = custom;
  }
  const include = listParam(query, 'include_fields');
  if (include) options.includeFields = include;
  return options;
}

function listQuery(entity: EntityType, query: Query): ListQuery {
  const cursorText = stringParam(query, 'cursor');
  const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
  const result: ListQuery = {
    sortBy: cursor?.field ?? enumParam(query, 'sort_by', SORT_FIELDS, 'id'),
    direction: cursor?.direction ?? enumParam(query, 'sort_direction', DIRECTIONS, 'asc'),
    limit: limitParam(query),
  };
  if (cursor) result.cursor = cursor;
  // With filter_id the other filters are ignored (docs); the sandbox has no saved filters, so it lists everything.
  if (intParam(query, 'filter_id') !== undefined) return result;
  const ids = listParam(query, 'ids');
  if (ids) {
    if (ids.length > 100 || !ids.every((id) => /^\d{1,15}$/.test(id))) throw validationFailed('ids', 'must be up to 100 integer ids');
    result.ids = ids.map(Number);
  }
  const ownerId = intParam(query, 'owner_id');
  if (ownerId !== undefined) result.ownerId = ownerId;
  if (entity === 'person') {
    const orgId = intParam(query, 'org_id');
    if (orgId !== undefined) result.orgId = orgId;
    // No deals exist in the sandbox: a deal filter matches nothing.
    if (intParam(query, 'deal_id') !== undefined) result.ids = [];
  }
  const since = timeParam(query, 'updated_since');
  if (since !== undefined) result.updatedSince = since;
  const until = timeParam(query, 'updated_until');
  if (until !== undefined) result.updatedUntil = until;
  return result;
}

function list(entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const query = queryOf(request);
    const options = renderOptions(query);
    const page = listPage(company, entity, listQuery(entity, query));
    const store = company.store(entity);
    const data = page.ids.flatMap((id) => {
      const record = store.live(id);
      return record ? [recordV2(company, entity, record, options)] : [];
    });
    return { success: true, data, additional_data: { next_cursor: page.next ? encodeCursor(page.next) : null } };
  };
}

function get(entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    const options = renderOptions(queryOf(request));
    const record = company.store(entity).get(id);
    if (!record) throw notFound(entityLabel(entity));
    return { success: true, data: recordV2(company, entity, record, options) };
  };
}

function create(service: PipedriveService, entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company, userId } = principalOf(request);
    const now = service.settings.now();
    const record =
      entity === 'person'
        ? createPerson(company, parsePersonWrite(company, request.body, true), userId, now)
        : createOrganization(company, parseOrganizationWrite(company, request.body, true), userId, now);
    // A freshly created item reports update_time null (captured v2 add-person response).
    return { success: true, data: { ...recordV2(company, entity, record), update_time: null } };
  };
}

function update(service: PipedriveService, entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    if (!company.store(entity).live(id)) throw notFound(entityLabel(entity));
    const now = service.settings.now();
    const record =
      entity === 'person'
        ? updatePerson(company, id, parsePersonWrite(company, request.body, false), now)
        : updateOrganization(company, id, parseOrganizationWrite(company, request.body, false), now);
    return { success: true, data: recordV2(company, entity, record) };
  };
}

function remove(service: PipedriveService, entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const id = idParam(request);
    if (!deleteRecord(company, entity, id, service.settings.now())) throw notFound(entityLabel(entity));
    return { success: true, data: { id } };
  };
}

function searchFields(entity: EntityType, query: Query): string[] {
  const fields = listParam(query, 'fields') ?? [...SEARCH_FIELDS[entity]];
  const unknown = fields.find((field) => !SEARCH_FIELDS[entity].includes(field));
  if (unknown !== undefined) throw validationFailed('fields', `must be one of ${SEARCH_FIELDS[entity].join(', ')}`);
  return fields;
}

function search(entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const query = queryOf(request);
    const term = stringParam(query, 'term');
    const exactMatch = boolParam(query, 'exact_match') ?? false;
    if (term === undefined) throw validationFailed('term', 'is required');
    if (term.trim().length < (exactMatch ? 1 : 2)) {
      throw validationFailed('term', `must be at least ${exactMatch ? 1 : 2} characters long`);
    }
    const fields = searchFields(entity, query);
    const limit = limitParam(query);
    const cursorText = stringParam(query, 'cursor');
    const offset = cursorText === undefined ? 0 : decodeSearchCursor(cursorText);
    const organizationId = entity === 'person' ? intParam(query, 'organization_id') : undefined;
    const hits = searchAll(company, entity, {
      term: term.trim(),
      fields,
      exactMatch,
      ...(organizationId === undefined ? {} : { organizationId }),
    });
    const page = hits.slice(offset, offset + limit);
    const items = page.flatMap((hit) => {
      const item = searchItem(company, entity, hit.id);
      return item ? [{ result_score: hit.score, item }] : [];
    });
    const next = offset + limit < hits.length ? encodeSearchCursor(offset + limit) : null;
    return { success: true, data: { items }, additional_data: { next_cursor: next } };
  };
}

function searchItem(company: PipedriveCompany, entity: EntityType, id: number): Record<string, unknown> | undefined {
  if (entity === 'person') {
    const person = company.persons.live(id);
    return person ? personSearchItem(company, person) : undefined;
  }
  const organization = company.organizations.live(id);
  return organization ? organizationSearchItem(company, organization) : undefined;
}

function fieldsList(entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const query = queryOf(request);
    const limit = limitParam(query);
    const cursorText = stringParam(query, 'cursor');
    const offset = cursorText === undefined ? 0 : decodeSearchCursor(cursorText);
    const all = company.fields[entity].map((field) => renderFieldV2(field, entity, labelsOf(company.fields, entity)));
    const next = offset + limit < all.length ? encodeSearchCursor(offset + limit) : null;
    return { success: true, data: all.slice(offset, offset + limit), additional_data: { next_cursor: next } };
  };
}

/** Registers the v2 routes in a scope prefixed with `/api/v2`. */
export function registerV2Routes(scope: FastifyInstance, service: PipedriveService): void {
  const entities: Array<[EntityType, string]> = [
    ['person', 'persons'],
    ['organization', 'organizations'],
  ];
  for (const [entity, path] of entities) {
    scope.get(`/${path}`, config('list'), list(entity));
    scope.get(`/${path}/search`, config('search', true), search(entity));
    scope.get(`/${path}/:id`, config('get'), get(entity));
    scope.post(`/${path}`, config('create'), create(service, entity));
    scope.patch(`/${path}/:id`, config('update'), update(service, entity));
    scope.delete(`/${path}/:id`, config('delete'), remove(service, entity));
  }
  scope.get('/personFields', config('fields'), fieldsList('person'));
  scope.get('/organizationFields', config('fields'), fieldsList('organization'));
}
