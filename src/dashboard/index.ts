/**
 * The dashboard's domain: administrator accounts, their sign-in sessions and one-time tokens, and what the pages
 * read and change in a project. The pages are in `src/ui/dashboard`.
 */
export { ensureSetupToken, newSetupToken, setupUrl } from './setup.js';
export { createAdminToken, spendAdminToken, isLiveToken, ADMIN_TOKEN_TTL_MS, type AdminTokenPurpose } from './admin-tokens.js';
export { countAdmins, listAdmins, createAdminWithToken, verifySignIn, normaliseEmail, type AdminUser } from './admins.js';
export { createAdminSession, loadAdminSession, deleteAdminSession, ADMIN_SESSION_TTL_MS, type AdminSession } from './admin-sessions.js';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
