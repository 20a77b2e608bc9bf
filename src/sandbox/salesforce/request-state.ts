/**
 * Per-request state of the Salesforce sandbox routes (route kind,
 * authenticated org, outcome), plus small helpers the route files share.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { CountedOutcome } from '../shared/counters.js';
import { requestKind } from '../shared/request-state.js';
import { notFound, type SalesforceApiError, SaveError } from './errors.js';
import type { AccessTokenRecord } from './oauth-store.js';
import type { SalesforceOrg } from './org.js';

/** What the sandbox knows about a request while serving it. */
export interface RequestState {
  kind: string;
  org?: SalesforceOrg;
  token?: AccessTokenRecord;
  outcome: CountedOutcome;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/** The state of a request, created on first use. */
export function stateOf(request: FastifyRequest): RequestState {
  let state = states.get(request);
  if (!state) {
    state = { kind: requestKind(request), outcome: 'served' };
    states.set(request, state);
  }
  return state;
}

/** The authenticated org of an API request. */
export function orgOf(request: FastifyRequest): SalesforceOrg {
  const org = stateOf(request).org;
  if (!org) throw new Error('Salesforce sandbox: API route reached without an authenticated org');
  return org;
}

/** Salesforce's JSON content type. */
export const JSON_TYPE = 'application/json;charset=UTF-8';

/** Sends a Salesforce-shaped error. */
export function sendError(reply: FastifyReply, error: SalesforceApiError | SaveError): FastifyReply {
  const apiError = error instanceof SaveError ? error.toApiError() : error;
  return reply.code(apiError.statusCode).headers(apiError.headers).type(JSON_TYPE).send(apiError.body());
}

/** The oldest version the sandbox serves, and the newest it lists (Summer '26). */
export const MIN_API_VERSION = 20;
export const LATEST_API_VERSION = 67;

/**
 * The version of a `/services/data/vNN.N/…` path as "NN.0".
 * @throws SalesforceApiError 404 NOT_FOUND for anything but v20.0 and later
 */
export function apiVersion(request: FastifyRequest): string {
  const raw = (request.params as { version?: string }).version ?? '';
  const match = /^v(\d{2,3})\.0$/.exec(raw);
  const major = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!(major >= MIN_API_VERSION)) throw notFound();
  return `${major}.0`;
}

/** Salesforce's release label of an API version ("Spring '24" for 60.0). */
export function releaseLabel(major: number): string {
  const index = major - MIN_API_VERSION;
  const season = ['Winter', 'Spring', 'Summer'][((index % 3) + 3) % 3] ?? 'Winter';
  const year = 11 + Math.floor(index / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

/** A list-valued query parameter (`a,b` or repeated). */
export function listParam(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : []))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
