/**
 * The v1 leads routes (leads.ts): `GET /leads` (not archived) and `GET /leads/archived` with offset paging
 * (`start`, `limit` ≤ 500) and the filters `owner_id`, `person_id`, `organization_id` and (not archived) `updated_since`,
 * sorted by id; `GET/PATCH/DELETE /leads/{id}` by UUID; `POST /leads` (201); `GET /leadLabels`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { wholeSeconds } from '../shared/records-seed.js';
import { notFound } from './errors.js';
import { LEAD_LABELS, leadChanges, leadLabelV1, leadNumber, type LeadRecord, leadUuid, leadV1 } from './leads.js';
import { v1Page } from './list.js';
import { bodyObject, intParam, type Query, timeParam } from './query.js';
import { principalOf, routeConfig } from './request-state.js';
import type { PipedriveService } from './service.js';

/** Registers the v1 leads routes in a scope prefixed with `/v1` or `/api/v1`. */
export function registerLeadRoutes(scope: FastifyInstance, service: PipedriveService): void {
  const config = (kind: string) => routeConfig(kind, 'v1');
  const list = (archived: boolean) => async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const query = (request.query ?? {}) as Query;
    const owner = intParam(query, 'owner_id');
    const person = intParam(query, 'person_id');
    const org = intParam(query, 'organization_id');
    const since = archived ? undefined : timeParam(query, 'updated_since');
    const keep = (l: LeadRecord) =>
      l.isArchived === archived &&
      (owner === undefined || l.ownerId === owner) &&
      (person === undefined || l.personId === person) &&
      (org === undefined || l.orgId === org) &&
      (since === undefined || l.updateTime >= since);
    const { items, pagination } = v1Page(company.leads, query, 'leads', keep);
    return { success: true, data: items.map((l) => leadV1(company.companyId, l)), additional_data: { pagination } };
  };
  const numberOf = (request: FastifyRequest) => {
    const { company } = principalOf(request);
    return leadNumber(company.companyId, (request.params as { id: string }).id);
  };
  scope.get('/leads', config('list'), list(false));
  scope.get('/leads/archived', config('list'), list(true));
  scope.get('/leads/:id', config('get'), async (request) => {
    const { company } = principalOf(request);
    const lead = company.leads.live(numberOf(request));
    if (!lead) throw notFound('Lead');
    return { success: true, data: leadV1(company.companyId, lead) };
  });
  scope.post('/leads', config('create'), async (request, reply) => {
    const { company, userId } = principalOf(request);
    const now = wholeSeconds(service.settings.now());
    const changes = leadChanges(company, bodyObject(request), undefined);
    const lead = company.leads.insert((id): LeadRecord => ({
      id,
      title: '',
      ownerId: userId,
      creatorId: userId,
      labelIds: [],
      personId: null,
      orgId: null,
      sourceName: 'API',
      origin: 'API',
      originId: null,
      isArchived: false,
      wasSeen: false,
      value: null,
      expectedCloseDate: null,
      visibleTo: '3',
      ...changes,
      addTime: now,
      updateTime: now,
    }));
    reply.code(201);
    return { success: true, data: leadV1(company.companyId, lead) };
  });
  scope.patch('/leads/:id', config('update'), async (request) => {
    const { company } = principalOf(request);
    const id = numberOf(request);
    const current = company.leads.live(id);
    if (!current) throw notFound('Lead');
    const changes = leadChanges(company, bodyObject(request), current);
    const lead = company.leads.update(id, (copy) => Object.assign(copy, changes, { updateTime: wholeSeconds(service.settings.now()) }));
    return { success: true, data: leadV1(company.companyId, lead) };
  });
  scope.delete('/leads/:id', config('delete'), async (request) => {
    const { company } = principalOf(request);
    const id = numberOf(request);
    if (!company.leads.remove(id)) throw notFound('Lead');
    return { success: true, data: { id: leadUuid(company.companyId, id) } };
  });
  scope.get('/leadLabels', config('list'), async () => ({ success: true, data: LEAD_LABELS.map(leadLabelV1) }));
}
