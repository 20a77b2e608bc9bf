/**
 * Where the freshsales fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
/** Where the Freshsales fake lives under the sandbox, and its API-key page. */
export const FRESHSALES_ENDPOINTS = { mount: 'freshsales', keyPagePath: '/api-key' } as const;
