/**
 * `GET /api-token`: the sandbox's stand-in for Pipedrive's "Personal
 * preferences → API" page. A person types a company ("account") name and
 * presses "Show API token"; the page shows that company's API token to paste
 * into an app's API-token form. Plain, accessible HTML (labelled field,
 * keyboard-usable, no scripts), sharing the consent page's styles.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

import { normalizeAccountName } from '../shared/account-registry.js';
import { escapeHtml, renderSandboxPage } from '../shared/authorize-page.js';
import { bodyField } from '../shared/util.js';
import type { PipedriveService } from './service.js';

interface TokenPageInput {
  accountName?: string;
  token?: string;
  companyDomain?: string;
  apiBase: string;
  error?: string;
}

/** Renders the API-token page. */
export function renderApiTokenPage(input: TokenPageInput): string {
  const error = input.error ? `<div class="error" role="alert" id="account-error">${escapeHtml(input.error)}</div>` : '';
  const describedBy = input.error ? 'account-hint account-error' : 'account-hint';
  const result =
    input.token === undefined
      ? ''
      : `
<section aria-labelledby="token-heading">
<h2 id="token-heading" style="font-size:1.1rem;margin:1.25rem 0 .25rem">API token of “${escapeHtml(input.accountName ?? '')}”</h2>
<label for="api-token">Your personal API token</label>
<input type="text" id="api-token" readonly value="${escapeHtml(input.token)}" aria-describedby="token-hint" spellcheck="false" autocomplete="off">
<p class="hint" id="token-hint">Send it in the <code>x-api-token</code> header. API base: <code>${escapeHtml(input.apiBase)}/api/v2</code> (company domain <code>${escapeHtml(input.companyDomain ?? '')}</code>).</p>
</section>`;
  const body = `
<div class="card">
<span class="badge">Sandbox: not the real Pipedrive</span>
<h1>Weft Pipedrive sandbox: API token</h1>
<p>Every sandbox company has one API token. Type the company's account name to see it.</p>
<form method="post" action="api-token">
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
  return renderSandboxPage('Weft Pipedrive sandbox: API token', body);
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** Registers `GET /api-token` and its form post. */
export function registerApiTokenPage(scope: FastifyInstance, service: PipedriveService): void {
  scope.get('/api-token', async (_request, reply) => send(reply, 200, renderApiTokenPage({ apiBase: service.baseUrl() })));
  scope.post('/api-token', async (request, reply) => {
    const accountName = bodyField(request.body, 'account') ?? '';
    if (normalizeAccountName(accountName) === '') {
      return send(reply, 400, renderApiTokenPage({ accountName, apiBase: service.baseUrl(), error: 'Enter an account name.' }));
    }
    const company = service.companies.open(accountName);
    if (company === undefined) {
      return send(reply, 400, renderApiTokenPage({ accountName, apiBase: service.baseUrl(), error: service.companies.limitMessage }));
    }
    return send(
      reply,
      200,
      renderApiTokenPage({ accountName: accountName.trim(), token: company.apiToken, companyDomain: company.domain, apiBase: service.baseUrl() }),
    );
  });
}
