/**
 * Where the close fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
/** Where the Close fake lives under the sandbox, and its API-key page. */
export const CLOSE_ENDPOINTS = { mount: 'close', keyPagePath: '/api-key' } as const;
