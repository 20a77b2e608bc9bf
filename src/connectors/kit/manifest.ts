/**
 * A connector is declared in one place: this manifest (what the provider is, how it authenticates, how it pages, how
 * it limits requests, which schemas it supports in which direction) plus the pure mappers and the page/batch
 * functions in its folder. `GET /api/integrations`, the session page and the coverage table are read from manifests.
 */

/** Where, in an answer's JSON body, a value is: a path of property names. */
export type BodyPath = readonly string[];

export type PagingManifest =
  /** An opaque cursor the answer hands back (HubSpot `paging.next.after`, Pipedrive v2 `additional_data.next_cursor`). */
  | { style: 'cursor'; maxPageSize: number; limitParam: string; cursorParam: string; next: BodyPath }
  /** The answer names the next page's URL (path) to request as it is. */
  | { style: 'next-url'; maxPageSize: number; next: BodyPath }
  /**
   * A query locator (Salesforce `nextRecordsUrl`) until the answer says `done`. The cursor keeps the last id read
   * too, so that a locator that expired can be replaced by a new query ordered by id that starts after it.
   */
  | { style: 'soql-locator'; maxPageSize: number; next: BodyPath; done: BodyPath }
  /** A record offset; the answer says whether there is more (`more`) or a short page ends the list. */
  | { style: 'offset'; maxPageSize: number; limitParam: string; offsetParam: string; more?: BodyPath }
  /** A page number from `firstPage`; a short page ends the list. */
  | { style: 'page-number'; maxPageSize: number; sizeParam: string; pageParam: string; firstPage: number };

export interface OAuth2Manifest {
  kind: 'oauth2';
  /** The provider's real endpoints. */
  authorizeUrl: string;
  tokenUrl: string;
  scopes: string[];
  /** What joins the scopes in the authorization request: a space (RFC 6749) unless the provider says otherwise (Zoho: a comma). */
  scopeSeparator?: ' ' | ',';
  optionalScopes?: string[];
  /** Name of the query parameter for optional scopes, where the provider has them. */
  optionalScopeParam?: string;
  /**
   * Name of the authorization request's parameter that names who is expected to sign in (`login_hint`), where the
   * provider documents one; Weft sends the session's `prepopulate.login_hint` in it.
   */
  loginHintParam?: string;
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'client_secret_post' | 'client_secret_basic';
  /**
   * Whether the provider documents PKCE (RFC 7636) for its authorization-code flow: Weft then sends an S256
   * `code_challenge` with every authorization request and the matching `code_verifier` with the code.
   */
  pkce?: boolean;
  /**
   * What the end user types before the consent page (Dynamics 365's environment URL). `{name}` in `scopes`,
   * `optionalScopes` and `apiBase` is replaced by the field's value.
   */
  fields?: readonly ConnectionField[];
  /**
   * The API's base URL of a live connection as a template over `fields` (Dynamics: `{environment}/api/data/v9.2`);
   * a sandbox connection uses the fake's base. Without it the connector's `apiBase` hook or the manifest's base.
   * A template that starts with `{base}` (QuickBooks: `{base}/v3/company/{realmId}`) is filled in either mode, `{base}`
   * being the manifest's base (live) or the fake's (sandbox).
   */
  apiBase?: string;
  /**
   * Where the token endpoint of this account is, when the provider says it at the callback (Zoho: the user's data
   * centre in `accounts-server`): the callback's query parameter naming the accounts server's origin, and the token
   * path on it. The origin must be on `accountsDomains` (live) or the fake's base (sandbox); it is kept
   * with the connection and used for every refresh.
   */
  tokenServerFromCallback?: { param: string; tokenPath: string };
  /**
   * Values the provider names at the callback beside the code (QuickBooks' company, `realmId`): each read from the
   * callback's query parameter of its name, checked against its pattern (anchored, RE2) and kept with the connection
   * as a field (for `apiBase` and the account key). A callback without one, or with one that does not match, connects
   * nothing.
   */
  callbackFields?: ReadonlyArray<{ name: string; pattern: string }>;
  /**
   * Values the provider's API names just after the token (Xero's tenants: `GET /connections` lists the organisations
   * the token reaches): a GET of `path` on the API's own base ({base}: the manifest's, or the fake's), with the new
   * token, answering a JSON list; the first element whose `where` field equals its value (or the first) gives each
   * field (connection field → the element's property), checked against its pattern (anchored, RE2) and kept with the
   * connection as a callback field is. A list without one connects nothing.
   */
  fieldsAfterToken?: {
    path: string;
    where?: { field: string; equals: string };
    fields: Readonly<Record<string, { from: string; pattern: string }>>;
  };
  /** Further headers sent with every request, each a template over the connection's fields (Xero: `Xero-tenant-id: {tenantId}`). */
  headers?: Readonly<Record<string, string>>;
  /** The provider's own domains of the accounts servers a callback may name (Zoho: zoho.com, zoho.eu, …). */
  accountsDomains?: readonly string[];
  /** Further fixed parameters of the authorization request (Zoho: `access_type=offline`, `prompt=consent`). */
  authorizeParams?: Readonly<Record<string, string>>;
  /** The word before the access token in `Authorization` (Zoho: `Zoho-oauthtoken`). @defaultValue 'Bearer' */
  tokenScheme?: string;
  /**
   * The header that carries the access token as it is, instead of `Authorization: <scheme> <token>` (Shopify:
   * `X-Shopify-Access-Token`).
   */
  tokenHeader?: string;
  /**
   * What the token response's missing `token_type` is read as (Shopify answers `{access_token, scope}` only);
   * without it a response lacking `token_type` is refused, as RFC 6749 requires.
   */
  tokenTypeDefault?: 'bearer';
  /**
   * Token types the provider answers besides `bearer`, whose tokens are still sent as bearer tokens (Slack's bot
   * tokens: `token_type: "bot"`); without it such a response is refused as an unknown token type.
   */
  extraTokenTypes?: readonly string[];
  /**
   * The token response names a token that never expires as `expires_in: 0` and `scope: null` (Mailchimp): both are
   * read as absent (no expiry, no scope), where they would otherwise be an expired token and a refused answer.
   */
  neverExpiringTokens?: true;
  /**
   * A callback the provider signs (Shopify): `hmacParam` holds the hex HMAC-SHA256, keyed with the client secret, of
   * the callback's other parameters sorted by name and form-encoded; each of `matchFields` (callback parameter →
   * connection field) must equal what the end user typed. A callback that fails either is refused before its code
   * is exchanged. `{name}` in `authorizeUrl` and `tokenUrl` is replaced by the fields' values.
   */
  signedCallback?: { hmacParam: string; matchFields: Readonly<Record<string, string>> };
}

