/** Pieces the dashboard pages share: form fields with their errors, notices, times, pagers, copyable values. */
import type { FastifyReply } from 'fastify';

import { html, type SafeHtml } from '../html.js';

/** Problems of a refused form, by field id. */
export type Problems = Record<string, string | undefined>;

/** A form input: its id (also its name unless given), label, value, help and problems. */
export interface InputArgs {
  id: string;
  name?: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string;
  help?: string | SafeHtml;
  autocomplete?: string;
  required?: boolean;
  maxlength?: number;
  problems?: Problems;
  /** Focus this field on load (the first field with a problem). */
  autofocus?: boolean;
  /** Several lines (a textarea of this many rows). */
  rows?: number;
}

/** A labelled input with its help and its error, tied together for assistive technology. */
export function input(a: InputArgs): SafeHtml {
  const error = a.problems?.[a.id];
  const describedBy = [a.help ? `${a.id}-help` : '', error ? `${a.id}-error` : ''].filter(Boolean).join(' ');
  return html`<label for="${a.id}">${a.label}</label>
${a.help ? html`<p class="help" id="${a.id}-help">${a.help}</p>` : ''}
${error ? html`<p class="field-error" id="${a.id}-error">${error}</p>` : ''}
${a.rows ? textarea(a, describedBy, error) : html`<input id="${a.id}" name="${a.name ?? a.id}" type="${a.type ?? 'text'}" value="${a.value ?? ''}"${a.autocomplete ? html` autocomplete="${a.autocomplete}"` : ''}${a.required ? html` required` : ''}${a.maxlength ? html` maxlength="${a.maxlength}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}${a.autofocus || (error && firstProblem(a.problems) === a.id) ? html` autofocus` : ''} spellcheck="false">`}`;
}

function textarea(a: InputArgs, describedBy: string, error: string | undefined): SafeHtml {
  return html`<textarea id="${a.id}" name="${a.name ?? a.id}" rows="${a.rows}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}${error && firstProblem(a.problems) === a.id ? html` autofocus` : ''} spellcheck="false">${a.value ?? ''}</textarea>`;
}

function firstProblem(problems: Problems | undefined): string | undefined {
  return Object.entries(problems ?? {}).find(([, v]) => v)?.[0];
}

/** The summary of a refused form, announced (`role="alert"`), each problem linking to its field. */
export function problemSummary(problems: Problems, intro = 'There is a problem'): SafeHtml {
  const list = Object.entries(problems).filter((e): e is [string, string] => !!e[1]);
  if (!list.length) return html``;
  return html`<div class="alert" role="alert"><p>${intro}</p><ul>${list.map(([id, msg]) => html`<li><a href="#${id}">${msg}</a></li>`)}</ul></div>`;
}

/** A one-line error, announced. */
export function alertBox(message: string | SafeHtml): SafeHtml {
  return html`<div class="alert" role="alert"><p>${message}</p></div>`;
}

/** A confirmation that something was done, announced politely. */
export function notice(message: string | SafeHtml | null | undefined): SafeHtml {
  return message ? html`<div class="notice" role="status">${message}</div>` : html``;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A time, readable (UTC, to the minute) and machine-readable. */
export function when(ms: number | null | undefined, empty = '—'): SafeHtml {
  if (ms === null || ms === undefined) return html`${empty}`;
  const d = new Date(ms);
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  return html`<time datetime="${d.toISOString()}">${text}</time>`;
}

/** A read-only value the administrator copies (a key, a URL, an id), with a Copy button when scripts run. */
export function copyField(args: { id: string; label: string; value: string; help?: string | SafeHtml; secret?: boolean }): SafeHtml {
  return html`<label for="${args.id}">${args.label}</label>
${args.help ? html`<p class="help" id="${args.id}-help">${args.help}</p>` : ''}
<div class="row"><input id="${args.id}" type="text" readonly value="${args.value}" data-select-all${args.help ? html` aria-describedby="${args.id}-help"` : ''} autocomplete="off" spellcheck="false">
<button type="button" data-copy="${args.id}" hidden>Copy<span class="visually-hidden"> ${args.label}</span></button><span class="muted" role="status" data-copy-status="${args.id}"></span></div>`;
}

/** Previous / next links and the position, for offset paging. */
export function pager(args: { total: number; page: number; perPage: number; url: (page: number) => string; noun: string }): SafeHtml {
  const pages = Math.max(1, Math.ceil(args.total / args.perPage));
  if (args.total === 0) return html``;
  const first = (args.page - 1) * args.perPage + 1;
  const last = Math.min(args.total, args.page * args.perPage);
  return html`<nav class="pager" aria-label="Pages of ${args.noun}">
  <span>${args.page > 1 ? html`<a href="${args.url(args.page - 1)}" rel="prev">← Newer</a>` : ''}</span>
  <span class="muted">${first}–${last} of ${args.total} ${args.noun} · page ${args.page} of ${pages}</span>
  <span>${args.page < pages ? html`<a href="${args.url(args.page + 1)}" rel="next">Older →</a>` : ''}</span>
</nav>`;
}

/** A positive page number from a query value (1 when absent or invalid). */
export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

/** A state pill. */
export function statePill(text: string, tone: 'ok' | 'bad' | 'muted'): SafeHtml {
  return html`<span class="state ${tone}">${text}</span>`;
}

/** Sends a dashboard page (HTML, never cached). */
export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}
