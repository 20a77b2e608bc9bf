/**
 * The pull engine: read a page from the provider, map it, store it with the checkpoint of the next page, all in one
 * transaction fenced by the job's lease. An interrupted pull resumes from its last stored page; since the page and
 * its checkpoint commit together, no record is lost or stored twice.
 *
 * With `sync` (a session option), a pull returns only what changed since the session's last complete pull of the
 * schema: records whose content differs from that pull's (ADDED, UPDATED) as they are read, and, once everything has
 * been read, the records that pull had and this one did not (DELETED). The baseline is replaced in the same
 * transaction that concludes the pull, so a pull that fails or stops part-way changes nothing and concludes no
 * deletion.
 */
import { createHash } from 'node:crypto';

import { type Kysely, sql } from 'kysely';

import type { ClientStats, PulledRecord } from '../connectors/index.js';
import { insertRows, insertStatements } from '../db/bulk.js';
import type { DialectProfile } from '../db/dialect.js';
import type { DB } from '../db/schema.js';
import { runStatements, type SqlStatement } from '../db/statements.js';
import { JobHandedBack } from '../jobs/queue.js';
import { recordsPulled } from '../metrics/index.js';
import { matches } from '../model/filter.js';
import { addValue, type MoneyTotals } from '../model/money.js';
import { COMMON_MODELS } from '../model/registry.js';
import type { Connection } from '../sessions/connections.js';
import type { EngineContext } from './context.js';
import type { FieldPlan } from './field-plan.js';
import type { PullCheckpoint, PullRequestOptions, Transfer } from './model.js';
import { progressStatement } from './progress.js';
import { moneyTotalsOf, pullCheckpointOf, pullRequestOf } from './stored.js';
import { forwardItems, forwardsItems } from './webhook-events.js';

const ITEM_COLUMNS = ['transfer_id', 'seq', 'provider_id', 'body'] as const;

/**
 * The transfer's figures and checkpoint after a stored page, as SQL text made once per dialect (it runs once a page,
 * and building it with the query builder each time cost more than the statement). Parameters: item_count, records
 * added, provider requests added, retries added, 429s added, rate-limit waits added (ms), checkpoint JSON, transfer id.
 */
const PAGE_SQL = new Map<string, { update: string; expected: string; totals: string }>();
function pageSql(profile: DialectProfile): { update: string; expected: string; totals: string } {
  let text = PAGE_SQL.get(profile.name);
  if (!text) {
    let n = 0;
    const p = () => profile.placeholder(++n);
    const update =
      `update "transfers" set "item_count" = ${p()}, "records" = "records" + ${p()}, ` +
      `"batches_queued" = "batches_queued" + 1, "batches_success" = "batches_success" + 1, ` +
      `"provider_requests" = "provider_requests" + ${p()}, "retries" = "retries" + ${p()}, ` +
      `"rate_limited" = "rate_limited" + ${p()}, "waited_ms" = "waited_ms" + ${p()}, "checkpoint" = ${p()} where "id" = ${p()}`;
    text = {
      update,
      expected: `update "transfers" set "expected_records" = ${profile.placeholder(1)} where "id" = ${profile.placeholder(2)}`,
      totals: `update "transfers" set "money_totals" = ${profile.placeholder(1)} where "id" = ${profile.placeholder(2)}`,
    };
    PAGE_SQL.set(profile.name, text);
  }
  return text;
}

interface StoredPage {
  transferId: string;
  rows: ReadonlyArray<{ transfer_id: string; seq: number; provider_id: string; body: string }>;
  /** The transfer's item count once the page is stored. */
  itemCount: number;
  delta: ClientStats;
  checkpoint: PullCheckpoint;
  /** The provider's count of the whole read, to store with the first page; null otherwise. */
  expected: number | null;
  /** The money totals with this page's records added; null for types worth no money. */
  totals: MoneyTotals | null;
}

/**
 * A page's writes after its fence, as statements: its rows, the transfer's figures with the checkpoint of the next
 * page, the provider's estimate and the money totals where there are any, and a progress sample when one is due.
 */
