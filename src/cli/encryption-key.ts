/**
 * `weft encryption-key rotate`: a new encryption key for the data directory's key file. Every sealed value is opened
 * with the old key and sealed with the new one in one transaction; the new key is written beside the old first
 * (encryption.key.next), then put in place, the old one kept as encryption.key.previous. Weft reads one key only, so
 * a key given as WEFT_ENCRYPTION_KEY is not rotated here.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { resealSealingCheck } from '../db/sealing-check.js';
import { createSealer, loadEncryptionKey, resealer } from '../lib/crypto.js';
import { createServices } from '../services.js';
import { resealSessionSecrets } from '../sessions/reseal.js';
import { resealWebhookSecrets } from '../webhooks/secrets.js';
import { CliError, config, databaseLine, type Io, refuseWhileWorkersRun, requireExistingDatabase } from './context.js';

export function registerEncryptionKey(program: Command, io: Io, done: (code: number) => void): void {
  const group = program.command('encryption-key').description('The key that seals credentials and secrets at rest');
  group
    .command('rotate')
    .description(
      'Re-seal every sealed value with a new key written to the data directory (old key kept as encryption.key.previous). Stop the server and every worker first.',
    )
    .action(async () => {
      const cfg = config();
      requireExistingDatabase(cfg);
      if (cfg.encryptionKey) {
        throw new CliError(
          "WEFT_ENCRYPTION_KEY is set, and Weft reads one key only, so weft encryption-key rotate cannot rotate it (it rotates the data directory's encryption.key). Unset WEFT_ENCRYPTION_KEY to use the key file instead.",
        );
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
      const services = await createServices(cfg, {});
      let committed = false;
      try {
        await refuseWhileWorkersRun(services.database, 'rotating the encryption key');
        const oldKey = loadEncryptionKey(undefined, cfg.dataDir);
        const newKey = randomBytes(32);
        fs.writeFileSync(next, `${newKey.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
        const reseal = resealer(createSealer([oldKey]), createSealer([newKey]));
        const count = await services.database.write(
          async (trx) =>
            (await resealSessionSecrets(trx, reseal)) + (await resealWebhookSecrets(trx, reseal)) + (await resealSealingCheck(trx, reseal)),
        );
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
