/**
 * The statistics page's HTML: state, figures, progress charts (inline SVG with a table as text alternative), errors
 * and details, in the page frame. It is complete without JavaScript; `/static/statistics.js` keeps it up to date
 * while the transfer runs (and, without JavaScript, the page reloads itself every few seconds instead).
 */
import { getConnector } from '../../connectors/index.js';
import { html, page, type SafeHtml } from '../html.js';
import { renderChart } from './chart.js';
import { countOf, formatInstant } from './format.js';
import type { TransferReport } from './report.js';
import { STATISTICS_SCRIPT_PATH } from './script.js';
import { type ErrorItem, type SampleRow, type StatisticsView, statisticsView } from './view.js';

/** Seconds between reloads of a running transfer's page when JavaScript is off. */
const NOSCRIPT_REFRESH_SECONDS = 5;

const STYLE = `
:root{--series:var(--accent);--series2:#8250df}
@media (prefers-color-scheme:dark){:root{--series2:#bc8cff}}
main.stats{max-width:64rem;padding:1.5rem 1rem 2rem}
.stats h2{font-size:1.05rem;margin:0 0 .75rem}
.stats section{margin:0 0 1rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.top{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:center;justify-content:space-between;margin:0 0 .25rem}
.title{display:flex;gap:.85rem;align-items:center;min-width:0}
.title img{width:44px;height:44px;border-radius:10px;flex:none}
.title h1{margin:0;font-size:1.35rem;line-height:1.25;overflow-wrap:anywhere}
.eyebrow{margin:0;font-size:.75rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:var(--muted)}
.state{display:inline-flex;align-items:center;gap:.5rem;margin:0;padding:.3rem .85rem;border:1px solid var(--line);border-radius:999px;background:var(--card);font-weight:650}
.state .dot{width:.65rem;height:.65rem;border-radius:50%;background:var(--muted);flex:none}
.state[data-state=running]{color:var(--accent);border-color:var(--accent)}
.state[data-state=running] .dot{background:var(--accent);animation:pulse 1.6s ease-in-out infinite}
.state[data-state=completed]{color:var(--ok);border-color:var(--ok)}
.state[data-state=completed] .dot{background:var(--ok)}
.state[data-state=failed]{color:var(--bad);border-color:var(--bad)}
.state[data-state=failed] .dot{background:var(--bad);border-radius:2px}
@keyframes pulse{50%{opacity:.3}}
@media (prefers-reduced-motion:reduce){.state .dot{animation:none}}
.live{margin:.25rem 0 1rem}
.failure{border-color:var(--bad);margin:0 0 1rem}
.failure h2{color:var(--bad)}
.failure p{margin:0;overflow-wrap:anywhere}
.figures{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.75rem;margin:0}
@media (min-width:40rem){.figures{grid-template-columns:repeat(3,minmax(0,1fr))}.figures.push{grid-template-columns:repeat(4,minmax(0,1fr))}}
.figure{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:.9rem 1rem;min-width:0}
.figure dt{font-size:.85rem;font-weight:600;color:var(--muted)}
.figure dd{margin:0}
.figure .num{font-size:1.7rem;font-weight:700;line-height:1.25;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.figure .note{font-size:.82rem;color:var(--muted)}
.figure.written .num{color:var(--ok)}
.figure.refused .num{color:var(--bad)}
.processed{display:grid;gap:.35rem;margin:.75rem 0 0}
.processed label{font-size:.85rem;font-weight:600;color:var(--muted)}
progress{width:100%;height:.6rem;accent-color:var(--ok)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,20rem),1fr));gap:1.25rem}
.chart{margin:0;min-width:0}
.chart figcaption{font-weight:600;margin:0 0 .5rem}
.plot{display:grid;grid-template-columns:auto minmax(0,1fr);grid-template-rows:10rem auto;column-gap:.5rem}
.y-axis{display:flex;flex-direction:column;justify-content:space-between;align-items:flex-end;font-size:.75rem;line-height:1;color:var(--muted);font-variant-numeric:tabular-nums;margin:-.4rem 0}
.canvas{position:relative;min-width:0}
.canvas svg{display:block;width:100%;height:100%;overflow:visible}
.x-axis{grid-column:2;display:flex;justify-content:space-between;font-size:.75rem;color:var(--muted);padding-top:.35rem;font-variant-numeric:tabular-nums}
.grid line{stroke:var(--line);stroke-width:1}
.chart .line{fill:none;stroke:var(--series);stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}
.chart .area{fill:var(--series);opacity:.14;stroke:none}
.chart .dot{fill:none;stroke:var(--series);stroke-width:9;stroke-linecap:round}
.chart[data-chart=provider_requests]{--series:var(--series2)}
.chart-empty{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;margin:0;padding:1rem;text-align:center;color:var(--muted);font-size:.9rem}
.chart-empty[hidden]{display:none}
details{margin-top:1rem}
summary{cursor:pointer;font-weight:600;color:var(--accent)}
summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.table-wrap{overflow-x:auto;max-height:24rem;margin-top:.5rem}
.table-wrap table{font-size:.9rem;font-variant-numeric:tabular-nums}
.table-wrap th{position:sticky;top:0;background:var(--card)}
.table-wrap td+td,.table-wrap th+th{text-align:right}
.errors{list-style:none;margin:0;padding:0}
.errors li{padding:.7rem 0;border-top:1px solid var(--line)}
.errors .meta{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;margin:0;font-size:.82rem;color:var(--muted)}
.errors .msg{margin:.3rem 0 0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.details{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.45rem 1.25rem;margin:0}
.details dt{color:var(--muted)}
.details dd{margin:0;overflow-wrap:anywhere}
footer{margin-top:1.5rem}
`;

