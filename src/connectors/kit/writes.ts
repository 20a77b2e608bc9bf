/**
 * The write tails every connector shares: creates then updates, batches by a declared size, a batch the provider
 * refused whole (and wrote nothing of) replayed one record at a time, the "outcome unknown" answer for a transient
 * error, and results returned in input order (sorted once, here).
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from './connector.js';
import { ProviderError } from './errors.js';
import type { ProviderClient } from './http.js';

export type WriteMode = 'create' | 'update';

/** Results in the order of their operations' indexes. */
export function byIndex(results: PushResult[]): PushResult[] {
  return results.sort((a, b) => a.index - b.index);
}

/** The error a write cannot answer for one record (not a provider's answer, or the whole connection is unusable). */
function fatal(e: unknown): e is Error {
  return !(e instanceof ProviderError) || e.kind === 'auth_invalid' || e.kind === 'quota_exhausted';
}

/** Creates (POST `path`) or updates (PATCH, or PUT where the provider wants it, `path/<id>`) one record; its id is `idOf` the provider's answer. */
export async function writeOne<B>(
  client: ProviderClient,
  path: string,
  op: PushOperation,
  body: Record<string, unknown>,
  idOf: (answer: B) => unknown,
  update: 'PATCH' | 'PUT' = 'PATCH',
) {
  const res = await client.request<B>(
    op.id === null ? { method: 'POST', path, json: body } : { method: update, path: `${path}/${encodeURIComponent(op.id)}`, json: body },
  );
  return { index: op.index, success: true, id: asText(idOf(res.body)), errors: [] as string[] };
}

/** Results with the warnings of their operations' mapping (when there are any). */
export function withWarnings(results: PushResult[], warningsOf: (index: number) => string[]): PushResult[] {
  return results.map((r) => (warningsOf(r.index).length ? { ...r, warnings: warningsOf(r.index) } : r));
}

/** One record's failure for a provider error; a transient one that may have reached the provider is "unknown". */
export function failureOf(op: PushOperation, e: unknown, extra: { warnings?: string[] } = {}): PushResult {
  if (fatal(e)) throw e;
  const err = e as ProviderError;
  const unknown = err.kind === 'transient' && err.mayHaveReachedProvider;
  return {
    index: op.index,
    success: false,
    id: op.id,
    errors: [unknown ? `The outcome of this write is unknown (${err.message}); it was not retried, to avoid a duplicate.` : err.message],
    mayHaveApplied: err.mayHaveReachedProvider,
    ...extra,
  };
}

/** Writes records one at a time (`send` returns the result of one), `concurrency` at once; results by index. */
export async function writeEach(ops: PushOperation[], send: (op: PushOperation) => Promise<PushResult>, concurrency = 1): Promise<PushResult[]> {
  const results: PushResult[] = [];
  const queue = [...ops];
  const worker = async (): Promise<void> => {
    for (let op = queue.shift(); op; op = queue.shift()) {
      try {
        results.push(await send(op));
      } catch (e) {
        results.push(failureOf(op, e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  return byIndex(results);
}

export interface BatchWriter {
  /** The most records one batch request takes, by mode (the manifest's `batchSize`). */
  batchSize: { create: number; update: number };
  /** Sends one batch and pairs the provider's answer with its operations. */
  batch: (ops: PushOperation[], mode: WriteMode) => Promise<PushResult[]>;
  /** Writes one record alone, to find the faulty ones of a batch the provider refused whole; absent: no replay. */
  one?: (op: PushOperation, mode: WriteMode) => Promise<PushResult>;
  /** What to add to every result of an operation (the warnings of its mapping). */
  extra?: (op: PushOperation) => { warnings?: string[] };
}

/** Creates, then updates, in batches of the declared size; a failed batch's tail as above; results by index. */
export async function writeInBatches(ops: PushOperation[], writer: BatchWriter): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const mode of ['create', 'update'] as const) {
    const todo = ops.filter((op) => (op.id === null) === (mode === 'create'));
    for (let i = 0; i < todo.length; i += writer.batchSize[mode]) {
      const chunk = todo.slice(i, i + writer.batchSize[mode]);
      try {
        results.push(...(await writer.batch(chunk, mode)));
      } catch (e) {
        const one = writer.one;
        if (one && e instanceof ProviderError && e.kind === 'rejected' && !e.mayHaveReachedProvider) {
          results.push(...(await writeEach(chunk, (op) => one(op, mode))));
        } else {
          results.push(...chunk.map((op) => failureOf(op, e, writer.extra?.(op))));
        }
      }
    }
  }
  return byIndex(results);
}
