import { defineManifest } from '../kit/manifest.js';

/**
 * Typeform (Create and Responses APIs, `https://api.typeform.com`): the questions of every form (forms-question) and
 * the responses submitted to them (forms-lead), both read only; with an OAuth app's bearer token (refreshed: the
 * `offline` scope brings a refresh token) or a personal access token, also sent as Bearer.
 * https://www.typeform.com/developers/get-started/applications/, https://www.typeform.com/developers/get-started/personal-access-token/,
 * https://www.typeform.com/developers/create/reference/retrieve-forms/, https://www.typeform.com/developers/responses/reference/retrieve-responses/
 */
export const typeformManifest = defineManifest({
  name: 'typeform',
  displayName: 'Typeform',
  url: 'https://www.typeform.com/',
  category: 'Forms',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://api.typeform.com/oauth/authorize',
      tokenUrl: 'https://api.typeform.com/oauth/token',
      // Space-separated; `offline` brings a refresh token (access tokens live a week).
      scopes: ['forms:read', 'responses:read', 'accounts:read', 'offline'],
      clientAuth: 'client_secret_post',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'bearer',
      label: 'Personal access token',
      help: 'In Typeform, open your account settings → Personal tokens, click "Generate a new token" (with read access to forms, responses and your account) and copy it.',
      verifyPath: '/me',
    },
  },
  api: { baseUrl: 'https://api.typeform.com', domains: ['typeform.com'] },
  // Responses: `page_size` up to 1000, the next page `before` the last response's token (forms: `page`, 200 a page).
  pagination: { style: 'cursor', maxPageSize: 1000, limitParam: 'page_size', cursorParam: 'before', next: ['items'] },
  rateLimit: {
    // Two requests a second per account on the Create and Responses APIs; a 429 past it.
    window: { max: 2, intervalMs: 1000 },
    headers: { retryAfter: 'retry-after' },
  },
  // Nothing is written.
  batchSize: { create: 1, update: 1 },
  schemas: {
    'forms-question': {
      pull: true,
      push: false,
      integration: { name: 'typeform-questions', displayName: 'Questions' },
      associations: [],
    },
    'forms-lead': {
      pull: true,
      push: false,
      integration: { name: 'typeform-responses', displayName: 'Responses' },
      associations: [],
    },
  },
});
