/** The sessions' recurring work: sessions past their expiry deleted with all their data, OAuth states past theirs. */
import type { TaskRegistry } from '../jobs/registry.js';
import type { Services } from '../services.js';
import { purgeOAuthStates } from './oauth-state.js';
import { expiredSessionIds } from './sessions.js';

/** Deletes sessions with all their data (src/session-deletion.ts, given by the composition). */
export type DeleteSessions = (database: Services['database'], sessionIds: string[], now: number) => Promise<number>;

/** Deletes what has expired; returns how many sessions went. */
export async function sessionUpkeep(services: Services, deleteSessions: DeleteSessions, now = Date.now()): Promise<number> {
  await purgeOAuthStates(services.database.db, now);
  let total = 0;
  for (;;) {
    const ids = await expiredSessionIds(services.database.db, now, 100);
    if (!ids.length) return total;
    total += await deleteSessions(services.database, ids, now);
    services.log.info({ sessions: ids.length }, 'expired sessions deleted');
  }
}

export function registerSessionTasks(registry: TaskRegistry, services: Services, deleteSessions: DeleteSessions): void {
  registry.schedule('sessions.upkeep', 60_000, async () => {
    await sessionUpkeep(services, deleteSessions);
  });
}
