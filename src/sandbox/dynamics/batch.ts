/**
 * `POST /api/data/v9.2/$batch`: a `multipart/mixed` body of up to 1,000 requests, each an `application/http` part
 * run as the Web API would run it alone, in order; a part that is itself `multipart/mixed` is a change set, whose
 * writes succeed or fail together (a failed one rolls back those before it and answers alone, as one
 * `application/http` part). Without `Prefer: odata.continue-on-error` the batch stops at its first failure and takes
 * that failure's status; with it every request runs and the batch answers 200. `$n` in a change set names the row its
 * request `Content-ID: n` created (in the URL, or as a bind's value). A body the fake cannot read as a batch is a 400
 * of its own. See https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api
 * and OData 4.0 Part 1 §11.7.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import {
  boundaryOf,
  type HttpMessage,
  MultipartError,
  parseHttpMessage,
  parseMultipart,
  renderHttpMessage,
  renderMultipart,
} from '../shared/multipart-mixed.js';
import { DataverseError } from './errors.js';
import type { Row } from './model.js';

/** Most requests one batch may carry. */
export const MAX_BATCH_REQUESTS = 1000;
const API_PATH = '/api/data/v9.2/';

/** One request of a batch, as its part has it (its URL relative to the Web API's root). */
export interface PartRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** What a part's request answered. */
export interface PartResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How the batch runs its parts against the org: each request, and the table row a write will touch (for a rollback). */
export interface BatchRunner {
  apiRoot: string;
  run(request: PartRequest): Promise<PartResponse>;
  /** The table of a path naming one row (`contacts(<id>)`), and that row's id; undefined for any other path. */
  rowOf(path: string): { table: Map<string, Row>; id: string } | undefined;
  /** The table a create at this path writes to. */
  tableOf(path: string): Map<string, Row> | undefined;
}

const malformed = (message: string) => new DataverseError(400, '0x80048d19', `The $batch request is malformed: ${message}`);
const undeclared = (ref: string) => malformed(`Content-ID Reference: '$${ref}' does not exist in the batch context.`);

