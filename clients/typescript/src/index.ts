/**
 * Weft's TypeScript client: the typed openapi-fetch client made from Weft's OpenAPI document (`api`), plus a thin
 * layer for what every program does with it: errors as `WeftApiError`, waiting for a transfer, reading every record
 * of a pull page by page, and pull and push in one call each.
 */
import createClient, { type Client } from 'openapi-fetch';

import type { operations, paths } from './schema.js';

export type { components, operations, paths, webhooks } from './schema.js';

/** The JSON body an operation answers with the given status. */
export type ResponseBody<
  Op extends keyof operations,
  Status extends keyof operations[Op]['responses'],
> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

type AnswerOf<Op> = Op extends { responses: infer R } ? R[keyof R] : never;
type JsonOf<Answer> = Answer extends { content: { 'application/json': infer Body } } ? Body : never;

/** Every error answer of the API: `{ success: false, code, message, errors }`. */
export type WeftErrorBody = Extract<JsonOf<AnswerOf<operations[keyof operations]>>, { success: false; code: string }>;
/** The stable error codes the document lists (docs/errors.md). */
export type WeftErrorCode = WeftErrorBody['code'];

/** The answer of `GET /api/statistics`: the transfer's state and its figures by `endgrate_type`. */
export type TransferStatistics = ResponseBody<'getApiStatistics', 200>;
/** One record of a pull, as `GET /api/pull/data` gives it (`id`, `data`, and `associations` when asked). */
export type PullRecord = ResponseBody<'getApiPullData', 200>['transfer_data'][number];
/** The body of `POST /api/pull/transfer`, but for the session, the type and `synchronous` (the client waits itself). */
export type PullOptions = Omit<
  NonNullable<operations['postApiPullTransfer']['requestBody']>['content']['application/json'],
  'session_id' | 'endgrate_type' | 'synchronous'
>;
/** The same for `POST /api/push/transfer`. */
export type PushOptions = Omit<
  NonNullable<operations['postApiPushTransfer']['requestBody']>['content']['application/json'],
  'session_id' | 'endgrate_type' | 'synchronous' | 'transfer_data'
>;

/** One item to push: the record in the common model, and the caller's own id to find its result by. */
export interface PushItem {
  data: Record<string, unknown>;
  /** The caller's id of the record, given back in its result. */
  internal_id?: string;
  /** The provider's id of a record to update. */
  id?: string;
  /** Associated records by `endgrate_type`. */
  associations?: Record<string, { id?: string; internal_id?: string; data?: Record<string, unknown> }[]>;
}

/** What became of one pushed item (`GET /api/push/data`). */
export interface PushItemResult {
  /** The provider's id of the record written, or null when it was not. */
  id: string | null;
  internal_id: string | null;
  /** The item's position in what was pushed. */
  index: number;
  success: boolean;
  errors: string[];
}

export interface PushResult {
  transferId: string;
  /** One result per pushed item, in the order they were pushed. */
  results: PushItemResult[];
}

/** An error answer from Weft (or, with `code` null, an answer that is not Weft's error shape, such as a proxy's). */
export class WeftApiError extends Error {
  override readonly name = 'WeftApiError';
  constructor(
    readonly status: number,
    /** Weft's stable code (`WEFT_ERR_…`); a newer server may answer codes this client does not list. */
    readonly code: WeftErrorCode | (string & {}) | null,
    message: string,
    /** The problem by field (a JSON pointer into the body, or a query parameter). */
    readonly errors: Record<string, string>,
  ) {
    super(message);
  }

  /** The error an answer carries. */
  static from(response: Response, body: unknown): WeftApiError {
    if (isErrorBody(body)) return new WeftApiError(response.status, body.code, body.message, body.errors);
    return new WeftApiError(response.status, null, `Weft answered ${response.status} ${response.statusText}`.trim(), {});
  }
}

/** A transfer that ended in the `failed` state (its errors are at `GET /api/errors?transfer_id=…`). */
export class WeftTransferFailedError extends Error {
  override readonly name = 'WeftTransferFailedError';
  constructor(readonly statistics: TransferStatistics) {
    super(statistics.transfer_id ? `Transfer ${statistics.transfer_id} failed` : 'The transfer failed');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isErrorBody(body: unknown): body is { code: string; message: string; errors: Record<string, string> } {
  return (
    isRecord(body) &&
    body['success'] === false &&
    typeof body['code'] === 'string' &&
    typeof body['message'] === 'string' &&
    isRecord(body['errors']) &&
    Object.values(body['errors']).every((v) => typeof v === 'string')
  );
}

function isPushItemResult(value: unknown): value is PushItemResult {
  return (
    isRecord(value) &&
    (typeof value['id'] === 'string' || value['id'] === null) &&
    (typeof value['internal_id'] === 'string' || value['internal_id'] === null) &&
    typeof value['index'] === 'number' &&
    typeof value['success'] === 'boolean' &&
    Array.isArray(value['errors']) &&
    value['errors'].every((e) => typeof e === 'string')
  );
}

/**
 * The data of an openapi-fetch answer, or its error as a WeftApiError. A request cut short by `signal` rejects with
 * the signal's reason, whichever part of it (sending, reading the body) was under way.
 */
async function ok<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>, signal?: AbortSignal): Promise<T> {
  const { data, error, response } = await pending.catch((e: unknown) => {
    throw signal?.aborted ? signal.reason : e;
  });
  if (error !== undefined || data === undefined || !response.ok) throw WeftApiError.from(response, error ?? data);
  return data;
}

/** Waits `ms`, or rejects with the signal's reason when it is aborted first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface WeftClientOptions {
  /** Where Weft answers, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** A project's API key (`weft_live_…` or `weft_test_…`). */
  apiKey: string;
  /** The fetch to use (the global one by default). */
  fetch?: typeof globalThis.fetch;
}

