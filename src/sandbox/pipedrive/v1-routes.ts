/**
 * API v1 routes, at `/v1` (the SDK's default base) and `/api/v1` (under an OAuth `api_domain`): field lists (offset
 * paging, v1 `Field`), `GET /users` (unpaged) and `/users/me`. v1 persons/organizations are out of support since
 * 2026-08-01, so not served.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { slicePage } from '../shared/paging.js';
import type { CompanyUser, PipedriveCompany } from './company.js';
import { renderFieldV1 } from './fields.js';
import { queryOf, v1Paging } from './query.js';
import { ANSWERS, type EntityType, fromTemplate } from './records.js';
import { principalOf, routeConfig } from './request-state.js';

const config = (kind: string) => routeConfig(kind, 'v1');

function fields(entity: EntityType) {
  return async (request: FastifyRequest) => {
    const { company } = principalOf(request);
    const { start, limit, pagination } = v1Paging(queryOf(request));
    const page = slicePage(company.fields[entity], start, limit);
    const data = page.items.map((field, index) => renderFieldV1(company.fields, entity, field, start + index, company.admin.id));
    return { success: true, data, additional_data: { pagination: pagination(page.nextOffset !== undefined) } };
  };
}

/** Registers the v1 routes in a scope prefixed with `/v1` or `/api/v1`. */
export function registerV1Routes(scope: FastifyInstance): void {
  for (const entity of ['person', 'organization', 'deal'] as const) scope.get(`/${entity}Fields`, config('fields-v1'), fields(entity));
  // Every user of the company at once: v1 lists users without paging.
  scope.get('/users', config('users'), async (request) => {
    const { company, userId } = principalOf(request);
    return { success: true, data: company.users.map((user) => userV1(company, user, user.id === userId)) };
  });
  scope.get('/users/me', config('users-me'), async (request) => {
    const { company, userId } = principalOf(request);
    const user = company.users.find((candidate) => candidate.id === userId) ?? company.admin;
    return { success: true, data: currentUserV1(company, user) };
  });
}

/** A user as `GET /v1/users` lists it (v1 `BaseUser`); `you`: the user the token acts for. */
function userV1(company: PipedriveCompany, user: CompanyUser, you: boolean): Record<string, unknown> {
  const access = [{ app: 'sales', admin: user.isAdmin, permission_set_id: `${company.companyId}-sales` }];
  return fromTemplate(ANSWERS.userV1, { id: user.id, name: user.name, email: user.email, has_created_company: user.isAdmin, access, is_you: you });
}

/** `GET /v1/users/me` data (v1 `BaseUser` plus the company fields of `GetCurrentUserResponse`). */
function currentUserV1(company: PipedriveCompany, user: CompanyUser): Record<string, unknown> {
  return {
    ...userV1(company, user, true),
    ...fromTemplate(ANSWERS.currentUserV1, {
      company_id: company.companyId,
      company_name: company.key.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase()),
      company_domain: company.domain,
    }),
  };
}
