/**
 * Where the bigcommerce fake answers under the sandbox and the OAuth client it accepts unless told otherwise: what Weft's
 * server needs of the fake without loading it (src/sandbox/endpoints.ts).
 */
export const BIGCOMMERCE_ENDPOINTS = { mount: 'bigcommerce', keyPagePath: '/api-accounts' } as const;
