/**
 * API v2 routes: persons, organizations and deals (list, get, create, update, delete, search; archived deals), the
 * Fields API lists, pipelines and stages. Shapes follow the official SDK's v2 models (`GetPersonsResponse`, …).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { slicePage } from '../shared/paging.js';
import type { PipedriveCompany } from './company.js';
import { notFound, validationFailed } from './errors.js';
import { labelsOf, renderFieldV2 } from './fields.js';
import { encodeCursor, listPage, listQuery } from './list.js';
import { pipelineJson, PIPELINES, stageJson, STAGES } from './pipelines.js';
import { idParam, intParam, listParam, nextOffsetCursor, offsetRequest, type Query } from './query.js';
import type { EntityType } from './records.js';
import { principalOf, routeConfig } from './request-state.js';
import { searchPage } from './search.js';
import { recordV2, type RenderOptions } from './serialize.js';
import type { PipedriveService } from './service.js';
import { createRecord, deleteRecord, ENTITY_LABELS, updateRecord } from './writes.js';

const config = (kind: string, search = false) => routeConfig(kind, 'v2', search);

function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
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

function list(entity: EntityType, archived = false) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const query = queryOf(request);
    const options = renderOptions(query);
    const parsed = listQuery(company, entity, query, archived);
    const page = listPage(company, entity, parsed);
    const store = company.store(entity);
    const data = page.ids.flatMap((id) => {
      const record = parsed.deleted ? store.get(id) : store.live(id);
      return record ? [recordV2(company, entity, record, options)] : [];
    });
    return { success: true, data, additional_data: { next_cursor: page.next ? encodeCursor(page.next) : null } };
  };
}

/** An offset-paged list of fixed items (fields, pipelines, stages), with the v2 cursor envelope. */
function fixedList(items: (request: FastifyRequest) => Array<Record<string, unknown>>) {
  return async (request: FastifyRequest) => {
    const all = items(request);
    const { offset, limit } = offsetRequest(queryOf(request));
    const page = slicePage(all, offset, limit);
    return { success: true, data: page.items, additional_data: { next_cursor: nextOffsetCursor(page) } };
  };
}

/** The v2 objects (entity type, path), each with its list, search, get, create, update, delete and Fields API list. */
const OBJECTS: ReadonlyArray<readonly [EntityType, string]> = [
  ['person', 'persons'],
  ['organization', 'organizations'],
  ['deal', 'deals'],
];

/** Registers the v2 routes in a scope prefixed with `/api/v2`. */
export function registerV2Routes(scope: FastifyInstance, service: PipedriveService): void {
  const now = () => service.settings.now();
  scope.get('/deals/archived', config('list'), list('deal', true));
  for (const [entity, path] of OBJECTS) {
    scope.get(`/${path}`, config('list'), list(entity));
    scope.get(`/${path}/search`, config('search', true), async (request) => searchPage(principalOf(request).company, entity, queryOf(request)));
    scope.get(`/${path}/:id`, config('get'), async (request) => {
      const { company } = principalOf(request);
      const id = idParam(request);
      const options = renderOptions(queryOf(request));
      const record = company.store(entity).get(id);
      if (!record) throw notFound(ENTITY_LABELS[entity]);
      return { success: true, data: recordV2(company, entity, record, options) };
    });
    scope.post(`/${path}`, config('create'), async (request) => {
      const { company, userId } = principalOf(request);
      const record = createRecord(company, entity, request.body, userId, now());
      // A freshly created item reports update_time null (captured v2 add-person response).
      return { success: true, data: { ...recordV2(company, entity, record), update_time: null } };
    });
    scope.patch(`/${path}/:id`, config('update'), async (request) => {
      const { company } = principalOf(request);
      const record = updateRecord(company, entity, idParam(request), request.body, now());
      return { success: true, data: recordV2(company, entity, record) };
    });
    scope.delete(`/${path}/:id`, config('delete'), async (request) => {
      const { company } = principalOf(request);
      const id = idParam(request);
      if (!deleteRecord(company, entity, id, now())) throw notFound(ENTITY_LABELS[entity]);
      return { success: true, data: { id } };
    });
    const fields = (company: PipedriveCompany) =>
      company.fields[entity].map((field) => renderFieldV2(field, entity, labelsOf(company.fields, entity)));
    scope.get(
      `/${entity}Fields`,
      config('fields'),
      fixedList((request) => fields(principalOf(request).company)),
    );
  }
  scope.get(
    '/pipelines',
    config('pipelines'),
    fixedList(() => PIPELINES.map(pipelineJson)),
  );
  scope.get(
    '/stages',
    config('stages'),
    fixedList((request) => {
      const pipelineId = intParam(queryOf(request), 'pipeline_id');
      return STAGES.filter((stage) => pipelineId === undefined || stage.pipelineId === pipelineId).map(stageJson);
    }),
  );
}
