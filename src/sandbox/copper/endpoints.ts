/**
 * Where the copper fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
export const COPPER_ENDPOINTS = { mount: 'copper', keyPagePath: '/api-keys' } as const;
