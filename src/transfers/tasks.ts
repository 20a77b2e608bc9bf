/** The transfers' jobs and recurring work, registered with the queue's registry by the composition (src/compose.ts). */
import type { TaskRegistry } from '../jobs/registry.js';
import type { Services } from '../services.js';
import { claimDueRounds, runRound } from './continuous.js';
import { abandonTransfer, runTransferJob } from './engine.js';
import { purgeIdempotencyKeys } from './idempotency.js';
import { ContinuousRoundTask, PullTask, PurgeTask, PushTask } from './jobs.js';

/** How often due continuous rounds are looked for. */
const CONTINUOUS_POLL_MS = 1000;

export function registerTransferTasks(registry: TaskRegistry, services: Services): void {
  for (const task of [PullTask, PushTask]) {
    registry.register(task, {
      run: (ctx, p) => runTransferJob({ ...ctx, services }, p.transferId),
      abandon: (p, reason) => abandonTransfer(services, p.transferId, reason),
    });
  }
  registry.register(PurgeTask, {
    async run(_ctx, p) {
      // Deletes in slices so that a purge of millions of rows never holds the write lock for long.
      const db = services.database;
      for (const id of p.transferIds) {
        for (;;) {
          const n = await db.write(async (trx) => {
            const slice = trx.selectFrom('transfer_items').select('seq').where('transfer_id', '=', id).orderBy('seq').limit(5000);
            const res = await trx.deleteFrom('transfer_items').where('transfer_id', '=', id).where('seq', 'in', slice).executeTakeFirst();
            return Number(res.numDeletedRows);
          });
          if (n === 0) break;
        }
        await db.db.deleteFrom('transfer_inputs').where('transfer_id', '=', id).execute();
        await db.db.deleteFrom('transfer_progress').where('transfer_id', '=', id).execute();
        await db.db.deleteFrom('sync_seen').where('transfer_id', '=', id).execute();
      }
      return { status: 'done' };
    },
  });
  registry.register(ContinuousRoundTask, {
    async run(_ctx, p) {
      await runRound(services, p.sessionId);
      return { status: 'done' };
    },
  });
  registry.schedule('transfers.continuous-rounds', CONTINUOUS_POLL_MS, async () => {
    const rounds = await claimDueRounds(services.database, services.config.webhooks.continuousIntervalMs);
    if (rounds) services.events.emit('job');
  });
  registry.schedule('transfers.idempotency-keys', 60_000, async () => {
    await purgeIdempotencyKeys(services.database.db, Date.now());
  });
}
