/**
 * The control API skeleton under `/_sandbox` (not part of any provider): lets a
 * test or benchmark in another process inspect and steer an account (records,
 * counters, faults, tokens, reset). Registered only with a control token, and
 * then behind it (see control-auth.ts). Answers are plain JSON; failures are
 * `{ "error": "…" }`, plus the provider's own error body where it declares one.
 * A provider declares what its accounts are called, its summaries, its error
 * body and its record operations (`ControlRecords`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { type FaultSpec, parseFaultSpec } from './faults.js';

/** A control-API failure answered as `{ error }`. */
export class ControlError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.statusCode = statusCode;
  }
}

/** The request body as a JSON object. */
export function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError(400, 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A positive integer parameter, or undefined when absent. */
export function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new ControlError(400, `${name} must be a positive integer`);
  return parsed;
}

/** What the skeleton needs of an account's in-process handle. */
export interface ControlAccountHandle {
  reset(): void;
  counters(): unknown;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): unknown;
  expireAccessTokens(): number;
  issueTokens(options: { clientId?: string; scopes?: string[] }): unknown;
}

/** A provider's record operations; `type` is the record type as given in the path, `body` reads the JSON body. */
export interface ControlRecords<H> {
  list(handle: H, type: string, query: Record<string, unknown>): unknown;
  create(handle: H, type: string, body: () => Record<string, unknown>): unknown;
  get(handle: H, type: string, id: string, query: Record<string, unknown>): unknown;
  update(handle: H, type: string, id: string, body: () => Record<string, unknown>): unknown;
  /** Deletes (archives) a record; throws ControlError 404 when there is no live one. */
  remove(handle: H, type: string, id: string): void;
}

/** What a provider declares for its control API. */
export interface ControlApi<H extends ControlAccountHandle> {
  /** The provider's name in log lines, e.g. "HubSpot". */
  provider: string;
  /** What an account is called in messages, e.g. "org". */
  accountLabel: string;
  /** Path prefixes of an account, e.g. ["/_sandbox/orgs"] (more than one: aliases). */
  bases: string[];
  /** The answer of `GET /_sandbox`. */
  info: () => Record<string, unknown>;
  handle: (name: string) => H;
  summary: (handle: H) => Record<string, unknown>;
  /** The answer for one of the provider's API errors (undefined: not one). */
  apiError: (error: unknown) => { statusCode: number; body: Record<string, unknown> } | undefined;
  /** When true, an API error minting tokens is answered as an API error (otherwise as a 400 `{ error }`). */
  tokensKeepApiErrors?: boolean;
  /** Routes of the provider beyond the skeleton's, under each base. */
  extraRoutes?: (scope: FastifyInstance, base: string, handleOf: (request: FastifyRequest) => H) => void;
  records: ControlRecords<H>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function registerAccountRoutes<H extends ControlAccountHandle>(scope: FastifyInstance, api: ControlApi<H>, base: string): void {
  const handleOf = (request: FastifyRequest): H => {
    const { account } = request.params as { account: string };
    if (account.trim() === '') throw new ControlError(400, `The ${api.accountLabel} name must not be empty`);
    return api.handle(account);
  };
  const params = (request: FastifyRequest): { type: string; id: string } => request.params as { type: string; id: string };
  const query = (request: FastifyRequest): Record<string, unknown> => (request.query ?? {}) as Record<string, unknown>;
  const path = `${base}/:account`;

  scope.get(path, async (request) => api.summary(handleOf(request)));
  scope.post(`${path}/reset`, async (request) => {
    const handle = handleOf(request);
    handle.reset();
    return api.summary(handle);
  });
  scope.get(`${path}/counters`, async (request) => handleOf(request).counters());
  scope.post(`${path}/counters/reset`, async (request, reply) => {
    handleOf(request).resetCounters();
    return reply.code(204).send();
  });
  scope.post(`${path}/faults`, async (request) => {
    const handle = handleOf(request);
    let spec;
    try {
      spec = parseFaultSpec(request.body);
    } catch (error) {
      throw new ControlError(400, message(error));
    }
    handle.injectFault(spec);
    return { pending: handle.pendingFaults() };
  });
  scope.delete(`${path}/faults`, async (request) => {
    const handle = handleOf(request);
    handle.clearFaults();
    return { pending: handle.pendingFaults() };
  });
  scope.post(`${path}/expire-tokens`, async (request) => ({ expired: handleOf(request).expireAccessTokens() }));
  scope.post(`${path}/tokens`, async (request) => {
    const body = jsonBody(request);
    const options: { clientId?: string; scopes?: string[] } = {};
    if (typeof body['clientId'] === 'string') options.clientId = body['clientId'];
    if (Array.isArray(body['scopes'])) options.scopes = body['scopes'].filter((s): s is string => typeof s === 'string');
    try {
      return handleOf(request).issueTokens(options);
    } catch (error) {
      if (api.tokensKeepApiErrors === true && api.apiError(error) !== undefined) throw error;
      throw new ControlError(400, message(error));
    }
  });
  api.extraRoutes?.(scope, path, handleOf);

  const { records } = api;
  scope.get(`${path}/:type`, async (request) => records.list(handleOf(request), params(request).type, query(request)));
  scope.post(`${path}/:type`, async (request, reply) => {
    const created = records.create(handleOf(request), params(request).type, () => jsonBody(request));
    return reply.code(201).send(created);
  });
  scope.get(`${path}/:type/:id`, async (request) => records.get(handleOf(request), params(request).type, params(request).id, query(request)));
  scope.patch(`${path}/:type/:id`, async (request) =>
    records.update(handleOf(request), params(request).type, params(request).id, () => jsonBody(request)),
  );
  scope.delete(`${path}/:type/:id`, async (request, reply) => {
    records.remove(handleOf(request), params(request).type, params(request).id);
    return reply.code(204).send();
  });
}

/** Registers a provider's control API. */
export function registerControlApi<H extends ControlAccountHandle>(scope: FastifyInstance, api: ControlApi<H>): void {
  scope.setErrorHandler((error: unknown, request, reply: FastifyReply) => {
    if (error instanceof ControlError) return reply.code(error.statusCode).send({ error: error.message });
    const rendered = api.apiError(error);
    if (rendered) return reply.code(rendered.statusCode).send(rendered.body);
    if (error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    request.log.error({ err: error }, `${api.provider} sandbox control API: unexpected error`);
    return reply.code(500).send({ error: message(error) });
  });
  scope.get('/_sandbox', async () => api.info());
  for (const base of api.bases) registerAccountRoutes(scope, api, base);
}
