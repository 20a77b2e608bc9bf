/**
 * The plain HTML consent page every sandbox provider shows at its OAuth
 * authorize URL: one labelled "Account name" field, an "Authorize" button and a
 * "Cancel" button. No scripts, no external assets, inline CSS only, usable at
 * 390 px width and with a keyboard or screen reader.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** What the consent page shows and posts back. */
export interface AuthorizePageInput {
  /** Provider shown to the person, e.g. "HubSpot". */
  providerName: string;
  /** Form action, relative to the page URL (e.g. "authorize"). */
  formAction: string;
  /** Request parameters carried through the form as hidden fields. */
  hidden: Record<string, string | undefined>;
  /** The OAuth client asking for access. */
  clientId: string;
  /** Where the browser will be sent afterwards (shown as host only). */
  redirectUri: string;
  /** Scopes requested (shown as a list). */
  scopes: readonly string[];
  /** Optional scopes requested. */
  optionalScopes?: readonly string[];
  /** Value to pre-fill in the account field. */
  accountName?: string;
  /** An error to show above the form (e.g. "Enter an account name"). */
  error?: string;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6f8;color:#1b1f24;line-height:1.5}
main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1.25rem}
h1{font-size:1.35rem;margin:0 0 .25rem}
.badge{display:inline-block;font-size:.8rem;font-weight:600;background:#fff3cd;color:#5c4400;border:1px solid #e6c86e;border-radius:1rem;padding:.1rem .6rem;margin-bottom:.75rem}
p{margin:.5rem 0}
ul{margin:.25rem 0 1rem;padding-left:1.25rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{font-size:.9rem;color:#57606a;margin:0 0 .5rem}
input[type=text]{width:100%;font-size:1rem;padding:.6rem .7rem;border:1px solid #8c959f;border-radius:.375rem}
input[type=text]:focus,button:focus{outline:3px solid #0969da;outline-offset:2px}
.error{background:#ffebe9;border:1px solid #cf222e;color:#82071e;border-radius:.375rem;padding:.5rem .75rem;margin:.75rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}
button{font-size:1rem;font-weight:600;padding:.6rem 1.2rem;border-radius:.375rem;border:1px solid #1f6feb;cursor:pointer;min-height:2.75rem}
button.primary{background:#0969da;color:#fff}
button.secondary{background:#fff;color:#0969da}
`;

/**
 * Wraps body HTML in the sandbox's standalone page (doctype, viewport, inline
 * CSS shared with the consent page). The caller escapes what it puts in `body`.
 */
export function renderSandboxPage(title: string, body: string): string {
  return page(title, body);
}

function page(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<main>${body}</main>`,
    '</body>',
    '</html>',
  ].join('\n');
}

function hostOf(url: string): string {
  // Not a URL (the caller validated it already): show it verbatim.
  return URL.canParse(url) ? new URL(url).host : url;
}

function scopeList(scopes: readonly string[]): string {
  if (scopes.length === 0) return '<p>No specific scopes were requested.</p>';
  return `<ul>${scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')}</ul>`;
}

/** Renders the consent page. */
export function renderAuthorizePage(input: AuthorizePageInput): string {
  const title = `Weft ${input.providerName} sandbox: authorize`;
  const hidden = Object.entries(input.hidden)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const error = input.error ? `<div class="error" role="alert" id="account-error">${escapeHtml(input.error)}</div>` : '';
  const describedBy = input.error ? 'account-hint account-error' : 'account-hint';
  const optional = input.optionalScopes && input.optionalScopes.length > 0 ? `<p>Optional access:</p>${scopeList(input.optionalScopes)}` : '';
  const body = `
<div class="card">
<span class="badge">Sandbox: not the real ${escapeHtml(input.providerName)}</span>
<h1>Weft ${escapeHtml(input.providerName)} sandbox</h1>
<p>The app <code>${escapeHtml(input.clientId)}</code> wants to connect to a sandbox account and will be sent back to <strong>${escapeHtml(hostOf(input.redirectUri))}</strong>.</p>
<p>Requested access:</p>
${scopeList(input.scopes)}
${optional}
<form method="post" action="${escapeHtml(input.formAction)}">
${hidden}
${error}
<label for="account">Account name</label>
<p class="hint" id="account-hint">Any name works. The same name always opens the same sandbox data.</p>
<input type="text" id="account" name="account" required maxlength="100" autocomplete="off" spellcheck="false" aria-describedby="${describedBy}"${input.error ? ' aria-invalid="true"' : ''} value="${escapeHtml(input.accountName ?? '')}">
<div class="actions">
<button type="submit" class="primary" name="decision" value="authorize">Authorize</button>
<button type="submit" class="secondary" name="decision" value="cancel" formnovalidate>Cancel</button>
</div>
</form>
</div>`;
  return page(title, body);
}

/** Renders an error page (e.g. unknown client or bad redirect URI). */
export function renderErrorPage(providerName: string, heading: string, message: string): string {
  const body = `
<div class="card">
<span class="badge">Sandbox: not the real ${escapeHtml(providerName)}</span>
<h1>${escapeHtml(heading)}</h1>
<div class="error" role="alert">${escapeHtml(message)}</div>
<p>Weft ${escapeHtml(providerName)} sandbox. Check the <code>client_id</code> and <code>redirect_uri</code> the app sent.</p>
</div>`;
  return page(`Weft ${providerName} sandbox: error`, body);
}
