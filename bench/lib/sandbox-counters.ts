/** The sandbox's own request counters of an account (its control API), the referee of what a provider saw. */
import type { CounterSnapshot } from '../../src/sandbox/index.js';
import { BENCH_CONTROL_TOKEN } from './sandbox-process.js';

/** `fetch` of the sandbox's control API, with its control token. */
export function controlRequest(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${BENCH_CONTROL_TOKEN}`);
  return fetch(url, { ...init, headers });
}

const PATHS = {
  hubspot: (a: string) => `/hubspot/_sandbox/accounts/${encodeURIComponent(a)}/counters`,
  salesforce: (a: string) => `/salesforce/_sandbox/orgs/${encodeURIComponent(a)}/counters`,
  pipedrive: (a: string) => `/pipedrive/_sandbox/companies/${encodeURIComponent(a)}/counters`,
  zoho: (a: string) => `/zoho/_sandbox/orgs/${encodeURIComponent(a)}/counters`,
  dynamics: (a: string) => `/dynamics/_sandbox/orgs/${encodeURIComponent(a)}/counters`,
} as const;

export type Provider = keyof typeof PATHS;

export async function sandboxCounters(sandboxUrl: string, provider: Provider, account: string): Promise<CounterSnapshot> {
  const res = await controlRequest(sandboxUrl + PATHS[provider](account));
  const body = (await res.json()) as CounterSnapshot;
  if (res.status !== 200) throw new Error(`${provider} counters of ${account} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** API requests of a snapshot, without OAuth token requests (not API calls, and not rate limited). */
export function apiRequests(c: CounterSnapshot): number {
  return c.total - (c.byKind['token'] ?? 0);
}
