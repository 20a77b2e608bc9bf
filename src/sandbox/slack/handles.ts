/**
 * The in-process handle of a Slack sandbox account (a workspace), for tests and the control API: its team, its
 * records by object (as the API renders them; messages posted as the bot through the API's own rules), counters,
 * faults, its rate-limit windows, and bot tokens minted without the consent page.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { BOT_USER_ID, channelId, type SlackObject, type SlackRecord, tsOf } from './records.js';
import { renderChannel, renderMessage, renderUser, type Team } from './render.js';
import { threadOf } from './routes.js';
import type { SlackAccount, SlackService, SlackTokenGrant } from './service.js';

/** The records of one object of one account, as the API renders them. */
export type SlackRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface SlackAccountHandle {
  readonly name: string;
  readonly team: Team;
  readonly users: SlackRecords;
  readonly channels: SlackRecords;
  /** Messages with their channel (`channel`) beside what `conversations.history` shows; created as the bot posts. */
  readonly messages: SlackRecords;
  /** The record id of the live message of a channel (`C…`) with this `ts`, if any. */
  findMessage(channel: string, ts: string): number | undefined;
  /** Edits a message's text as its author would (Slack stamps `edited`). */
  editMessage(id: number, text: string): void;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests in the current window of each tier (`tier:2`) and channel (`post:C…`). */
  rateLimit(): Record<string, number>;
  reset(): void;
  /** Bot tokens do not expire: none is expired (0), as with Slack without token rotation. */
  expireAccessTokens(): number;
  /** Issues a bot token for a client of the sandbox (the first unless named), as `oauth.v2.access` answers it. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): SlackTokenGrant;
}

const readOnly = (what: string) => () => {
  throw new ControlError(400, `${what} are not written through the control API`);
};

function records(account: SlackAccount, object: SlackObject): SlackRecords {
  const store = account.store(object);
  const render = (r: SlackRecord): Record<string, unknown> =>
    object === 'users'
      ? renderUser(r, account.team, true)
      : object === 'channels'
        ? renderChannel(r, account.team, 0)
        : { ...renderMessage(r, account.team, threadOf(account, r)), channel: channelId(r.fields['channel'] as number) };
  return storeRecordsHandle<SlackRecord, Record<string, unknown>>({
    store,
    render,
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create:
      object === 'messages'
        ? (input) => {
            const channel = Number(typeof input['channel'] === 'string' ? input['channel'].replace(/^C/, '') : NaN);
            if (!account.store('channels').live(channel)) throw new ControlError(400, 'channel must be a channel of the workspace (C…)');
            const now = account.now();
            return store.insert((id) => ({
              id,
              createdAt: now,
              updatedAt: now,
              fields: {
                channel,
                user: BOT_USER_ID,
                text: typeof input['text'] === 'string' ? input['text'] : '',
                ts: tsOf(now, id),
                thread_parent: null,
                edited: null,
              },
            }));
          }
        : readOnly(object === 'users' ? 'Users' : 'Channels'),
    update: readOnly(object === 'messages' ? 'Messages (use editMessage)' : object === 'users' ? 'Users' : 'Channels'),
    delete: (id) => store.remove(id),
  });
}

export function handleOf(service: SlackService, account: SlackAccount): SlackAccountHandle {
  const controls = service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes));
  return {
    name: account.key,
    team: account.team,
    users: records(account, 'users'),
    channels: records(account, 'channels'),
    messages: records(account, 'messages'),
    findMessage: (channel, ts) => {
      const at = Number(channel.replace(/^C/, ''));
      for (const m of account.store('messages').scanLive()) if (m.fields['channel'] === at && m.fields['ts'] === ts) return m.id;
      return undefined;
    },
    editMessage: (id, text) => {
      const now = account.now();
      account.store('messages').update(id, (copy) => {
        copy.fields['text'] = text;
        copy.fields['edited'] = { user: copy.fields['user'], ts: tsOf(now, 0) };
      });
    },
    ...controls,
    rateLimit: () => account.usage(),
  };
}
