/**
 * Server-rendered pages: an escaping `html` template tag and the page frame. Pages load nothing from outside the
 * server: styles are inline and images are served by Weft.
 */

import { asText } from '../lib/text.js';

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(asText(value));
}

/** Template tag: interpolated values are escaped unless they are SafeHtml (or arrays of it). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0b57d0;--ok:#1a7f37;--bad:#b3261e;--brand:#0b57d0;--brand-fg:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--line:#30363d;--accent:#6ea8fe;--ok:#3fb950;--bad:#f85149;--brand:#6ea8fe;--brand-fg:#000}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:34rem;margin:0 auto;padding:2rem 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted);font-size:.92rem}
ul.providers{list-style:none;padding:0;margin:1rem 0;display:grid;gap:.75rem}
h2.category{font-size:1rem;margin:1.25rem 0 0}
button,.button{display:flex;align-items:center;gap:.75rem;width:100%;min-height:3rem;padding:.6rem 1rem;font:inherit;font-weight:600;color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:10px;cursor:pointer;text-decoration:none}
button:hover,.button:hover{border-color:var(--accent)}
button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button img{width:28px;height:28px}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.1rem .5rem;border-radius:999px;border:1px solid var(--line);color:var(--muted)}
.ok{color:var(--ok)} .bad{color:var(--bad)}
a{color:var(--accent)}
footer{margin-top:1.5rem;text-align:center}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
button.primary,.button.primary{justify-content:center;background:var(--brand);color:var(--brand-fg);border-color:var(--brand)}
button.primary:hover,.button.primary:hover{filter:brightness(1.08)}
.journey{margin:0 0 .5rem}
.step-count{margin:0 0 .4rem;font-size:.9rem;color:var(--muted)}
ol.steps{display:flex;gap:.35rem;list-style:none;margin:0;padding:0}
ol.steps li{flex:1;height:6px;border-radius:3px;background:var(--line)}
ol.steps li.past,ol.steps li.now{background:var(--brand)}
.journey-actions{display:flex;justify-content:space-between;align-items:center;margin:.5rem 0 .75rem}
.app-head{display:flex;align-items:center;gap:.75rem;margin-bottom:.5rem}
.app-head img{max-height:48px;max-width:120px;border-radius:8px}
ul.shares{margin:.5rem 0 1rem;padding-left:1.25rem}
.notice-box{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:8px;padding:.5rem .75rem;margin:.75rem 0}
input[type=search]{width:100%;min-height:2.75rem;padding:.5rem;font:inherit}
select:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.field-set{border:0;margin:0 0 1rem;padding:0;min-width:0}
.field-set legend{padding:0}
.field-set h2{font-size:1.1rem;margin:.75rem 0 .25rem}
.field-set h3{font-size:.95rem;margin:.5rem 0 0;color:var(--muted)}
.field-rows{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1.5rem}
.field-row{display:grid;grid-template-columns:minmax(0,2fr) auto minmax(0,3fr);align-items:center;gap:.5rem;padding:.3rem 0;border-bottom:1px solid var(--line)}
.field-row label{overflow-wrap:anywhere}
.field-row select{width:100%;min-width:0;min-height:2.5rem;padding:.25rem .4rem;font:inherit;font-size:.92rem;color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:8px}
.field-row.setting{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.field-arrow{color:var(--muted)}
.field-required{font-size:.8rem;color:var(--muted)}
.field-all{border-bottom:0;max-width:30rem;margin-bottom:.25rem}
.field-advanced{margin:.5rem 0 0}
.field-advanced summary{cursor:pointer;padding:.6rem 0;color:var(--accent)}
.field-advanced[open]{border:1px solid var(--line);border-radius:8px;padding:0 .75rem .5rem}
.field-passthrough{border:0;padding:0;margin:.5rem 0;min-width:0}
.field-passthrough label{display:block;padding:.3rem 0}
@media (min-width:900px){main:has(.field-step){max-width:64rem}.field-rows{grid-template-columns:repeat(2,minmax(0,1fr))}.field-row{grid-template-columns:minmax(0,1fr) auto minmax(0,2fr)}.field-row.setting{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
`;

/**
 * The page frame; `style` is extra CSS appended to the shared styles (e.g. the dashboard's layout), `head` extra
 * elements of the head (a noscript refresh, say).
 */
export function page(args: {
  title: string;
  body: SafeHtml;
  refreshSeconds?: number;
  style?: string;
  head?: SafeHtml;
  /** The page's language (a locale of src/ui/i18n; English when not given). */
  lang?: string;
}): string {
  return `<!doctype html>
<html lang="${escapeHtml(args.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${args.refreshSeconds ? `<meta http-equiv="refresh" content="${args.refreshSeconds}">` : ''}
<title>${escapeHtml(args.title)} · Weft</title>
<link rel="icon" href="data:,">
<style>${STYLE}${args.style ?? ''}</style>
${args.head?.value ?? ''}
</head>
<body>
${args.body.value}
</body>
</html>`;
}

/** A page that says something went wrong, and what the user can do (in `lang`, the language of its words). */
export function messagePage(title: string, message: string, extra: SafeHtml = html``, lang = 'en'): string {
  return page({
    title,
    lang,
    body: html`<main><div class="card" role="alert"><h1>${title}</h1><p>${message}</p>${extra}</div></main>`,
  });
}

/**
 * Whether a request is a browser's asking for a page (it accepts HTML and is not an API call): unknown pages and
 * server errors then render as pages; API clients keep Endgrate's JSON error shape.
 */
export function wantsPage(request: { method: string; url: string; headers: Record<string, string | string[] | undefined> }): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (/^\/api(?:[/?]|$)/.test(request.url)) return false;
  const accept = request.headers['accept'];
  return typeof accept === 'string' && /\btext\/html\b/.test(accept);
}

/** The words of the error pages: a Translator of src/ui/i18n (not imported here: it builds on this module). */
export interface PageWords {
  readonly locale: string;
  (key: 'error.notFoundTitle' | 'error.notFound' | 'error.failedTitle' | 'error.failed' | 'error.home'): string;
}

/**
 * The page of an unknown address (404) or of a failure on the server (500), for browsers, in the browser's language
 * (an end user may land here from a journey's link).
 */
export function errorPage(status: 404 | 500, t: PageWords): string {
  const home = html`<p><a href="/">${t('error.home')}</a></p>`;
  return status === 404
    ? page({
        title: t('error.notFoundTitle'),
        lang: t.locale,
        body: html`<main><div class="card"><h1>${t('error.notFoundTitle')}</h1><p>${t('error.notFound')}</p>${home}</div></main>`,
      })
    : page({
        title: t('error.failedTitle'),
        lang: t.locale,
        body: html`<main><div class="card" role="alert"><h1>${t('error.failedTitle')}</h1><p>${t('error.failed')}</p>${home}</div></main>`,
      });
}
