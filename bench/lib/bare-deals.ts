/**
 * The baseline of a deal pull from Salesforce: the least any implementation must do to copy an org's opportunities
 * with their contacts into a database. Page through a SOQL query of Opportunity (the fields Weft's connector asks
 * for, ORDER BY Id, batches of 2,000 by the query locator), read each page's contact roles (OpportunityContactRole,
 * 200 opportunities a query: a longer IN list would pass the URL length Salesforce accepts), and insert every
 * opportunity with its roles (id, JSON) with a prepared statement, one transaction per page, into a fresh SQLite file
 * in WAL mode. No mapping, no checkpoints, no job queue, no API in front.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { Agent, request } from 'undici';

import { DEAL } from '../../src/connectors/salesforce/mapping.js';
import { authorizeSalesforce } from '../../src/sandbox/salesforce/testing.js';
import type { BarePullResult } from './bare-pull.js';
import { msSince } from './stats.js';

interface QueryPage {
  done: boolean;
  nextRecordsUrl?: string;
  records: Array<Record<string, unknown> & { Id: string }>;
}

export async function bareDeals(options: { sandboxUrl: string; account: string; maxRecords?: number }): Promise<BarePullResult> {
  const grant = await authorizeSalesforce({ baseUrl: `${options.sandboxUrl}/salesforce`, org: options.account });
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-bare-deals-'));
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const db = new BetterSqlite3(path.join(dir, 'bare.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('create table records (id text primary key, body text not null)');
    const insert = db.prepare('insert into records (id, body) values (?, ?)');
    const insertPage = db.transaction((rows: Array<{ Id: string }>) => {
      for (const r of rows) insert.run(r.Id, JSON.stringify(r));
    });
    const headers = { authorization: `Bearer ${grant.access_token}`, accept: 'application/json', 'sforce-query-options': 'batchSize=2000' };
    const get = async (pathAndQuery: string): Promise<QueryPage> => {
      const res = await request(`${grant.instance_url}${pathAndQuery}`, { headers, dispatcher: agent });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`query answered ${res.statusCode}: ${text.slice(0, 300)}`);
      return JSON.parse(text) as QueryPage;
    };
    const query = (soql: string) => get(`/services/data/v60.0/query?${new URLSearchParams({ q: soql })}`);
    const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
    let records = 0;
    let pages = 0;
    const start = process.hrtime.bigint();
    let page = await query(`SELECT ${DEAL.fields.join(', ')} FROM Opportunity ORDER BY Id`);
    for (;;) {
      const byDeal = new Map<string, unknown[]>();
      for (let i = 0; i < page.records.length; i += 200) {
        const ids = page.records.slice(i, i + 200).map((r) => `'${r.Id}'`);
        const roles = await query(
          `SELECT Id, OpportunityId, ContactId, IsPrimary FROM OpportunityContactRole WHERE OpportunityId IN (${ids.join(', ')})`,
        );
        for (const role of roles.records) byDeal.set(String(role['OpportunityId']), [...(byDeal.get(String(role['OpportunityId'])) ?? []), role]);
      }
      insertPage(page.records.map((r) => ({ ...r, OpportunityContactRoles: { records: byDeal.get(r.Id) ?? [] } })));
      records += page.records.length;
      pages++;
      if (page.done || !page.nextRecordsUrl || records >= max) break;
      page = await get(page.nextRecordsUrl);
    }
    const ms = msSince(start);
    const stored = (db.prepare('select count(*) as n from records').get() as { n: number }).n;
    return { records, pages, ms, stored };
  } finally {
    db.close();
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
