/**
 * The dashboard's frame: a top bar (brand, project selector, the administrator, sign out), tabs, and the page's
 * content, inside the shared `page()` frame with the dashboard's own CSS. Tables turn into stacked cards on narrow
 * screens.
 */
import type { AdminSession } from '../../admin/admin-sessions.js';
import type { Project } from '../../projects/index.js';
import { html, page, type SafeHtml } from '../html.js';

/** The page a dashboard screen belongs to (the highlighted tab). */
export type Tab = 'settings' | 'branding' | 'sessions' | 'errors' | 'webhooks' | 'oauth-apps' | 'provider-lists' | 'administrators' | 'projects';

const TABS: Array<{ tab: Tab; label: string }> = [
  { tab: 'settings', label: 'Settings' },
  { tab: 'branding', label: 'Connect page' },
  { tab: 'sessions', label: 'Sessions' },
  { tab: 'errors', label: 'Errors' },
  { tab: 'webhooks', label: 'Webhooks' },
  { tab: 'oauth-apps', label: 'OAuth apps' },
  { tab: 'provider-lists', label: 'Provider lists' },
  { tab: 'administrators', label: 'Administrators' },
];

/** The dashboard's CSS, appended to the shared page styles. */
export const DASHBOARD_STYLE = `
.skip{position:absolute;left:-999px;top:0;background:var(--card);padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
.topbar{background:var(--card);border-bottom:1px solid var(--line)}
.topbar .bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;max-width:72rem;margin:0 auto;padding:.6rem 1rem}
.brand{font-weight:700;font-size:1.1rem;color:var(--fg);text-decoration:none;margin-right:auto}
.topbar form{display:flex;align-items:center;gap:.4rem;margin:0}
.topbar label{margin:0;font-weight:600;font-size:.9rem}
.topbar select{width:auto;max-width:12rem}
.who{font-size:.9rem;color:var(--muted);overflow-wrap:anywhere}
nav.tabs{background:var(--card);border-bottom:1px solid var(--line)}
nav.tabs ul{display:flex;gap:.25rem;list-style:none;margin:0 auto;padding:0 .5rem;max-width:72rem;overflow-x:auto}
nav.tabs a{display:block;padding:.65rem .75rem;white-space:nowrap;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent}
nav.tabs a:hover{color:var(--fg)}
nav.tabs a[aria-current=page]{color:var(--fg);border-bottom-color:var(--accent);font-weight:600}
main.dash{max-width:72rem;padding:1.25rem 1rem 3rem}
.dash .card+.card,.dash .card+section,.dash section+section{margin-top:1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.card>h2:not(:first-child){margin-top:1.25rem}
.topbar button{width:auto;min-height:2.5rem;padding:.4rem .9rem}
.topbar .picker button{flex:none}
.dash button,.dash .button,.auth button{display:inline-flex;width:auto;min-height:2.5rem;padding:.45rem .9rem}
.auth button{width:100%;justify-content:center}
button.primary,.button.primary{background:var(--accent);border-color:var(--accent);color:#fff}
@media (prefers-color-scheme:dark){button.primary,.button.primary{color:#0d1117}}
button.danger,.button.danger{color:var(--bad);border-color:var(--bad)}
button.link{border:0;background:none;padding:0;min-height:0;color:var(--accent);text-decoration:underline;font-weight:400}
label{display:block;font-weight:600;margin:.9rem 0 .25rem}
label.check{display:flex;align-items:center;gap:.5rem;font-weight:400;margin:.35rem 0}
input[type=text],input[type=email],input[type=password],input[type=search],select,textarea{font:inherit;width:100%;min-height:2.6rem;padding:.45rem .6rem;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:8px}
input[readonly]{background:var(--card);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92rem}
input[type=checkbox]{width:1.15rem;height:1.15rem;accent-color:var(--accent)}
input[aria-invalid=true]{border-color:var(--bad);border-width:2px}
select:focus-visible,textarea:focus-visible,summary:focus-visible,input[type=checkbox]:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
fieldset{border:1px solid var(--line);border-radius:10px;margin:.9rem 0;padding:.25rem .9rem .6rem}
legend{font-weight:600;padding:0 .25rem}
.help{color:var(--muted);font-size:.9rem;margin:.15rem 0 .3rem}
.field-error{color:var(--bad);font-weight:600;margin:.15rem 0 .3rem}
.alert{border:2px solid var(--bad);border-radius:10px;padding:.6rem .9rem;margin:0 0 1rem;background:var(--card)}
.alert p{margin:0;font-weight:600;color:var(--bad)}
.alert ul{margin:.35rem 0 0;padding-left:1.2rem}
.notice{border:2px solid var(--ok);border-radius:10px;padding:.6rem .9rem;margin:0 0 1rem;background:var(--card)}
.secret{border:2px solid var(--accent)}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.row input{flex:1 1 16rem;width:auto}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:1rem}
.inline{display:inline}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
pre{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.6rem;overflow:auto;font-size:.85rem;max-height:24rem}
.page-head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem;margin-bottom:1rem}
.page-head h1{margin:0}
.table-wrap{overflow-x:auto}
.table-wrap:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
table.data time,table.data code,table.data .button,table.data button,.state{white-space:nowrap}
.danger-link{color:var(--bad)}
table.data th{font-size:.85rem;color:var(--muted);font-weight:600;white-space:nowrap}
table.data td{vertical-align:top}
table.data tr:last-child td{border-bottom:0}
.state{display:inline-block;font-size:.8rem;font-weight:600;padding:.05rem .5rem;border-radius:999px;border:1px solid currentColor;white-space:nowrap}
.state.ok{color:var(--ok)} .state.bad{color:var(--bad)} .state.muted{color:var(--muted)}
nav.pager{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between;margin-top:1rem}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
.filters label{margin:0 0 .25rem}
.filters select{width:auto}
main.auth{max-width:28rem}
.auth h1{font-size:1.5rem}
[hidden]{display:none !important}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:48rem){
  .topbar .bar{gap:.5rem .75rem}
  .topbar .signout{order:1}
  .topbar .picker{order:2;flex-basis:100%}
  .topbar select{max-width:none;width:auto;min-width:0;flex:1 1 0}
  .who{flex-basis:100%;order:3}
  nav.tabs ul{flex-wrap:wrap;overflow-x:visible}
  nav.tabs a{padding:.5rem .6rem}
  .dash .card{padding:1rem}
  table.data thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
  table.data,table.data tbody,table.data tr,table.data td,table.data th{display:block;width:100%}
  table.data tr{border:1px solid var(--line);border-radius:10px;padding:.4rem .75rem;margin-bottom:.75rem;background:var(--card)}
  table.data td{position:relative;border:0;padding:.3rem 0 .3rem 7rem;min-height:1.9rem;overflow-wrap:anywhere}
  table.data td::before{content:attr(data-label);position:absolute;left:0;top:.35rem;width:6.5rem;font-weight:600;color:var(--muted);font-size:.85rem}
  table.data td[data-label=""]{padding-left:0}
  table.data td[data-label=""]::before{display:none}
  table.data tbody th{padding:.3rem 0 0;border:0;font-size:.85rem;color:var(--muted)}
  table.data time,table.data code,.state{white-space:normal}
}
`;