/** One of several live API bases: used when the value of `field` matches `pattern` (anchored, RE2). */
export interface ApiBaseChoice {
  field: string;
  pattern: string;
  template: string;
}

/** A value the end user types when connecting, besides a key or a consent (an e-mail, a domain, an environment URL). */
export interface ConnectionField {
  /** The value's name in templates (`{email}`) and in the stored connection. */
  name: string;
  /** The form field's label. */
  label: string;
  /** Where the end user finds the value. */
  help: string;
  /** The input's kind on the page (`password`: a secret typed beside the key, WooCommerce's consumer secret, hidden as it is typed). */
  type: 'text' | 'email' | 'url' | 'password';
  /** What a value must look like: an anchored regular expression's source (checked with a linear-time engine). */
  pattern: string;
  /** Shown in the empty field, e.g. "yourcompany.myfreshworks.com". */
  placeholder?: string;
}

export interface ApiKeyManifest {
  kind: 'api_key';
  /** Header the key is sent in, e.g. `x-api-token`, `authorization`. */
  header: string;
  /**
   * How the key is written in `header`: as it is (`plain`, the default), `Bearer <key>` (Attio), `Token token=<key>`
   * (Freshsales), HTTP Basic with the key as the user name and an empty password (`basic-user`, Close), or HTTP Basic
   * with the key as the password of the user name `user` (`basic-password`, Zendesk's `{email}/token`).
   */
  scheme?: 'plain' | 'bearer' | 'token' | 'basic-user' | 'basic-password';
  /** The user name of `basic-password` as a template over `fields` (Zendesk: `{email}/token`). */
  user?: string;
  /** The password of `basic-user` as a template over `fields` (WooCommerce: `{consumer_secret}`); empty without it (Close). */
  password?: string;
  /** Further values the end user types beside the key (Copper's user e-mail, Freshsales' domain). */
  fields?: readonly ConnectionField[];
  /**
   * Values read from the key itself rather than typed beside it, each a pattern whose first group is the value (RE2;
   * Mailchimp: `{dc: '-(us[0-9]{1,3})$'}`, the data centre a key ends with); usable in templates as `fields` are. A key
   * in which a pattern finds nothing is refused before the provider is asked.
   */
  keyFields?: Readonly<Record<string, string>>;
  /**
   * The field that names the provider account, where the provider limits requests per account whatever the key
   * (Freshsales' domain): keys of one account then share one rate window. Without it, each key is its own account.
   */
  accountField?: string;
  /** Further headers sent with every request, each value a template over `fields` (Copper: `X-PW-UserEmail: {email}`). */
  headers?: Readonly<Record<string, string>>;
  /**
   * The API's base URL of a live connection as a template over `fields` (Freshsales: `https://{domain}/crm/sales`),
   * or several, each for the values one field's pattern matches (the first that matches; Freshsales' older
   * `*.freshsales.io` accounts have no `/crm/sales`); a sandbox connection uses the fake's base. Without it the
   * manifest's base.
   */
  apiBase?: string | readonly ApiBaseChoice[];
  /** Label of the form field on the session page, e.g. "API token". */
  label: string;
  /** Where the end user finds the key in the provider's app. */
  help: string;
  /** A cheap authenticated GET (relative to the API base) that answers 2xx for a valid key. */
  verifyPath: string;
}

