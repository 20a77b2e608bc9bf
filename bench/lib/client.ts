/**
 * A customer's backend and an end user's browser, talking to a Weft server over real HTTP: API calls with a key,
 * sessions, the consent flow of the session page, and waiting for transfers.
 */
import { Agent, request } from 'undici';

export interface ApiResult<T = any> {
  status: number;
  body: T;
}

export interface WeftClient {
  url: string;
  key: string;
  api<T = any>(method: 'GET' | 'POST', target: string, body?: unknown): Promise<ApiResult<T>>;
  /** POST /api/session/initiate; returns the session id. */
  initiateSession(schema: unknown[]): Promise<string>;
  /**
   * Connects a session to a sandbox account the way an end user's browser does: POST /session/connect → 303 to the
   * sandbox's consent page → the consent form posted with the account name → the callback URL it redirects to, with the
   * binding cookie the start set.
   */
  connect(sessionId: string, account: string, provider?: string): Promise<void>;
  /** Polls GET /api/statistics until the transfer has finished; returns its statistics body. */
  waitForTransfer(transferId: string, timeoutMs?: number, pollMs?: number): Promise<any>;
  close(): Promise<void>;
}

export function weftClient(url: string, key: string): WeftClient {
  // No timeouts: a synchronous transfer request stays open until the transfer ends.
  const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0 });

  const api: WeftClient['api'] = async (method, target, body) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(url + target, {
      method,
      headers,
      dispatcher: agent,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    let parsed: unknown = text;
    if (String(res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.statusCode, body: parsed as never };
  };

  const initiateSession: WeftClient['initiateSession'] = async (schema) => {
    const res = await api<{ success?: boolean; session_id?: string }>('POST', '/api/session/initiate', { schema });
    if (res.status !== 200 || typeof res.body.session_id !== 'string') {
      throw new Error(`POST /api/session/initiate answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return res.body.session_id;
  };

  const connect: WeftClient['connect'] = async (sessionId, account, provider = 'hubspot') => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const start = await fetch(`${url}/session/connect`, {
      method: 'POST',
      redirect: 'manual',
      headers: form,
      body: new URLSearchParams({ session_id: sessionId, provider, method: 'oauth2' }),
    });
    await start.arrayBuffer();
    const cookieSources = [start];
    let location = start.headers.get('location');
    if (start.status !== 303 || !location) throw new Error(`POST /session/connect answered ${start.status}`);
    if (new URL(location, url).pathname === '/session/oauth-fields') {
      // A provider that asks values before its consent (Dynamics 365's environment): each field's placeholder, a valid
      // example the sandbox accepts, as the form shows it.
      const shown = await (await fetch(new URL(location, url))).text();
      const fields: Record<string, string> = {};
      for (const m of shown.matchAll(/<input type="(?:text|url|email)" id="field_([^"]+)" name="[^"]+"[^>]*? placeholder="([^"]*)"/g)) {
        fields[m[1] as string] = (m[2] ?? '').replace(/&amp;/g, '&');
      }
      const filled = await fetch(`${url}/session/oauth-fields`, {
        method: 'POST',
        redirect: 'manual',
        headers: form,
        body: new URLSearchParams({ ...fields, session_id: sessionId, provider }),
      });
      await filled.arrayBuffer();
      location = filled.headers.get('location');
      if (filled.status !== 303 || !location) throw new Error(`POST /session/oauth-fields answered ${filled.status}`);
      cookieSources.push(filled);
    }
    // The browser binding cookie the start sets must come back with the callback, as a browser would send it.
    const binding = cookieSources.flatMap((r) => r.headers.getSetCookie()).find((c) => c.startsWith('weft_oauth='));
    const cookie = binding ? binding.slice(0, binding.indexOf(';')) : '';
    const authorize = new URL(location);
    const page = await fetch(authorize, { redirect: 'manual' });
    const html = await page.text();
    if (page.status !== 200) throw new Error(`the consent page answered ${page.status}: ${html.slice(0, 200)}`);
    const fields = new URLSearchParams(authorize.searchParams);
    fields.set('account', account);
    fields.set('decision', 'authorize');
    const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', headers: form, body: fields });
    const grantedText = await granted.text();
    const callback = granted.headers.get('location');
    if (!callback) throw new Error(`the consent form answered ${granted.status}: ${grantedText.slice(0, 200)}`);
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie } });
    const doneText = await done.text();
    if (done.status !== 200 && done.status !== 303) throw new Error(`the OAuth callback answered ${done.status}: ${doneText.slice(0, 200)}`);
  };

  const waitForTransfer: WeftClient['waitForTransfer'] = async (transferId, timeoutMs = 3_600_000, pollMs = 100) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await api('GET', `/api/statistics?transfer_id=${encodeURIComponent(transferId)}`);
      if (res.status !== 200) throw new Error(`GET /api/statistics answered ${res.status}: ${JSON.stringify(res.body)}`);
      const status = res.body?.status;
      if (status === 'completed' || status === 'failed' || status === 'cancelled') return res.body;
      if (Date.now() > deadline) throw new Error(`transfer ${transferId} still ${status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };

  return {
    url,
    key,
    api,
    initiateSession,
    connect,
    waitForTransfer,
    // Destroyed, not closed: an interrupted bench may still have a synchronous request open, and the server's close
    // waits for it until the client goes away.
    close: () => agent.destroy(),
  };
}
