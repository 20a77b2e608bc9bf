/**
 * `weft encryption-key rotate`: every sealed value opened and sealed again with the current key, in one transaction.
 *
 * - Key in the data directory (no WEFT_ENCRYPTION_KEY): a new key is made and written beside the old one first
 *   (encryption.key.next), then put in place, the old one kept as encryption.key.previous.
 * - Key from WEFT_ENCRYPTION_KEY: the operator has set the new key there and the former one in WEFT_ENCRYPTION_KEYS_OLD
 *   (see src/config.ts); every value is sealed again with WEFT_ENCRYPTION_KEY, after which the former keys can go.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import type { Config } from '../config.js';
import { resealSealingCheck } from '../db/sealing-check.js';
import { createSealer, decodeOldKeys, keyId, loadEncryptionKey, type Reseal, resealer, UnknownSealingKey } from '../lib/crypto.js';
import { createServices, type Services } from '../services.js';
import { resealSessionSecrets } from '../sessions/reseal.js';
import { resealWebhookSecrets } from '../webhooks/secrets.js';
import {
  CliError,
  config,
  databaseLine,
  type Io,
  refuseWhilePostgresOpen,
  refuseWhileSqliteOpen,
  refuseWhileWorkersRun,
  requireExistingDatabase,
} from './context.js';

/** Re-seals every sealed value in one transaction; how many. A value no key opens aborts it all with a CliError. */
async function resealAll(services: Services, reseal: Reseal): Promise<number> {
  try {
    return await services.database.write(
      async (trx) => (await resealSessionSecrets(trx, reseal)) + (await resealWebhookSecrets(trx, reseal)) + (await resealSealingCheck(trx, reseal)),
    );
  } catch (e) {
    if (!(e instanceof UnknownSealingKey)) throw e;
    throw new CliError(
      `Nothing was changed: a stored value is sealed with key ${e.keyId}, which none of the configured keys is (they are ${e.known.join(', ')}). Add the key that sealed it to WEFT_ENCRYPTION_KEYS_OLD and run again.`,
    );
  }
}

/** Rotation of a key given as WEFT_ENCRYPTION_KEY: everything sealed again with it, the former keys only opening. */
async function rotateConfiguredKey(cfg: Config, io: Io): Promise<void> {
  const current = Buffer.from(cfg.encryptionKey ?? '', 'base64');
  if (current.length !== 32) throw new CliError('WEFT_ENCRYPTION_KEY is not 32 bytes, base64-encoded.');
  const old = decodeOldKeys(cfg.encryptionKeysOld);
  if (!old.length) {
    throw new CliError(
      'WEFT_ENCRYPTION_KEY is the only key, so there is nothing to rotate. To rotate it: set the new key (openssl rand -base64 32) as WEFT_ENCRYPTION_KEY and the old one in WEFT_ENCRYPTION_KEYS_OLD, then run this again.',
    );
  }
  io.err(databaseLine(cfg));
  refuseWhileSqliteOpen(cfg, 'rotating the encryption key');
  const services = await createServices(cfg, {});
  try {
    await refuseWhilePostgresOpen(cfg, services.database, 'rotating the encryption key');
    await refuseWhileWorkersRun(services.database, 'rotating the encryption key');
    const count = await resealAll(services, resealer(createSealer([current, ...old]), createSealer([current])));
    io.err(
      `Re-sealed ${count} values with the key in WEFT_ENCRYPTION_KEY (key ${keyId(current)}). Remove WEFT_ENCRYPTION_KEYS_OLD from the settings of the server and every worker, then start them (keep the old key while backups made before now may be restored).`,
    );
  } finally {
    await services.close();
  }
}

export function registerEncryptionKey(program: Command, io: Io, done: (code: number) => void): void {
  const group = program.command('encryption-key').description('The key that seals credentials and secrets at rest');
  group
    .command('rotate')
    .description(
      'Re-seal every sealed value with a new key: with the key in the data directory, a new one written there (old key kept as encryption.key.previous); with WEFT_ENCRYPTION_KEY, the key set there (the former one given in WEFT_ENCRYPTION_KEYS_OLD). Stop the server and every worker first.',
    )
    .action(async () => {
      const cfg = config();
      requireExistingDatabase(cfg);
      if (cfg.encryptionKey) {
        await rotateConfiguredKey(cfg, io);
        done(0);
        return;
      }
      const file = path.join(cfg.dataDir, 'encryption.key');
      if (!fs.existsSync(file)) throw new CliError(`No encryption key at ${file}: nothing to rotate.`);
      const next = `${file}.next`;
      if (fs.existsSync(next)) {
        throw new CliError(
          `${next} exists: an earlier rotation stopped half-way. If 'weft doctor' says ${file} opens the database, delete ${next} and run again; else move ${next} to ${file}.`,
        );
      }
      io.err(databaseLine(cfg));
      refuseWhileSqliteOpen(cfg, 'rotating the encryption key');
      const services = await createServices(cfg, {});
      let committed = false;
      try {
        await refuseWhilePostgresOpen(cfg, services.database, 'rotating the encryption key');
        await refuseWhileWorkersRun(services.database, 'rotating the encryption key');
        const oldKey = loadEncryptionKey(undefined, cfg.dataDir);
        const newKey = randomBytes(32);
        fs.writeFileSync(next, `${newKey.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
        const reseal = resealer(createSealer([oldKey, ...decodeOldKeys(cfg.encryptionKeysOld)]), createSealer([newKey]));
        const count = await resealAll(services, reseal);
        committed = true;
        fs.copyFileSync(file, `${file}.previous`);
        fs.chmodSync(`${file}.previous`, 0o600);
        fs.renameSync(next, file);
        io.err(
          `Re-sealed ${count} values with a new key, now in ${file}; the old key is in ${file}.previous (backups made before now need it). Restart the server and every worker: they still hold the old key.`,
        );
      } catch (e) {
        // Before the commit the database still needs the old key: the unused new one goes. After it, the new key is
        // the one that opens the database: it stays (in encryption.key.next, if it is not in place yet).
        if (!committed) fs.rmSync(next, { force: true });
        else if (fs.existsSync(next)) io.err(`The database is sealed with the new key in ${next} now: move it to ${file}.`);
        throw e;
      } finally {
        await services.close();
      }
      done(0);
    });
}