/** The statistics page of a transfer (a complete HTML document). */
export function renderStatisticsPage(report: TransferReport): string {
  const view = statisticsView(report);
  const t = report.transfer;
  const source = `/statistics/data?transfer_id=${encodeURIComponent(t.id)}`;
  const body = html`<main class="stats" data-statistics data-source="${source}" data-completed="${String(view.completed)}">
${header(report, view)}
<p class="live muted"><span data-field="live">${view.fields['live']}</span>${view.completed ? '' : html`<noscript> Without JavaScript, it reloads every ${NOSCRIPT_REFRESH_SECONDS} seconds.</noscript>`}</p>
<section class="card failure" data-failure aria-labelledby="failure-h"${view.failure === null ? html` hidden` : ''}>
  <h2 id="failure-h">The transfer failed</h2>
  <p data-failure-message>${view.failure ?? ''}</p>
</section>
${figures(report, view)}
${progressSection(view)}
${errorsSection(view)}
${detailsSection(report, view)}
<footer class="muted">Weft · transfer statistics</footer>
</main>
${view.completed ? '' : html`<script src="${STATISTICS_SCRIPT_PATH}" defer></script>`}`;
  const head = view.completed ? html`` : html`<noscript><meta http-equiv="refresh" content="${NOSCRIPT_REFRESH_SECONDS}"></noscript>`;
  return page({ title: 'Transfer statistics', body, style: STYLE, head });
}

function header(report: TransferReport, view: StatisticsView): SafeHtml {
  const t = report.transfer;
  const known = getConnector(t.provider) !== undefined;
  const heading =
    t.method === 'IMPORT' ? `Pull of ${t.endgrate_type} from ${report.providerName}` : `Push of ${t.endgrate_type} to ${report.providerName}`;
  return html`<header class="top">
  <div class="title">
    ${known ? html`<img src="/static/providers/${t.provider}.svg" alt="" width="44" height="44">` : ''}
    <div><p class="eyebrow">Transfer statistics</p><h1>${heading}</h1></div>
  </div>
  <p class="state" role="status" aria-live="polite" aria-atomic="true" data-state="${view.state}"><span class="dot" aria-hidden="true"></span><span class="sr-only">Transfer state: </span><span data-field="state">${view.fields['state']}</span></p>
</header>`;
}

/** One figure card: a label, the number, and a note under it. */
function figure(label: string, key: string, fields: Record<string, string>, note: SafeHtml | string, className = ''): SafeHtml {
  return html`<div class="figure${className ? ` ${className}` : ''}"><dt>${label}</dt><dd class="num" data-field="${key}">${fields[key]}</dd><dd class="note">${note}</dd></div>`;
}

function field(fields: Record<string, string>, key: string): SafeHtml {
  return html`<span data-field="${key}">${fields[key]}</span>`;
}

