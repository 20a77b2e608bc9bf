/**
 * The OpenAPI document (`/openapi.json`) and the reference page (`/reference/`). The document is made from the
 * routes' schemas; these tests hold it to the server: every API route and probe is in it and every path in it is a
 * route, it is valid OpenAPI 3.1, it names every error code, every operation is described, and each body example is
 * valid by its own schema and accepted by the server. (Every answer of the suite is also checked against it: see
 * test/helpers/openapi-check.ts; Endgrate's SDK models against it: test/sdk/openapi-sdk.test.ts.)
 */
import { validate } from '@scalar/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { allErrorCodes } from '../../src/errors.js';
import { launchChromium } from '../e2e/browser.js';
import { type Harness, startHarness } from '../helpers/harness.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

type Doc = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, any> };
  webhooks: Record<string, any>;
  tags: Array<{ name: string }>;
};

/** Every route of the app as `METHOD /path`, from Fastify's own route tree. */
function routesOf(h: Harness): string[] {
  const out: string[] = [];
  const tree = h.app.printRoutes({ commonPrefix: false, includeHooks: false });
  // Lines look like `├── /api/pull/transfer (POST)`; nested lines continue their parent's path.
  const stack: Array<{ depth: number; path: string }> = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│├└─]*?)([^\s│├└─][^(]*?) \(([^)]+)\)\s*$/.exec(line) ?? /^([\s│├└─]*?)([^\s│├└─]\S*)\s*$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length;
    while (stack.length && (stack.at(-1) as { depth: number }).depth >= depth) stack.pop();
    const path = (stack.at(-1)?.path ?? '') + (m[2] as string);
    stack.push({ depth, path });
    if (m[3]) for (const method of m[3].split(',')) out.push(`${method.trim()} ${path}`);
  }
  return out;
}

