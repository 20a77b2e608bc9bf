import { randomBytes } from 'node:crypto';

/**
 * A 24-hex-character id in the form of Endgrate's (MongoDB ObjectId-like) ids: 4 bytes of seconds since the epoch,
 * then 8 random bytes. Ids sort roughly by creation time and are not guessable.
 */
export function newId(now = Date.now()): string {
  const buf = randomBytes(12);
  buf.writeUInt32BE(Math.floor(now / 1000) >>> 0, 0);
  return buf.toString('hex');
}

/** True for a string shaped like `newId()`'s output. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{24}$/.test(value);
}

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