export interface WaitOptions {
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Between two looks at the statistics. @defaultValue 500 */
  intervalMs?: number;
  /** Gives up after this long (rejects with a `TimeoutError`). @defaultValue no limit */
  timeoutMs?: number;
}

export interface PageOptions {
  /** Records per request, 1 to 250. @defaultValue 250 */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface WeftClient {
  /** The typed client of every endpoint (openapi-fetch): `api.GET('/api/errors', { params: { query: … } })`. */
  api: Client<paths>;
  /** Polls `GET /api/statistics` until the transfer is finished (completed or failed) and returns its statistics. */
  waitForTransfer(transferId: string, options?: WaitOptions): Promise<TransferStatistics>;
  /** Every record of a finished pull, read through `GET /api/pull/data` page by page. */
  records(endgrateType: string, transferId: string, options?: PageOptions): AsyncGenerator<PullRecord, void, undefined>;
  /** Starts a pull, waits for it, and returns its transfer id; throws WeftTransferFailedError when it failed. */
  pull(sessionId: string, endgrateType: string, options?: PullOptions & WaitOptions): Promise<string>;
  /** `pull` then `records`: every record the session's provider has of the type. */
  pullRecords(
    sessionId: string,
    endgrateType: string,
    options?: PullOptions & WaitOptions & PageOptions,
  ): AsyncGenerator<PullRecord, void, undefined>;
  /** Starts a push, waits for it, and returns what became of each item (`GET /api/push/data`). */
  push(sessionId: string, endgrateType: string, items: PushItem[], options?: PushOptions & WaitOptions & PageOptions): Promise<PushResult>;
}

const PAGE_SIZE = 250;
type PageQuery = operations['getApiPullData']['parameters']['query'];
type DataPage<T> = { transfer_data: T[]; meta: { next?: { offset: number } } };

export function createWeftClient(options: WeftClientOptions): WeftClient {
  const api = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: options.fetch,
  });

  async function waitForTransfer(transferId: string, wait: WaitOptions = {}): Promise<TransferStatistics> {
    const signals = [wait.signal, wait.timeoutMs === undefined ? undefined : AbortSignal.timeout(wait.timeoutMs)].filter((s) => s !== undefined);
    const signal = AbortSignal.any(signals);
    for (;;) {
      signal.throwIfAborted();
      const stats = await ok(api.GET('/api/statistics', { params: { query: { transfer_id: transferId } }, signal }), signal);
      if (stats.completed) return stats;
      await sleep(wait.intervalMs ?? 500, signal);
    }
  }

  /** Every page of `/api/pull/data` or `/api/push/data` (as `read` asks for one), in order. */
  async function* pages<T>(read: (query: PageQuery) => Promise<DataPage<T>>, endgrateType: string, transferId: string, page: PageOptions) {
    const limit = page.pageSize ?? PAGE_SIZE;
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const body = await read({ endgrate_type: endgrateType, transfer_id: transferId, limit, offset });
      yield body.transfer_data;
      offset = body.transfer_data.length > 0 ? body.meta.next?.offset : undefined;
    }
  }

  async function* records(endgrateType: string, transferId: string, page: PageOptions = {}): AsyncGenerator<PullRecord, void, undefined> {
    const read = (query: PageQuery) => ok(api.GET('/api/pull/data', { params: { query }, signal: page.signal }), page.signal);
    for await (const items of pages(read, endgrateType, transferId, page)) yield* items;
  }

  /** Waits for a transfer the client started, and throws WeftTransferFailedError when it failed. */
  async function finished(transferId: string, wait: WaitOptions): Promise<string> {
    const stats = await waitForTransfer(transferId, wait);
    if (stats.status === 'failed') throw new WeftTransferFailedError(stats);
    return transferId;
  }

  async function pull(sessionId: string, endgrateType: string, options: PullOptions & WaitOptions = {}): Promise<string> {
    const { signal, intervalMs, timeoutMs, ...body } = options;
    const started = await ok(
      api.POST('/api/pull/transfer', { body: { ...body, session_id: sessionId, endgrate_type: endgrateType }, signal }),
      signal,
    );
    return finished(started.transfer_id, { signal, intervalMs, timeoutMs });
  }

  async function* pullRecords(
    sessionId: string,
    endgrateType: string,
    options: PullOptions & WaitOptions & PageOptions = {},
  ): AsyncGenerator<PullRecord, void, undefined> {
    const { pageSize, ...rest } = options;
    const transferId = await pull(sessionId, endgrateType, rest);
    yield* records(endgrateType, transferId, { pageSize, signal: rest.signal });
  }

  async function push(
    sessionId: string,
    endgrateType: string,
    items: PushItem[],
    options: PushOptions & WaitOptions & PageOptions = {},
  ): Promise<PushResult> {
    const { signal, intervalMs, timeoutMs, pageSize, ...body } = options;
    const started = await ok(
      api.POST('/api/push/transfer', {
        body: { ...body, session_id: sessionId, endgrate_type: endgrateType, transfer_data: items },
        signal,
      }),
      signal,
    );
    const transferId = await finished(started.transfer_id, { signal, intervalMs, timeoutMs });
    const results: PushItemResult[] = [];
    const read = (query: PageQuery) => ok(api.GET('/api/push/data', { params: { query }, signal }), signal);
    for await (const page of pages(read, endgrateType, transferId, { pageSize, signal })) {
      for (const item of page) {
        if (!isPushItemResult(item)) throw new Error(`Weft answered a push result of an unexpected shape: ${JSON.stringify(item)}`);
        results.push(item);
      }
    }
    return { transferId, results };
  }

  return { api, waitForTransfer, records, pull, pullRecords, push };
}
