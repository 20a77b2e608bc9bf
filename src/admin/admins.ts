/**
 * Administrator accounts. The first one is created with the setup token; later ones with an invitation. Emails are
 * compared lower-cased; passwords are stored only as scrypt hashes.
 */
import type { Kysely } from 'kysely';

import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { newId } from '../lib/ids.js';
import { type AdminTokenPurpose, spendAdminToken } from './admin-tokens.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';

/** An administrator, without the password hash. */
export interface AdminUser {
  id: string;
  email: string;
  createdAt: number;
  lastSignInAt: number | null;
}

/** The email as stored and compared: trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Why an email address is refused, or null. */
export function emailProblem(email: string): string | null {
  if (!email) return 'Enter an email address.';
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return 'Enter an email address like name@example.com.';
  return null;
}

/** How many administrators exist (0 while setup is open). */
export async function countAdmins(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('admin_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every administrator, oldest first. */
export async function listAdmins(db: Kysely<DB>): Promise<AdminUser[]> {
  const rows = await db.selectFrom('admin_users').select(['id', 'email', 'created_at', 'last_sign_in_at']).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, email: r.email, createdAt: r.created_at, lastSignInAt: r.last_sign_in_at }));
}

/** The outcome of `createAdminWithToken`. */
export type CreateAdminResult = { ok: true; user: AdminUser } | { ok: false; reason: 'closed' | 'token' | 'email_taken' };

/**
 * Creates an administrator by spending a one-time token, in one transaction: with a setup token only while no
 * administrator exists ('closed' otherwise), with an invitation at any time. Nothing is created when the token is
 * invalid, expired or spent ('token') or the email is taken ('email_taken').
 */
export async function createAdminWithToken(
  database: Database,
  args: { purpose: AdminTokenPurpose; token: unknown; email: string; password: string },
  now = Date.now(),
): Promise<CreateAdminResult> {
  const email = normaliseEmail(args.email);
  const passwordHash = await hashPassword(args.password);
  return database.write(async (trx): Promise<CreateAdminResult> => {
    if (args.purpose === 'setup' && (await countAdmins(trx)) > 0) return { ok: false, reason: 'closed' };
    const taken = await trx.selectFrom('admin_users').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) return { ok: false, reason: 'email_taken' };
    if (!(await spendAdminToken(trx, args.purpose, args.token, now))) return { ok: false, reason: 'token' };
    const user = { id: newId(now), email, password_hash: passwordHash, created_at: now, last_sign_in_at: now };
    await trx.insertInto('admin_users').values(user).execute();
    return { ok: true, user: { id: user.id, email, createdAt: now, lastSignInAt: now } };
  });
}

/**
 * The administrator with this email and password, or null. An unknown email costs the same scrypt work as a wrong
 * password, so that response times do not tell which emails exist.
 */
export async function verifySignIn(db: Kysely<DB>, email: string, password: string, now = Date.now()): Promise<AdminUser | null> {
  const row = await db.selectFrom('admin_users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok) return null;
  await db.updateTable('admin_users').set({ last_sign_in_at: now }).where('id', '=', row.id).execute();
  return { id: row.id, email: row.email, createdAt: row.created_at, lastSignInAt: now };
}