function pageStatements(profile: DialectProfile, page: StoredPage): SqlStatement[] {
  const text = pageSql(profile);
  const { transferId, delta } = page;
  const statements = insertStatements(profile, 'transfer_items', ITEM_COLUMNS, page.rows);
  statements.push({
    sql: text.update,
    params: [
      page.itemCount,
      page.rows.length,
      delta.requests,
      delta.retries,
      delta.rateLimited,
      delta.waitedMs,
      JSON.stringify(page.checkpoint),
      transferId,
    ],
  });
  if (page.expected !== null) statements.push({ sql: text.expected, params: [page.expected, transferId] });
  if (page.totals) statements.push({ sql: text.totals, params: [JSON.stringify(page.totals), transferId] });
  // Last: the sample copies the figures just written.
  const sample = progressStatement(profile, transferId);
  if (sample) statements.push(sample);
  return statements;
}

export async function runPull(ctx: EngineContext, transfer: Transfer, plan: FieldPlan, conn: Connection): Promise<void> {
  const { services } = ctx;
  const options = pullRequestOf(transfer);
  const endgrateType = plan.endgrateType;
  let checkpoint: PullCheckpoint = pullCheckpointOf(transfer);
  if (checkpoint.pages > 0 && checkpoint.cursor === null) {
    // Every page is stored; only the conclusion (and the finish) may have been missed.
    if (options.sync && !checkpoint.concluded) await concludeSync(ctx, transfer, checkpoint, options, stillThere(conn, plan));
    return;
  }
  let seq = transfer.item_count;
  // Types worth money (invoices, payments, orders, deals) sum their records' value by currency, from where a resumed
  // pull left it (stored with the checkpoint, so a page is never counted twice).
  const valueField = plan.custom ? undefined : COMMON_MODELS.get(endgrateType)?.value;
  const totals: MoneyTotals | null = valueField ? (moneyTotalsOf(transfer) ?? {}) : null;
  const filter = options.filter?.length ? options.filter : null;
  const sync = options.sync ? { sessionId: transfer.session_id, key: options.schema_key ?? transfer.endgrate_type, full: !filter } : null;
  // Conditions the provider may apply itself: on the common model's own fields, as the connector maps them.
  const pushdown =
    filter && services.config.filterPushdown && !plan.custom
      ? filter.filter((c) => !(c.field in plan.overrides) && !plan.passthrough.includes(c.field))
      : [];

  const fetchPage = (cursor: string | null) => {
    const page = conn.connector.pull(conn.client, {
      endgrateType,
      cursor,
      associations: options.associations,
      ...(plan.readFields.length ? { fields: plan.readFields } : {}),
      ...(pushdown.length ? { filter: pushdown } : {}),
    });
    // The page is awaited later (after the current one is stored); until then its failure must not count as
    // unhandled. Awaiting it still throws.
    page.catch(() => undefined);
    return page;
  };
  // The next page is fetched while the current one is mapped and stored: the provider's latency overlaps Weft's
  // work. Only stored pages move the checkpoint, so a page fetched ahead and never stored is simply fetched again.
  let pending = fetchPage(checkpoint.cursor);
  for (;;) {
    const page = await pending;
    if (page.next !== null && page.next === checkpoint.cursor) {
      throw new Error(`The provider returned the same page cursor twice (${page.next}); stopping instead of looping.`);
    }
    if (page.next !== null) pending = fetchPage(page.next);
    const read: Array<{ id: string; json: string }> = [];
    const values = valueField ? new Map<string, Record<string, unknown>>() : null;
    for (const r of page.records) {
      const data = plan.shape(r);
      // Weft decides on every record, pushed down or not: the same result either way.
      if (filter && !matches(filter, data)) continue;
      read.push({ id: r.id, json: serialize(r, data) });
      values?.set(r.id, data);
    }
    const next: PullCheckpoint = { cursor: page.next, pages: checkpoint.pages + 1 };
    // Every attempt and every wait since the last stored page (the page fetched ahead included).
    const delta = conn.client.takeStats();
    const store = (kept: ReadonlyArray<{ id: string; json: string }>) => {
      const rows = kept.map((r, i) => ({ transfer_id: transfer.id, seq: seq + i, provider_id: r.id, body: r.json }));
      // The value of the records this page stores (a sync pull stores only what changed), summed exactly.
      if (valueField && values && totals) for (const r of rows) addValue(totals, valueField, values.get(r.provider_id) ?? null);
      return {
        rows,
        statements: pageStatements(services.database.profile, {
          transferId: transfer.id,
          rows,
          itemCount: seq + rows.length,
          delta,
          checkpoint: next,
          // The provider's count of the whole read, once (a sync pull stores only what changed: no estimate).
          expected: page.total !== undefined && checkpoint.pages === 0 && !sync ? page.total : null,
          totals: valueField && totals ? totals : null,
        }),
      };
    };
    let stored: ReturnType<typeof store>;
    if (!sync && !forwardsItems(transfer)) {
      // The common page: the fence, the rows, the figures and the checkpoint, as one transaction of statements
      // (synchronous and prepared on SQLite).
      stored = store(read);
      await services.database.writeStatements([ctx.fenceStatement(), ...stored.statements]);
    } else {
      // A sync pull reads its baseline, and a data webhook its transfer, inside the transaction.
      stored = await services.database.write(async (trx) => {
        await runStatements(trx, [ctx.fenceStatement()]);
        const kept = store(sync ? await syncChanges(trx, services.database.profile, transfer.id, sync, read) : read);
        await runStatements(trx, kept.statements);
        await forwardItems(
          trx,
          transfer,
          kept.rows.map((r) => r.body),
        );
        return kept;
      });
    }
    const { rows } = stored;
    seq += rows.length;
    if (rows.length) recordsPulled.inc({ provider: transfer.provider, endgrate_type: transfer.endgrate_type }, rows.length);
    checkpoint = next;
    ctx.progress();
    if (page.next === null) {
      if (sync) await concludeSync(ctx, transfer, checkpoint, options, stillThere(conn, plan));
      return;
    }
    // Shutting down: this page is stored, so stop here; the page fetched ahead is simply fetched again.
    if (ctx.draining.aborted) throw new JobHandedBack(ctx.job.id);
  }
}

