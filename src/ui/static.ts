/**
 * Provider logos, served by Weft so that no page loads outside assets: the provider's mark from Simple Icons (CC0;
 * the marks are their owners' trademarks) in white on a tile of the brand's colour, or, for a provider Simple Icons
 * does not carry, a tile with its initial. A thin outline keeps dark tiles visible on a dark page.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Tile colours (the brands' own; Simple Icons' where it carries the brand). */
const COLOURS: Record<string, string> = {
  hubspot: '#ff7a59',
  salesforce: '#00a1e0',
  pipedrive: '#1a1a1a',
  freshsales: '#12344d',
  copper: '#f06a30',
  zoho: '#e42527',
  attio: '#266df0',
  dynamics: '#0b53ce',
  close: '#2c5cc5',
  shopify: '#5e8e3e',
  quickbooks: '#2ca01c',
  xero: '#13b5ea',
  woocommerce: '#7f54b3',
  bigcommerce: '#121118',
  freshdesk: '#25c16f',
};

/** Providers whose mark Simple Icons carries, by its slug. */
const SIMPLE_ICONS: Record<string, string> = {
  hubspot: 'hubspot',
  zoho: 'zoho',
  shopify: 'shopify',
  quickbooks: 'quickbooks',
  xero: 'xero',
  woocommerce: 'woocommerce',
  bigcommerce: 'bigcommerce',
};

const marks = new Map<string, string | null>();

/** The path data of a Simple Icons mark (24 × 24), read once from the package; null when it cannot be read. */
export function simpleIconPath(slug: string): string | null {
  if (!marks.has(slug)) {
    const svg = readFileSync(require.resolve(`simple-icons/icons/${slug}.svg`), 'utf8');
    const d = /<path d="([^"]+)"/.exec(svg)?.[1] ?? null;
    // Path data is numbers, commands and separators only: nothing else may reach the page.
    marks.set(slug, d !== null && /^[0-9A-Za-z.,\s-]+$/.test(d) ? d : null);
  }
  return marks.get(slug) ?? null;
}

/** Whether the provider's logo is its real mark (else its initial). */
export const hasMark = (name: string) => name in SIMPLE_ICONS && simpleIconPath(SIMPLE_ICONS[name] as string) !== null;

export function providerLogo(name: string, displayName: string): string {
  const colour = COLOURS[name] ?? '#57606a';
  const label = displayName.replace(/[^\w .-]/g, '');
  const tile = `<rect x="0.5" y="0.5" width="63" height="63" rx="14" fill="${colour}" stroke="#ffffff" stroke-opacity="0.35"/>`;
  const slug = SIMPLE_ICONS[name];
  const d = slug === undefined ? null : simpleIconPath(slug);
  if (d !== null) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="${label}">${tile}<path transform="translate(14 14) scale(1.5)" fill="#fff" d="${d}"/></svg>`;
  }
  const initial = (displayName[0] ?? '?').toUpperCase().replace(/[^A-Z0-9]/g, '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="${label}">${tile}<text x="32" y="43" font-family="system-ui,sans-serif" font-size="32" font-weight="700" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
}
