/**
 * The documentation holds together: every relative link and image in README.md, CHANGELOG.md and docs/**.md names a
 * file that exists, and an anchor (`#x`) names a heading (GitHub's slugs) or an `<a id>` of the target; the Grafana
 * dashboard parses and queries only Weft's own metrics.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

import { describe, expect, it } from 'vitest';

/** The Markdown files of the documentation, repository-relative. */
function markdownFiles(): string[] {
  const found = ['README.md', 'CHANGELOG.md'];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) found.push(path);
    }
  };
  walk('docs');
  return found;
}

/** The text outside fenced code blocks and inline code, where links and headings count. */
function prose(markdown: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) lines.push(line.replace(/`[^`]*`/g, (code) => (code.includes('](') ? '' : code)));
  }
  return lines;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a file offers: its headings' slugs (with GitHub's -1, -2 for repeats) and its `<a id>`s. */
function anchors(path: string): Set<string> {
  const text = readFileSync(path, 'utf8');
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading?.[1] !== undefined) {
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
  }
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) if (m[1] !== undefined) out.add(m[1]);
  return out;
}

/** The relative links and images of a file, as written. */
function links(path: string): string[] {
  const out: string[] = [];
  for (const line of prose(readFileSync(path, 'utf8'))) {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1];
      if (target === undefined || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      out.push(target);
    }
  }
  return out;
}

describe('documentation links', () => {
  const files = markdownFiles();

  it('finds the documentation', () => {
    expect(files).toContain('docs/index.md');
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('every relative link and anchor of %s resolves', (file) => {
    const broken: string[] = [];
    for (const target of links(file)) {
      const [pathPart = '', anchor] = target.split('#', 2);
      const resolved = pathPart === '' ? file : normalize(join(dirname(file), decodeURI(pathPart)));
      if (!existsSync(resolved)) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && anchor !== '') {
        if (!resolved.endsWith('.md') || !anchors(resolved).has(decodeURIComponent(anchor)))
          broken.push(`${target}: no heading #${anchor} in ${resolved}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('computes GitHub-style slugs', () => {
    expect(slug('`Idempotency-Key` on pushes')).toBe('idempotency-key-on-pushes');
    expect(slug('Weft is not a way into your network (SSRF)')).toBe('weft-is-not-a-way-into-your-network-ssrf');
    expect(slug('Upserts: `id`, `internal_id` and the upsert settings')).toBe('upserts-id-internal_id-and-the-upsert-settings');
  });
});

/** PromQL words that are not metric names. */
const PROMQL_WORDS = new Set(
  (
    'sum avg min max count rate irate increase delta deriv histogram_quantile topk bottomk clamp_min clamp_max abs ' +
    'round time vector scalar by without on ignoring group_left group_right offset bool and or unless ' +
    'sum_over_time avg_over_time max_over_time min_over_time label_replace sort sort_desc'
  ).split(' '),
);

/** The metric names an expression queries: what is left once labels, ranges, groupings and numbers are taken out. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\$\w+/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map((m) => m[0])
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word) && word !== 'e');
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as {
    title?: string;
    schemaVersion?: number;
    panels?: Panel[];
    templating?: { list?: Array<{ name?: string; type?: string; query?: string }> };
  };
  const source = ['src/metrics/index.ts', 'src/metrics/scrape.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
  const exprs = (dashboard.panels ?? [])
    .flatMap((p) => [p, ...(p.panels ?? [])])
    .flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title ?? '?', expr: t.expr ?? '' })));

  it('is a dashboard with a Prometheus data source variable and queries', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.templating?.list?.some((v) => v.type === 'datasource' && v.query === 'prometheus')).toBe(true);
    expect(exprs.length).toBeGreaterThan(10);
  });

  it("queries only Weft's metrics, each defined in src/metrics", () => {
    const unknown: string[] = [];
    for (const { panel, expr } of exprs) {
      const names = metricNames(expr);
      if (names.length === 0) unknown.push(`${panel}: no metric in ${expr}`);
      for (const name of names) {
        const base = name.replace(/_(bucket|sum|count)$/, '');
        if (!name.startsWith('weft_') || !(source.includes(`'${name}'`) || source.includes(`'${base}'`))) unknown.push(`${panel}: ${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('reads metric names out of PromQL', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(weft_http_request_duration_seconds_bucket{route=~"$route"}[$__rate_interval])))',
      ),
    ).toEqual(['weft_http_request_duration_seconds_bucket']);
  });
});
