/** What `/metrics` reads from the database at each scrape, through the tables' owners (see src/metrics/index.ts). */
import { workerHeartbeats } from '../jobs/heartbeats.js';
import { queueStats } from '../jobs/queue.js';
import type { Services } from '../services.js';
import { transferCounts } from '../transfers/counts.js';
import { exposition } from './index.js';

/** The metrics' text exposition, with transfers, the queue and the workers read now. */
export async function scrape(services: Pick<Services, 'database'>, now = Date.now()): Promise<string> {
  const db = services.database.db;
  const [transfers, queue, beats] = await Promise.all([transferCounts(db), queueStats(db, now), workerHeartbeats(db, now)]);
  return exposition({ transfers, queue, freshWorkers: beats.fresh });
}
