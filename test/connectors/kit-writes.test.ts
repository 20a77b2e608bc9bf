import { describe, expect, it } from 'vitest';

import type { PushOperation, PushResult } from '../../src/connectors/kit/connector.js';
import { ProviderError } from '../../src/connectors/kit/errors.js';
import { withWarnings, writeEach, writeInBatches, type WriteMode, writeOne } from '../../src/connectors/kit/writes.js';

const op = (index: number, id: string | null): PushOperation => ({ index, id, data: {} });
const ok = (o: PushOperation, id = `p${o.index}`): PushResult => ({ index: o.index, success: true, id, errors: [] });

describe('kit write tails', () => {
  it('writes creates then updates in batches of the declared size, results sorted by index', async () => {
    const calls: Array<[WriteMode, number[]]> = [];
    const results = await writeInBatches([op(3, 'a'), op(0, null), op(2, null), op(1, 'b'), op(4, null)], {
      batchSize: { create: 2, update: 5 },
      batch: async (ops, mode) => {
        calls.push([mode, ops.map((o) => o.index)]);
        return ops.map((o) => ok(o)).reverse();
      },
    });
    expect(calls).toEqual([
      ['create', [0, 2]],
      ['create', [4]],
      ['update', [3, 1]],
    ]);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('replays one by one a batch the provider refused whole and wrote nothing of', async () => {
    const results = await writeInBatches([op(0, null), op(1, null)], {
      batchSize: { create: 10, update: 10 },
      batch: () => Promise.reject(new ProviderError('rejected', 'bad batch', 400)),
      one: async (o) => {
        if (o.index === 1) throw new ProviderError('rejected', 'bad email', 400);
        return ok(o);
      },
    });
    expect(results).toEqual([
      { index: 0, success: true, id: 'p0', errors: [] },
      { index: 1, success: false, id: null, errors: ['bad email'], mayHaveApplied: false },
    ]);
  });

  it('answers "outcome unknown" for a transient error that may have reached the provider, and never replays it', async () => {
    let replays = 0;
    const results = await writeInBatches([op(0, 'x')], {
      batchSize: { create: 10, update: 10 },
      batch: () => Promise.reject(new ProviderError('transient', 'socket hang up', null, null, true)),
      one: async (o) => {
        replays++;
        return ok(o);
      },
      extra: () => ({ warnings: ['w'] }),
    });
    expect(replays).toBe(0);
    expect(results).toEqual([
      {
        index: 0,
        success: false,
        id: 'x',
        errors: ['The outcome of this write is unknown (socket hang up); it was not retried, to avoid a duplicate.'],
        mayHaveApplied: true,
        warnings: ['w'],
      },
    ]);
  });

  it('throws what no record can answer for (an authorization that is gone)', async () => {
    await expect(writeEach([op(0, null)], () => Promise.reject(new ProviderError('auth_invalid', 'revoked', 401)))).rejects.toThrow('revoked');
  });

  it('writes one at a time, a few at once, results by index', async () => {
    let running = 0;
    let most = 0;
    const results = await writeEach(
      [op(2, null), op(0, null), op(1, null), op(3, null)],
      async (o) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5 * (4 - o.index)));
        running--;
        return ok(o);
      },
      2,
    );
    expect(most).toBe(2);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it('writes one record by POST or PATCH, and adds the warnings of a mapping to its results', async () => {
    const calls: unknown[] = [];
    const client = {
      request: async (req: unknown) => {
        calls.push(req);
        return { status: 200, headers: {}, body: { data: { id: 41 } } };
      },
    } as never;
    const idOf = (answer: { data: { id: number } }) => answer.data.id;
    expect(await writeOne(client, '/things', op(0, null), { a: 1 }, idOf)).toEqual({ index: 0, success: true, id: '41', errors: [] });
    expect(await writeOne(client, '/things', op(1, 'x/y'), { a: 2 }, idOf)).toEqual({ index: 1, success: true, id: '41', errors: [] });
    expect(calls).toEqual([
      { method: 'POST', path: '/things', json: { a: 1 } },
      { method: 'PATCH', path: '/things/x%2Fy', json: { a: 2 } },
    ]);
    expect(withWarnings([ok(op(0, null)), ok(op(1, null))], (index) => (index === 1 ? ['w'] : []))).toEqual([
      { index: 0, success: true, id: 'p0', errors: [] },
      { index: 1, success: true, id: 'p1', errors: [], warnings: ['w'] },
    ]);
  });
});
