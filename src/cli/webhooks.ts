/** `weft webhooks rotate-secret`: a project's webhook signing secret. */
import type { Command } from 'commander';

import { DEFAULT_PROJECT, findProject } from '../projects/index.js';
import { rotateWebhookSecret } from '../webhooks/secrets.js';
import { CliError, type Io, withServices } from './context.js';

export function registerWebhooks(program: Command, io: Io, done: (code: number) => void): void {
  const webhooks = program.command('webhooks').description('Webhook signing');
  webhooks
    .command('rotate-secret')
    .description(
      'Make a new webhook signing secret and print it alone on the last line; the old one signs beside it for WEFT_WEBHOOK_SECRET_OVERLAP_HOURS',
    )
    .option('--project <name>', 'project', DEFAULT_PROJECT)
    .action(async (opts: { project: string }) => {
      await withServices(io, async (services) => {
        const project = await findProject(services.database.db, opts.project);
        if (!project) throw new CliError(`No project named '${opts.project}'.`);
        const overlapMs = services.config.webhooks.secretOverlapMs;
        const secret = await rotateWebhookSecret(services.database.db, services.sealer, project.id, overlapMs);
        if (secret === undefined) throw new CliError(`Project '${project.name}' has no webhook signing secret to rotate.`);
        io.err(
          `New webhook signing secret of project '${project.name}'. ${overlapMs > 0 ? `The old one also signs for ${overlapMs / 3600_000} hours.` : 'The old one no longer signs.'}`,
        );
        io.out(secret);
      });
      done(0);
    });
}
