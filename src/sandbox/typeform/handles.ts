/**
 * The in-process handle of a Typeform sandbox account, for tests and the control API: its owner's personal access
 * token, its forms (as `GET /forms/{form_id}` renders them) and responses (as the responses list renders them; a
 * response is submitted to a form through `create`, its answers drawn unless given), counters, faults and its request
 * window.
 */
import { ControlError } from '../shared/control-routes.js';
import type { CounterSnapshot } from '../shared/counters.js';
import type { FaultSpec } from '../shared/faults.js';
import { createRng, hashString } from '../shared/prng.js';
import { type CursorRecordsHandle, storeRecordsHandle } from '../shared/records-control.js';
import { type AnswerValue, drawAnswers, formNumberOf, responseNumberOf, templateOf, TEMPLATES, tokenOf, type TypeformRecord } from './records.js';
import { fullForm, renderResponse } from './render.js';
import type { TypeformAccount, TypeformService, TypeformTokenGrant } from './service.js';

/** The records of one object of one account, as the API renders them. */
export type TypeformRecords = CursorRecordsHandle<Record<string, unknown>>;

export interface TypeformAccountHandle {
  readonly name: string;
  /** The owner's personal access token (sent as `Authorization: Bearer <token>`). */
  readonly personalAccessToken: string;
  readonly forms: TypeformRecords;
  /** Responses; `create({form_id, answers?})` submits one now (answers by question `ref`, drawn when not given). */
  readonly responses: TypeformRecords;
  /** A response's token (its `response_id`) from its record number, and back (undefined for a token of no response). */
  tokenOf(id: number): string;
  responseNumberOf(token: string): number | undefined;
  counters(): CounterSnapshot;
  resetCounters(): void;
  injectFault(spec: FaultSpec): void;
  clearFaults(): void;
  pendingFaults(): number;
  /** Requests left in the account's current window, and its limit. */
  rateLimit(): { limit: number; remaining: number; enforced: boolean };
  /** Back to the seed. */
  reset(): void;
  /** Expires the account's OAuth access tokens (personal access tokens do not expire); how many. */
  expireAccessTokens(): number;
  /** Issues OAuth tokens for a client of the sandbox (the first unless named), as the token endpoint answers them. */
  issueTokens(options?: { clientId?: string; scopes?: string[] }): TypeformTokenGrant;
}

const readOnly = (what: string) => () => {
  throw new ControlError(400, `${what} are not written through the control API`);
};

/** Submits a response to a form now: the answers given (by question ref), or drawn for the form's template. */
function submit(account: TypeformAccount, input: Record<string, unknown>): TypeformRecord {
  const formId = typeof input['form_id'] === 'string' ? input['form_id'] : '';
  const n = formNumberOf(formId);
  const form = n === undefined ? undefined : account.store('forms').live(n);
  if (!form) throw new ControlError(404, `No form ${formId}`);
  if (account.writes.exhausted) throw new ControlError(402, 'The sandbox account has reached its limit of created records');
  const store = account.store('responses');
  const now = account.now();
  const template = TEMPLATES.indexOf(templateOf(form));
  const answers =
    input['answers'] !== undefined
      ? (input['answers'] as Record<string, AnswerValue>)
      : drawAnswers(createRng(hashString(`${account.key}:${store.countLive()}:${now}`)), template, store.countLive(), now);
  return store.insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields: { form: form.id, landedAt: now - 60_000, answers } }));
}

function records(service: TypeformService, account: TypeformAccount, object: 'forms' | 'responses'): TypeformRecords {
  const store = account.store(object);
  return storeRecordsHandle<TypeformRecord, Record<string, unknown>>({
    store,
    render: (r) => (object === 'forms' ? fullForm(account, r, service.baseUrl()) : renderResponse(account, r)),
    page: (limit, cursor) => {
      const page = store.page(limit, cursor === undefined ? undefined : Number(cursor));
      return { ids: page.records.map((r) => r.id), nextCursor: page.nextAfter === undefined ? null : String(page.nextAfter) };
    },
    create: object === 'responses' ? (input) => submit(account, input) : readOnly(object),
    update: readOnly(object),
    delete: (id) => store.remove(id),
  });
}

export function handleOf(service: TypeformService, account: TypeformAccount): TypeformAccountHandle {
  const limit = service.settings.rateLimit;
  return {
    name: account.key,
    personalAccessToken: account.personalAccessToken,
    forms: records(service, account, 'forms'),
    responses: records(service, account, 'responses'),
    tokenOf: (id) => tokenOf(account.key, id),
    responseNumberOf: (token) => responseNumberOf(account.key, token),
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes)),
    rateLimit: () => ({ limit: limit.max, remaining: Math.max(0, limit.max - account.usage.used()), enforced: limit.enforce }),
  };
}
