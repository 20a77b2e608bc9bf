/**
 * One GraphQL Admin API request, paced by the shop's cost bucket: every answer's `extensions.cost.throttleStatus`
 * (maximumAvailable, currentlyAvailable, restoreRate) is kept per client, and a request whose cost (the
 * `requestedQueryCost` its query had last time) the bucket would not hold yet waits until it would. A THROTTLED
 * answer (HTTP 200) is waited out the same way and asked again; any other `errors` fail the request.
 */
import { ProviderError } from '../kit/errors.js';
import type { ProviderClient } from '../kit/http.js';

export const API_VERSION = '2025-01';
export const GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;

interface Bucket {
  max: number;
  available: number;
  rate: number;
  at: number;
}

interface Answer<T> {
  data?: T;
  errors?: Array<{ message?: string; extensions?: { code?: string } }> | string;
  extensions?: {
    cost?: { requestedQueryCost?: number; throttleStatus?: { maximumAvailable?: number; currentlyAvailable?: number; restoreRate?: number } };
  };
}

const buckets = new WeakMap<ProviderClient, Bucket>();
const costs = new Map<string, number>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a request of `cost` waits for the bucket as last seen (ms). */
export function waitFor(bucket: Bucket | undefined, cost: number, now: number): number {
  if (!bucket || bucket.rate <= 0) return 0;
  const available = Math.min(bucket.max, bucket.available + ((now - bucket.at) / 1000) * bucket.rate);
  const need = Math.min(cost, bucket.max) - available;
  return need <= 0 ? 0 : Math.ceil((need / bucket.rate) * 1000) + 50;
}

export async function graphql<T>(client: ProviderClient, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const mutation = /^\s*mutation\b/.test(query);
  for (let attempt = 1; ; attempt++) {
    const wait = waitFor(buckets.get(client), costs.get(query) ?? 0, Date.now());
    if (wait > 0) await sleep(wait);
    const res = await client.request<Answer<T>>({ method: 'POST', path: GRAPHQL_PATH, json: { query, variables }, readOnly: !mutation });
    const body = res.body;
    const cost = body.extensions?.cost;
    const t = cost?.throttleStatus;
    if (t && typeof t.maximumAvailable === 'number' && typeof t.currentlyAvailable === 'number' && typeof t.restoreRate === 'number') {
      buckets.set(client, { max: t.maximumAvailable, available: t.currentlyAvailable, rate: t.restoreRate, at: Date.now() });
    }
    if (typeof cost?.requestedQueryCost === 'number') costs.set(query, cost.requestedQueryCost);
    const errors = body.errors;
    if (Array.isArray(errors) && errors.some((e) => e.extensions?.code === 'THROTTLED') && attempt < 6) continue;
    if (errors !== undefined && (typeof errors === 'string' || errors.length > 0)) {
      const message = typeof errors === 'string' ? errors : errors.map((e) => e.message ?? 'error').join('; ');
      const throttled = Array.isArray(errors) && errors.some((e) => e.extensions?.code === 'THROTTLED');
      throw new ProviderError(throttled ? 'rate_limited' : 'rejected', `Shopify: ${message}`, res.status, body, false);
    }
    if (body.data === undefined) throw new ProviderError('transient', 'Shopify answered without data', res.status, body, mutation);
    return body.data;
  }
}
