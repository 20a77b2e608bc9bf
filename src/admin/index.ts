/**
 * The dashboard's administrators: their accounts, sign-in sessions and one-time tokens, passwords, cookies, setup
 * and the sign-in rate limit. What the pages read of a project is its owners' (projects, sessions, error-log); the
 * pages are in `src/ui/dashboard`.
 */
export { ADMIN_SESSION_TTL_MS, type AdminSession, createAdminSession, deleteAdminSession, loadAdminSession } from './admin-sessions.js';
export { ADMIN_TOKEN_TTL_MS, type AdminTokenPurpose, createAdminToken, isLiveToken, spendAdminToken } from './admin-tokens.js';
export { type AdminUser, countAdmins, createAdminWithToken, listAdmins, normaliseEmail, verifySignIn } from './admins.js';
export { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';
export { ensureSetupToken, logSetup, newSetupToken, prepareSetup, type SetupState, setupUrl } from './setup.js';
