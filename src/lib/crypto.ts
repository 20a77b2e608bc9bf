/**
 * Secrets at rest. Provider credentials are sealed with AES-256-GCM, a random 96-bit IV per value, and a key id so
 * that keys can be rotated: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). API keys and OAuth states are
 * stored only as SHA-256 hashes: they are long random strings, so a fast hash is enough and lookups stay indexed.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Sealer {
  seal(plaintext: string, associatedData?: string): string;
  open(sealed: string, associatedData?: string): string;
}

/**
 * A sealed value names a key this process does not have (it was sealed with a key since removed from the settings, or
 * with another process's key): which key id it needs, and which ones the process has.
 */
export class UnknownSealingKey extends Error {
  override readonly name = 'UnknownSealingKey';
  constructor(
    readonly keyId: string,
    readonly known: readonly string[],
  ) {
    super(
      `A sealed value needs encryption key ${keyId}, which this process does not have (its keys: ${known.join(', ')}): give that key as WEFT_ENCRYPTION_KEY or in WEFT_ENCRYPTION_KEYS_OLD.`,
    );
  }
}

/** A sealer whose primary key encrypts; every listed key can decrypt. The key id is the key's hash prefix. */
export function createSealer(keys: readonly Buffer[]): Sealer {
  const primary = keys[0];
  if (!primary) throw new Error('No encryption key');
  const byId = new Map(
    keys.map((k) => {
      if (k.length !== 32) throw new Error('An encryption key must be 32 bytes');
      return [keyId(k), k] as const;
    }),
  );
  const primaryId = keyId(primary);
  return {
    seal(plaintext, associatedData = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', primary, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', primaryId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
    },
    open(sealed, associatedData = '') {
      const [version, id, iv, tag, ct] = sealed.split('.');
      if (version !== 'v1' || id === undefined || iv === undefined || tag === undefined || ct === undefined) {
        throw new Error('Cannot open sealed value: unknown format');
      }
      const key = byId.get(id);
      if (!key) throw new UnknownSealingKey(id, [...byId.keys()]);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/** The id a key's sealed values carry (a prefix of its SHA-256, base64url): safe to show, it reveals nothing of the key. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/**
 * The encryption key: from configuration (32 bytes, base64) if given, else `<dataDir>/encryption.key`, created with
 * mode 0600 on first start.
 */
export function loadEncryptionKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('WEFT_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = path.join(dataDir, 'encryption.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/**
 * The keys kept for reading only while a rotation is under way (WEFT_ENCRYPTION_KEYS_OLD, each 32 bytes, base64):
 * values sealed with them still open, and nothing new is sealed with them.
 */
export function decodeOldKeys(configured: readonly string[]): Buffer[] {
  return configured.map((k) => Buffer.from(k, 'base64'));
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Opens a value sealed under `context` and seals it again (with another key): see `resealer`. */
export type Reseal = (sealed: string, context: string) => string;

/** A `Reseal` that opens with `from` and seals with `to` (encryption key rotation). */
export function resealer(from: Sealer, to: Sealer): Reseal {
  return (sealed, context) => to.seal(from.open(sealed, context), context);
}
