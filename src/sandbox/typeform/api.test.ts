/**
 * The Typeform fake over HTTP, written from Typeform's Create and Responses API references (see ../README.md): personal
 * access tokens and OAuth bearer tokens (scopes, refresh with `offline`), forms paged by `page`/`page_size` with
 * `total_items` and `page_count`, a form's fields with a group nested, responses by `page_size`, `since`/`until`,
 * `before`/`after` tokens, `sort` and `completed`, answers typed by field, `{code, description, details}` bodies, the
 * 429; and the vendor client `@typeform/api-client` as the referee (forms.list, forms.get, responses.list, its
 * automatic paging through `before` tokens, its ApiError).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readApiToken } from '../shared/api-token-page.js';
import { runFakeFlow } from '../shared/oauth-test-flow.js';
import { serveOnFreePort } from '../shared/test-server.js';
import { TYPEFORM_ENDPOINTS } from './endpoints.js';
import { createTypeformSandboxWithUrl, type TypeformSandboxInstance } from './index.js';
import { fieldIdOf } from './records.js';

/**
 * The vendor client, loaded by a specifier TypeScript does not follow: the package's typings re-export a `.ts` source
 * (dist/typeform-types.ts) that TypeScript prefers to its `.d.ts` and that does not compile under this project's
 * settings. The methods used here, typed as the package's README documents them.
 */
type Listed<T> = { total_items: number; page_count: number; items: T[] };
interface TypeformClient {
  forms: {
    list(args?: { page?: number | 'auto'; pageSize?: number; search?: string }): Promise<Listed<Record<string, any>>>;
    get(args: { uid: string }): Promise<Record<string, any>>;
  };
  responses: {
    list(args: { uid: string; pageSize?: number; before?: string; page?: 'auto' }): Promise<Listed<Record<string, any>>>;
  };
}
const SDK: string = '@typeform/api-client';
const { createClient } = (await import(SDK)) as { createClient: (args: { token: string; apiBaseUrl: string }) => TypeformClient };

let app: FastifyInstance;
let sandbox: TypeformSandboxInstance;
let root = '';
let base = '';
let now = Date.UTC(2026, 4, 1, 12);

beforeAll(async () => {
  sandbox = createTypeformSandboxWithUrl({ seed: { forms: 3, responses: 60 }, rateLimit: { max: 40, windowMs: 60_000 }, now: () => now }, () => root);
  ({ app, root } = await serveOnFreePort(sandbox.plugin, 'typeform', 'The Typeform fake'));
  base = `${root}/typeform`;
});
afterAll(async () => app.close());

/** An account with a fresh request window. */
function account(name: string) {
  now += 120_000;
  return sandbox.typeform.account(name);
}

