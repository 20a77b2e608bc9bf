import type { TransfersTable, TransferStatus } from '../db/schema.js';
import type { Condition } from '../model/filter.js';
import type { TransferWebhooks } from '../webhooks/index.js';

/** The stored values the rest of Weft names through this owner. */
export type { TransferStatus };

/** What a pull transfer was asked to do (stored with it). */
export interface PullRequestOptions {
  associations: string[];
  synchronous: boolean;
  bypass_rate_limit: boolean;
  params: Record<string, unknown> | unknown[] | null;
  /** `params`, checked and normalised (null: no filter). */
  filter?: Condition[] | null;
  /** Return only what changed since the session's last complete pull (the session's `sync` option). */
  sync?: boolean;
  /** The session schema's key (endgrate_type or title) the sync baseline is kept under. */
  schema_key?: string;
  /** Other names of the schema (its endgrate_type, its title) that data pages accept besides its key. */
  names?: string[];
  /** The provider resource (an endgrate_type) behind a schema whose key is not one (a title). */
  resource?: string;
  /** The webhooks the transfer reports to (the transfer's own, else the session's); absent when none. */
  webhooks?: TransferWebhooks;
}

/** What a push transfer was asked to do (stored with it). */
export interface PushRequestOptions {
  synchronous: boolean;
  bypass_rate_limit: boolean;
  /** Items in transfer_data, valid or not. */
  total: number;
  /** Items that passed validation and wait in transfer_inputs. */
  valid: number;
  /** Other names of the schema (its endgrate_type, its title) that data pages accept besides its key. */
  names?: string[];
  /** The provider resource (an endgrate_type) behind a schema whose key is not one (a title). */
  resource?: string;
  /** The webhooks the transfer reports to (the transfer's own, else the session's); absent when none. */
  webhooks?: TransferWebhooks;
}

/** The position of a pull: the provider cursor of the next page, stored with every page. */
export interface PullCheckpoint {
  cursor: string | null;
  pages: number;
  /** A sync pull's conclusion (deletions, new baseline) is stored. */
  concluded?: boolean;
}

/** The position of a push: the next input to send, and the batch in flight, if one was being sent. */
export interface PushCheckpoint {
  nextSeq: number;
  inflight: number[] | null;
  /** When the batch in flight was sent (epoch ms), for settling its writes if its answer is lost. */
  sentAt?: number;
}

/** A pushed item waiting in transfer_inputs. */
/** A record associated with a pushed item (`associations` of a transfer_data item), by one of the three. */
export interface AssociatedInput {
  id?: string;
  internal_id?: string;
  data?: Record<string, unknown>;
}

export interface PushInput {
  index: number;
  id: string | null;
  internal_id: string | null;
  data: Record<string, unknown>;
  /** Associated records by session schema key (e.g. the company of a contact). */
  associations?: Record<string, AssociatedInput[]>;
}

export type Transfer = TransfersTable;

export function isFinished(t: Pick<Transfer, 'status'>): boolean {
  return t.status === 'completed' || t.status === 'failed';
}
