/** `weft transfers list|show|watch`: pulls and pushes and how far they are. */
import type { Command } from 'commander';

import type { Services } from '../services.js';
import { findTransferById, listRecentTransfers } from '../transfers/listing.js';
import { isFinished, type Transfer } from '../transfers/model.js';
import { CliError, type Io, positiveInt, table, time, withServices } from './context.js';

/** How often `watch` reads the transfer again. */
const WATCH_POLL_MS = 500;

/** The JSON view of a transfer (stored JSON columns left out: request, checkpoint). */
function view(t: Transfer) {
  return {
    id: t.id,
    project_id: t.project_id,
    session_id: t.session_id,
    method: t.method,
    endgrate_type: t.endgrate_type,
    provider: t.provider,
    status: t.status,
    records: t.records,
    expected_records: t.expected_records,
    error_count: t.error_count,
    last_error: t.last_error,
    provider_requests: t.provider_requests,
    retries: t.retries,
    rate_limited: t.rate_limited,
    created_at: t.created_at,
    started_at: t.started_at,
    completed_at: t.completed_at,
  };
}

/** `records/expected` (or records alone), for tables and the progress line. */
function recordsText(t: Pick<Transfer, 'records' | 'expected_records'>): string {
  return t.expected_records === null ? String(t.records) : `${t.records}/${t.expected_records}`;
}

/** One line of progress: a bar where the expected count is known, the records, the state. */
export function progressLine(t: Pick<Transfer, 'id' | 'records' | 'expected_records' | 'status'>, width = 30): string {
  let bar = '';
  if (t.expected_records !== null && t.expected_records > 0) {
    const share = Math.min(1, t.records / t.expected_records);
    const filled = Math.round(share * width);
    bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}%  `;
  }
  return `${t.id}  ${bar}${recordsText(t)} records  ${t.status}`;
}

async function mustFind(services: Services, id: string): Promise<Transfer> {
  const t = await findTransferById(services.database.db, id);
  if (!t) throw new CliError(`No transfer ${id}.`);
  return t;
}

/**
 * Reads the transfer until it is finished, showing its progress line when it changes: redrawn in place on a terminal,
 * a line per change elsewhere. Its final status.
 */
export async function watchTransfer(
  read: () => Promise<Transfer>,
  io: Io,
  sleep: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, WATCH_POLL_MS)),
): Promise<Transfer['status']> {
  let last = '';
  for (;;) {
    const t = await read();
    const line = progressLine(t);
    if (line !== last) {
      if (io.isTTY) io.write(`\r\x1b[2K${line}`);
      else io.out(line);
      last = line;
    }
    if (isFinished(t)) {
      if (io.isTTY) io.write('\n');
      if (t.status === 'failed' && t.last_error) io.err(`Failed: ${t.last_error}`);
      return t.status;
    }
    await sleep();
  }
}

export function registerTransfers(program: Command, io: Io, done: (code: number) => void): void {
  const transfers = program.command('transfers').description('Transfers (pulls and pushes)');
  transfers
    .command('list')
    .description('List the newest transfers (of every session, or of --session)')
    .option('--session <id>', 'only this session')
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print a JSON array')
    .action(async (opts: { session?: string; limit: number; json?: boolean }) => {
      await withServices(io, async (services) => {
        const rows = await listRecentTransfers(services.database.db, { sessionId: opts.session, limit: opts.limit });
        if (opts.json) return io.out(JSON.stringify(rows.map(view), null, 2));
        if (!rows.length) return io.err('No transfers.');
        const lines = table(
          ['ID', 'SESSION', 'METHOD', 'TYPE', 'PROVIDER', 'STATUS', 'RECORDS', 'ERRORS', 'CREATED'],
          rows.map((t) => [t.id, t.session_id, t.method, t.endgrate_type, t.provider, t.status, recordsText(t), t.error_count, time(t.created_at)]),
        );
        for (const line of lines) io.out(line);
      });
      done(0);
    });
  transfers
    .command('show')
    .description('Show one transfer')
    .argument('<id>', 'transfer id')
    .option('--json', 'print it as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withServices(io, async (services) => {
        const t = view(await mustFind(services, id));
        if (opts.json) return io.out(JSON.stringify(t, null, 2));
        const fields: Array<[string, string | number | null]> = [
          ['id', t.id],
          ['session', t.session_id],
          ['method', t.method],
          ['type', t.endgrate_type],
          ['provider', t.provider],
          ['status', t.status],
          ['records', recordsText(t)],
          ['errors', t.error_count],
          ['last error', t.last_error],
          ['provider requests', t.provider_requests],
          ['retries', t.retries],
          ['rate limited', t.rate_limited],
          ['created', time(t.created_at)],
          ['started', time(t.started_at)],
          ['completed', time(t.completed_at)],
        ];
        const width = Math.max(...fields.map(([k]) => k.length)) + 1;
        for (const [k, v] of fields) io.out(`${`${k}:`.padEnd(width)} ${v ?? ''}`.trimEnd());
      });
      done(0);
    });
  transfers
    .command('watch')
    .description('Follow a transfer until it ends: exit 0 when it completed, 1 when it failed')
    .argument('<id>', 'transfer id')
    .action(async (id: string) => {
      const status = await withServices(io, (services) => watchTransfer(() => mustFind(services, id), io));
      done(status === 'completed' ? 0 : 1);
    });
}
