/** `weft keys create|list|revoke`: a project's API keys. */
import type { Command } from 'commander';

import { createApiKey, DEFAULT_PROJECT, ensureProject, findProject, revokeApiKey } from '../projects/index.js';
import { listApiKeys } from '../projects/listing.js';
import { CliError, type Io, withServices } from './context.js';

export function registerKeys(program: Command, io: Io, done: (code: number) => void): void {
  const keys = program.command('keys').description("Create, list and revoke a project's API keys");
  keys
    .command('create')
    .description(
      'Create an API key; prints it alone on the last line. A test key (weft_sk_test_…: sessions use the sandbox) unless --live (weft_sk_live_…: real providers only)',
    )
    .option('--project <name>', 'project (created if missing)', DEFAULT_PROJECT)
    .option('--label <text>', 'a label to tell the key apart')
    .option('--live', 'make a live key (real providers only)')
    .action(async (opts: { project: string; label?: string; live?: boolean }) => {
      await withServices(io, async (services) => {
        const project = await ensureProject(services.database.db, opts.project);
        const key = await createApiKey(services.database.db, project.id, opts.label ?? null, opts.live === true ? 'live' : 'test');
        const reach = key.mode === 'live' ? 'its sessions connect to real providers only' : "its sessions connect to Weft's sandbox";
        io.err(`Created ${key.mode} API key ${key.id} in project '${project.name}' (${reach}). It is shown once; store it now.`);
        io.out(key.key);
      });
      done(0);
    });
  keys
    .command('list')
    .description("List a project's keys (mode and prefix only), oldest first")
    .option('--project <name>', 'project', DEFAULT_PROJECT)
    .action(async (opts: { project: string }) => {
      await withServices(io, async (services) => {
        const project = await findProject(services.database.db, opts.project);
        if (!project) throw new CliError(`No project named '${opts.project}'.`);
        // Oldest first: the owner lists them newest first.
        const rows = (await listApiKeys(services.database.db, project.id)).reverse();
        for (const k of rows) {
          const state = k.revokedAt ? 'revoked' : 'active';
          io.out(`${k.id}  ${k.mode}  ${k.prefix}…  ${state}  ${k.label ?? ''}`.trimEnd());
        }
      });
      done(0);
    });
  keys
    .command('revoke')
    .description('Revoke a key')
    .argument('<key-id>', 'the id `weft keys list` shows')
    .option('--project <name>', 'project', DEFAULT_PROJECT)
    .action(async (keyId: string, opts: { project: string }) => {
      const ok = await withServices(io, async (services) => {
        const project = await findProject(services.database.db, opts.project);
        if (!project) throw new CliError(`No project named '${opts.project}'.`);
        return revokeApiKey(services.database.db, project.id, keyId);
      });
      io.out(ok ? `Revoked ${keyId}.` : `No active key ${keyId} in project '${opts.project}'.`);
      done(ok ? 0 : 1);
    });
}
