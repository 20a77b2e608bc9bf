/** Small helpers shared by the sandbox providers. */
import { randomBytes, randomUUID } from 'node:crypto';

/** Resolves after `ms` milliseconds (immediately for 0 or less). */
export function sleep(ms: number): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A random RFC 4122 v4 UUID. */
export function uuid(): string {
  return randomUUID();
}

/** `bytes` random bytes as URL-safe base64 without padding. */
export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** ISO-8601 with milliseconds, e.g. "2024-01-02T03:04:05.678Z". */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * Reads a scalar field from a parsed form or JSON body, whatever parser produced it
 * (URLSearchParams-style objects may hold arrays for repeated keys; the first wins).
 */
export function bodyField(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  return undefined;
}

/**
 * Reads a list-valued query parameter that may be repeated and/or comma separated
 * (`?properties=a,b&properties=c` → ["a","b","c"]). Empty items are dropped.
 */
export function queryList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const parts = Array.isArray(value) ? value : [value];
  return parts
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : []))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** Reads a single query parameter (the last one when repeated). */
export function queryScalar(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** Adds query parameters to an absolute or relative URL, keeping existing ones. */
export function appendQuery(url: string, params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (entries.length === 0) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const hash = hashAt >= 0 ? url.slice(hashAt) : '';
  const query = new URLSearchParams(entries).toString();
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${query}${hash}`;
}
