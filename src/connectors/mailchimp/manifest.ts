import { defineManifest } from '../kit/manifest.js';

/**
 * Mailchimp (Marketing API 3.0, `https://<dc>.api.mailchimp.com/3.0`): the members of every audience (list) as
 * marketing-contact, both ways, and the account's user (the login) as marketing-user, pulled; with an OAuth app's token (long-lived; the data center read from
 * `login.mailchimp.com/oauth2/metadata`) or an API key (HTTP Basic with any user name; its data center is the key's suffix).
 * https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/,
 * https://mailchimp.com/developer/marketing/docs/fundamentals/, https://mailchimp.com/developer/marketing/docs/errors/
 */
export const mailchimpManifest = defineManifest({
  name: 'mailchimp',
  displayName: 'Mailchimp',
  url: 'https://mailchimp.com/',
  category: 'Marketing',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://login.mailchimp.com/oauth2/authorize',
      tokenUrl: 'https://login.mailchimp.com/oauth2/token',
      // Mailchimp has no scopes: a token may do what its user may.
      scopes: [],
      clientAuth: 'client_secret_post',
      // `{access_token, expires_in: 0, scope: null}`: no token type, and a token that never expires.
      tokenTypeDefault: 'bearer',
      neverExpiringTokens: true,
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'basic-password',
      // Mailchimp takes any user name with the key as the password.
      user: 'weft',
      label: 'API key',
      help: 'In Mailchimp, open your profile → Extras → API keys, click "Create A Key" and copy all of it (it ends with your data center, such as -us21).',
      // The key ends with its account's data center (`…-us21`), the host of its API.
      keyFields: { dc: '-(us[0-9]{1,3})$' },
      apiBase: 'https://{dc}.api.mailchimp.com',
      verifyPath: '/3.0/ping',
    },
  },
  // An OAuth connection starts at login.mailchimp.com and moves to the `api_endpoint` its metadata names.
  api: { baseUrl: 'https://login.mailchimp.com', domains: ['mailchimp.com'] },
  // `count` up to 1000, `offset` a position; the answer's `total_items` says how many there are.
  pagination: { style: 'offset', maxPageSize: 1000, limitParam: 'count', offsetParam: 'offset' },
  rateLimit: {
    // Mailchimp sets no per-minute limit but refuses an eleventh request in flight (429).
    window: { max: 1200, intervalMs: 60_000 },
    concurrency: 10,
    headers: {},
  },
  // One member per request.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'marketing-contact': {
      pull: true,
      push: true,
      integration: { name: 'mailchimp-members', displayName: 'Audience members' },
      associations: [],
    },
    'marketing-user': {
      pull: true,
      push: false,
      integration: { name: 'mailchimp-user', displayName: 'Account user' },
      associations: [],
    },
  },
});
