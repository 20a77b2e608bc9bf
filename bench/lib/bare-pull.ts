/**
 * The baseline of a pull: the least any implementation must do to copy a HubSpot object list into a database.
 * Page through `GET /crm/v3/objects/contacts` with a keep-alive connection, parse each page, insert every record
 * (id, JSON) with a prepared statement in one transaction per page, into a fresh SQLite file in WAL mode. No
 * mapping, no checkpoints, no job queue, no API in front.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import BetterSqlite3 from 'better-sqlite3';
import { Agent, request } from 'undici';

import { CONTACT } from '../../src/connectors/hubspot/mapping.js';
import { authorizeHubSpot } from '../../src/sandbox/testing.js';
import { msSince } from './stats.js';

export interface BarePullOptions {
  sandboxUrl: string;
  account: string;
  /** Stop after this many records (warm-up); default: the whole list. */
  maxRecords?: number;
}

export interface BarePullResult {
  records: number;
  pages: number;
  /** From the first request to the last page's commit (token and database setup excluded). */
  ms: number;
  /** Rows in the table afterwards (a check that every record was stored once). */
  stored: number;
}

/** The contact properties Weft's HubSpot connector asks for, so both sides fetch the same bytes. */
const PROPERTIES = CONTACT.fields.join(',');

export async function barePull(options: BarePullOptions): Promise<BarePullResult> {
  const grant = await authorizeHubSpot({ sandboxUrl: options.sandboxUrl, account: options.account });
  const dir = mkdtempSync(path.join(tmpdir(), 'weft-bench-bare-'));
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
  const db = new BetterSqlite3(path.join(dir, 'bare.db'));
  try {
    db.pragma('journal_mode = WAL');
    // Weft's SQLite setting too (src/db/database.ts), so durability costs the same on both sides.
    db.pragma('synchronous = NORMAL');
    db.exec('create table records (id text primary key, body text not null)');
    const insert = db.prepare('insert into records (id, body) values (?, ?)');
    const insertPage = db.transaction((results: Array<{ id: string }>) => {
      for (const r of results) insert.run(String(r.id), JSON.stringify(r));
    });
    const headers = { authorization: `Bearer ${grant.access_token}`, accept: 'application/json' };
    const base = `${options.sandboxUrl}/hubspot/crm/v3/objects/contacts?limit=100&archived=false&properties=${encodeURIComponent(PROPERTIES)}`;
    const max = options.maxRecords ?? Number.POSITIVE_INFINITY;
    let after: string | undefined;
    let records = 0;
    let pages = 0;
    const start = process.hrtime.bigint();
    for (;;) {
      const res = await request(after === undefined ? base : `${base}&after=${encodeURIComponent(after)}`, { headers, dispatcher: agent });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`contacts list answered ${res.statusCode}: ${text.slice(0, 300)}`);
      const page = JSON.parse(text) as { results: Array<{ id: string }>; paging?: { next?: { after?: string } } };
      insertPage(page.results);
      records += page.results.length;
      pages++;
      after = page.paging?.next?.after;
      if (after === undefined || records >= max) break;
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
