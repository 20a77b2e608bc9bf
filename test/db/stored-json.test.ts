/**
 * The decoding of stored JSON columns (src/lib/stored-json.ts and the owners' decoders): a stored value of its
 * column's shape comes back as it was written, extra properties kept; text that is not JSON, or not of the shape,
 * fails with a StoredDataError naming the column, and through HTTP as an internal error, never read as something else.
 */
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StoredDataError, storedJson } from '../../src/lib/stored-json.js';
import { decodeProviders } from '../../src/sessions/provider-lists.js';
import type { PullRequestOptions, PushInput, PushRequestOptions } from '../../src/transfers/model.js';
import { decodePushInput, pullCheckpointOf, pullRequestOf, pushCheckpointOf, pushRequestOf, requestOf } from '../../src/transfers/stored.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const INTERNAL = { success: false, code: 'WEFT_ERR_INTERNAL', message: 'Internal server error.', errors: {} };

function failure(f: () => unknown): StoredDataError {
  try {
    f();
  } catch (e) {
    if (e instanceof StoredDataError) return e;
    throw e;
  }
  throw new Error('no StoredDataError');
}

describe('storedJson', () => {
  const decode = storedJson('things.body', Type.Object({ n: Type.Integer(), tags: Type.Array(Type.String()) }));

  it('gives back a value of the shape, extra properties kept', () => {
    expect(decode('{"n":3,"tags":["a"],"later":true}')).toEqual({ n: 3, tags: ['a'], later: true });
  });

  it('fails on text that is not JSON, naming the column', () => {
    const e = failure(() => decode('{"n":'));
    expect(e.column).toBe('things.body');
    expect(e.message).toBe('The stored things.body is corrupt: not JSON');
    expect(e.code).toBe('WEFT_STORED_DATA_CORRUPT');
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });

  it('fails on JSON of another shape, naming the first problem, and converts nothing', () => {
    expect(failure(() => decode('{"n":"3","tags":[]}')).message).toBe('The stored things.body is corrupt: /n must be integer');
    expect(failure(() => decode('{"n":3}')).message).toBe("The stored things.body is corrupt: / must have required property 'tags'");
    expect(failure(() => decode('null')).problem).toBe('/ must be object');
  });
});

describe("the transfers' decoders", () => {
  const pull: PullRequestOptions = {
    associations: ['crm-company'],
    synchronous: false,
    bypass_rate_limit: true,
    params: { first_name: 'Ada' },
    filter: [{ field: 'first_name', op: 'eq', value: 'Ada' } as never],
    names: ['crm-contact', 'Contact'],
    webhooks: { data: { url: 'https://example.com/data', metadata: {} }, concurrent: true },
  };
  const push: PushRequestOptions = { synchronous: true, bypass_rate_limit: false, total: 3, valid: 2, resource: 'crm-contact' };

  it('reads each method’s request, by the transfer’s method', () => {
    expect(pullRequestOf({ request: JSON.stringify(pull) })).toEqual(pull);
    expect(pushRequestOf({ request: JSON.stringify(push) })).toEqual(push);
    expect(requestOf({ method: 'IMPORT', request: JSON.stringify(pull) })).toEqual(pull);
    expect(requestOf({ method: 'EXPORT', request: JSON.stringify(push) })).toEqual(push);
  });

  it('refuses a request of the other method, or a corrupt one', () => {
    expect(failure(() => requestOf({ method: 'EXPORT', request: JSON.stringify(pull) })).message).toBe(
      "The stored transfers.request is corrupt: / must have required property 'total'",
    );
    expect(failure(() => pullRequestOf({ request: JSON.stringify({ ...pull, webhooks: { data: { url: 7 } } }) })).message).toBe(
      "The stored transfers.request is corrupt: /webhooks/data must have required property 'metadata'",
    );
  });

  it('starts from the beginning without a checkpoint, and reads a stored one', () => {
    expect(pullCheckpointOf({ checkpoint: null })).toEqual({ cursor: null, pages: 0 });
    expect(pushCheckpointOf({ checkpoint: null })).toEqual({ nextSeq: 0, inflight: null });
    expect(pullCheckpointOf({ checkpoint: '{"cursor":"c2","pages":2,"concluded":true}' })).toEqual({ cursor: 'c2', pages: 2, concluded: true });
    expect(pushCheckpointOf({ checkpoint: '{"nextSeq":4,"inflight":[4,5],"sentAt":17}' })).toEqual({ nextSeq: 4, inflight: [4, 5], sentAt: 17 });
    expect(failure(() => pushCheckpointOf({ checkpoint: '{"nextSeq":4,"inflight":"4"}' })).column).toBe('transfers.checkpoint');
  });

  it('reads a pushed input with its associations', () => {
    const input: PushInput = { index: 0, id: null, internal_id: 'i-1', data: { first_name: 'Ada' }, associations: { 'crm-company': [{ id: '9' }] } };
    expect(decodePushInput(JSON.stringify(input))).toEqual(input);
    expect(failure(() => decodePushInput('{"index":0,"id":null,"data":{}}')).message).toBe(
      "The stored transfer_inputs.body is corrupt: / must have required property 'internal_id'",
    );
  });

  it('reads a provider list', () => {
    expect(decodeProviders('["hubspot","salesforce"]')).toEqual(['hubspot', 'salesforce']);
    expect(failure(() => decodeProviders('["hubspot",3]')).message).toBe('The stored provider_lists.providers is corrupt: /1 must be string');
  });
});

describeEachDialect('a corrupt stored column, through HTTP', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { worker: false });
  });
  afterAll(async () => h?.close());

  it('answers an internal error for a transfer whose request is corrupt, and reads it again once mended', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'stored-json');
    const id: string = (await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } })).body
      .transfer_id;
    const db = h.services.database.db;
    const { request } = await db.selectFrom('transfers').select('request').where('id', '=', id).executeTakeFirstOrThrow();
    await db.updateTable('transfers').set({ request: '{"synchronous":"no"}' }).where('id', '=', id).execute();
    const res = await h.api('GET', `/api/statistics?transfer_id=${id}`, { key: null });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
    await db.updateTable('transfers').set({ request }).where('id', '=', id).execute();
    const mended = await h.api('GET', `/api/statistics?transfer_id=${id}`, { key: null });
    expect(mended.status).toBe(200);
    expect(mended.body.transfer_id).toBe(id);
  });

  it('answers an internal error for a session whose schemas are corrupt', async () => {
    const sessionId = (await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } })).body.session_id;
    await h.connect(sessionId, 'stored-json-session');
    await h.services.database.db.updateTable('sessions').set({ schemas: '[{"key":7}]' }).where('id', '=', sessionId).execute();
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sessionId, endgrate_type: 'crm-contact' } });
    expect(res.status).toBe(500);
    expect(res.body).toEqual(INTERNAL);
  });
});
