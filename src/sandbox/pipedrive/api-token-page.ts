/**
 * `GET /api-token`: the sandbox's stand-in for Pipedrive's "Personal
 * preferences → API" page (the kit's API-token page, ../shared/api-token-page.ts):
 * a company's API token, for the `x-api-token` header of the v2 API.
 */
import type { FastifyInstance } from 'fastify';

import { type ApiTokenPage, registerApiTokenPage as registerKitPage } from '../shared/api-token-page.js';
import type { PipedriveService } from './service.js';

/** The Pipedrive API-token page. */
export function pipedriveApiTokenPage(service: PipedriveService): ApiTokenPage {
  return {
    provider: 'Pipedrive',
    path: '/api-token',
    intro: "Every sandbox company has one API token. Type the company's account name to see it.",
    header: 'x-api-token',
    apiBase: () => `${service.baseUrl()}/api/v2`,
    open: (accountName) => {
      const company = service.companies.open(accountName);
      if (company === undefined) return { error: service.companies.limitMessage };
      return { token: company.apiToken, detail: { label: 'company domain', value: company.domain } };
    },
  };
}

/** Registers `GET /api-token` and its form post. */
export function registerApiTokenPage(scope: FastifyInstance, service: PipedriveService): void {
  registerKitPage(scope, pipedriveApiTokenPage(service));
}
