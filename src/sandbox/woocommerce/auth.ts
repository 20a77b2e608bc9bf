/**
 * How the WooCommerce fake authenticates a request, as WooCommerce's `WC_REST_Authentication` does: HTTP Basic with the
 * consumer key and secret (what WooCommerce takes over HTTPS; the fake takes it over its plain-HTTP address too, as
 * if behind TLS), the key and secret as query parameters (`consumer_key`, `consumer_secret`), or OAuth 1.0a
 * "one-legged" signatures in the query (what WooCommerce requires over plain HTTP): HMAC-SHA1 or HMAC-SHA256 over the
 * method, the URL without its query and the sorted, RFC 3986-encoded parameters, keyed by the secret and `&`;
 * timestamps within 15 minutes, each nonce once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { FastifyRequest } from 'fastify';

/** WooCommerce's authentication failure: `{code, message, data: {status: 401}}`. */
export interface AuthFailure {
  code: string;
  message: string;
  data: { status: number };
}

const fail = (message: string): AuthFailure => ({ code: 'woocommerce_rest_authentication_error', message, data: { status: 401 } });
export const NOT_LOGGED_IN = {
  code: 'woocommerce_rest_cannot_view',
  message: 'Sorry, you cannot list resources.',
  data: { status: 401 },
} as const;

/** RFC 3986 percent-encoding, as OAuth 1.0a's base string needs it. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The OAuth 1.0a base string of a request: the method, the URL without its query, the sorted parameters. */
export function baseString(method: string, url: string, params: ReadonlyArray<[string, string]>): string {
  const encoded = params
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return `${method.toUpperCase()}&${rfc3986(url)}&${rfc3986(encoded)}`;
}

export function sign(method: 'HMAC-SHA1' | 'HMAC-SHA256', secret: string, base: string): string {
  return createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${secret}&`)
    .update(base)
    .digest('base64');
}

/**
 * The query's parameters as pairs (decoded), a repeated one once with its last value, as PHP's `$_GET` has them
 * (WooCommerce's client sends the query of its URL and again among the OAuth parameters).
 */
function queryPairs(rawUrl: string): Array<[string, string]> {
  const q = rawUrl.indexOf('?');
  if (q < 0) return [];
  return [...new Map(new URLSearchParams(rawUrl.slice(q + 1)).entries())];
}

export interface KeyOwner {
  consumerKey: string;
  consumerSecret: string;
  nonces: Map<string, number>;
}

/**
 * The store a request authenticates as, or WooCommerce's failure.
 * @param find - the store of a consumer key
 */
export function authenticate(request: FastifyRequest, find: (key: string) => KeyOwner | undefined, nowMs: number): KeyOwner | AuthFailure {
  const header = request.headers.authorization;
  const basic = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  const pairs = queryPairs(request.url);
  const param = (name: string) => pairs.find(([k]) => k === name)?.[1];
  let key: string | undefined;
  let secret: string | undefined;
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon < 0 ? decoded : decoded.slice(0, colon);
    secret = colon < 0 ? '' : decoded.slice(colon + 1);
  } else if (param('consumer_key') !== undefined) {
    key = param('consumer_key');
    secret = param('consumer_secret') ?? '';
  }
  if (key !== undefined) {
    const owner = find(key);
    if (!owner) return fail('Consumer key is invalid.');
    if (!equal(secret ?? '', owner.consumerSecret)) return fail('Consumer secret is invalid.');
    return owner;
  }
  if (param('oauth_consumer_key') === undefined) return NOT_LOGGED_IN;
  const missing = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'].filter(
    (p) => param(p) === undefined,
  );
  if (missing.length) return fail(`Missing OAuth parameter ${missing.join(', ')}`);
  const owner = find(param('oauth_consumer_key') as string);
  if (!owner) return fail('Consumer key is invalid.');
  const method = param('oauth_signature_method');
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') return fail('Invalid signature - signature method is invalid.');
  const url = `${request.protocol}://${request.headers.host ?? ''}${request.url.split('?')[0] ?? ''}`;
  const expected = sign(method, owner.consumerSecret, baseString(request.method, url, pairs));
  if (!equal(param('oauth_signature') as string, expected)) return fail('Invalid signature - provided signature does not match.');
  const timestamp = Number(param('oauth_timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > 15 * 60) return fail('Invalid timestamp.');
  const nonce = param('oauth_nonce') as string;
  for (const [n, at] of owner.nonces) if (at < nowMs - 15 * 60_000) owner.nonces.delete(n);
  if (owner.nonces.has(nonce)) return fail('Invalid nonce - nonce has already been used.');
  owner.nonces.set(nonce, nowMs);
  return owner;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
