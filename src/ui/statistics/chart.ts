/**
 * The progress charts: geometry computed here once, for the server-rendered SVG and for the live data the page's
 * script applies. The SVG stretches to its box (`preserveAspectRatio="none"`, strokes that do not scale), and its
 * axis labels are HTML, so that text stays readable at any width.
 */
import { html, type SafeHtml } from '../html.js';
import { countOf, formatCount, formatDuration } from './format.js';
import type { ProgressSample } from './report.js';

/** The SVG's coordinate box. */
export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 300;

/** Which figure a chart draws. */
export type ChartSeries = 'records' | 'provider_requests';

/** A chart, ready to draw: path data in the coordinate box, and the texts around it. */
export interface ChartView {
  id: ChartSeries;
  label: string;
  /** The text alternative of the drawing (the SVG's `<title>`). */
  summary: string;
  /** Label of the top grid line, and of the middle one. */
  yMax: string;
  yMid: string;
  /** Time since the start at the right edge. */
  xEnd: string;
  /** Path data of the line, of the area under it, and of the dot on the latest point ('' when there is none). */
  line: string;
  area: string;
  dot: string;
  /** True when there is nothing to draw yet. */
  empty: boolean;
}

const LABELS: Record<ChartSeries, { label: string; noun: string }> = {
  records: { label: 'Records', noun: 'record' },
  provider_requests: { label: 'Provider requests', noun: 'provider request' },
};

/**
 * The smallest "round" axis maximum at or above `value`: 2, 4, 6, 8, 10, 20, 40, … (never below 2), so that the
 * middle grid line is a whole number too.
 */
export function niceMaximum(value: number): number {
  if (!Number.isFinite(value) || value <= 2) return 2;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 6, 8, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

const coordinate = (n: number): string => String(Math.round(n * 10) / 10);

/** The chart of one figure over the samples (chronological; zero, one or many). */
export function chartView(id: ChartSeries, samples: ProgressSample[]): ChartView {
  const { label, noun } = LABELS[id];
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last) {
    return { id, label, summary: `${label} over time: no samples yet.`, yMax: '2', yMid: '1', xEnd: '0 s', line: '', area: '', dot: '', empty: true };
  }
  const span = last.at - first.at;
  const top = niceMaximum(Math.max(...samples.map((s) => s[id])));
  const points = samples.map((s) => ({
    x: span > 0 ? ((s.at - first.at) / span) * CHART_WIDTH : 0,
    y: CHART_HEIGHT - (s[id] / top) * CHART_HEIGHT,
  }));
  const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${coordinate(p.x)},${coordinate(p.y)}`).join(' ');
  const end = points[points.length - 1] ?? { x: 0, y: CHART_HEIGHT };
  const area = points.length > 1 ? `${line} L${coordinate(end.x)},${CHART_HEIGHT} L0,${CHART_HEIGHT} Z` : '';
  const count = samples.length;
  const summary =
    `${label} over time: ${countOf(last[id], noun)} after ${formatDuration(span)}` +
    ` (from ${formatCount(first[id])}; ${countOf(count, 'sample')}).`;
  return {
    id,
    label,
    summary,
    yMax: formatCount(top),
    yMid: formatCount(top / 2),
    xEnd: formatDuration(span),
    line,
    area,
    dot: `M${coordinate(end.x)},${coordinate(end.y)} l0,0`,
    empty: false,
  };
}

/** The server-rendered chart: a figure with its caption, HTML axis labels, and an SVG with a `<title>`. */
export function renderChart(chart: ChartView): SafeHtml {
  const titleId = `chart-${chart.id}-title`;
  return html`<figure class="chart" data-chart="${chart.id}">
  <figcaption>${chart.label}</figcaption>
  <div class="plot">
    <div class="y-axis" aria-hidden="true"><span data-chart-part="yMax">${chart.yMax}</span><span data-chart-part="yMid">${chart.yMid}</span><span>0</span></div>
    <div class="canvas">
      <svg viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" preserveAspectRatio="none" role="img" aria-labelledby="${titleId}" focusable="false">
        <title id="${titleId}" data-chart-part="summary">${chart.summary}</title>
        <g class="grid"><line x1="0" x2="${CHART_WIDTH}" y1="0" y2="0" vector-effect="non-scaling-stroke"/><line x1="0" x2="${CHART_WIDTH}" y1="${CHART_HEIGHT / 2}" y2="${CHART_HEIGHT / 2}" vector-effect="non-scaling-stroke"/><line x1="0" x2="${CHART_WIDTH}" y1="${CHART_HEIGHT}" y2="${CHART_HEIGHT}" vector-effect="non-scaling-stroke"/></g>
        <path class="area" data-chart-part="area" d="${chart.area}"/>
        <path class="line" data-chart-part="line" d="${chart.line}" vector-effect="non-scaling-stroke"/>
        <path class="dot" data-chart-part="dot" d="${chart.dot}" vector-effect="non-scaling-stroke"/>
      </svg>
      <p class="chart-empty" data-chart-part="empty"${chart.empty ? '' : html` hidden`}>No progress yet: the chart starts when the transfer does.</p>
    </div>
    <div class="x-axis" aria-hidden="true"><span>0 s</span><span data-chart-part="xEnd">${chart.xEnd}</span></div>
  </div>
</figure>`;
}
