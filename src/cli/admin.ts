/** `weft admin setup-token|invite`: access to the dashboard. */
import type { Command } from 'commander';

import { createAdminToken, newSetupToken, setupUrl } from '../admin/index.js';
import { CliError, type Io, withServices } from './context.js';

export function registerAdmin(program: Command, io: Io, done: (code: number) => void): void {
  const admin = program.command('admin').description('Dashboard administrators');
  admin
    .command('setup-token')
    .description('Print a new dashboard setup token alone on the last line (voids older ones; only while no administrator exists)')
    .action(async () => {
      await withServices(io, async (services) => {
        const token = await newSetupToken(services);
        if (!token) {
          throw new CliError(
            `An administrator already exists, so setup is closed. Sign in at ${services.config.publicUrl}/dashboard/sign-in, or run 'weft admin invite'.`,
          );
        }
        io.err(`Setup token for ${setupUrl(services)} (single use, valid 24 hours; older setup tokens no longer work):`);
        io.out(token);
      });
      done(0);
    });
  admin
    .command('invite')
    .description('Print a single-use link (24 h) that creates a dashboard administrator')
    .action(async () => {
      await withServices(io, async (services) => {
        const { token } = await createAdminToken(services.database, 'invite');
        io.err('Invitation link for a new dashboard administrator (single use, valid 24 hours):');
        io.out(`${services.config.publicUrl}/dashboard/invite?${new URLSearchParams({ token })}`);
      });
      done(0);
    });
}
