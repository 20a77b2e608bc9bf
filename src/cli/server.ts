/** `weft start`, `weft worker`, `weft migrate`, `weft sandbox`: the commands that run Weft (and may create its database). */
import type { Command } from 'commander';

import { WeftWorker } from '../compose.js';
import { limitHeapGrowth } from '../lib/heap.js';
import { startMetricsListener } from '../metrics/listener.js';
import { announce, startServer } from '../server.js';
import { createServices } from '../services.js';
import { startTelemetry } from '../telemetry/index.js';
import { config, databaseLine, type Io, positiveIntOrZero } from './context.js';

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export function registerServer(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('start')
    .description('Start the server (API, hosted pages, sandbox, worker)')
    .action(async () => {
      const cfg = config();
      io.err(databaseLine(cfg));
      limitHeapGrowth(cfg.heapGrowthPercent);
      const server = await startServer(cfg);
      announce(server, cfg);
      await waitForSignal();
      await server.close();
      done(0);
    });

  program
    .command('worker')
    .description("Run a worker only (shares the server's database)")
    .action(async () => {
      const cfg = config();
      io.err(databaseLine(cfg));
      limitHeapGrowth(cfg.heapGrowthPercent);
      const services = await createServices(cfg);
      // Job runs continue the traces of the requests that enqueued them (when an OTLP endpoint is set).
      const telemetry = await startTelemetry(cfg.telemetry);
      const worker = new WeftWorker(services, cfg.worker);
      worker.start();
      // Its counters, for Prometheus (the server's /metrics cannot see this process's).
      const listener =
        cfg.worker.metricsPort === null
          ? null
          : await startMetricsListener({ port: cfg.worker.metricsPort, host: cfg.host, token: cfg.metricsToken, log: services.log });
      if (listener) services.log.info({ url: `${listener.url}/metrics` }, `worker metrics at ${listener.url}/metrics`);
      await waitForSignal();
      services.beginShutdown();
      await worker.stop(Math.max(0, cfg.shutdownGraceMs - 1_000));
      await listener?.close();
      await services.close();
      await telemetry?.shutdown();
      done(0);
    });

  program
    .command('migrate')
    .description('Apply database migrations and exit (creates the database if there is none)')
    .action(async () => {
      const cfg = config();
      io.err(databaseLine(cfg));
      limitHeapGrowth(cfg.heapGrowthPercent);
      const services = await createServices(cfg);
      await services.close();
      io.out('Database is up to date.');
      done(0);
    });

  program
    .command('sandbox')
    .description('Run the provider sandbox alone (its control API only with WEFT_SANDBOX_CONTROL_TOKEN)')
    .option('--port <n>', 'port to listen on (0: any free port)', positiveIntOrZero, 0)
    .action(async (opts: { port: number }) => {
      const cfg = config();
      // Loaded only for this command: a server or worker started by the CLI never loads the fakes.
      const { startSandboxServer } = await import('../sandbox/index.js');
      const sandbox = await startSandboxServer({
        port: opts.port,
        seed: { contacts: cfg.sandbox.contacts, companies: cfg.sandbox.companies },
        hubspotRateLimit: cfg.sandbox.rateLimit,
        rateLimits: cfg.sandbox.rateLimit !== null,
        tokenLifetimeSeconds: cfg.sandbox.tokenLifetimeS,
        latencyMs: cfg.sandbox.latencyMs,
        controlToken: cfg.sandbox.controlToken,
        maxWritesPerAccount: cfg.sandbox.maxWritesPerAccount,
        maxAccounts: cfg.sandbox.maxAccounts,
      });
      io.out(sandbox.url);
      await waitForSignal();
      await sandbox.close();
      done(0);
    });
}
