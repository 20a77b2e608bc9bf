/**
 * The `weft` command: `weft start`, `weft worker`, `weft keys create|list|revoke`, `weft admin setup-token|invite`,
 * `weft webhooks rotate-secret`, `weft sandbox`, `weft migrate`.
 * Configuration comes from the same environment variables as the server.
 */
import { parseArgs } from 'node:util';

import { createAdminToken, newSetupToken, setupUrl } from './admin/index.js';
import { WeftWorker } from './compose.js';
import { loadConfig } from './config.js';
import { isEntryPoint } from './lib/entry.js';
import { createApiKey, DEFAULT_PROJECT, ensureProject, findProject, revokeApiKey } from './projects/index.js';
import { listApiKeys } from './projects/listing.js';
import { startSandboxServer } from './sandbox/index.js';
import { announce, startServer } from './server.js';
import { createServices } from './services.js';
import { rotateWebhookSecret } from './webhooks/secrets.js';

const USAGE = `Usage: weft <command> [options]

Commands:
  start                          Start the server (API, hosted pages, sandbox, worker)
  worker                         Run a worker only (shares the server's database)
  keys create [--project NAME] [--label TEXT] [--live]
                                 Create an API key; prints it alone on the last line. A test key
                                 (weft_sk_test_…: sessions use the sandbox) unless --live (weft_sk_live_…:
                                 real providers only)
  keys list [--project NAME]     List a project's keys (mode and prefix only)
  keys revoke KEY_ID [--project NAME]
                                 Revoke a key
  admin setup-token              Print a new dashboard setup token alone on the last line (voids older ones;
                                 only while no administrator exists)
  admin invite                   Print a single-use link (24 h) that creates a dashboard administrator
  webhooks rotate-secret [--project NAME]
                                 Make a new webhook signing secret and print it alone on the last line; the old one
                                 signs beside it for WEFT_WEBHOOK_SECRET_OVERLAP_HOURS
  sandbox [--port N]             Run the provider sandbox alone (its control API only with
                                 WEFT_SANDBOX_CONTROL_TOKEN)
  migrate                        Apply database migrations and exit

Settings are read from the environment; see the README.`;

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      label: { type: 'string' },
      live: { type: 'boolean' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const server = await startServer(config);
      announce(server, config);
      await waitForSignal();
      await server.close();
      return 0;
    }
    case 'worker': {
      const services = await createServices(config);
      const worker = new WeftWorker(services, config.worker);
      worker.start();
      await waitForSignal();
      services.beginShutdown();
      await worker.stop(Math.max(0, config.shutdownGraceMs - 1_000));
      await services.close();
      return 0;
    }
    case 'migrate': {
      const services = await createServices(config);
      await services.close();
      console.log('Database is up to date.');
      return 0;
    }
    case 'sandbox': {
      const port = values.port ? Number(values.port) : 0;
      const sandbox = await startSandboxServer({
        port,
        seed: { contacts: config.sandbox.contacts, companies: config.sandbox.companies },
        hubspotRateLimit: config.sandbox.rateLimit,
        rateLimits: config.sandbox.rateLimit !== null,
        tokenLifetimeSeconds: config.sandbox.tokenLifetimeS,
        latencyMs: config.sandbox.latencyMs,
        controlToken: config.sandbox.controlToken,
        maxWritesPerAccount: config.sandbox.maxWritesPerAccount,
        maxAccounts: config.sandbox.maxAccounts,
      });
      console.log(sandbox.url);
      await waitForSignal();
      await sandbox.close();
      return 0;
    }
    case 'admin': {
      const services = await createServices(config);
      try {
        if (sub === 'setup-token') {
          const token = await newSetupToken(services);
          if (!token) {
            console.error(
              `An administrator already exists, so setup is closed. Sign in at ${config.publicUrl}/dashboard/sign-in, or run 'weft admin invite'.`,
            );
            return 1;
          }
          console.error(`Setup token for ${setupUrl(services)} (single use, valid 24 hours; older setup tokens no longer work):`);
          console.log(token);
          return 0;
        }
        if (sub === 'invite') {
          const { token } = await createAdminToken(services.database, 'invite');
          console.error('Invitation link for a new dashboard administrator (single use, valid 24 hours):');
          console.log(`${config.publicUrl}/dashboard/invite?${new URLSearchParams({ token })}`);
          return 0;
        }
        console.error(USAGE);
        return 1;
      } finally {
        await services.close();
      }
    }
    case 'webhooks': {
      if (sub !== 'rotate-secret') {
        console.error(USAGE);
        return 1;
      }
      const services = await createServices(config);
      try {
        const name = values.project ?? DEFAULT_PROJECT;
        const project = await findProject(services.database.db, name);
        if (!project) {
          console.error(`No project named '${name}'.`);
          return 1;
        }
        const overlapMs = config.webhooks.secretOverlapMs;
        const secret = await rotateWebhookSecret(services.database.db, services.sealer, project.id, overlapMs);
        console.error(
          `New webhook signing secret of project '${project.name}'. ${overlapMs > 0 ? `The old one also signs for ${overlapMs / 3600_000} hours.` : 'The old one no longer signs.'}`,
        );
        console.log(secret);
        return 0;
      } finally {
        await services.close();
      }
    }
    case 'keys': {
      const services = await createServices(config, {});
      try {
        const name = values.project ?? DEFAULT_PROJECT;
        if (sub === 'create') {
          const project = await ensureProject(services.database.db, name);
          const key = await createApiKey(services.database.db, project.id, values.label ?? null, values.live === true ? 'live' : 'test');
          const reach = key.mode === 'live' ? 'its sessions connect to real providers only' : "its sessions connect to Weft's sandbox";
          console.error(`Created ${key.mode} API key ${key.id} in project '${project.name}' (${reach}). It is shown once; store it now.`);
          console.log(key.key);
          return 0;
        }
        const project = await findProject(services.database.db, name);
        if (!project) {
          console.error(`No project named '${name}'.`);
          return 1;
        }
        if (sub === 'list') {
          // Oldest first: the owner lists them newest first.
          const keys = (await listApiKeys(services.database.db, project.id)).reverse();
          for (const k of keys) {
            const state = k.revokedAt ? 'revoked' : 'active';
            console.log(`${k.id}  ${k.mode}  ${k.prefix}…  ${state}  ${k.label ?? ''}`.trimEnd());
          }
          return 0;
        }
        if (sub === 'revoke' && arg) {
          const ok = await revokeApiKey(services.database.db, project.id, arg);
          console.log(ok ? `Revoked ${arg}.` : `No active key ${arg} in project '${name}'.`);
          return ok ? 0 : 1;
        }
        console.error(USAGE);
        return 1;
      } finally {
        await services.close();
      }
    }
    default:
      console.error(`Unknown command '${command}'.\n\n${USAGE}`);
      return 1;
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

if (isEntryPoint(import.meta.url)) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
