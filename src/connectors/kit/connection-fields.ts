/**
 * The values an end user types when connecting besides a key or a consent (Copper's user e-mail, Freshsales' domain,
 * Dynamics 365's environment URL): checked against the manifest's patterns, and the templates over them (headers,
 * scopes, API bases) filled. Patterns run on RE2 (linear time), like every pattern Weft runs.
 */
import { RE2JS } from 're2js';

import type { ApiBaseChoice, ApiKeyManifest, ConnectionField, OAuth2Manifest } from './manifest.js';

/** The longest value a connection field takes. */
export const MAX_FIELD_LENGTH = 300;

const compiled = new Map<string, RE2JS>();
function matches(pattern: string, value: string): boolean {
  return compile(pattern).matches(value);
}

function compile(pattern: string): RE2JS {
  let re = compiled.get(pattern);
  if (!re) {
    re = RE2JS.compile(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

/**
 * The values an API key holds itself (`keyFields`: Mailchimp's data centre, the `us21` of a key ending `-us21`), each the
 * first group of its pattern found in the key; undefined when a pattern finds nothing (not a key of that provider).
 */
export function keyFieldValues(manifest: ApiKeyManifest, key: string): Record<string, string> | undefined {
  const values: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(manifest.keyFields ?? {})) {
    const found = compile(pattern).matcher(key);
    const value = found.find() ? found.group(1) : null;
    if (!value) return undefined;
    values[name] = value;
  }
  return values;
}

/** What is wrong with a refused value: none was given, or it is not one the field takes. */
export type FieldProblem = 'missing' | 'invalid';

/**
 * The fields' values out of a form body (trimmed; an https URL's trailing slashes dropped), and what is wrong with
 * each refused one (by field name; the page says it in the end user's language). A pattern must match the whole value.
 */
export function readFields(
  fields: readonly ConnectionField[],
  body: Readonly<Record<string, unknown>>,
): { values: Record<string, string>; errors: Record<string, FieldProblem> } {
  const values: Record<string, string> = {};
  const errors: Record<string, FieldProblem> = {};
  for (const field of fields) {
    const raw = Object.hasOwn(body, field.name) ? body[field.name] : undefined;
    let value = typeof raw === 'string' ? raw.trim() : '';
    if (field.type === 'url') value = value.replace(/\/+$/, '');
    values[field.name] = value;
    if (!value) errors[field.name] = 'missing';
    else if (value.length > MAX_FIELD_LENGTH || !matches(field.pattern, value)) errors[field.name] = 'invalid';
  }
  return { values, errors };
}

/** Whether a value the provider named at the OAuth callback matches its declared pattern (whole, at most 300 characters). */
export function callbackValueMatches(pattern: string, value: string): boolean {
  return value.length > 0 && value.length <= MAX_FIELD_LENGTH && matches(pattern, value);
}

/**
 * `template` with every `{name}` replaced by that field's value.
 * @throws Error for a name with no value (a manifest naming a field it does not declare)
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
    return value;
  });
}

/**
 * A live connection's API base from the auth method's template (or the first choice whose field matches), filled from
 * the values; undefined without a template.
 * @throws Error when no choice matches (the fields' own patterns should have refused the values)
 */
export function liveApiBase(apiBase: string | readonly ApiBaseChoice[] | undefined, values: Readonly<Record<string, string>>): string | undefined {
  if (apiBase === undefined) return undefined;
  if (typeof apiBase === 'string') return fillTemplate(apiBase, values);
  const chosen = apiBase.find((c) => Object.hasOwn(values, c.field) && matches(c.pattern, values[c.field] as string));
  if (!chosen) throw new Error(`No API base fits the values of ${apiBase.map((c) => c.field).join(', ')}`);
  return fillTemplate(chosen.template, values);
}

/** The headers that carry an API key (and the further values) on every request, as the manifest says. */
export function apiKeyHeaders(manifest: ApiKeyManifest, key: string, values: Readonly<Record<string, string>> = {}): Record<string, string> {
  const scheme = manifest.scheme ?? 'plain';
  const written =
    scheme === 'bearer'
      ? `Bearer ${key}`
      : scheme === 'token'
        ? `Token token=${key}`
        : scheme === 'basic-user'
          ? `Basic ${Buffer.from(`${key}:${manifest.password === undefined ? '' : fillTemplate(manifest.password, values)}`).toString('base64')}`
          : scheme === 'basic-password'
            ? `Basic ${Buffer.from(`${fillTemplate(manifest.user ?? '', values)}:${key}`).toString('base64')}`
            : key;
  const headers: Record<string, string> = { [manifest.header]: written };
  for (const [name, template] of Object.entries(manifest.headers ?? {})) headers[name] = fillTemplate(template, values);
  return headers;
}

/** The OAuth manifest with its scopes filled from the fields' values (Dynamics' `{environment}/user_impersonation`). */
export function filledOAuthManifest(manifest: OAuth2Manifest, values: Readonly<Record<string, string>>): OAuth2Manifest {
  if (!manifest.fields?.length) return manifest;
  return {
    ...manifest,
    scopes: manifest.scopes.map((s) => fillTemplate(s, values)),
    ...(manifest.optionalScopes ? { optionalScopes: manifest.optionalScopes.map((s) => fillTemplate(s, values)) } : {}),
  };
}

/**
 * The origin of an accounts server a provider names at its OAuth callback (Zoho's `accounts-server`), if it may be
 * trusted: a live connection's must be an https origin on one of the provider's accounts domains (or a subdomain),
 * with nothing else in it; a sandbox connection's must lie under the fake's own base. Undefined otherwise.
 */
export function trustedAccountsServer(
  raw: string,
  rule: { mode: 'live'; domains: readonly string[] } | { mode: 'sandbox'; base: string },
): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) return undefined;
  if (rule.mode === 'live') {
    if (url.protocol !== 'https:' || (url.pathname !== '/' && url.pathname !== '') || url.port) return undefined;
    const host = url.hostname.toLowerCase();
    return rule.domains.some((d) => host === d || host.endsWith(`.${d}`)) ? url.origin : undefined;
  }
  const base = new URL(rule.base);
  const path = url.pathname.replace(/\/+$/, '');
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !path.startsWith(`${basePath}/`) || path.split('/').some((p) => p === '..' || p === '.')) return undefined;
  return url.origin + path;
}