/** Takes `multipart/mixed` bodies as text (a batch of up to 1,000 requests may be large). */
export function registerBatchParser(api: FastifyInstance): void {
  api.addContentTypeParser(/^multipart\/mixed/i, { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => {
    done(null, typeof body === 'string' ? body : body.toString('utf8'));
  });
}

interface Planned {
  contentId: string | undefined;
  message: HttpMessage;
}
type Item = { kind: 'request'; request: Planned } | { kind: 'changeset'; requests: Planned[] };

/** The requests of a batch body: single ones and change sets, checked before anything runs. */
function plan(body: string, boundary: string): Item[] {
  const items: Item[] = [];
  let count = 0;
  const request = (headers: Record<string, string>, content: string, where: string): Planned => {
    if (!/^application\/http\b/i.test(headers['content-type'] ?? '')) {
      throw malformed(`${where} has Content-Type '${headers['content-type'] ?? ''}'; a request is an application/http part`);
    }
    const message = parseHttpMessage(content);
    if (!/^[A-Z]+ \S+( HTTP\/1\.[01])?$/.test(message.startLine)) throw malformed(`${where} starts with '${message.startLine}', not a request line`);
    count++;
    return { contentId: headers['content-id'], message };
  };
  parseMultipart(body, boundary).forEach((part, i) => {
    const inner = boundaryOf(part.headers['content-type']);
    if (inner === undefined) {
      items.push({ kind: 'request', request: request(part.headers, part.content, `Part ${i + 1}`) });
      return;
    }
    const declared = new Set<string>();
    const requests = parseMultipart(part.content, inner).map((p, j) => {
      if (boundaryOf(p.headers['content-type']) !== undefined)
        throw malformed(`change set ${i + 1} holds another multipart part; change sets do not nest`);
      const planned = request(p.headers, p.content, `Request ${j + 1} of change set ${i + 1}`);
      if (planned.message.startLine.startsWith('GET ')) throw malformed(`change set ${i + 1} holds a GET; change sets hold writes only`);
      // A reference names a request declared before it in the same change set.
      const target = planned.message.startLine.split(' ')[1] ?? '';
      const refs = [/^\$(\d+)/.exec(target)?.[1], ...[...planned.message.body.matchAll(/"\$(\d+)"/g)].map((m) => m[1])];
      for (const ref of refs) if (ref !== undefined && !declared.has(ref)) throw undeclared(ref);
      if (planned.contentId !== undefined) declared.add(planned.contentId);
      return planned;
    });
    items.push({ kind: 'changeset', requests });
  });
  if (count > MAX_BATCH_REQUESTS) throw malformed(`it holds ${count} requests; a batch holds at most ${MAX_BATCH_REQUESTS}`);
  return items;
}

/** A request line's target as a path under the Web API's root, `$n` replaced by the row request n created. */
function partPath(target: string, apiRoot: string, refs: ReadonlyMap<string, string>): string {
  const ref = /^\$(\d+)(.*)$/.exec(target);
  if (ref) {
    const url = refs.get(ref[1] as string);
    if (url === undefined) throw undeclared(ref[1] as string);
    return `${url.slice(apiRoot.length + 1)}${ref[2] ?? ''}`;
  }
  const at = target.indexOf(API_PATH);
  if (at >= 0) return target.slice(at + API_PATH.length);
  if (!target.startsWith('/') && !/^[a-z]+:/i.test(target)) return target;
  throw malformed(`'${target}' is not a URL of this Web API`);
}

/** A part's JSON body with every `"$n"` value (a bind to a row created earlier in the change set) made that row's URL. */
function partBody(text: string, refs: ReadonlyMap<string, string>, apiRoot: string): unknown {
  if (text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw Object.assign(new DataverseError(400, '0x80048d19', 'Error identified in Payload provided by the user: the body is not valid JSON.'), {
      cause: error,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return parsed;
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([k, v]) => {
      const ref = typeof v === 'string' ? /^\$(\d+)$/.exec(v) : null;
      if (!ref) return [k, v];
      const url = refs.get(ref[1] as string);
      if (url === undefined) throw undeclared(ref[1] as string);
      return [k, `/${url.slice(apiRoot.length + 1)}`];
    }),
  );
}

function toRequest(message: HttpMessage, apiRoot: string, refs: ReadonlyMap<string, string>): PartRequest {
  const [method = '', target = ''] = message.startLine.split(' ');
  const full = partPath(target, apiRoot, refs);
  const q = full.indexOf('?');
  const path = q < 0 ? full : full.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(full.slice(q + 1)));
  return { method, path, query, headers: message.headers, body: partBody(message.body, refs, apiRoot) };
}

/** A part of the answer: the response as an HTTP message, with the request's Content-ID. */
function answerPart(response: PartResponse, contentId: string | undefined) {
  const headers: Array<[string, string]> = [
    ['Content-Type', 'application/http'],
    ['Content-Transfer-Encoding', 'binary'],
  ];
  if (contentId !== undefined) headers.push(['Content-ID', contentId]);
  const own: Array<[string, string]> = [['OData-Version', '4.0']];
  const entity = response.headers['odata-entityid'];
  if (entity !== undefined) own.push(['Location', entity], ['OData-EntityId', entity]);
  for (const name of ['content-type', 'preference-applied', 'etag']) {
    const value = response.headers[name];
    if (value !== undefined) own.push([name.replace(/(^|-)([a-z])/g, (m) => m.toUpperCase()), value]);
  }
  const status = `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trimEnd();
  return { headers, content: `${renderHttpMessage(status, own, response.body)}\r\n` };
}

/** Undoes a change set's writes, last first. */
function rollback(undo: Array<{ table: Map<string, Row>; id: string; before: Row | undefined }>): void {
  for (const { table, id, before } of undo.reverse()) {
    if (before === undefined) table.delete(id);
    else table.set(id, before);
  }
}

const failed = (r: PartResponse) => r.status >= 400;

export async function executeBatch(runner: BatchRunner, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const boundary = boundaryOf(request.headers['content-type']);
  if (boundary === undefined) throw malformed('its Content-Type must be multipart/mixed with a boundary (multipart/mixed; boundary=batch_<id>)');
  let items: Item[];
  try {
    items = plan(typeof request.body === 'string' ? request.body : '', boundary);
  } catch (error) {
    if (error instanceof MultipartError) throw Object.assign(malformed(error.message), { cause: error });
    throw error;
  }
  const prefer = request.headers['prefer'];
  const continueOnError = /odata\.continue-on-error/i.test(Array.isArray(prefer) ? prefer.join(',') : (prefer ?? ''));
  const parts: Array<{ headers: ReadonlyArray<readonly [string, string]>; content: string }> = [];
  let status = 200;
  const run = async (planned: Planned, refs: ReadonlyMap<string, string>): Promise<{ request?: PartRequest; response: PartResponse }> => {
    let part: PartRequest;
    try {
      part = toRequest(planned.message, runner.apiRoot, refs);
    } catch (error) {
      // A body that is no JSON, or a reference to a request that created nothing, fails its request.
      if (!(error instanceof DataverseError)) throw error;
      return {
        response: {
          status: error.statusCode,
          headers: { 'content-type': 'application/json; odata.metadata=minimal' },
          body: JSON.stringify(error.body()),
        },
      };
    }
    return { request: part, response: await runner.run(part) };
  };
  for (const item of items) {
    if (item.kind === 'request') {
      const { response } = await run(item.request, new Map());
      parts.push(answerPart(response, item.request.contentId));
      if (failed(response) && !continueOnError) {
        status = response.status;
        break;
      }
      continue;
    }
    const refs = new Map<string, string>();
    const undo: Array<{ table: Map<string, Row>; id: string; before: Row | undefined }> = [];
    const answers: Array<ReturnType<typeof answerPart>> = [];
    let failure: { response: PartResponse; contentId: string | undefined } | undefined;
    for (const planned of item.requests) {
      const [method = '', target = ''] = planned.message.startLine.split(' ');
      // What the write will touch, read before it runs.
      let touched: { table: Map<string, Row>; id: string; before: Row | undefined } | undefined;
      if (method !== 'POST') {
        try {
          const one = runner.rowOf(partPath(target, runner.apiRoot, refs).split('?')[0] as string);
          if (one) touched = { ...one, before: one.table.get(one.id) };
        } catch (error) {
          if (!(error instanceof DataverseError)) throw error;
          // The request itself answers for a path it cannot name.
        }
      }
      const { request: part, response } = await run(planned, refs);
      if (failed(response)) {
        failure = { response, contentId: planned.contentId };
        break;
      }
      const entity = response.headers['odata-entityid'];
      if (planned.contentId !== undefined && entity !== undefined) refs.set(planned.contentId, entity);
      if (touched) undo.push(touched);
      else if (method === 'POST' && entity !== undefined && part) {
        const table = runner.tableOf(part.path);
        const id = /\(([0-9a-f-]{36})\)$/.exec(entity)?.[1];
        if (table && id) undo.push({ table, id, before: undefined });
      }
      answers.push(answerPart(response, planned.contentId));
    }
    if (failure) {
      rollback(undo);
      parts.push(answerPart(failure.response, failure.contentId));
      if (!continueOnError) {
        status = failure.response.status;
        break;
      }
      continue;
    }
    const inner = `changesetresponse_${randomUUID()}`;
    parts.push({ headers: [['Content-Type', `multipart/mixed; boundary=${inner}`]], content: renderMultipart(inner, answers) });
  }
  const outer = `batchresponse_${randomUUID()}`;
  return reply.code(status).header('OData-Version', '4.0').type(`multipart/mixed; boundary=${outer}`).send(renderMultipart(outer, parts));
}
