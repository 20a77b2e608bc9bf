/**
 * `weft doctor`: one line per check (ok, warn, fail, info) of the settings, the database, the encryption key and the
 * public address; exit 1 when a check fails. It changes nothing: no migration, no key file created.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { type Config, ConfigError, loadConfig } from '../config.js';
import { openDatabase, pendingMigrations } from '../db/database.js';
import { sealingKeyStatus } from '../db/sealing-check.js';
import { createSealer, decodeOldKeys } from '../lib/crypto.js';
import { oauthConnectors } from '../sessions/oauth-apps.js';
import { databaseLine, type Io, sqlitePath } from './context.js';

export type Level = 'ok' | 'warn' | 'fail' | 'info';
export interface Check {
  level: Level;
  text: string;
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/i;

/** Checks of the public URL and the sandbox against the environment (pure). */
export function addressChecks(config: Pick<Config, 'publicUrl' | 'production' | 'sandbox'>): Check[] {
  const out: Check[] = [];
  const url = new URL(config.publicUrl);
  const loopback = LOOPBACK.test(url.hostname);
  if (config.production && loopback) {
    out.push({ level: 'warn', text: `WEFT_PUBLIC_URL is ${config.publicUrl} in production: end users and providers cannot reach it` });
  } else if (!loopback && url.protocol !== 'https:') {
    out.push({ level: 'warn', text: `WEFT_PUBLIC_URL ${config.publicUrl} is not https: OAuth providers refuse it and secrets travel in clear` });
  } else out.push({ level: 'ok', text: `public URL ${config.publicUrl}` });
  if (config.production && config.sandbox.enabled) {
    out.push({ level: 'warn', text: 'the sandbox is on in production (WEFT_SANDBOX): test keys reach fake providers there' });
  }
  return out;
}

/** The encryption key as configured or in the data directory, without creating one. */
function readKey(config: Config): { key: Buffer; from: string } | { problem: string } | null {
  if (config.encryptionKey) {
    const key = Buffer.from(config.encryptionKey, 'base64');
    return key.length === 32 ? { key, from: 'WEFT_ENCRYPTION_KEY' } : { problem: 'WEFT_ENCRYPTION_KEY is not 32 bytes, base64-encoded' };
  }
  const file = path.join(config.dataDir, 'encryption.key');
  if (!fs.existsSync(file)) return null;
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  return key.length === 32 ? { key, from: file } : { problem: `${file} does not hold a 32-byte base64 key` };
}

export async function doctorChecks(env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const checks: Check[] = [];
  let config: Config;
  try {
    config = loadConfig(env);
    checks.push({ level: 'ok', text: 'settings load' });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) checks.push({ level: 'fail', text: `setting: ${p}` });
    return checks;
  }
  const where = databaseLine(config).replace(/^Using /, '');
  if (!config.databaseUrl && !fs.existsSync(sqlitePath(config))) {
    checks.push({ level: 'fail', text: `no database at ${sqlitePath(config)} (WEFT_DATA_DIR=${config.dataDir}; 'weft migrate' creates one)` });
  } else {
    const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, connectTimeoutMs: 5_000 });
    try {
      const pending = await pendingMigrations(database);
      if (pending.length)
        checks.push({ level: 'fail', text: `${where}: ${pending.length} migrations not applied (run 'weft migrate' or start the server)` });
      else checks.push({ level: 'ok', text: `database ${where} reachable, migrations applied` });
      const key = readKey(config);
      if (key === null)
        checks.push({ level: 'warn', text: `no encryption key yet (WEFT_ENCRYPTION_KEY unset, no ${path.join(config.dataDir, 'encryption.key')})` });
      else if ('problem' in key) checks.push({ level: 'fail', text: key.problem });
      else if (!pending.length) {
        const status = await sealingKeyStatus(database.db, createSealer([key.key, ...decodeOldKeys(config.encryptionKeysOld)]));
        if (status === 'mismatch')
          checks.push({ level: 'fail', text: `the encryption key from ${key.from} cannot open this database's sealed values` });
        else if (status === 'absent') checks.push({ level: 'ok', text: `encryption key from ${key.from} (nothing sealed yet)` });
        else checks.push({ level: 'ok', text: `encryption key from ${key.from} opens the database's sealed values` });
      }
    } catch (e) {
      checks.push({ level: 'fail', text: `database ${where} unreachable: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      await database.close();
    }
  }
  checks.push(...addressChecks(config));
  for (const c of oauthConnectors()) {
    const name = c.manifest.name;
    checks.push({
      level: 'info',
      text: config.oauthApps[name]
        ? `OAuth app ${name}: set in the environment`
        : `OAuth app ${name}: not in the environment (a project may set one on the dashboard)`,
    });
  }
  return checks;
}

export function registerDoctor(program: Command, io: Io, done: (code: number) => void): void {
  program
    .command('doctor')
    .description('Check the settings, the database, the encryption key and the public address; exit 1 if a check fails')
    .action(async () => {
      const checks = await doctorChecks();
      for (const c of checks) io.out(`${c.level.padEnd(4)}  ${c.text}`);
      done(checks.some((c) => c.level === 'fail') ? 1 : 0);
    });
}
