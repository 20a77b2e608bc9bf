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

/**
 * Call once at start. With no administrator and no live setup token, creates one and logs it with the setup URL;
 * with a live one, logs only how to get a new one (the token itself is not stored, so it cannot be printed again).
 * Returns the new token, or null when none was created.
 */
export async function ensureSetupToken(services: Services, now = Date.now()): Promise<string | null> {
  const db = services.database.db;
  if ((await countAdmins(db)) > 0) return null;
  if (await hasLiveToken(db, 'setup', now)) {
    services.log.warn(
      { setupUrl: setupUrl(services) },
      `No administrator yet. A setup token was printed when it was created; to get a new one, run: npx weft admin setup-token`,
    );
    return null;
  }
  const { token } = await createAdminToken(services.database, 'setup', { now });
  services.log.warn(
    { setupUrl: setupUrl(services) },
    `No administrator yet. Open ${setupUrl(services)} and enter this setup token (single use, valid 24 hours): ${token}`,
  );
  return token;
}

/**
 * A new setup token, voiding the unspent ones (for `npx weft admin setup-token`); null once an administrator exists.
 */
export async function newSetupToken(services: Services, now = Date.now()): Promise<string | null> {
  if ((await countAdmins(services.database.db)) > 0) return null;
  const { token } = await createAdminToken(services.database, 'setup', { replace: true, now });
  return token;
}
