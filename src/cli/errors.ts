/** `weft errors list`: the newest entries of the error log. */
import type { Command } from 'commander';

import { listRecentErrors } from '../error-log/index.js';
import { type Io, positiveInt, table, time, withServices } from './context.js';

export function registerErrors(program: Command, io: Io, done: (code: number) => void): void {
  const errors = program.command('errors').description('The error log');
  errors
    .command('list')
    .description('List the newest errors of every project')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print a JSON array')
    .action(async (opts: { limit: number; json?: boolean }) => {
      await withServices(io, async (services) => {
        const rows = await listRecentErrors(services.database.db, opts.limit);
        if (opts.json) return io.out(JSON.stringify(rows, null, 2));
        if (!rows.length) return io.err('No errors.');
        const lines = table(
          ['ID', 'CREATED', 'TYPE', 'SESSION', 'TRANSFER', 'RESOLVED', 'MESSAGE'],
          rows.map((r) => [r.id, time(r.created_at), r.error_type, r.session_id, r.transfer_id, r.resolved ? 'yes' : 'no', r.message]),
        );
        for (const line of lines) io.out(line);
      });
      done(0);
    });
}
