/**
 * The session page follows the category (issue 14): providers offered from several categories are listed under a
 * heading per category; a session of one category lists its providers alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

/** The page's category headings and, under each, the providers' button values, in order. */
function groups(page: string): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  const form = page.slice(page.indexOf('<form method="post" action="/session/connect"'), page.indexOf('</form>'));
  for (const part of form.split('<h2 class="category"').slice(1)) {
    const heading = /id="category-([A-Za-z]+)">([^<]+)<\/h2>/.exec(part);
    out.push([`${heading?.[1]}: ${heading?.[2]}`, [...part.matchAll(/name="provider" value="([a-z0-9]+)"/g)].map((m) => m[1] ?? '')]);
  }
  return out;
}

describeEachDialect('the session page by category', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect);
  });
  afterAll(async () => h?.close());

  async function page(body: Record<string, unknown>): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (await fetch(`${h.url}/session?session_id=${res.body.session_id}`)).text();
  }

  it('lists the providers of every category under its heading when a session of custom objects may use any', async () => {
    const text = await page({ schema: [{ title: 'Records', type: 'object', properties: { name: { type: 'string' } } }] });
    const listed = groups(text);
    expect(listed.map(([heading]) => heading)).toEqual([
      'CRM: CRM',
      'Accounting: Accounting',
      'Ecommerce: Ecommerce',
      'Helpdesk: Help desk',
      'Workspace: Task workspace',
      'Forms: Forms',
      'Communication: Team chat',
      'Marketing: E-mail marketing',
    ]);
    expect(listed[0]?.[1]).toEqual(['hubspot', 'salesforce', 'pipedrive', 'freshsales', 'copper', 'zoho', 'attio', 'dynamics', 'close']);
    expect(listed[1]?.[1]).toEqual(['quickbooks', 'xero']);
    expect(listed[2]?.[1]).toEqual(['shopify', 'woocommerce', 'bigcommerce']);
    expect(listed[3]?.[1]).toEqual(['zendesk', 'freshdesk']);
    expect(listed[4]?.[1]).toEqual(['asana', 'todoist']);
    expect(listed[5]?.[1]).toEqual(['typeform']);
    expect(listed[6]?.[1]).toEqual(['slack']);
    expect(listed[7]?.[1]).toEqual(['mailchimp']);
    // Each list is named by its heading.
    expect(text).toContain('<ul class="providers" aria-labelledby="category-Ecommerce">');
  });

  it('lists one category without headings', async () => {
    const crm = await page({ schema: [{ endgrate_type: 'crm-contact' }] });
    expect(crm).not.toContain('<h2 class="category"');
    expect(crm).toContain('value="hubspot"');
    expect(crm).not.toContain('value="shopify"');
    const shop = await page({ schema: [{ endgrate_type: 'ecommerce-customer' }] });
    expect(shop).not.toContain('<h2 class="category"');
    expect([...shop.matchAll(/name="provider" value="([a-z0-9]+)"/g)].map((m) => m[1])).toEqual(['shopify', 'woocommerce', 'bigcommerce']);
    const books = await page({ schema: [{ endgrate_type: 'accounting-invoice' }] });
    expect(books).not.toContain('<h2 class="category"');
    expect([...books.matchAll(/name="provider" value="([a-z0-9]+)"/g)].map((m) => m[1])).toEqual(['quickbooks', 'xero']);
  });
});
