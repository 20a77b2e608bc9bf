import { defineManifest } from '../kit/manifest.js';

/**
 * Close (REST API v1): leads (the companies), contacts, opportunities, tasks, notes and users under `/api/v1/`, with an
 * OAuth app's bearer token (public apps: access tokens of an hour, renewed with the refresh token) or an organization's
 * API key sent as HTTP Basic (the key as the user name, an empty password).
 * https://developer.close.com/topics/authentication-oauth2/,
 * https://developer.close.com/api/overview/authentication-with-api-keys, https://developer.close.com/api/overview/pagination,
 * https://developer.close.com/api/overview/rate-limits
 */
export const closeManifest = defineManifest({
  name: 'close',
  displayName: 'Close',
  url: 'https://www.close.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://app.close.com/oauth2/authorize/',
      tokenUrl: 'https://api.close.com/oauth2/token/',
      // The app's access is set when it is created in Close (Settings → Developer → OAuth Apps), not requested.
      scopes: [],
      // The client's id and secret go in the token request's form body.
      clientAuth: 'client_secret_post',
    },
    apiKey: {
      kind: 'api_key',
      header: 'authorization',
      scheme: 'basic-user',
      label: 'API key',
      help: 'In Close, open Settings → Developer → API Keys, click "+ New API Key" and copy it (it starts with api_).',
      verifyPath: '/api/v1/me/',
    },
  },
  api: { baseUrl: 'https://api.close.com', domains: ['close.com'] },
  // `_skip` and `_limit` (at most 100 on these lists; more is a 400); `has_more` says whether a page follows.
  pagination: { style: 'offset', maxPageSize: 100, limitParam: '_limit', offsetParam: '_skip', more: ['has_more'] },
  rateLimit: {
    // Limits are per API key (and three times that per organization) and per endpoint group; the reference gives 20
    // requests a second as a key's example. Every answer says where the key stands in `ratelimit` (limit, remaining,
    // reset in seconds): the limiter follows it, and a spent window waits out its reset. A 429 says `rate_reset`.
    window: { max: 20, intervalMs: 1000 },
    headers: { structured: 'ratelimit', retryAfter: 'retry-after' },
  },
  // No batch writes: one record per request, a few at a time.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'close-contacts', displayName: 'Contacts' },
      associations: ['crm-company'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'close-leads', displayName: 'Leads' },
      associations: [],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'close-opportunities', displayName: 'Opportunities' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'close-tasks', displayName: 'Tasks' },
      associations: ['crm-company', 'crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'close-notes', displayName: 'Notes' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    // Calls and meetings (`/activity/call/`, `/activity/meeting/`), read only.
    'crm-activity': {
      pull: true,
      push: false,
      integration: { name: 'close-calls-meetings', displayName: 'Calls and meetings' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'close-users', displayName: 'Users' },
      associations: [],
    },
  },
});
