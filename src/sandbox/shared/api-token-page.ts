/**
 * An API-token page, the sandbox's stand-in for a provider's "copy your API
 * token" settings page: a person types an account name and presses "Show API
 * token"; the page shows that account's token to paste into an app's
 * API-token form. Plain, accessible HTML (labelled field, keyboard-usable, no
 * scripts), sharing the consent page's styles. A provider declares its name,
 * path, header, API base, where accounts open and what of an account it shows.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { normalizeAccountName } from './account-registry.js';
import { escapeHtml, renderSandboxPage } from './authorize-page.js';
import { bodyField } from './util.js';

/** What a provider declares for its API-token page (`A`: its accounts). */
export interface ApiTokenPage<A> {
  /** The provider's name, e.g. "Pipedrive". */
  provider: string;
  /** The page's path under the fake, e.g. "/api-token". */
  path: string;
  /** What the page says above the field (trusted HTML, declared by the provider). */
  intro: string;
  /** The header the token is sent in. */
  header: string;
  /** The API base URL shown with the token. */
  apiBase: () => string;
  /** Opens (or creates) the account of a name; undefined past the sandbox's cap, which `limitMessage` explains. */
  accounts: { open(accountName: string): A | undefined; readonly limitMessage: string };
  /** An account's token and one detail to show beside it. */
  show: (account: A) => { token: string; detail: { label: string; value: string } };
}

interface TokenPageInput {
  accountName?: string;
  token?: string;
  detail?: { label: string; value: string };
  error?: string;
}

/** Renders the API-token page. */
export function renderApiTokenPage(page: Omit<ApiTokenPage<unknown>, 'accounts' | 'show'>, input: TokenPageInput): string {
  const error = input.error ? `<div class="error" role="alert" id="account-error">${escapeHtml(input.error)}</div>` : '';
  const describedBy = input.error ? 'account-hint account-error' : 'account-hint';
  const detail = input.detail === undefined ? '' : ` (${escapeHtml(input.detail.label)} <code>${escapeHtml(input.detail.value)}</code>)`;
  const result =
    input.token === undefined
      ? ''
      : `
<section aria-labelledby="token-heading">
<h2 id="token-heading" style="font-size:1.1rem;margin:1.25rem 0 .25rem">API token of “${escapeHtml(input.accountName ?? '')}”</h2>
<label for="api-token">Your personal API token</label>
<input type="text" id="api-token" readonly value="${escapeHtml(input.token)}" aria-describedby="token-hint" spellcheck="false" autocomplete="off">
<p class="hint" id="token-hint">Send it in the <code>${escapeHtml(page.header)}</code> header. API base: <code>${escapeHtml(page.apiBase())}</code>${detail}.</p>
</section>`;
  const title = `Weft ${page.provider} sandbox: API token`;
  const body = `
<div class="card">
<span class="badge">Sandbox: not the real ${escapeHtml(page.provider)}</span>
<h1>${escapeHtml(title)}</h1>
<p>${page.intro}</p>
<form method="post" action="${escapeHtml(page.path.replace(/^\//, ''))}">
${error}
<label for="account">Account name</label>
<p class="hint" id="account-hint">Any name works. The same name always opens the same sandbox data.</p>
<input type="text" id="account" name="account" required maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="${describedBy}"${input.error ? ' aria-invalid="true"' : ''} value="${escapeHtml(input.accountName ?? '')}">
<div class="actions">
<button type="submit" class="primary">Show API token</button>
</div>
</form>
${result}
</div>`;
  return renderSandboxPage(title, body);
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Registers the page and its form post. */
export function registerApiTokenPage<A>(scope: FastifyInstance, page: ApiTokenPage<A>): void {
  scope.get(page.path, async (_request, reply) => send(reply, 200, renderApiTokenPage(page, {})));
  scope.post(page.path, async (request, reply) => {
    const accountName = bodyField(request.body, 'account') ?? '';
    if (normalizeAccountName(accountName) === '') return send(reply, 400, renderApiTokenPage(page, { accountName, error: 'Enter an account name.' }));
    const account = page.accounts.open(accountName);
    if (account === undefined) return send(reply, 400, renderApiTokenPage(page, { accountName, error: page.accounts.limitMessage }));
    return send(reply, 200, renderApiTokenPage(page, { accountName: accountName.trim(), ...page.show(account) }));
  });
}

/** The token a rendered page shows, unescaped; undefined when it shows none. */
export function tokenOnPage(html: string): string | undefined {
  const value = /id="api-token" readonly value="([^"]*)"/.exec(html)?.[1];
  if (!value) return undefined;
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => entities[entity] ?? entity);
}

/**
 * For tests: reads an account's API token from a fake's page over HTTP, as a person would (posts the account name).
 * @param pageUrl - the page's absolute URL
 * @throws Error when the page does not answer 200 with a token
 */
export async function readApiToken(pageUrl: string, account: string): Promise<string> {
  const response = await fetch(pageUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account }).toString(),
  });
  const token = tokenOnPage(await response.text());
  if (response.status !== 200 || token === undefined) throw new Error(`API-token page answered ${response.status} without a token`);
  return token;
}
