/**
 * Where the Freshdesk fake answers under the sandbox: what Weft's server needs of the fake without loading it
 * (src/sandbox/endpoints.ts). API keys only: no OAuth pages.
 */
export const FRESHDESK_ENDPOINTS = { mount: 'freshdesk', keyPagePath: '/api-key' } as const;
