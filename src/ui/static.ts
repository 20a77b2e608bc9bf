/** Provider logos, drawn here (a coloured tile with the provider's initial), so that no page loads outside assets. */
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
};

export function providerLogo(name: string, displayName: string): string {
  const colour = COLOURS[name] ?? '#57606a';
  const initial = (displayName[0] ?? '?').toUpperCase().replace(/[^A-Z0-9]/g, '?');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="${displayName.replace(/[^\w .-]/g, '')}"><rect width="64" height="64" rx="14" fill="${colour}"/><text x="32" y="43" font-family="system-ui,sans-serif" font-size="32" font-weight="700" text-anchor="middle" fill="#fff">${initial}</text></svg>`;
}
