/**
 * Every Weft process on one database must seal with the same key (WEFT_ENCRYPTION_KEY, or the data directory's
 * generated key file): a process with another key could not open any credentials the others stored, and what it
 * stored nobody else could open. The database keeps one value sealed by the first process (`weft_meta`
 * `sealing_check`); a process that cannot open it does not start.
 */
import type { Kysely } from 'kysely';

import { type Reseal, type Sealer, UnknownSealingKey } from '../lib/crypto.js';
import type { DB } from './schema.js';

const KEY = 'sealing_check';
const CONTENT = 'weft';

export class SealingKeyMismatch extends Error {}

/** Throws SealingKeyMismatch when the database was sealed with a key this process does not have. */
export async function checkSealingKey(db: Kysely<DB>, sealer: Sealer): Promise<void> {
  await db
    .insertInto('weft_meta')
    .values({ key: KEY, value: sealer.seal(CONTENT, KEY) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('weft_meta').select('value').where('key', '=', KEY).executeTakeFirstOrThrow();
  let opened: string;
  try {
    opened = sealer.open(row.value, KEY);
  } catch (e) {
    const which = e instanceof UnknownSealingKey ? ` (key ${e.keyId}; this process has ${e.known.join(', ')})` : '';
    throw new SealingKeyMismatch(
      `This database was sealed with another encryption key than this process has${which}: every Weft process on one database needs the same WEFT_ENCRYPTION_KEY (or the same data directory, whose encryption.key holds it); during a rotation, the former key in WEFT_ENCRYPTION_KEYS_OLD. Not starting.`,
      { cause: e },
    );
  }
  if (opened !== CONTENT) throw new SealingKeyMismatch("The database's sealing check holds an unexpected value. Not starting.");
}

/** Whether `sealer` opens the database's sealing check ('absent': no process has sealed anything yet). Writes nothing. */
export async function sealingKeyStatus(db: Kysely<DB>, sealer: Sealer): Promise<'opens' | 'absent' | 'mismatch'> {
  const row = await db.selectFrom('weft_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return 'absent';
  try {
    return sealer.open(row.value, KEY) === CONTENT ? 'opens' : 'mismatch';
  } catch {
    // The value does not open with this key: that is the answer, not a failure of the check.
    return 'mismatch';
  }
}

/** Re-seals the sealing check (encryption key rotation, inside its transaction); how many values (0 or 1). */
export async function resealSealingCheck(trx: Kysely<DB>, reseal: Reseal): Promise<number> {
  const row = await trx.selectFrom('weft_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return 0;
  await trx
    .updateTable('weft_meta')
    .set({ value: reseal(row.value, KEY) })
    .where('key', '=', KEY)
    .execute();
  return 1;
}