describe('the OpenAPI document', () => {
  let h: Harness;
  let doc: Doc;
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false });
    doc = (await h.app.inject('/openapi.json')).json();
  }, 60_000);
  afterAll(() => h?.close());

  it('is served without a key, as OpenAPI 3.1 with the server, version and licence', async () => {
    const res = await h.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.openapi).toBe('3.1.0');
    expect(body.info).toMatchObject({ title: 'Weft API', license: { identifier: 'Apache-2.0' } });
    expect(body.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.servers).toEqual([{ url: h.url }]);
  });

  it('has every API route and probe, with the same methods, and nothing that is not a route', () => {
    const routes = routesOf(h);
    expect(routes).toContain('POST /api/pull/transfer');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const apiRoutes = routes.filter((r) => / \/(api\/|healthz$|readyz$|metrics$)/.test(r) && !r.startsWith('HEAD '));
    expect(documented.filter((d) => !d.includes(' /session')).sort()).toEqual(apiRoutes.sort());
    // The hosted pages in the document are routes too.
    for (const d of documented.filter((x) => x.includes(' /session'))) expect(routes).toContain(d);
    expect(Object.keys(doc.paths)).toHaveLength(20);
  });

  it('is valid OpenAPI 3.1 (and the validator does refuse a broken one)', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const broken = structuredClone(doc);
    (broken.paths['/api/errors'] as any).get.responses = 'none';
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('names every error code of the registry, and each route only codes that exist', () => {
    const registry = allErrorCodes().map((c) => c.code);
    expect(doc.components.schemas['ErrorCode'].enum).toEqual(registry);
    for (const { code, statusCode } of allErrorCodes())
      expect(doc.components.schemas['ErrorCode'].description).toContain(`\`${code}\` (${statusCode})`);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
          const schema = response.content?.['application/json']?.schema;
          if (!schema || Number(status) < 400 || path === '/readyz') continue;
          const codes = (schema.properties.code.anyOf ?? [schema.properties.code]).map((c: any) => c.const ?? c.enum?.[0]);
          expect(codes.length, `${method} ${path} ${status}`).toBeGreaterThan(0);
          for (const code of codes) {
            expect(registry, `${method} ${path} ${status}`).toContain(code);
            expect(allErrorCodes().find((c) => c.code === code)?.statusCode, `${code} under ${status}`).toBe(Number(status));
          }
        }
      }
    }
    // Every route that takes a key documents the 401, and every one documents the validation error.
    expect(Object.keys(doc.paths['/api/pull/transfer']?.['post'].responses)).toEqual(['200', '400', '401', '404', '413', '415', '500', '503']);
    expect(doc.paths['/api/push/transfer']?.['post'].responses['422']).toBeDefined();
  });

  it('describes every operation: id, summary, description, tag, a JSON answer, and a key unless it needs none', () => {
    const ids = new Set<string>();
    const tags = doc.tags.map((t) => t.name);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(ids.has(op.operationId), `${where}: ${op.operationId} twice`).toBe(false);
        ids.add(op.operationId);
        expect(op.summary, where).toBeTruthy();
        expect(op.description?.length ?? 0, where).toBeGreaterThan(30);
        expect(tags, where).toContain(op.tags?.[0]);
        const ok = op.responses['200'];
        expect(ok?.description, where).toBeTruthy();
        if (path.startsWith('/api/'))
          expect(ok.content['application/json'].schema.type ?? ok.content['application/json'].schema.anyOf, where).toBeTruthy();
      }
    }
    expect(doc.paths['/api/errors']?.['get'].security).toBeUndefined(); // the document's default: BearerAuth
    expect(doc.paths['/api/integrations']?.['get'].security).toEqual([]);
    expect(doc.paths['/api/statistics']?.['get'].security).toEqual([{ BearerAuth: [] }, {}]);
    expect(Object.keys(doc.webhooks).sort()).toEqual(['completed_webhook', 'configuration_webhook', 'data_webhook', 'error_webhook']);
  });

  it('describes every body field and query parameter', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) if (!p.description && !p.schema?.description) missing.push(`${where} ?${p.name}`);
        const body = op.requestBody?.content['application/json']?.schema;
        for (const [name, p] of Object.entries((body?.properties ?? {}) as Record<string, any>)) if (!p.description) missing.push(`${where} ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives each body an example that its schema accepts, and so does the server', async () => {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
    let bodies = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        bodies++;
        const where = `${method.toUpperCase()} ${path}`;
        const example = op.requestBody.content['application/json'].example;
        expect(example, where).toBeTypeOf('object');
        const check = ajv.compile(schema);
        expect(check(example) ? [] : check.errors, where).toEqual([]);
        // The server takes it as a valid request (its session is made up: at most a 404 for it).
        const res = await h.api(method.toUpperCase(), path, { body: example });
        expect([200, 404], `${where}: ${res.text}`).toContain(res.status);
        if (res.status === 404) expect(res.body.code, where).toBe('WEFT_ERR_INVALID_SESSION');
      }
    }
    expect(bodies).toBe(8);
  });

  it('says that unknown top-level fields are ignored (not refused), as the server does', async () => {
    const body = doc.paths['/api/pull/transfer']?.['post'].requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBeUndefined();
    const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], sparkle: true } });
    expect(res.status).toBe(200);
    expect(res.headers['weft-ignored-fields']).toBe('sparkle');
  });
});

describe('the reference page', () => {
  const browserAvailable = inject('chromium');
  let h: Harness;
  let browser: Browser | undefined;
  beforeAll(async () => {
    h = await startHarness('sqlite', { worker: false });
    if (browserAvailable) browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('is served with a strict policy, and its script from Weft itself', async () => {
    const res = await fetch(`${h.url}/reference/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await res.text();
    expect(html).toContain('"url": "/openapi.json"');
    expect(html).toContain('<script src="js/scalar.js">');
    expect((await fetch(`${h.url}/reference/js/scalar.js`)).status).toBe(200);
  });

  it.skipIf(!browserAvailable)('shows every operation, and asks nothing of any other site', async () => {
    const page = await (browser as Browser).newPage();
    const elsewhere: string[] = [];
    const refused: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(h.url) && !r.url().startsWith('data:')) elsewhere.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${h.url}/reference/`);
    await page.getByText('Initiate (Push + Pull) Session').first().waitFor({ timeout: 30_000 });
    // The sidebar has a group per tag; opening one shows its operations.
    for (const [tag, summaries] of [
      ['Pull', ['Trigger Pull', 'Get Pull Data']],
      ['Push', ['Trigger Push', 'Get Push Data']],
      ['Operations', ['Liveness', 'Readiness', 'Prometheus metrics']],
    ] as const) {
      await page.getByText(tag, { exact: true }).first().click();
      for (const summary of summaries) await page.getByText(summary, { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('Ask AI');
    expect(text).not.toContain('Generate MCP');
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });
});
