/** How many transfers there are by state, provider, Endgrate type and method, for `/metrics` (read at each scrape). */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';

export interface TransferCount {
  provider: string;
  endgrateType: string;
  method: string;
  state: string;
  count: number;
}

/** Every project's transfers counted together (no project or session appears: metrics carry no ids). */
export async function transferCounts(db: Kysely<DB>): Promise<TransferCount[]> {
  const rows = await db
    .selectFrom('transfers')
    .select((eb) => ['status', 'provider', 'endgrate_type', 'method', eb.fn.countAll<number>().as('count')])
    .groupBy(['status', 'provider', 'endgrate_type', 'method'])
    .execute();
  return rows.map((r) => ({ provider: r.provider, endgrateType: r.endgrate_type, method: r.method, state: r.status, count: Number(r.count) }));
}