async function call(token: string | null, path: string) {
  const res = await fetch(`${base}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> };
}

const invalid = (field: string, description: string) => ({
  code: 'VALIDATION_ERROR',
  description: 'The request contained invalid data',
  details: [{ code: 'INVALID_PARAMETER', description, field, in: 'query' }],
});

/** The ids of the seed's forms: record numbers 1,000,000,000 and on, in base 62. */
const FORMS = ['15ftgG', '15ftgH', '15ftgI'];

describe('Typeform fake', () => {
  it('reads the personal access token off its page, takes it and OAuth tokens as Bearer, refreshes, checks scopes', async () => {
    const a = account('Token Co');
    expect(await readApiToken(`${base}/personal-token`, 'token co')).toBe(a.personalAccessToken);
    expect(a.personalAccessToken).toMatch(/^tfp_[A-Za-z0-9_-]{43}$/);
    expect(await call(a.personalAccessToken, '/me')).toMatchObject({
      status: 200,
      body: { alias: 'token co', email: 'owner@token-co.example.com', language: 'en' },
    });
    for (const token of [null, 'not-a-token']) {
      expect(await call(token, '/forms')).toMatchObject({
        status: 401,
        body: { code: 'AUTHENTICATION_FAILED', description: 'Authentication credentials not found on the Request Headers' },
      });
    }

    const params = { scope: 'forms:read responses:read accounts:read offline' };
    const grant = await runFakeFlow<Record<string, any>>(
      TYPEFORM_ENDPOINTS,
      { sandboxUrl: root, account: 'OAuth Co' },
      { clientAuth: 'body', params },
    );
    expect(grant).toMatchObject({ token_type: 'bearer', expires_in: 604800, scope: 'forms:read responses:read accounts:read offline' });
    expect((await call(grant['access_token'] as string, '/me')).body['alias']).toBe('oauth co');
    const refreshed = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: grant['refresh_token'] as string,
        client_id: 'weft-sandbox-typeform',
        client_secret: 'weft-sandbox-typeform-secret',
      }),
    });
    const renewed = (await refreshed.json()) as Record<string, any>;
    expect([refreshed.status, typeof renewed['access_token'], renewed['access_token'] === grant['access_token']]).toEqual([200, 'string', false]);
    expect((await call(renewed['access_token'] as string, `/forms/${FORMS[0]}`)).status).toBe(200);

    // Without `offline` no refresh token; without responses:read no responses.
    const narrow = await runFakeFlow<Record<string, any>>(
      TYPEFORM_ENDPOINTS,
      { sandboxUrl: root, account: 'OAuth Co' },
      { clientAuth: 'body', params: { scope: 'forms:read' } },
    );
    expect(narrow['refresh_token']).toBeUndefined();
    expect(await call(narrow['access_token'] as string, `/forms/${FORMS[0]}/responses`)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', description: 'The token is not allowed to access this resource: it lacks the responses:read scope' },
    });
  });

  it('lists forms by page and page_size with total_items and page_count; a form has its fields, a group nested', async () => {
    const a = account('Forms Co');
    const client = createClient({ token: a.personalAccessToken, apiBaseUrl: base });
    const first = await client.forms.list({ page: 1, pageSize: 2 });
    expect([first.total_items, first.page_count, first.items.map((f) => f.id)]).toEqual([3, 2, FORMS.slice(0, 2)]);
    expect(first.items[0]).toEqual({
      id: FORMS[0],
      type: 'form',
      title: 'Book a demo',
      last_updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      settings: { is_public: true },
      self: { href: `${base}/forms/${FORMS[0]}` },
      theme: { href: `${base}/themes/qHWOQ7` },
      _links: { display: `${base}/to/${FORMS[0]}`, responses: `${base}/forms/${FORMS[0]}/responses` },
    });
    const second = await client.forms.list({ page: 2, pageSize: 2 });
    expect(second.items.map((f) => f.id)).toEqual([FORMS[2]]);
    expect((await client.forms.list({ search: 'feedback' })).items.map((f) => f.title)).toEqual(['Customer feedback']);

    const form = await client.forms.get({ uid: FORMS[0] as string });
    const fields = form.fields as Array<Record<string, any>>;
    expect(fields.map((f) => [f['ref'], f['type']])).toEqual([
      ['name', 'short_text'],
      ['email', 'email'],
      ['phone', 'phone_number'],
      ['company', 'group'],
      ['plan', 'multiple_choice'],
      ['deposit', 'payment'],
      ['call_ok', 'yes_no'],
      ['thanks', 'statement'],
    ]);
    expect(fields[3]).toEqual({
      id: fieldIdOf(FORMS[0] as string, 'company'),
      title: 'About your company',
      ref: 'company',
      properties: {
        show_button: true,
        button_text: 'Continue',
        fields: [
          {
            id: fieldIdOf(FORMS[0] as string, 'company_name'),
            title: 'Company name',
            ref: 'company_name',
            properties: {},
            validations: { required: true },
            type: 'short_text',
          },
          {
            id: fieldIdOf(FORMS[0] as string, 'team_size'),
            title: 'How many people work there?',
            ref: 'team_size',
            properties: {},
            validations: { required: false },
            type: 'number',
          },
        ],
      },
      type: 'group',
    });
    expect(fields[4]?.['properties']['choices'].map((c: { label: string }) => c.label)).toEqual(['Starter', 'Team', 'Business']);
    expect(fields[5]?.['properties']).toMatchObject({ currency: 'EUR' });

    for (const [query, field, message] of [
      ['?page_size=201', 'page_size', 'page_size must be an integer between 1 and 200'],
      ['?page_size=0', 'page_size', 'page_size must be an integer between 1 and 200'],
      ['?page=x', 'page', `page must be an integer between 1 and ${Number.MAX_SAFE_INTEGER}`],
    ] as const) {
      expect(await call(a.personalAccessToken, `/forms${query}`), query).toMatchObject({ status: 400, body: invalid(field, message) });
    }
    expect(await call(a.personalAccessToken, '/forms/zzzzzz')).toMatchObject({
      status: 404,
      body: { code: 'FORM_NOT_FOUND', description: 'Non existing form with uid zzzzzz' },
    });
    await expect(client.forms.get({ uid: 'zzzzzz' })).rejects.toMatchObject({ code: 'FORM_NOT_FOUND', message: 'Non existing form with uid zzzzzz' });
  });

  it('lists responses newest first, pages them by before tokens (the client pages itself), filters by since, until and completed', async () => {
    const a = account('Responses Co');
    const client = createClient({ token: a.personalAccessToken, apiBaseUrl: base });
    const uid = FORMS[0] as string;
    // Every third seed response is the first form's: 20 of them, numbers 1, 4, … 58.
    const ids = Array.from({ length: 20 }, (_, i) => 1 + 3 * i);
    const tokens = ids.map((id) => a.tokenOf(id));
    const newestFirst = [...tokens].reverse();

    const page = await client.responses.list({ uid, pageSize: 8 });
    expect([page.total_items, page.page_count, page.items.map((r) => r.token)]).toEqual([20, 3, newestFirst.slice(0, 8)]);
    const next = await client.responses.list({ uid, pageSize: 8, before: page.items.at(-1)?.token as string });
    expect([next.total_items, next.page_count, next.items.map((r) => r.token)]).toEqual([12, 2, newestFirst.slice(8, 16)]);
    const auto = await client.responses.list({ uid, page: 'auto' });
    expect(auto.items.map((r) => r.response_id)).toEqual(newestFirst);
    const after = await call(a.personalAccessToken, `/forms/${uid}/responses?after=${tokens[15] as string}`);
    expect(after.body['items'].map((r: { token: string }) => r.token)).toEqual(tokens.slice(16));

    const one = page.items[0] as Record<string, any>;
    expect(Object.keys(one)).toEqual([
      'landing_id',
      'token',
      'response_id',
      'response_type',
      'landed_at',
      'submitted_at',
      'metadata',
      'hidden',
      'calculated',
      'answers',
    ]);
    const stored = a.responses.get(58)!;
    expect(one).toEqual(stored);
    const submitted = (one['submitted_at'] as string).replace('Z', '');
    const since = await call(a.personalAccessToken, `/forms/${uid}/responses?since=${submitted}`);
    expect(since.body['items'].map((r: { token: string }) => r.token)).toEqual([tokens[19]]);
    const unix = Date.parse(one['submitted_at'] as string) / 1000 - 1;
    const until = await call(a.personalAccessToken, `/forms/${uid}/responses?until=${unix}&page_size=1000`);
    expect(until.body['total_items']).toBe(19);
    const asc = await call(a.personalAccessToken, `/forms/${uid}/responses?sort=submitted_at,asc&page_size=3`);
    expect(asc.body['items'].map((r: { token: string }) => r.token)).toEqual(tokens.slice(0, 3));
    expect((await call(a.personalAccessToken, `/forms/${uid}/responses?completed=false`)).body).toEqual({ total_items: 0, page_count: 0, items: [] });

    for (const [query, field, message] of [
      ['?page_size=1001', 'page_size', 'page_size must be an integer between 1 and 1000'],
      ['?since=yesterday', 'since', 'since must be a date-time in ISO 8601 format, UTC, or a Unix timestamp in seconds'],
      [`?before=${tokens[3] as string}&sort=submitted_at,desc`, 'sort', 'sort cannot be used together with before or after'],
      [`?before=${tokens[3] as string}&after=${tokens[1] as string}`, 'after', 'before and after cannot be used together'],
      ['?before=abc', 'before', 'before must be the token of a response of the form'],
      ['?sort=title,asc', 'sort', 'sort must be {fieldID},{asc|desc} with submitted_at or landed_at'],
      ['?completed=yes', 'completed', 'completed must be true or false'],
    ] as const) {
      expect(await call(a.personalAccessToken, `/forms/${uid}/responses${query}`), query).toMatchObject({
        status: 400,
        body: invalid(field, message),
      });
    }
    await expect(client.responses.list({ uid, pageSize: 1001 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('types each answer by its field: text, email, choice, choices with other, number, boolean, date, url, file, payment', async () => {
    const a = account('Answers Co');
    const answers = (r: Record<string, any>) => r['answers'] as Array<Record<string, any>>;
    const forms = await Promise.all(FORMS.map((uid) => call(a.personalAccessToken, `/forms/${uid}/responses?page_size=1000`)));
    const all = forms.flatMap((f) => f.body['items'] as Array<Record<string, any>>).flatMap(answers);
    expect([...new Set(all.map((x) => x['type']))].sort()).toEqual([
      'boolean',
      'choice',
      'choices',
      'date',
      'email',
      'file_url',
      'number',
      'payment',
      'phone_number',
      'text',
      'url',
    ]);
    const plan = all.find((x) => x['field']['ref'] === 'plan')!;
    expect(plan).toEqual({
      field: { id: fieldIdOf(FORMS[0] as string, 'plan'), type: 'multiple_choice', ref: 'plan' },
      type: 'choice',
      choice: { id: expect.stringMatching(/^[0-9A-Za-z]{12}$/), label: expect.stringMatching(/^(Starter|Team|Business)$/), ref: expect.any(String) },
    });
    const payment = all.find((x) => x['type'] === 'payment')!;
    expect(payment['payment']).toEqual({ amount: expect.stringMatching(/^\d+\.\d\d$/), last4: '4242', name: expect.any(String), success: true });
    expect(all.find((x) => x['type'] === 'choices')!['choices']).toEqual(
      expect.objectContaining({ ids: expect.any(Array), labels: expect.any(Array), refs: expect.any(Array) }),
    );

    // A response submitted through the handle: the given answers, now, newest first.
    now += 1000;
    const r = a.responses.create({ form_id: FORMS[1], answers: { rating: { number: 4 }, email: { text: 'new@example.com' } } });
    const listed = await call(a.personalAccessToken, `/forms/${FORMS[1] as string}/responses?page_size=1`);
    expect(listed.body['items']).toEqual([r]);
    expect(answers(r)).toEqual([
      { field: { id: fieldIdOf(FORMS[1] as string, 'rating'), type: 'rating', ref: 'rating' }, type: 'number', number: 4 },
      { field: { id: fieldIdOf(FORMS[1] as string, 'email'), type: 'email', ref: 'email' }, type: 'email', email: 'new@example.com' },
    ]);
    expect(r['submitted_at']).toBe(new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });

  it('refuses past the per-account window with a 429 and Retry-After, and serves queued faults', async () => {
    const a = account('Busy Co');
    for (let i = 0; i < 40; i++) expect((await call(a.personalAccessToken, '/me')).status).toBe(200);
    const refused = await call(a.personalAccessToken, '/me');
    expect([refused.status, refused.headers.get('retry-after'), refused.body]).toEqual([
      429,
      '60',
      { code: 'RATE_LIMITED', description: 'Too many requests: the account sent more than 2 requests a second' },
    ]);
    const b = account('Fault Co');
    b.injectFault({ status: 500 });
    const client = createClient({ token: b.personalAccessToken, apiBaseUrl: base });
    await expect(client.forms.list()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
    expect((await client.forms.list()).total_items).toBe(3);
  });
});
