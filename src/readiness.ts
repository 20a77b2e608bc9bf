/**
 * Whether this Weft process is ready for traffic (`GET /readyz`): its database answers, every migration this Weft
 * knows is applied, and a worker serves the queue (a fresh heartbeat from any worker on the database; a process that
 * runs no worker by configuration, `WEFT_WORKER=false`, reports that check `not-run`, and it does not fail: the
 * queue is then served by `weft worker` processes, which have no HTTP server to probe).
 */
import { unavailability } from './db/availability.js';
import { pendingMigrations } from './db/database.js';
import { probeDatabase } from './db/health.js';
import { HEARTBEAT_STALE_MS, workerHeartbeats } from './jobs/heartbeats.js';
import type { Services } from './services.js';

export type CheckStatus = 'ok' | 'fail' | 'not-run' | 'skipped';

export interface Check {
  status: CheckStatus;
  /** Why a check failed or was skipped, for a person reading the probe's answer. */
  message?: string;
}

export interface Readiness {
  ready: boolean;
  /** The checks that failed, in order. */
  failed: Array<'database' | 'migrations' | 'worker'>;
  checks: { database: Check; migrations: Check; worker: Check };
}

/** Longest `/readyz` waits for the database's answer. */
const PROBE_TIMEOUT_MS = 2_000;

const SKIPPED: Check = { status: 'skipped', message: 'not checked: the database does not answer' };

export async function checkReadiness(services: Services, now = Date.now()): Promise<Readiness> {
  const workerOff: Check | null = services.config.worker.enabled
    ? null
    : { status: 'not-run', message: 'this process runs no worker (WEFT_WORKER=false)' };
  const unreachable = (message: string): Readiness => ({
    ready: false,
    failed: ['database'],
    checks: { database: { status: 'fail', message }, migrations: SKIPPED, worker: workerOff ?? SKIPPED },
  });
  if (services.health.down) return unreachable('the database does not answer');
  const probe = await probeDatabase(services.database, PROBE_TIMEOUT_MS);
  if (probe === 'timeout') return unreachable(`the database did not answer within ${PROBE_TIMEOUT_MS} ms`);
  if (probe !== true) {
    // Out of reach: the API goes to answering 503 at once too, until the health's probe sees it back.
    if (unavailability(probe.error) === 'unavailable') services.health.reportFailure(probe.error);
    else services.log.warn({ err: probe.error }, 'readiness: the database refused a probe');
    return unreachable('the database does not answer');
  }
  const failed: Readiness['failed'] = [];
  let migrations: Check;
  try {
    const pending = await pendingMigrations(services.database);
    migrations = pending.length ? { status: 'fail', message: `not applied: ${pending.join(', ')} (run: npx weft migrate)` } : { status: 'ok' };
  } catch (e) {
    services.log.warn({ err: e }, 'readiness: could not read the applied migrations');
    migrations = { status: 'fail', message: 'could not read the applied migrations' };
  }
  if (migrations.status === 'fail') failed.push('migrations');
  let worker: Check;
  if (workerOff) worker = workerOff;
  else {
    try {
      const beats = await workerHeartbeats(services.database.db, now);
      worker = beats.fresh
        ? { status: 'ok' }
        : {
            status: 'fail',
            message:
              beats.newestBeatAt === null
                ? 'no worker has written a heartbeat yet'
                : `no worker heartbeat in the last ${HEARTBEAT_STALE_MS / 1000} s (the newest is ${Math.round((now - beats.newestBeatAt) / 1000)} s old)`,
          };
    } catch (e) {
      services.log.warn({ err: e }, 'readiness: could not read the worker heartbeats');
      worker = { status: 'fail', message: 'could not read the worker heartbeats' };
    }
  }
  if (worker.status === 'fail') failed.push('worker');
  return { ready: failed.length === 0, failed, checks: { database: { status: 'ok' }, migrations, worker } };
}