interface SyncTarget {
  sessionId: string;
  key: string;
  /** The pull reads everything (no filter): only then may it conclude deletions. */
  full: boolean;
}

const hashOf = (json: string) => createHash('sha1').update(json).digest('base64url');

/** `{…}` with `"sync_status": status` added. */
const withStatus = (json: string, status: 'ADDED' | 'UPDATED' | 'DELETED') => `${json.slice(0, -1)},"sync_status":"${status}"}`;

/** The records of a page that differ from the baseline, marked ADDED or UPDATED; every record is noted as seen. */
async function syncChanges(
  trx: Kysely<DB>,
  profile: DialectProfile,
  transferId: string,
  target: SyncTarget,
  read: Array<{ id: string; json: string }>,
): Promise<Array<{ id: string; json: string }>> {
  if (!read.length) return [];
  const ids = read.map((r) => r.id);
  const baseline = new Map<string, string>();
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    for (const row of await trx
      .selectFrom('sync_records')
      .select(['provider_id', 'hash'])
      .where('session_id', '=', target.sessionId)
      .where('schema_key', '=', target.key)
      .where('provider_id', 'in', slice)
      .execute()) {
      baseline.set(row.provider_id, row.hash);
    }
    for (const row of await trx
      .selectFrom('sync_seen')
      .select('provider_id')
      .where('transfer_id', '=', transferId)
      .where('provider_id', 'in', slice)
      .execute()) {
      seen.add(row.provider_id);
    }
  }
  const kept: Array<{ id: string; json: string }> = [];
  const noted: Array<{ transfer_id: string; provider_id: string; hash: string }> = [];
  for (const r of read) {
    // A record the provider lists twice in one pull (paging over changing data) counts once.
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const hash = hashOf(r.json);
    noted.push({ transfer_id: transferId, provider_id: r.id, hash });
    const before = baseline.get(r.id);
    if (before === undefined) kept.push({ id: r.id, json: withStatus(r.json, 'ADDED') });
    else if (before !== hash) kept.push({ id: r.id, json: withStatus(r.json, 'UPDATED') });
  }
  await insertRows(trx, profile, 'sync_seen', ['transfer_id', 'provider_id', 'hash'], noted);
  return kept;
}

/** Of the given provider ids, those the provider still has (read by id, 100 at a time). */
type StillThere = (ids: readonly string[]) => Promise<Set<string>>;

/**
 * Asks the provider which records it still has, by id, as upserts read the records they update; only where its reads
 * return live records alone (`liveReads`): elsewhere a record not listed is taken as gone, as the list says.
 */
function stillThere(conn: Connection, plan: FieldPlan): StillThere | null {
  const live = conn.connector.liveReads;
  if (live === undefined || (live !== true && !live(plan.endgrateType))) return null;
  return async (ids) => {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      const read = await conn.connector.read(conn.client, plan.endgrateType, ids.slice(i, i + 100), plan.readFields);
      for (const id of read.keys()) found.add(id);
    }
    return found;
  };
}

