/** Plain-text tables for the terminal. */
import { loadText } from './load.js';
import type { ResultRow, ScenarioResult } from './types.js';

/** Left-aligns text columns and right-aligns columns whose every body cell looks numeric. */
export function formatTable(header: string[], body: string[][]): string {
  const all = [header, ...body];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const numeric = header.map((_, c) => body.length > 0 && body.every((r) => /^[\d.,\s-]+[a-z/%]*$/i.test(r[c] ?? '') && /\d/.test(r[c] ?? '')));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(header), rule, ...body.map(line)].join('\n');
}

export function formatNumber(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function targetText(r: ResultRow): string {
  const t = r.target;
  if (!t) return '-';
  const op = t.op === '>=' ? '≥' : '≤';
  const text = 'ratio' in t ? `${op} ${t.ratio.toFixed(2)}` : `Weft ${op} ${formatNumber(t.value, r.unit).replace(/\.0+ /, ' ')}`;
  return t.source === 'bench' ? `${text} (bench)` : text;
}

export function resultsTable(results: ScenarioResult[]): string {
  const body = results.flatMap((s) => {
    if (s.skipped) return [[s.name, `skipped: ${s.skipped}`, '', '', '', '', '', '', '-']];
    return s.rows.map((r) => [
      s.name,
      r.measure,
      formatNumber(r.weft, r.unit),
      Number.isFinite(r.baseline) ? `${formatNumber(r.baseline, r.unit)} (${r.baselineLabel})` : r.baselineLabel || '-',
      Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '-',
      r.rounds === null ? '-' : String(r.rounds),
      r.spread ? `${r.spread.min.toFixed(2)}–${r.spread.max.toFixed(2)}` : '-',
      targetText(r),
      r.met === null ? '-' : r.met ? 'met' : 'MISSED',
    ]);
  });
  const table = formatTable(['scenario', 'measure', 'Weft', 'baseline', 'ratio', 'rounds', 'spread', 'target', 'result'], body);
  const loads = results.filter((s) => s.load).map((s) => `${s.name}: ${loadText(s.load as NonNullable<ScenarioResult['load']>)}`);
  return loads.length ? `${table}\n\nMachine load during each scenario (1-min load average start→end; busy cores):\n${loads.join('\n')}` : table;
}
