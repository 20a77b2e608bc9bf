/**
 * A Weft instance inside the bench process, built the way `src/server.ts` builds one: configuration from
 * `loadConfig`, services on an embedded SQLite database in a fresh temporary data directory (or on PostgreSQL, in a
 * schema of its own), the HTTP app listening on a real port (without its own sandbox: providers go to the sandbox
 * child process), an in-process worker unless told otherwise, and an API key. API calls go over real HTTP, like a
 * customer's backend would make them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FastifyInstance } from 'fastify';

import { WeftWorker } from '../../src/compose.js';
import { type Config, loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/index.js';
import { createApiKey, ensureProject } from '../../src/projects/index.js';
import { createServices, type Services } from '../../src/services.js';
import { type WeftClient, weftClient } from './client.js';
import { freePort } from './ports.js';

export type { ApiResult } from './client.js';

export interface WeftOptions {
  /** Base URL of the sandbox child process (its `{"url": …}` line). */
  sandboxUrl: string;
  /** Extra environment for `loadConfig` (overrides the defaults below), e.g. DATABASE_URL. */
  env?: Record<string, string>;
  /** Run a worker in this process. @defaultValue true */
  worker?: boolean;
  /** PostgreSQL schema (with DATABASE_URL in `env`). */
  pgSchema?: string;
}

export interface WeftInstance extends WeftClient {
  config: Config;
  services: Services;
  app: FastifyInstance;
  dataDir: string;
}

export async function startWeft(options: WeftOptions): Promise<WeftInstance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
  const cleanupSteps: Array<() => unknown> = [() => rmSync(dataDir, { recursive: true, force: true })];
  const unwind = async () => {
    for (let step = cleanupSteps.pop(); step; step = cleanupSteps.pop()) {
      try {
        await step();
      } catch (e) {
        // Keep releasing the rest, but say what failed.
        console.error(`bench cleanup step failed: ${(e as Error).message}`);
      }
    }
  };
  try {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      PORT: String(port),
      HOST: '127.0.0.1',
      WEFT_PUBLIC_URL: url,
      WEFT_DATA_DIR: dataDir,
      WEFT_SANDBOX: 'false',
      WEFT_SANDBOX_URL: options.sandboxUrl,
      WEFT_WORKER_CONCURRENCY: '1',
      WEFT_LOG_LEVEL: 'warn',
      // A synchronous pull of a large account may take longer than the default 5 minutes.
      WEFT_SYNC_TIMEOUT_MS: String(3_600_000),
      // The load tool keeps the event loop busy on purpose: shedding load (503 past 98 % utilization) would cut the
      // throughput the serving scenario measures.
      WEFT_MAX_EVENT_LOOP_UTILIZATION: '0',
      ...options.env,
    });
    const services = await createServices(config, options.pgSchema ? { pgSchema: options.pgSchema } : {});
    cleanupSteps.push(() => services.close());
    const app = await buildApp(services, { sandbox: null });
    cleanupSteps.push(() => app.close());
    await app.listen({ port, host: '127.0.0.1' });
    if (options.worker !== false) {
      const worker = new WeftWorker(services, { ...config.worker });
      worker.start();
      cleanupSteps.push(() => worker.stop());
    }
    const project = await ensureProject(services.database.db, 'default');
    const { key } = await createApiKey(services.database.db, project.id, 'bench');
    const client = weftClient(url, key);
    cleanupSteps.push(() => client.close());
    return { ...client, config, services, app, dataDir, close: unwind };
  } catch (e) {
    await unwind();
    throw e;
  }
}
