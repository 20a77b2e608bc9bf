/**
 * For tests of any fake with an OAuth 2.0 authorization-code flow (oauth-code-flow.ts): runs the flow over HTTP the
 * way a browser and a backend would — the consent page, the consent form posted for an account, the redirect with the
 * code, then the token exchange with the client authenticated by HTTP Basic or in the body — and returns the token
 * response. A fake declares its endpoints, extra authorize parameters (e.g. `scope`) and how its clients authenticate.
 */

/** One run of the flow. */
export interface CodeFlowRun {
  /** The consent page (GET) and the consent form's target (POST). */
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  state: string;
  /** The account (company, portal, org) typed on the consent page. */
  account: string;
  /** Further authorize parameters, on the page and the form (e.g. `scope`). */
  params?: Readonly<Record<string, string>>;
  /** How the token exchange authenticates the client. */
  clientAuth: 'basic' | 'body';
}

function formPost(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/**
 * Runs the flow and returns the token endpoint's JSON body.
 * @throws Error when a step does not answer as a successful flow does
 */
export async function runCodeFlow<T>(run: CodeFlowRun): Promise<T> {
  const authorize = { client_id: run.clientId, redirect_uri: run.redirectUri, ...run.params, state: run.state };
  const page = await fetch(`${run.authorizeUrl}?${new URLSearchParams(authorize)}`);
  const html = await page.text();
  if (page.status !== 200) throw new Error(`Consent page answered ${page.status}: ${html.slice(0, 200)}`);
  const consent = await formPost(run.authorizeUrl, { ...authorize, account: run.account, decision: 'authorize' });
  await consent.arrayBuffer();
  const location = consent.headers.get('location');
  const code = location === null ? null : new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`Consent form answered ${consent.status} without a code (${String(location)})`);
  const exchange = { grant_type: 'authorization_code', code, redirect_uri: run.redirectUri };
  const basic = `Basic ${Buffer.from(`${run.clientId}:${run.clientSecret}`).toString('base64')}`;
  const response =
    run.clientAuth === 'basic'
      ? await formPost(run.tokenUrl, exchange, { authorization: basic })
      : await formPost(run.tokenUrl, { ...exchange, client_id: run.clientId, client_secret: run.clientSecret });
  const body = (await response.json()) as T;
  if (response.status !== 200) throw new Error(`Token exchange answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** What a test names to run a fake's flow: the sandbox and the account; the client and the rest have test defaults. */
export interface FakeFlowOptions {
  /** Sandbox base URL, e.g. "http://127.0.0.1:40123/sandbox" (the fake is at `${sandboxUrl}/<its mount>`). */
  sandboxUrl: string;
  /** Account name typed on the consent page. */
  account: string;
  /** @defaultValue the fake's default client */
  clientId?: string;
  clientSecret?: string;
  /** @defaultValue "http://127.0.0.1/oauth/callback" */
  redirectUri?: string;
  /** @defaultValue "weft-test-state" */
  state?: string;
}

/** Runs the flow of a fake by its declared endpoints (oauth-store.ts `FakeEndpoints`), with test defaults. */
export async function runFakeFlow<T>(
  fake: { mount: string; authorizePath: string; tokenPath: string; defaultClient: { clientId: string; clientSecret: string } },
  options: FakeFlowOptions,
  flow: Pick<CodeFlowRun, 'clientAuth' | 'params'>,
): Promise<T> {
  const base = `${options.sandboxUrl.replace(/\/+$/, '')}/${fake.mount}`;
  return runCodeFlow<T>({
    authorizeUrl: `${base}${fake.authorizePath}`,
    tokenUrl: `${base}${fake.tokenPath}`,
    clientId: options.clientId ?? fake.defaultClient.clientId,
    clientSecret: options.clientSecret ?? fake.defaultClient.clientSecret,
    redirectUri: options.redirectUri ?? 'http://127.0.0.1/oauth/callback',
    state: options.state ?? 'weft-test-state',
    account: options.account,
    ...flow,
  });
}
