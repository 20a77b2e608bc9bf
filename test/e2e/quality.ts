/**
 * Checks every hosted page must pass in the browser: no accessibility violation of serious or critical impact
 * (axe-core), nothing loaded from outside the server, nothing wider than a 390 px phone screen.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core on the page (injected through the debugging protocol, so the page's CSP does not apply). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Frames are not entered: a page's own frames are Weft's pages, checked on their own, and axe would otherwise wait
    // up to a minute for an answer from a frame on another site that has no axe (the embedding test's).
    return axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'], iframes: false });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Collects every request the page makes to another origin than `origin`. */
export function foreignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('about:')) foreign.push(url);
  });
  return foreign;
}

export async function expectFitsPhone(page: Page, what: string): Promise<void> {
  const { scroll, width } = await page.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return { scroll: g.document.documentElement.scrollWidth, width: g.innerWidth };
  });
  expect(scroll, `${what} is wider than the screen`).toBeLessThanOrEqual(width);
}

/** All three checks. */
export async function expectGoodPage(page: Page, what: string): Promise<void> {
  await expectAccessible(page, what);
  await expectFitsPhone(page, what);
}