/** What every signed-in page frame needs. */
export interface Shell {
  admin: AdminSession;
  projects: Project[];
  project: Project;
}

/** A dashboard URL for the project: `/dashboard/<path>?project=<id>&…`. */
export function dashUrl(path: string, project: Pick<Project, 'id'>, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams({ project: project.id });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return `/dashboard/${path}?${q}`;
}

/** The hidden fields every dashboard form posts: the CSRF token and the selected project. */
export function formFields(shell: Shell): SafeHtml {
  return html`<input type="hidden" name="csrf_token" value="${shell.admin.csrfToken}"><input type="hidden" name="project" value="${shell.project.id}">`;
}

function topBar(shell: Shell, tab: Tab): SafeHtml {
  return html`<header class="topbar"><div class="bar">
  <a class="brand" href="${dashUrl('settings', shell.project)}">Weft</a>
  <form method="get" action="/dashboard/${tab}" class="picker">
    <label for="project-select">Project</label>
    <select id="project-select" name="project">${shell.projects.map(
      (p) => html`<option value="${p.id}"${p.id === shell.project.id ? html` selected` : ''}>${p.name}</option>`,
    )}</select>
    <button type="submit">Switch</button>
    <a href="${dashUrl('projects', shell.project)}">Projects</a>
  </form>
  <span class="who">Signed in as <strong>${shell.admin.email}</strong></span>
  <form method="post" action="/dashboard/sign-out" class="signout">${formFields(shell)}<button type="submit">Sign out</button></form>
</div></header>`;
}

function tabs(shell: Shell, current: Tab): SafeHtml {
  return html`<nav class="tabs" aria-label="Dashboard"><ul>${TABS.map(
    (t) => html`<li><a href="${dashUrl(t.tab, shell.project)}"${t.tab === current ? html` aria-current="page"` : ''}>${t.label}</a></li>`,
  )}</ul></nav>`;
}

/** A signed-in dashboard page. */
export function dashboardPage(shell: Shell, args: { tab: Tab; title: string; body: SafeHtml }): string {
  return page({
    title: `${args.title} · ${shell.project.name}`,
    style: DASHBOARD_STYLE,
    body: html`<a class="skip" href="#content">Skip to content</a>
${topBar(shell, args.tab)}
${tabs(shell, args.tab)}
<main class="dash" id="content" tabindex="-1">
${args.body}
</main>
<script src="/dashboard/assets/dashboard.js" defer></script>`,
  });
}

/** A page shown before signing in (setup, sign-in, invitation): one centred card. */
export function authPage(args: { title: string; body: SafeHtml }): string {
  return page({
    title: args.title,
    style: DASHBOARD_STYLE,
    body: html`<main class="auth" id="content">
<p class="muted"><strong>Weft</strong> · Dashboard</p>
<div class="card">${args.body}</div>
</main>`,
  });
}
