/**
 * Whether the database answers. When a request or a job finds it out of reach (stopped, frozen, partitioned), the
 * health goes `down`: the API then answers at once with a clean 503 instead of making every request wait for a
 * timeout, and a probe (`select 1`, with a short timeout) runs every second until the database answers again.
 * (A full disk is not "down": reads still work, and each write that finds no room is answered 503 by itself.)
 */
import { sql } from 'kysely';
import type { Logger } from 'pino';

import { type Unavailability, unavailability } from './availability.js';
import type { Database } from './database.js';

export class DatabaseHealth {
  #down = false;
  #since = 0;
  #probe: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly options: { probeMs?: number; probeTimeoutMs?: number } = {},
  ) {}

  /** True while the database is out of reach. */
  get down(): boolean {
    return this.#down;
  }

  /** Whether `error` means the database is out of reach or out of room (null: some other error). */
  classify(error: unknown): Unavailability | null {
    return unavailability(error);
  }

  /** A query failed because the database is out of reach: go down (logged once) and start probing. */
  reportFailure(error: unknown): void {
    if (this.#closed) return;
    if (!this.#down) {
      this.#down = true;
      this.#since = Date.now();
      this.log.error({ err: error }, 'the database is out of reach; answering 503 until it answers again');
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#probe || this.#closed) return;
    this.#probe = setTimeout(() => {
      this.#probe = null;
      void this.#check();
    }, this.options.probeMs ?? 1_000);
    this.#probe.unref();
  }

  async #check(): Promise<void> {
    const timeoutMs = this.options.probeTimeoutMs ?? 2_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = await Promise.race([
        sql`select 1`.execute(this.database.db).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
      if (answered) {
        this.log.info({ downMs: Date.now() - this.#since }, 'the database answers again');
        this.#down = false;
        return;
      }
    } catch (e) {
      this.log.debug({ err: e }, 'the database is still out of reach');
    } finally {
      clearTimeout(timer);
    }
    this.#schedule();
  }

  close(): void {
    this.#closed = true;
    if (this.#probe) clearTimeout(this.#probe);
    this.#probe = null;
  }
}

/**
 * Whether the database answers `select 1` within `timeoutMs` (for `/readyz`): `true`, or the reason it does not (the
 * error, or `timeout`).
 */
export async function probeDatabase(database: Database, timeoutMs: number): Promise<true | { error: unknown } | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      sql`select 1`.execute(database.db).then(() => true as const),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}
