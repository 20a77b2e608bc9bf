/**
 * API v2 routes: persons, organizations and deals (list, get, create, update, delete, search; archived deals), the
 * Fields API lists, pipelines and stages. Shapes follow the official SDK's v2 models (`GetPersonsResponse`, …).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { notFound } from './errors.js';
import { renderFieldV2 } from './fields.js';
import { listPage, listQuery } from './list.js';
import { pipelineJson, PIPELINES, stageJson, STAGES } from './pipelines.js';
import { idParam, intParam, offsetRequest, queryOf } from './query.js';
import type { EntityType } from './records.js';
import { principalOf, routeConfig } from './request-state.js';
import { searchPage } from './search.js';
import { recordV2, renderOptions } from './serialize.js';
import type { PipedriveService } from './service.js';
import { createRecord, deleteRecord, ENTITY_LABELS, updateRecord } from './writes.js';

const config = (kind: string, search = false) => routeConfig(kind, 'v2', search);

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
    return { success: true, data, additional_data: { next_cursor: page.nextCursor } };
  };
}

/** The v2 objects (entity type, path), each with its list, search, get, create, update, delete and Fields API list. */
const OBJECTS = [
  ['person', 'persons'],
  ['organization', 'organizations'],
  ['deal', 'deals'],
] as const;

/** Registers the v2 routes in a scope prefixed with `/api/v2`. */
export function registerV2Routes(scope: FastifyInstance, service: PipedriveService): void {
  const now = () => service.settings.now();
  /** An offset-paged list of fixed items (fields, pipelines, stages), with the v2 cursor envelope. */
  const fixedList = (path: string, kind: string, items: (request: FastifyRequest) => Array<Record<string, unknown>>) =>
    scope.get(path, config(kind), async (request) => {
      const all = items(request);
      const { items: data, next_cursor } = offsetRequest(queryOf(request))(all);
      return { success: true, data, additional_data: { next_cursor } };
    });
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
    fixedList(`/${entity}Fields`, 'fields', (request) => {
      const { fields } = principalOf(request).company;
      return fields[entity].map((field) => renderFieldV2(fields, entity, field));
    });
  }
  fixedList('/pipelines', 'pipelines', () => PIPELINES.map(pipelineJson));
  fixedList('/stages', 'stages', (request) => {
    const pipelineId = intParam(queryOf(request), 'pipeline_id');
    return STAGES.filter((stage) => pipelineId === undefined || stage.pipelineId === pipelineId).map(stageJson);
  });
}
