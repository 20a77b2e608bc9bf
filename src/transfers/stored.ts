/**
 * The one decoding of the transfers' stored JSON columns (`transfers.request`, `transfers.checkpoint`,
 * `transfers.money_totals`, `transfer_inputs.body`): each is parsed here only, and checked at run time against the shape written by this
 * owner (a corrupt row fails with a `StoredDataError`, never read as something else). Routes, pages and engines get
 * typed objects from these decoders.
 */
import { Type } from '@sinclair/typebox';

import { storedJson } from '../lib/stored-json.js';
import type { Condition } from '../model/filter.js';
import type { MoneyTotals } from '../model/money.js';
import { DECIMAL_PATTERN } from '../model/schemas/shared.js';
import type { TransferWebhooks } from '../webhooks/index.js';
import type { PullCheckpoint, PullRequestOptions, PushCheckpoint, PushInput, PushRequestOptions, Transfer } from './model.js';

const Target = Type.Object({ url: Type.String(), metadata: Type.Record(Type.String(), Type.Unknown()) });
const Webhooks = Type.Unsafe<TransferWebhooks>(
  Type.Object({
    data: Type.Optional(Target),
    completed: Type.Optional(Target),
    error: Type.Optional(Target),
    concurrent: Type.Optional(Type.Boolean()),
  }),
);
/** Conditions were checked against the schema when the transfer was created; here each must be an object. */
const Conditions = Type.Unsafe<Condition[]>(Type.Array(Type.Object({})));
const Names = Type.Optional(Type.Array(Type.String()));

const PullRequest = Type.Object({
  associations: Type.Array(Type.String()),
  synchronous: Type.Boolean(),
  bypass_rate_limit: Type.Boolean(),
  params: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Array(Type.Unknown()), Type.Null()]),
  filter: Type.Optional(Type.Union([Conditions, Type.Null()])),
  sync: Type.Optional(Type.Boolean()),
  schema_key: Type.Optional(Type.String()),
  names: Names,
  resource: Type.Optional(Type.String()),
  webhooks: Type.Optional(Webhooks),
});

const PushRequest = Type.Object({
  synchronous: Type.Boolean(),
  bypass_rate_limit: Type.Boolean(),
  total: Type.Integer({ minimum: 0 }),
  valid: Type.Integer({ minimum: 0 }),
  names: Names,
  resource: Type.Optional(Type.String()),
  webhooks: Type.Optional(Webhooks),
});

const PullCheckpointSchema = Type.Object({
  cursor: Type.Union([Type.String(), Type.Null()]),
  pages: Type.Integer({ minimum: 0 }),
  concluded: Type.Optional(Type.Boolean()),
});

const PushCheckpointSchema = Type.Object({
  nextSeq: Type.Integer({ minimum: 0 }),
  inflight: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
  sentAt: Type.Optional(Type.Number()),
});

const Data = Type.Record(Type.String(), Type.Unknown());
const Associated = Type.Object({ id: Type.Optional(Type.String()), internal_id: Type.Optional(Type.String()), data: Type.Optional(Data) });
const PushInputSchema = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  id: Type.Union([Type.String(), Type.Null()]),
  internal_id: Type.Union([Type.String(), Type.Null()]),
  data: Data,
  associations: Type.Optional(Type.Record(Type.String(), Type.Array(Associated))),
});

// Each decoder is annotated with the owner's declared type, so TypeScript checks the schema against it.
const pullRequest: (text: string) => PullRequestOptions = storedJson('transfers.request', PullRequest);
const pushRequest: (text: string) => PushRequestOptions = storedJson('transfers.request', PushRequest);
const pullCheckpoint: (text: string) => PullCheckpoint = storedJson('transfers.checkpoint', PullCheckpointSchema);
const pushCheckpoint: (text: string) => PushCheckpoint = storedJson('transfers.checkpoint', PushCheckpointSchema);
const pushInput: (text: string) => PushInput = storedJson('transfer_inputs.body', PushInputSchema);

/** What a pull transfer was asked to do. */
export function pullRequestOf(t: Pick<Transfer, 'request'>): PullRequestOptions {
  return pullRequest(t.request);
}

/** What a push transfer was asked to do. */
export function pushRequestOf(t: Pick<Transfer, 'request'>): PushRequestOptions {
  return pushRequest(t.request);
}

/** What a transfer was asked to do, by its method. */
export function requestOf(t: Pick<Transfer, 'method' | 'request'>): PullRequestOptions | PushRequestOptions {
  return t.method === 'IMPORT' ? pullRequest(t.request) : pushRequest(t.request);
}

/** Where a pull stands (from its first page when it has not stored one). */
export function pullCheckpointOf(t: Pick<Transfer, 'checkpoint'>): PullCheckpoint {
  return t.checkpoint ? pullCheckpoint(t.checkpoint) : { cursor: null, pages: 0 };
}

/** Where a push stands (from its first input when it has not sent one). */
export function pushCheckpointOf(t: Pick<Transfer, 'checkpoint'>): PushCheckpoint {
  return t.checkpoint ? pushCheckpoint(t.checkpoint) : { nextSeq: 0, inflight: null };
}

const moneyTotals: (text: string) => MoneyTotals = storedJson(
  'transfers.money_totals',
  Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Type.String({ pattern: DECIMAL_PATTERN })),
);

/** The value of a transfer's records by currency, or null for a type not worth money (or nothing summed yet). */
export function moneyTotalsOf(t: Pick<Transfer, 'money_totals'>): MoneyTotals | null {
  return t.money_totals === null ? null : moneyTotals(t.money_totals);
}

/** A pushed item as stored in transfer_inputs. */
export function decodePushInput(body: string): PushInput {
  return pushInput(body);
}