function figures(report: TransferReport, view: StatisticsView): SafeHtml {
  const f = view.fields;
  const push = report.push !== null;
  return html`<section aria-labelledby="figures-h">
  <h2 id="figures-h" class="sr-only">Figures</h2>
  <dl class="figures${push ? ' push' : ''}">
    ${figure('Records', 'records', f, field(f, 'records_note'))}
    ${f['value'] === undefined ? '' : figure('Value', 'value', f, field(f, 'value_note'), 'value')}
    ${push ? figure('Written', 'written', f, 'by the provider', 'written') : ''}
    ${push ? figure('Refused', 'refused', f, 'invalid or rejected', 'refused') : ''}
    ${figure('Batches', 'batches_queued', f, html`${field(f, 'batches_success')} succeeded · ${field(f, 'batches_fail')} failed`)}
    ${figure('Provider requests', 'provider_requests', f, `to ${report.providerName}`)}
    ${figure('Retries', 'retries', f, field(f, 'retries_note'))}
    ${figure('Duration', 'duration', f, field(f, 'duration_note'))}
    ${figure('Errors', 'errors', f, field(f, 'errors_note'))}
  </dl>
  ${
    // A pull's bar shows once its provider has told how many records to expect (hidden until then).
    push || view.progress
      ? html`<div class="card processed" data-progress-box><label for="push-progress">Records ${push ? 'processed' : 'pulled'}</label><progress id="push-progress" data-progress max="${String(Math.max(view.progress?.max ?? 1, 1))}" value="${String(view.progress?.value ?? 0)}"></progress><span class="muted" data-field="progress">${f['progress'] ?? ''}</span></div>`
      : html`<div class="card processed" data-progress-box hidden><label for="push-progress">Records pulled</label><progress id="push-progress" data-progress max="1" value="0"></progress><span class="muted" data-field="progress"></span></div>`
  }
</section>`;
}

function progressSection(view: StatisticsView): SafeHtml {
  return html`<section class="card" aria-labelledby="progress-h">
  <h2 id="progress-h">Progress over time</h2>
  <div class="charts">${view.charts.map(renderChart)}</div>
  <details>
    <summary>Show the samples as a table</summary>
    <div class="table-wrap" tabindex="0" role="region" aria-label="Progress samples">
      <table>
        <caption class="sr-only">Progress samples: figures since the start of the transfer</caption>
        <thead><tr><th scope="col">Time since start</th><th scope="col">Records</th><th scope="col">Provider requests</th><th scope="col">Errors</th></tr></thead>
        <tbody data-samples>${view.samples.map(sampleRow)}</tbody>
      </table>
    </div>
  </details>
</section>`;
}

function sampleRow(row: SampleRow): SafeHtml {
  return html`<tr><td>${row.elapsed}</td><td>${row.records}</td><td>${row.provider_requests}</td><td>${row.errors}</td></tr>`;
}

function errorsSection(view: StatisticsView): SafeHtml {
  return html`<section class="card" aria-labelledby="errors-h">
  <h2 id="errors-h">Errors</h2>
  <p class="muted" data-errors-note>${view.errors.note}</p>
  <ul class="errors" data-errors>${view.errors.items.map(errorItem)}</ul>
</section>`;
}

function errorItem(e: ErrorItem): SafeHtml {
  return html`<li><p class="meta"><span class="badge">${e.type}</span>${e.record ? html`<span>${e.record}</span>` : ''}${e.internal_id !== null ? html`<span>internal_id <code>${e.internal_id}</code></span>` : ''}<span>${e.time}</span></p><p class="msg">${e.message}</p></li>`;
}

function detailsSection(report: TransferReport, view: StatisticsView): SafeHtml {
  const t = report.transfer;
  const f = report.figures;
  const rows: Array<[string, SafeHtml | string]> = [
    ['Provider', report.providerName],
    ['Schema', html`<code>${t.endgrate_type}</code>${f.integration ? html` <span class="muted">(${f.integration})</span>` : ''}`],
    ['Direction', t.method === 'IMPORT' ? `Pull: from ${report.providerName} into Weft` : `Push: from Weft to ${report.providerName}`],
    ['Batch size', f.batch_size === null ? '—' : countOf(f.batch_size, 'record')],
    ['Initiated', formatInstant(t.created_at)],
    ['Started', field(view.fields, 'started')],
    ['Finished', field(view.fields, 'finished')],
    ['Transfer id', html`<code>${t.id}</code>`],
  ];
  return html`<section class="card" aria-labelledby="details-h">
  <h2 id="details-h">Details</h2>
  <dl class="details">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
</section>`;
}