/** How a provider authenticates: OAuth 2.0, an API key the end user pastes, or both (OAuth preferred). */
export interface AuthManifest {
  oauth2?: OAuth2Manifest;
  apiKey?: ApiKeyManifest;
}

export type AuthMethod = 'oauth2' | 'api_key';

/** The auth methods of a provider, in order of preference. */
export function authMethods(manifest: ConnectorManifest): AuthMethod[] {
  const methods: AuthMethod[] = [];
  if (manifest.auth.oauth2) methods.push('oauth2');
  if (manifest.auth.apiKey) methods.push('api_key');
  return methods;
}

export interface RateLimitManifest {
  /** The documented rolling-window limit per connected account, used to pace requests before any header is seen. */
  window: { max: number; intervalMs: number };
  /**
   * The most requests one account may have in flight at once (Zoho CRM: 10 on the Standard edition; Dataverse: 52
   * per user); absent where the provider sets none. Held per process.
   */
  concurrency?: number;
  /**
   * Response headers that report the limit, read on every response. `structured`: one header holding the limit, the
   * remaining requests and the seconds until the window resets as a structured field (the IETF RateLimit draft's
   * `limit=100, remaining=42, reset=3`, Close's `ratelimit`); at `remaining=0` requests wait out the reset.
   */
  headers: { max?: string; remaining?: string; intervalMs?: string; retryAfter?: string; structured?: string };
  /**
   * Stricter limits of some routes, kept per account beside `window` (a request there takes a slot of both), e.g.
   * HubSpot's search API, limited to a few requests a second.
   */
  routes?: RouteRateLimit[];
}

export type RouteRateLimit = {
  /** Names the limit in logs and in the limiter registry: `search`. */
  name: string;
  window: { max: number; intervalMs: number };
} & (
  | {
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      /** Requests of this method whose path ends with this are limited. */
      pathSuffix: string;
    }
  | {
      /** Every request that writes: not a GET and not marked read-only (Attio's 25 writes a second). */
      writes: true;
    }
);

/** The route limit a request falls under, if any (the first that matches). */
export function routeLimitOf(
  manifest: ConnectorManifest,
  req: { method: string; path: string; readOnly?: boolean | undefined },
): RouteRateLimit | undefined {
  const path = req.path.split('?')[0] ?? '';
  return manifest.rateLimit.routes?.find((r) =>
    'writes' in r ? req.method !== 'GET' && req.readOnly !== true : r.method === req.method && path.endsWith(r.pathSuffix),
  );
}

export interface SchemaSupport {
  pull: boolean;
  push: boolean;
  /** The provider resource behind the schema (Endgrate's "integration"). */
  integration: { name: string; displayName: string };
  /** endgrate_types whose ids can be returned as associations of this schema's records. */
  associations: string[];
}

/** The provider categories Weft serves (Endgrate's `endgrate_provider_type` values). */
export const PROVIDER_CATEGORIES = ['CRM', 'Accounting', 'Ecommerce', 'Helpdesk', 'Workspace', 'Forms', 'Communication', 'Marketing'] as const;
export type ProviderCategory = (typeof PROVIDER_CATEGORIES)[number];

export interface ConnectorManifest {
  /** Internal name, as in `provider` parameters: `hubspot`. */
  name: string;
  displayName: string;
  /** Provider home page. */
  url: string;
  /** Endgrate's `endgrate_provider_type`: the category the provider's types belong to. */
  category: ProviderCategory;
  auth: AuthManifest;
  /**
   * The real API's base URL (the sandbox's comes from configuration: kit/sandbox.ts). Paths the connector requests
   * are relative to it (a token response may name another base, e.g. Salesforce's instance_url). `domains` are the
   * provider's own domains: a real provider's requests go only to https URLs on them or their subdomains, whatever
   * address the provider hands back (see kit/egress.ts).
   */
  api: {
    baseUrl: string;
    domains: readonly string[];
    /**
     * Every account is its own site (WooCommerce's stores): a live connection may call the host of its own API base,
     * whatever it is, under the same rules (https, no credentials in the URL, through the egress agent that refuses
     * internal addresses); the API base comes from what the end user typed (the auth method's `apiBase`).
     */
    connectionHost?: boolean;
  };
  /** How lists page; the kit builds page requests and next cursors from it (kit/paging.ts). */
  pagination: PagingManifest;
  rateLimit: RateLimitManifest;
  /** Largest number of records one batch write may carry. */
  batchSize: { create: number; update: number };
  schemas: Record<string, SchemaSupport>;
}

/** Identity function that gives a manifest its type (and the compiler's checks). */
export function defineManifest<M extends ConnectorManifest>(manifest: M): M {
  return manifest;
}
