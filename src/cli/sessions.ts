/** `weft sessions list`: the newest sessions, of every project or one. */
import type { Command } from 'commander';

import { findProject } from '../projects/index.js';
import { listRecentSessions } from '../sessions/session-list.js';
import { CliError, type Io, positiveInt, table, time, withServices } from './context.js';

export function registerSessions(program: Command, io: Io, done: (code: number) => void): void {
  const sessions = program.command('sessions').description('Sessions');
  sessions
    .command('list')
    .description('List the newest sessions (of every project, or of --project)')
    .option('--project <name>', 'only this project')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print a JSON array')
    .action(async (opts: { project?: string; limit: number; json?: boolean }) => {
      await withServices(io, async (services) => {
        let projectId: string | undefined;
        if (opts.project !== undefined) {
          const project = await findProject(services.database.db, opts.project);
          if (!project) throw new CliError(`No project named '${opts.project}'.`);
          projectId = project.id;
        }
        const rows = await listRecentSessions(services.database.db, { projectId, limit: opts.limit });
        if (opts.json) {
          const json = rows.map((r) => ({
            id: r.id,
            project_id: r.projectId,
            mode: r.mode,
            kind: r.kind,
            provider: r.provider,
            state: r.state,
            label: r.label,
            created_at: r.createdAt,
            expires_at: r.expiresAt,
          }));
          return io.out(JSON.stringify(json, null, 2));
        }
        if (!rows.length) return io.err('No sessions.');
        const lines = table(
          ['ID', 'MODE', 'KIND', 'PROVIDER', 'STATE', 'CREATED', 'LABEL'],
          rows.map((r) => [r.id, r.mode, r.kind, r.provider, r.state, time(r.createdAt), r.label]),
        );
        for (const line of lines) io.out(line);
      });
      done(0);
    });
}
