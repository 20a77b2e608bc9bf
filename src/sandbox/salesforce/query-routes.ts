/**
 * `GET /query?q=SOQL`, `GET /queryAll?q=SOQL` and their continuations
 * `GET /query/{locator}-{offset}` (REST API Developer Guide, "Query",
 * "QueryAll", "Execute a SOQL Query").
 *
 * Results come in batches of 2,000 records; the `Sforce-Query-Options:
 * batchSize=N` request header asks for 200–2,000 (values outside are clamped;
 * Salesforce documents the bounds and that the size is not guaranteed).
 * `nextRecordsUrl` is present only while `done` is false. A query with OFFSET
 * returns only its first batch (SOQL and SOSL Reference, "OFFSET"). COUNT()
 * answers `{totalSize: n, done: true, records: []}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { routeKind } from '../shared/request-state.js';
import { apiError, invalidQueryLocator } from './errors.js';
import type { SalesforceOrg } from './org.js';
import type { QueryCursor } from './query-cursor.js';
import { apiVersion, JSON_TYPE, orgOf } from './request-state.js';
import { bothSlashes } from './rest-routes.js';
import type { JsonObject } from './serialize.js';
import { type CompiledQuery, compileSoql } from './soql-compile.js';
import { projectRow, runQuery } from './soql-exec.js';
import { parseSoql } from './soql-parser.js';

/** Default, smallest and largest query batch sizes. */
export const BATCH_SIZE = { default: 2000, min: 200, max: 2000 } as const;

/** The batch size a request asks for with `Sforce-Query-Options: batchSize=N`, clamped, if any. */
export function requestedBatchSize(request: FastifyRequest): number | undefined {
  const header = request.headers['sforce-query-options'];
  const text = Array.isArray(header) ? header.join(',') : header;
  const match = typeof text === 'string' ? /batchSize\s*=\s*(\d+)/i.exec(text) : null;
  if (match?.[1] === undefined) return undefined;
  return Math.min(BATCH_SIZE.max, Math.max(BATCH_SIZE.min, Number(match[1])));
}

function rows(org: SalesforceOrg, query: CompiledQuery, numbers: readonly number[], version: string): JsonObject[] {
  const result: JsonObject[] = [];
  for (const num of numbers) {
    const row = projectRow(org, query, num, version);
    if (row) result.push(row);
  }
  return result;
}

/** One page of a result: `{totalSize, done, nextRecordsUrl?, records}`. */
function page(org: SalesforceOrg, cursor: QueryCursor, offset: number, batchSize: number, version: string): JsonObject {
  const end = Math.min(cursor.numbers.length, offset + batchSize);
  const done = end >= cursor.numbers.length;
  const body: JsonObject = { totalSize: cursor.numbers.length, done };
  if (!done) body['nextRecordsUrl'] = `/services/data/v${version}/query/${cursor.locator}-${end}`;
  body['records'] = rows(org, cursor.query, cursor.numbers.slice(offset, end), version);
  if (done) org.cursors.close(cursor.locator);
  return body;
}

function startQuery(scanAll: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const version = apiVersion(request);
    const org = orgOf(request);
    const q = (request.query as Record<string, unknown>)['q'];
    const soql: unknown = Array.isArray(q) ? q[q.length - 1] : q;
    if (typeof soql !== 'string' || soql.trim() === '') throw apiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const query = compileSoql(parseSoql(soql), org.now());
    const outcome = runQuery(org, query, scanAll);
    reply.type(JSON_TYPE);
    if (outcome.kind === 'count') return reply.send({ totalSize: outcome.total, done: true, records: [] });
    if (outcome.kind === 'aggregate') return reply.send({ totalSize: 1, done: true, records: [outcome.row] });
    const batchSize = requestedBatchSize(request) ?? BATCH_SIZE.default;
    if (query.offset !== undefined) {
      const records = rows(org, query, outcome.numbers.slice(0, batchSize), version);
      return reply.send({ totalSize: records.length, done: true, records });
    }
    const cursor: QueryCursor = { locator: org.nextLocator(), query, scanAll, numbers: outcome.numbers, batchSize, lastUsed: org.now() };
    if (outcome.numbers.length > batchSize) org.cursors.open(cursor);
    return reply.send(page(org, cursor, 0, batchSize, version));
  };
}

async function continueQuery(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const version = apiVersion(request);
  const org = orgOf(request);
  const { locator } = request.params as { locator: string };
  const match = /^(.+)-(\d+)$/.exec(locator);
  const cursor = match?.[1] === undefined ? undefined : org.cursors.use(match[1]);
  const offset = Number(match?.[2] ?? NaN);
  if (!cursor || !(offset >= 0) || offset > cursor.numbers.length) throw invalidQueryLocator();
  const batchSize = requestedBatchSize(request) ?? cursor.batchSize;
  return reply.type(JSON_TYPE).send(page(org, cursor, offset, batchSize, version));
}

/** Registers the query routes. */
export function registerQueryRoutes(scope: FastifyInstance): void {
  for (const url of bothSlashes('/services/data/:version/query')) scope.get(url, routeKind('query'), startQuery(false));
  for (const url of bothSlashes('/services/data/:version/queryAll')) scope.get(url, routeKind('query-all'), startQuery(true));
  scope.get('/services/data/:version/query/:locator', routeKind('query-more'), continueQuery);
  scope.get('/services/data/:version/queryAll/:locator', routeKind('query-more'), continueQuery);
}
