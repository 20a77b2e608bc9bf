/**
 * The first administrator. While none exists, Weft keeps one live setup token: created (and printed in the log with
 * the setup page's address) when the server starts without one, and replaced on demand by `npx weft admin
 * setup-token`.
 */
import type { Services } from '../services.js';
import { createAdminToken, hasLiveToken } from './admin-tokens.js';
import { countAdmins } from './admins.js';

/** The setup page's address. */
export function setupUrl(services: Pick<Services, 'config'>): string {
  return `${services.config.publicUrl}/dashboard/setup`;
}

/** Where the first administrator's setup stands at start: done, a new token made now, or a token made earlier. */
export type SetupState = { state: 'done' } | { state: 'token'; token: string; url: string } | { state: 'pending'; url: string };

/**
 * Call once at start. With no administrator and no live setup token, creates one (`token`); with a live one,
 * `pending` (the token itself is not stored, so it cannot be shown again); with an administrator, `done`. Nothing is
 * logged: see `ensureSetupToken`, and the start banner (src/banner.ts).
 */
export async function prepareSetup(services: Services, now = Date.now()): Promise<SetupState> {
  const db = services.database.db;
  if ((await countAdmins(db)) > 0) return { state: 'done' };
  const url = setupUrl(services);
  if (await hasLiveToken(db, 'setup', now)) return { state: 'pending', url };
  const { token } = await createAdminToken(services.database, 'setup', { now });
  return { state: 'token', token, url };
}

/** Logs a setup state as warnings (nothing once an administrator exists): how the JSON log format shows it. */
export function logSetup(services: Pick<Services, 'log'>, setup: SetupState): void {
  if (setup.state === 'pending') {
    services.log.warn(
      { setupUrl: setup.url },
      `No administrator yet. A setup token was printed when it was created; to get a new one, run: npx weft admin setup-token`,
    );
  } else if (setup.state === 'token') {
    services.log.warn(
      { setupUrl: setup.url },
      `No administrator yet. Open ${setup.url} and enter this setup token (single use, valid 24 hours): ${setup.token}`,
    );
  }
}

/**
 * `prepareSetup`, logged: with no administrator and no live setup token, creates one and logs it with the setup URL;
 * with a live one, logs only how to get a new one. Returns the new token, or null when none was created.
 */
export async function ensureSetupToken(services: Services, now = Date.now()): Promise<string | null> {
  const setup = await prepareSetup(services, now);
  logSetup(services, setup);
  return setup.state === 'token' ? setup.token : null;
}

/**
 * A new setup token, voiding the unspent ones (for `npx weft admin setup-token`); null once an administrator exists.
 */
export async function newSetupToken(services: Services, now = Date.now()): Promise<string | null> {
  if ((await countAdmins(services.database.db)) > 0) return null;
  const { token } = await createAdminToken(services.database, 'setup', { replace: true, now });
  return token;
}
