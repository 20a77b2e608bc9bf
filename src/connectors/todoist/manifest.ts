import { defineManifest } from '../kit/manifest.js';

/**
 * Todoist (unified API v1, `https://api.todoist.com/api/v1/`): tasks (workspace-task; active and completed) both ways,
 * and the people the user works with (workspace-user: the user and the collaborators of their shared projects) pulled;
 * with an OAuth app's access token (long-lived, no refresh token) or a personal API token, both sent as bearer tokens.
 * https://developer.todoist.com/api/v1/ (Authorization, Pagination, Tasks, Projects, User, Request limits)
 */
export const todoistManifest = defineManifest({
  name: 'todoist',
  displayName: 'Todoist',
  url: 'https://www.todoist.com/',
  category: 'Workspace',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://todoist.com/oauth/authorize',
      tokenUrl: 'https://todoist.com/oauth/access_token',
      // Todoist's scopes are comma-separated; its access tokens do not expire and come without a refresh token.
      scopes: ['data:read_write', 'data:delete'],
      scopeSeparator: ',',
      clientAuth: 'client_secret_post',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'bearer',
      label: 'API token',
      help: 'In Todoist, open Settings → Integrations → Developer and copy your API token.',
      verifyPath: '/api/v1/user',
    },
  },
  api: { baseUrl: 'https://api.todoist.com', domains: ['todoist.com'] },
  // Cursor pagination: `limit` up to 200, `cursor` the answer's `next_cursor` until it is null.
  pagination: { style: 'cursor', maxPageSize: 200, limitParam: 'limit', cursorParam: 'cursor', next: ['next_cursor'] },
  rateLimit: {
    // 1000 requests per user in 15 minutes; a 429 says how long to wait in Retry-After.
    window: { max: 1000, intervalMs: 15 * 60_000 },
    headers: { retryAfter: 'retry-after' },
  },
  // One task per request (closing or reopening one is a request more).
  batchSize: { create: 10, update: 10 },
  schemas: {
    'workspace-task': {
      pull: true,
      push: true,
      integration: { name: 'todoist-tasks', displayName: 'Tasks' },
      associations: ['workspace-user'],
    },
    'workspace-user': {
      pull: true,
      push: false,
      integration: { name: 'todoist-collaborators', displayName: 'You and your collaborators' },
      associations: [],
    },
  },
});