/** The baseline's records a sync pull did not see. */
function unseen(db: Kysely<DB>, transfer: Transfer, key: string) {
  return db
    .selectFrom('sync_records as r')
    .select(['r.provider_id', 'r.hash'])
    .where('r.session_id', '=', transfer.session_id)
    .where('r.schema_key', '=', key)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('sync_seen as s')
            .select('s.provider_id')
            .where('s.transfer_id', '=', transfer.id)
            .whereRef('s.provider_id', '=', 'r.provider_id'),
        ),
      ),
    )
    .orderBy('r.provider_id')
    .execute();
}

/**
 * Ends a sync pull that has read every page: appends the records of the baseline this pull did not see (DELETED,
 * with `data: null`), and makes what it saw the new baseline, in one transaction. A filtered pull (which did not read
 * everything) concludes no deletion and only adds to the baseline.
 *
 * A record the list did not show may still be there: on a list paged by offset or page number, a record deleted
 * while the pull reads moves every later one a place up, and the record that crosses into a page already read is
 * never listed. Where the connector's reads return live records only (`liveReads`), the records not seen are first
 * read by id, and those the provider still has are kept in the baseline as they were (a change of theirs is reported
 * by the next pull), not reported DELETED.
 */
async function concludeSync(
  ctx: EngineContext,
  transfer: Transfer,
  checkpoint: PullCheckpoint,
  options: PullRequestOptions,
  verify: StillThere | null,
): Promise<void> {
  const { services } = ctx;
  const profile = services.database.profile;
  const key = options.schema_key ?? transfer.endgrate_type;
  const full = !options.params;
  const candidates = full && verify ? await unseen(services.database.db, transfer, key) : [];
  const present = candidates.length && verify ? await verify(candidates.map((c) => c.provider_id)) : new Set<string>();
  await services.database.write(async (trx) => {
    await ctx.fence(trx);
    // Still at the provider: seen, with the hash of the last complete pull.
    await insertRows(
      trx,
      profile,
      'sync_seen',
      ['transfer_id', 'provider_id', 'hash'],
      candidates.filter((c) => present.has(c.provider_id)).map((c) => ({ transfer_id: transfer.id, provider_id: c.provider_id, hash: c.hash })),
    );
    const current = await trx.selectFrom('transfers').select('item_count').where('id', '=', transfer.id).executeTakeFirstOrThrow();
    let seq = current.item_count;
    let deleted = 0;
    if (full) {
      const gone = await unseen(trx, transfer, key);
      const rows = gone.map((g) => ({
        transfer_id: transfer.id,
        seq: seq++,
        provider_id: g.provider_id,
        body: withStatus(JSON.stringify({ id: g.provider_id, data: null }), 'DELETED'),
      }));
      await insertRows(trx, profile, 'transfer_items', ITEM_COLUMNS, rows);
      await forwardItems(
        trx,
        transfer,
        rows.map((r) => r.body),
      );
      deleted = rows.length;
      await trx.deleteFrom('sync_records').where('session_id', '=', transfer.session_id).where('schema_key', '=', key).execute();
    } else {
      await trx
        .deleteFrom('sync_records')
        .where('session_id', '=', transfer.session_id)
        .where('schema_key', '=', key)
        .where('provider_id', 'in', (eb) => eb.selectFrom('sync_seen').select('provider_id').where('transfer_id', '=', transfer.id))
        .execute();
    }
    await sql`insert into sync_records (session_id, schema_key, provider_id, hash)
      select ${transfer.session_id}, ${key}, provider_id, hash from sync_seen where transfer_id = ${transfer.id}`.execute(trx);
    await trx.deleteFrom('sync_seen').where('transfer_id', '=', transfer.id).execute();
    await trx
      .updateTable('transfers')
      .set((eb) => ({
        item_count: seq,
        records: eb('records', '+', deleted),
        checkpoint: JSON.stringify({ ...checkpoint, concluded: true } satisfies PullCheckpoint),
      }))
      .where('id', '=', transfer.id)
      .execute();
  });
}

/** One `transfer_data[]` item, as served, shaped by the end user's choices (and custom schemas). */
export function serialize(r: PulledRecord, data: Record<string, unknown>): string {
  return JSON.stringify(r.associations ? { id: r.id, data, associations: r.associations } : { id: r.id, data });
}
