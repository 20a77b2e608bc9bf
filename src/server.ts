/**
 * Starting Weft: configuration, services, the HTTP server (with the sandbox mounted unless told otherwise) and the
 * in-process worker. `npm start` runs this file.
 */
import path from 'node:path';

import type { FastifyInstance } from 'fastify';

import { logSetup, prepareSetup, type SetupState } from './admin/index.js';
import { banner } from './banner.js';
import { WeftWorker } from './compose.js';
import { type Config, loadConfig, resolveLogFormat } from './config.js';
import { buildApp } from './http/index.js';
import { isEntryPoint } from './lib/entry.js';
import { limitHeapGrowth } from './lib/heap.js';
import type { Sandbox } from './sandbox/index.js';
import { createServices, type Services } from './services.js';
import { startTelemetry } from './telemetry/index.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  worker: WeftWorker | null;
  sandbox: Sandbox | null;
  url: string;
  /** Where the first administrator's setup stood at start (its token, if one was made now). */
  setup: SetupState;
  /**
   * Stops: synchronous requests answer at once with their transfer's state, new requests get 503, the worker lets
   * provider batches in flight finish and hands its jobs back, within `graceMs` (0: abort the jobs at once).
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * The embedded sandbox, if the configuration mounts it. Its modules (every provider's fake and seed data, a third of
 * the server's code) are loaded here, only then: a server without it stays smaller (issue 17, idle memory).
 */
export async function sandboxFor(config: Config): Promise<Sandbox | null> {
  if (!config.sandbox.enabled) return null;
  const { createSandbox } = await import('./sandbox/index.js');
  return createSandbox({
    publicUrl: config.sandbox.url,
    seed: { contacts: config.sandbox.contacts, companies: config.sandbox.companies },
    hubspotRateLimit: config.sandbox.rateLimit,
    rateLimits: config.sandbox.rateLimit !== null,
    tokenLifetimeSeconds: config.sandbox.tokenLifetimeS,
    latencyMs: config.sandbox.latencyMs,
    // The embedded sandbox keeps its accounts, tokens and writes across restarts (README "The sandbox").
    dataFile: path.join(config.dataDir, 'sandbox.db'),
    controlToken: config.sandbox.controlToken,
    maxWritesPerAccount: config.sandbox.maxWritesPerAccount,
    maxAccounts: config.sandbox.maxAccounts,
  });
}

export async function startServer(config: Config, options: { services?: Services } = {}): Promise<RunningServer> {
  const services = options.services ?? (await createServices(config));
  // OpenTelemetry traces, when an OTLP endpoint is set: started before the app, whose request hooks depend on it.
  const telemetry = await startTelemetry(config.telemetry);
  const sandbox = await sandboxFor(config);
  let app: FastifyInstance;
  try {
    app = await buildApp(services, { sandbox: sandbox?.plugin ?? null });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    sandbox?.close();
    await telemetry?.shutdown();
    throw error;
  }
  // First start: no administrator yet, so print a one-time link to create the first one (in the start banner on a
  // terminal, else in the log).
  const setup = await prepareSetup(services);
  if (!bannerWanted(config)) logSetup(services, setup);
  const worker = config.worker.enabled ? new WeftWorker(services, config.worker) : null;
  worker?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    services,
    worker,
    sandbox,
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    setup,
    async close(graceMs = 0) {
      services.beginShutdown();
      await Promise.all([app.close(), worker?.stop(graceMs)]);
      sandbox?.close();
      await services.close();
      // The spans still buffered are sent before the process goes.
      await telemetry?.shutdown();
    },
  };
}

/** Whether the start is told with a banner (the pretty log format: a person at a terminal) rather than log lines. */
function bannerWanted(config: Config): boolean {
  return resolveLogFormat(config.logFormat, { isTTY: process.stdout.isTTY === true, production: config.production }) === 'pretty';
}

/** Tells that Weft runs: a short banner at a terminal, a log line otherwise. */
export function announce(server: RunningServer, config: Config): void {
  const facts = {
    url: config.publicUrl,
    database: config.databaseUrl ? 'postgresql' : `sqlite (${config.dataDir})`,
    sandbox: config.sandbox.enabled ? config.sandbox.url : 'off',
    worker: config.worker.enabled ? `in this process (${config.worker.concurrency} jobs at once)` : 'none in this process (WEFT_WORKER=false)',
  };
  if (bannerWanted(config)) process.stdout.write(banner({ ...facts, setup: server.setup }, process.stdout.hasColors?.() === true));
  else server.services.log.info(facts, `Weft is running at ${config.publicUrl}`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  limitHeapGrowth(config.heapGrowthPercent);
  const server = await startServer(config);
  announce(server, config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.shutdownGraceMs;
    server.services.log.info({ signal, graceMs }, 'shutting down');
    // Whatever happens, the process is gone within the grace period (orchestrators kill it soon after).
    setTimeout(() => {
      server.services.log.error({ graceMs }, 'shutdown took longer than WEFT_SHUTDOWN_GRACE_MS; exiting now');
      process.exit(1);
    }, graceMs).unref();
    // A second left for closing the database after the jobs were handed back.
    server.close(Math.max(0, graceMs - 1_000)).then(
      () => process.exit(0),
      (e: unknown) => {
        server.services.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Runs the server as a program: `node dist/src/server.js`, or `npm start` (bin/start.js, on the bundle). */
export function run(): void {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

if (isEntryPoint(import.meta.url)) {
  run();
}
