/** Strict query-parameter readers for API v2 (Pipedrive validates query parameters like bodies). */
import type { FastifyRequest } from 'fastify';

import { jsonObject } from '../shared/objects-routes.js';
import { decodeOffsetCursor, encodeOffsetCursor, slicePage } from '../shared/paging.js';
import { type Query, queryParams } from '../shared/params.js';
import { validationFailed } from './errors.js';
import { parseRfc3339 } from './records.js';

export type { Query } from '../shared/params.js';

export const {
  string: stringParam,
  int: intParam,
  bool: boolParam,
  list: listParam,
  oneOf: enumParam,
  listOf: listOfParam,
} = queryParams((name, reason) => validationFailed(name, reason));

/** A request's query parameters. */
export const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Query;

/** An RFC 3339 timestamp parameter (no fractional seconds). */
export function timeParam(query: Query, name: string): number | undefined {
  const text = stringParam(query, name);
  if (text === undefined) return undefined;
  const ms = parseRfc3339(text);
  if (ms === undefined) throw validationFailed(name, `'${text}' is not a valid datetime`);
  return ms;
}

/** The page size: default 100, at most 500 (above answers 400; Pipedrive documents 500 as the maximum). */
export function limitParam(query: Query): number {
  return intParam(query, 'limit', { min: 1, max: 500 }) ?? 100;
}

/** A v1 page (`start`, `limit` up to 500) and its `additional_data.pagination` given whether more items follow. */
export function v1Paging(query: Query) {
  const start = intParam(query, 'start', { min: 0 }) ?? 0;
  const limit = Math.min(intParam(query, 'limit', { min: 1 }) ?? 100, 500);
  const pagination = (more: boolean) => ({ start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) });
  return { start, limit, pagination };
}

/**
 * Reads an offset-cursor page request (`cursor`, `limit`; search results, fields, pipelines, stages): what cuts the page
 * out of the items, with its v2 `next_cursor` (null on the last page).
 */
export function offsetRequest(query: Query) {
  const limit = limitParam(query);
  const cursorText = stringParam(query, 'cursor');
  const offset = cursorText === undefined ? 0 : decodeOffsetCursor(cursorText);
  if (offset === undefined) throw validationFailed('cursor', 'Invalid cursor');
  return <T>(all: readonly T[]) => {
    const page = slicePage(all, offset, limit);
    return { items: page.items, next_cursor: page.nextOffset === undefined ? null : encodeOffsetCursor(page.nextOffset) };
  };
}

/** A record id path parameter (digits). */
export function idParam(request: FastifyRequest): number {
  const { id } = request.params as { id: string };
  if (!/^\d{1,15}$/.test(id)) throw validationFailed('id', 'must be an integer');
  return Number(id);
}

/** A write's JSON object body. */
export const bodyObject = (request: FastifyRequest) => jsonObject(request.body, () => validationFailed('body', 'must be a JSON object'));
