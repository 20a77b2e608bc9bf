/**
 * Optional accessibility checks with axe-core. axe-core is not a dependency yet: when it cannot be imported, the
 * check says so once and is skipped; install it (`npm i -D axe-core`) and every checked page must have no serious
 * or critical violation. The script is run through the DevTools protocol, which the pages' CSP does not govern.
 */
import type { Page } from 'playwright-core';

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

let source: Promise<string | null> | undefined;

async function axeSource(): Promise<string | null> {
  const name = 'axe-core';
  try {
    const mod = (await import(name)) as { source?: string; default?: { source?: string } };
    return mod.source ?? mod.default?.source ?? null;
  } catch (e) {
    console.warn(`Accessibility checks SKIPPED: axe-core is not installed (${(e as Error).message.split('\n')[0]}).`);
    return null;
  }
}

/** Serious and critical axe violations of the page, as readable lines; null when axe-core is not installed. */
export async function axeViolations(page: Page): Promise<string[] | null> {
  source ??= axeSource();
  const script = await source;
  if (!script) return null;
  await page.evaluate(script);
  const result = await page.evaluate<AxeResult>('axe.run(document, { resultTypes: ["violations"] })');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}
