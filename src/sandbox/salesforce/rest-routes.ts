/**
 * The REST API's discovery resources: the version list (`GET /services/data/`,
 * no authentication), the resources of a version, `/limits`, and the describe
 * resources (`/sobjects`, `/sobjects/{type}`, `/sobjects/{type}/describe`).
 *
 * `/limits` reports `DailyApiRequests {Max, Remaining}` from the org's
 * rolling-24-hour usage, and a few other allocations with a Developer
 * Edition's fixed values (REST API Developer Guide, "Limits", example body).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { describeGlobal, describeSObject, sobjectInfo } from './describe.js';
import { notFound } from './errors.js';
import { apiVersion, JSON_TYPE, LATEST_API_VERSION, MIN_API_VERSION, orgOf, releaseLabel } from './request-state.js';
import { sobjectByName, type SObjectDef } from './schema.js';
import { DEFAULT_DAILY_API_LIMIT, type SalesforceService } from './service.js';

/** Registers `url` and `url/` (Salesforce accepts both). */
export function bothSlashes(url: string): string[] {
  return [url, `${url}/`];
}

/** The exposed type named by the `:type` path parameter. @throws SalesforceApiError 404 */
export function sobjectParam(request: FastifyRequest): SObjectDef {
  const def = sobjectByName((request.params as { type?: string }).type ?? '');
  if (!def) throw notFound();
  return def;
}

/** The version list: every version from v20.0 to the latest, oldest first. */
export function versionList(): Array<{ label: string; url: string; version: string }> {
  const versions = [];
  for (let major = MIN_API_VERSION; major <= LATEST_API_VERSION; major += 1) {
    versions.push({ label: releaseLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  return versions;
}

function resources(service: SalesforceService, request: FastifyRequest): Record<string, string> {
  const version = apiVersion(request);
  const org = orgOf(request);
  const base = `/services/data/v${version}`;
  const named = [
    'tooling',
    'metadata',
    'eclair',
    'folders',
    'tabs',
    'appMenu',
    'quickActions',
    'queryAll',
    'commerce',
    'wave',
    'analytics',
    'search',
  ];
  const result: Record<string, string> = {};
  for (const name of named) result[name] = `${base}/${name}`;
  result['identity'] = service.identityUrl(org);
  for (const name of [
    'composite',
    'parameterizedSearch',
    'theme',
    'recent',
    'connect',
    'limits',
    'process',
    'query',
    'jobs',
    'sobjects',
    'actions',
    'support',
  ]) {
    result[name] = `${base}/${name}`;
  }
  return result;
}

function limits(service: SalesforceService, request: FastifyRequest): Record<string, { Max: number; Remaining: number }> {
  const org = orgOf(request);
  const max = service.settings.dailyApiLimit ?? DEFAULT_DAILY_API_LIMIT;
  const fixed = (value: number): { Max: number; Remaining: number } => ({ Max: value, Remaining: value });
  return {
    ConcurrentAsyncGetReportInstances: fixed(200),
    ConcurrentSyncReportRuns: fixed(20),
    DailyApiRequests: { Max: max, Remaining: Math.max(0, max - org.usage.used()) },
    DailyAsyncApexExecutions: fixed(250_000),
    DailyBulkApiBatches: fixed(15_000),
    DailyBulkV2QueryFileStorageMB: fixed(976_562),
    DailyBulkV2QueryJobs: fixed(10_000),
    DailyGenericStreamingApiEvents: fixed(10_000),
    DailyStreamingApiEvents: fixed(10_000),
    DailyWorkflowEmails: fixed(390),
    DataStorageMB: fixed(5),
    FileStorageMB: fixed(20),
    HourlyAsyncReportRuns: fixed(1_200),
    HourlyDashboardRefreshes: fixed(200),
    HourlyDashboardResults: fixed(5_000),
    HourlyDashboardStatuses: fixed(999_999_999),
    HourlyODataCallout: fixed(20_000),
    HourlySyncReportRuns: fixed(500),
    HourlyTimeBasedWorkflow: fixed(50),
    MassEmail: fixed(10),
    SingleEmail: fixed(15),
  };
}

/** Registers the version list (outside the authenticated scope). */
export function registerVersionRoutes(scope: FastifyInstance): void {
  for (const url of bothSlashes('/services/data')) {
    scope.get(url, routeKind('versions'), async (_request, reply) => reply.type(JSON_TYPE).send(versionList()));
  }
}

/** Registers the authenticated discovery resources. */
export function registerRestRoutes(scope: FastifyInstance, service: SalesforceService): void {
  for (const url of bothSlashes('/services/data/:version')) {
    scope.get(url, routeKind('resources'), async (request, reply) => reply.type(JSON_TYPE).send(resources(service, request)));
  }
  for (const url of bothSlashes('/services/data/:version/limits')) {
    scope.get(url, routeKind('limits'), async (request, reply) => reply.type(JSON_TYPE).send(limits(service, request)));
  }
  for (const url of bothSlashes('/services/data/:version/sobjects')) {
    scope.get(url, routeKind('describe-global'), async (request, reply) => reply.type(JSON_TYPE).send(describeGlobal(apiVersion(request))));
  }
  for (const url of bothSlashes('/services/data/:version/sobjects/:type/describe')) {
    scope.get(url, routeKind('describe'), async (request, reply) =>
      reply.type(JSON_TYPE).send(describeSObject(sobjectParam(request), apiVersion(request))),
    );
  }
  for (const url of bothSlashes('/services/data/:version/sobjects/:type')) {
    scope.get(url, routeKind('sobject-info'), async (request, reply) =>
      reply.type(JSON_TYPE).send(sobjectInfo(sobjectParam(request), apiVersion(request))),
    );
  }
}
