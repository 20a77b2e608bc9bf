/**
 * Keyset paging of the search API (`hs_object_id` GT the last id read, as Weft's connector pages a filtered pull):
 * each page answers what a search of every record would, while the matches of the other filters are remembered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { type SandboxServer, startSandboxServer } from '../index.js';

let server: SandboxServer;

beforeAll(async () => {
  server = await startSandboxServer({ seed: { contacts: 120, companies: 7 }, hubspotRateLimit: null, hubspotSearchRateLimit: null });
});

afterAll(async () => {
  await server.close();
});

type Filter = { propertyName: string; operator: string; value?: string };
interface Page {
  total: number;
  results: Array<{ id: string; properties: Record<string, string | null> }>;
  paging?: { next: { after: string } };
}

function searcher(account: string) {
  const token = server.sandbox.hubspot.account(account).issueTokens().access_token;
  return async (filterGroups: Filter[][], limit = 200): Promise<Page> => {
    const response = await fetch(`${server.url}/hubspot/crm/v3/objects/contacts/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        filterGroups: filterGroups.map((filters) => ({ filters })),
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: ['lifecyclestage'],
        limit,
      }),
    });
    const body = (await response.json()) as Page;
    if (response.status !== 200) throw new Error(JSON.stringify(body));
    return body;
  };
}

const lead: Filter = { propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' };
const above = (operator: string, id: string): Filter => ({ propertyName: 'hs_object_id', operator, value: id });

it('pages by the last id read like a search of everything, totals included, and sees changes', async () => {
  const search = searcher('keyset-paging');
  const all = await search([[lead]]);
  expect(all.total).toBeGreaterThan(10);
  const ids = all.results.map((record) => record.id);
  const read: string[] = [];
  for (let last = '0'; ;) {
    const page = await search([[lead, above('GT', last)]], 7);
    expect(page.total).toBe(ids.filter((id) => Number(id) > Number(last)).length);
    read.push(...page.results.map((record) => record.id));
    const next = page.results.at(-1);
    if (!page.paging || !next) break;
    last = next.id;
  }
  expect(read).toEqual(ids);
  const [, second] = ids;
  expect((await search([[lead, above('GTE', second as string)]], 1)).results.map((record) => record.id)).toEqual([second]);
  // The same floor in every group; a group without one is searched as it is.
  const anyStage: Filter = { propertyName: 'lifecyclestage', operator: 'HAS_PROPERTY' };
  const both = await search([
    [lead, above('GT', second as string)],
    [anyStage, above('GT', second as string)],
  ]);
  expect(both.results.every((record) => Number(record.id) > Number(second))).toBe(true);
  expect((await search([[lead, above('GT', second as string)], [lead]])).total).toBe(all.total);

  server.sandbox.hubspot
    .account('keyset-paging')
    .objects('contacts')
    .update(ids.at(-1) as string, { lifecyclestage: 'customer' });
  const after = await search([[lead, above('GT', second as string)]]);
  expect(after.results.map((record) => record.id)).toEqual(ids.slice(2, -1));
});
