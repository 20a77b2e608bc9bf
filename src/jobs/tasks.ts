/**
 * Every kind of job, with the schema of its payload (checked when the job is taken, since stored payloads outlive
 * deploys) and its handler.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import type { EngineContext, JobOutcome } from '../transfers/engine.js';
import { abandonTransfer, runTransferJob } from '../transfers/engine.js';
import type { Services } from '../services.js';
import { runRound } from '../webhooks/index.js';

const ajv = new Ajv({ strict: false });

interface TaskDefinition<S extends TSchema> {
  payload: S;
  run(ctx: EngineContext, payload: Static<S>): Promise<JobOutcome>;
  /** Called when the job is given up (too many attempts), so that what it worked on does not stay "running". */
  abandon?(services: Services, payload: Static<S>, reason: string): Promise<void>;
}

function task<S extends TSchema>(def: TaskDefinition<S>): TaskDefinition<S> {
  return def;
}

const TransferPayload = Type.Object({ transferId: Type.String({ minLength: 1 }) });

export const TASKS = {
  'transfer.pull': task({
    payload: TransferPayload,
    run: (ctx, p) => runTransferJob(ctx, p.transferId),
    abandon: (services, p, reason) => abandonTransfer(services, p.transferId, reason),
  }),
  'transfer.push': task({
    payload: TransferPayload,
    run: (ctx, p) => runTransferJob(ctx, p.transferId),
    abandon: (services, p, reason) => abandonTransfer(services, p.transferId, reason),
  }),
  /** A round of a `data_webhook.continuous` session: a pull of each of its pull schemas. */
  'webhooks.continuous': task({
    payload: Type.Object({ sessionId: Type.String({ minLength: 1 }) }),
    async run(ctx, p) {
      await runRound(ctx.services, p.sessionId);
      return { status: 'done' };
    },
  }),
  'transfers.purge': task({
    payload: Type.Object({ transferIds: Type.Array(Type.String()) }),
    async run(ctx, p) {
      // Deletes in slices so that a purge of millions of rows never holds the write lock for long.
      const db = ctx.services.database;
      for (const id of p.transferIds) {
        for (;;) {
          const n = await db.write(async (trx) => {
            const slice = trx.selectFrom('transfer_items').select('seq').where('transfer_id', '=', id).orderBy('seq').limit(5000);
            const res = await trx.deleteFrom('transfer_items').where('transfer_id', '=', id).where('seq', 'in', slice).executeTakeFirst();
            return Number(res.numDeletedRows);
          });
          if (n === 0) break;
        }
        await db.db.deleteFrom('transfer_inputs').where('transfer_id', '=', id).execute();
        await db.db.deleteFrom('transfer_progress').where('transfer_id', '=', id).execute();
        await db.db.deleteFrom('sync_seen').where('transfer_id', '=', id).execute();
      }
      return { status: 'done' };
    },
  }),
} as const;

export type TaskKind = keyof typeof TASKS;

const validators = new Map(Object.entries(TASKS).map(([k, t]) => [k, ajv.compile(t.payload)]));

/** Checks a stored payload against its task's schema; returns a problem, or null. */
export function checkPayload(kind: string, payload: unknown): string | null {
  const validate = validators.get(kind);
  if (!validate) return `unknown job kind '${kind}'`;
  return validate(payload) ? null : `invalid payload: ${ajv.errorsText(validate.errors)}`;
}
