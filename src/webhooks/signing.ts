/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): each delivery carries `webhook-id`,
 * `webhook-timestamp` (unix seconds of the attempt) and `webhook-signature` = `v1,` + base64 of
 * HMAC-SHA256(`${id}.${timestamp}.${body}`), keyed by the base64-decoded part of the project secret after `whsec_`.
 * Receivers verify with any Standard Webhooks library (e.g. the `standardwebhooks` npm package) and the secret.
 */
import { createHmac } from 'node:crypto';

const PREFIX = 'whsec_';

/** The HMAC key of a `whsec_…` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('A webhook secret must start with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * The headers of one attempt, signed with every given secret (the current one first): during a rotation's overlap the
 * `webhook-signature` header carries one space-separated `v1,<sig>` entry per secret, as Standard Webhooks allows.
 */
export function signedHeaders(secrets: string | readonly string[], id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': (typeof secrets === 'string' ? [secrets] : secrets).map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}

/** The header naming which webhook a delivery is (`data_webhook`, …): Weft's own, beside the signature's three. */
export const WEBHOOK_KIND_HEADER = 'weft-webhook-kind';
