import { defineManifest } from '../kit/manifest.js';

/**
 * Asana (REST API 1.0, `https://app.asana.com/api/1.0`): tasks (workspace-task) both ways and the workspace's users
 * (workspace-user) pulled; with an OAuth app's bearer token or a personal access token, also sent as Bearer.
 * https://developers.asana.com/docs/oauth, https://developers.asana.com/docs/personal-access-token,
 * https://developers.asana.com/docs/pagination, https://developers.asana.com/docs/rate-limits
 */
export const asanaManifest = defineManifest({
  name: 'asana',
  displayName: 'Asana',
  url: 'https://asana.com/',
  category: 'Workspace',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://app.asana.com/-/oauth_authorize',
      tokenUrl: 'https://app.asana.com/-/oauth_token',
      scopes: ['tasks:read', 'tasks:write', 'projects:read', 'users:read', 'workspaces:read'],
      clientAuth: 'client_secret_post',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'bearer',
      label: 'Personal access token',
      help: 'In Asana, open the developer console (My settings → Apps → Developer apps), click "Create new token" under Personal access tokens and copy it.',
      verifyPath: '/api/1.0/users/me',
    },
  },
  api: { baseUrl: 'https://app.asana.com', domains: ['asana.com'] },
  // `limit` 1 to 100; the next page's `offset` token is the answer's `next_page.offset` (null on the last page).
  pagination: { style: 'cursor', maxPageSize: 100, limitParam: 'limit', cursorParam: 'offset', next: ['next_page', 'offset'] },
  rateLimit: {
    // Per user and minute: 1500 on paid plans (150 on the free plan); a 429 says when to retry.
    window: { max: 1500, intervalMs: 60_000 },
    headers: { retryAfter: 'retry-after' },
  },
  // One task per request.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'workspace-task': {
      pull: true,
      push: true,
      integration: { name: 'asana-tasks', displayName: 'Tasks' },
      associations: ['workspace-user'],
    },
    'workspace-user': {
      pull: true,
      push: false,
      integration: { name: 'asana-users', displayName: 'Users' },
      associations: [],
    },
  },
});
