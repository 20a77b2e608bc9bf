/**
 * Embedding the connect journey (issue 15): a project's allowed embedding origins, set on the dashboard, are the only
 * pages that may frame its sessions' pages (`frame-ancestors`); every other page stays unframable; `weft.js` and
 * `weft.mjs` are served to other origins; each journey screen names its session, step and outcome for the script
 * that tells the embedder. The browser side is test/e2e/embedding.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { embedOriginsOf } from '../../src/projects/branding.js';
import { type Agent, type DashboardHarness, setUpAdmin, startDashboardHarness, textOf } from '../dashboard/helpers.js';
import { describeEachDialect } from '../helpers/harness.js';

const NONE =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

describe('embedOriginsOf', () => {
  it('takes https origins and http on loopback hosts, one per line or separated by spaces or commas, each once', () => {
    expect(
      embedOriginsOf('https://app.example.com\nhttp://localhost:5173, https://APP.example.com/ http://127.0.0.1:8080 http://[::1]:3000'),
    ).toEqual({
      origins: ['https://app.example.com', 'http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000'],
    });
    expect(embedOriginsOf('  \n ')).toEqual({ origins: [] });
    expect(embedOriginsOf('https://app.example.com:8443')).toEqual({ origins: ['https://app.example.com:8443'] });
  });

  it('refuses what is not an origin a policy and a message check can use exactly', () => {
    for (const bad of [
      'http://app.example.com', // plain http beyond the developer's machine
      'https://app.example.com/connect', // a path
      'https://app.example.com?x=1',
      'https://*.example.com', // a wildcard
      'https://user:pw@app.example.com',
      'javascript:alert(1)',
      "https://a.test;script-src 'unsafe-inline'", // a policy injection
      'app.example.com',
      '*',
      "'self'",
      'data:',
    ]) {
      const parsed = embedOriginsOf(bad);
      expect('problem' in parsed, bad).toBe(true);
    }
    expect(embedOriginsOf(Array.from({ length: 11 }, (_, i) => `https://a${i}.test`).join('\n'))).toEqual({ problem: 'Enter at most 10 origins.' });
  });
});

describeEachDialect('embedding: frame-ancestors and weft.js', (dialect) => {
  let h: DashboardHarness;
  let admin: Agent;
  beforeAll(async () => {
    h = await startDashboardHarness(dialect, { worker: false });
    admin = await setUpAdmin(h);
  });
  afterAll(async () => h?.close());

  async function initiate(options: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }], ...options } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id as string;
  }
  const page = async (path: string) => {
    const res = await fetch(`${h.url}${path}`, { redirect: 'manual', headers: { accept: 'text/html' } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const saveOrigins = async (text: string) => {
    await admin.get('/dashboard/branding'); // the form's CSRF token
    return admin.postMultipart('/dashboard/branding', { project: h.projectId, display_name: 'Acme', embed_origins: text });
  };

  it('without allowed origins no page may be framed, and a journey screen says so to its script', async () => {
    const sid = await initiate();
    const first = await page(`/session?session_id=${sid}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toBe(NONE);
    expect(first.headers.get('x-frame-options')).toBe('DENY');
    expect(first.text).toContain(`<main data-weft-session="${sid}" data-weft-step="choose" data-weft-provider="" data-weft-origins="">`);
    expect(first.text).toContain('<script src="/static/embedded.js" defer></script>');
  });

  it('origins set on the dashboard: bad ones refused with nothing stored; saved ones frame the sessions of the project only', async () => {
    const bad = await saveOrigins('https://app.example.com\nhttps://app.example.com/connect');
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain("'https://app.example.com/connect' is not an origin");
    const stored = () =>
      h.services.database.db.selectFrom('projects').select('embed_origins').where('id', '=', h.projectId).executeTakeFirstOrThrow();
    expect((await stored()).embed_origins).toBeNull();

    const saved = await saveOrigins('https://app.example.com\nhttp://localhost:5173/');
    expect(saved.status).toBe(303);
    expect((await stored()).embed_origins).toBe('["https://app.example.com","http://localhost:5173"]');
    const form = await admin.get('/dashboard/branding');
    expect(form.text).toContain('>https://app.example.com\nhttp://localhost:5173</textarea>');

    const framable = NONE.replace("frame-ancestors 'none'", "frame-ancestors 'self' https://app.example.com http://localhost:5173");
    const sid = await initiate();
    for (const path of [
      `/session?session_id=${sid}`,
      `/session/api-key?session_id=${sid}&provider=pipedrive`,
      `/session/exit?session_id=${sid}`,
      // A session's error page too (an app it does not offer): the end user sees it in the frame.
      `/session/api-key?session_id=${sid}&provider=nope`,
    ]) {
      const res = await page(path);
      expect(res.headers.get('content-security-policy'), path).toBe(framable);
      expect(res.headers.get('x-frame-options'), path).toBeNull();
    }
    const first = await page(`/session?session_id=${sid}`);
    expect(first.text).toContain('data-weft-origins="https://app.example.com http://localhost:5173"');
    const exit = await page(`/session/exit?session_id=${sid}`);
    expect(exit.text).toContain(`<main data-weft-session="${sid}" data-weft-step="done" data-weft-provider="" data-weft-outcome="exit"`);

    // Pages of no session stay unframable: the home page, a bad session link, the dashboard.
    for (const path of ['/', '/session?session_id=nope', '/no/such/page']) {
      const res = await page(path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
    }
    expect((await admin.get('/dashboard/branding')).headers['x-frame-options']).toBe('DENY');

    // Emptied: unframable again.
    expect((await saveOrigins('')).status).toBe(303);
    expect((await stored()).embed_origins).toBeNull();
    expect((await page(`/session?session_id=${sid}`)).headers.get('content-security-policy')).toBe(NONE);
  });

  it("a stored value that is not an origin never reaches a page's policy", async () => {
    await h.services.database.db
      .updateTable('projects')
      .set({
        embed_origins: JSON.stringify(['https://ok.example.com', "https://evil.test; script-src 'unsafe-inline'", 'http://plain.example.com', 42]),
      })
      .where('id', '=', h.projectId)
      .execute();
    const sid = await initiate();
    const res = await page(`/session?session_id=${sid}`);
    expect(res.headers.get('content-security-policy')).toBe(NONE.replace("frame-ancestors 'none'", "frame-ancestors 'self' https://ok.example.com"));
    await h.services.database.db.updateTable('projects').set({ embed_origins: null }).where('id', '=', h.projectId).execute();
  });

  it('weft.js and weft.mjs are served to any origin, the embedded script to the pages', async () => {
    for (const [path, exported] of [
      ['/weft.js', 'window.Weft = createWeft('],
      ['/weft.mjs', 'export default Weft;'],
    ] as const) {
      const res = await fetch(`${h.url}${path}`, { headers: { origin: 'https://app.example.com' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const source = await res.text();
      expect(source).toContain(exported);
      expect(source).toContain('if (event.origin !== origin || !source || event.source !== source) return;');
    }
    const embedded = await fetch(`${h.url}/static/embedded.js`);
    expect(embedded.status).toBe(200);
    expect(await embedded.text()).toContain('target.postMessage(message, origin);');
  });
});
