/**
 * Slack's writes: a message is posted as the app's bot with `chat.postMessage` (JSON `{channel, text, thread_ts}`),
 * one per request, in its channel or as a reply in a thread; its id is then `{channel}:{ts}`. A message already in
 * Slack is not edited through Weft (an update is refused). A post is never resent: it may have reached Slack.
 */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { MESSAGE, messageId } from './mapping.js';
import { call, type SlackDecl } from './pull.js';

/** Concurrent posts in one batch: one, as Slack takes about a message a second per channel. */
const WRITE_CONCURRENCY = 1;

async function writeOne(client: ProviderClient, op: PushOperation): Promise<PushResult> {
  const mapped = MESSAGE.write(op.data, undefined);
  const warnings = [...mapped.warnings];
  const refuse = (errors: string[]) => ({
    index: op.index,
    success: false,
    id: op.id,
    errors,
    mayHaveApplied: false,
    ...(warnings.length ? { warnings } : {}),
  });
  if (op.id !== null) return refuse(['Slack messages are posted, not edited, through Weft: push new messages without an id']);
  if (typeof mapped.body['channel'] !== 'string') mapped.errors.unshift('A Slack message needs the channel (channel_id) to post it in');
  if (typeof mapped.body['text'] !== 'string') mapped.errors.push('A Slack message needs its text');
  if (mapped.errors.length) return refuse(mapped.errors);
  const body: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) body[k] = v;
  try {
    const res = await call<{ ts?: unknown; channel?: unknown }>(client, 'chat.postMessage', body as Record<string, string>, true);
    const channel = typeof res.channel === 'string' ? res.channel : String(body['channel']);
    return { index: op.index, success: true, id: messageId(channel, String(res.ts)), errors: [], ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    return failureOf(op, e, warnings.length ? { warnings } : {});
  }
}

export function write(client: ProviderClient, _object: SlackDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeOne(client, op), WRITE_CONCURRENCY);
}
