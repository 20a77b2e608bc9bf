import { defineManifest } from '../kit/manifest.js';

/**
 * Slack (Web API, `https://slack.com/api/`): the workspace's users (communication-user) and the message history of
 * the channels the app's bot is in (communication-message_history) pulled, messages posted as the bot; with the bot
 * token of an app installed by OAuth v2 (`xoxb-…`, sent as a bearer token; no expiry unless the app turns on token
 * rotation, which Weft does not ask for). Slack answers errors with HTTP 200 and `{ok: false, error}`.
 * https://docs.slack.dev/authentication/installing-with-oauth, https://docs.slack.dev/reference/methods/oauth.v2.access,
 * https://docs.slack.dev/apis/web-api/pagination, https://docs.slack.dev/apis/web-api/rate-limits
 */
export const slackManifest = defineManifest({
  name: 'slack',
  displayName: 'Slack',
  url: 'https://slack.com/',
  category: 'Communication',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://slack.com/oauth/v2/authorize',
      tokenUrl: 'https://slack.com/api/oauth.v2.access',
      // The bot's scopes, comma-separated: users and their e-mail addresses, public and private channels and their
      // history, posting.
      scopes: ['users:read', 'users:read.email', 'channels:read', 'channels:history', 'groups:read', 'groups:history', 'chat:write'],
      scopeSeparator: ',',
      clientAuth: 'client_secret_post',
      // oauth.v2.access answers `token_type: "bot"` for a bot token, used as a bearer token.
      extraTokenTypes: ['bot'],
    },
  },
  api: { baseUrl: 'https://slack.com', domains: ['slack.com'] },
  // Cursor pagination: `limit` (conversations.history at most 999), `cursor` the answer's `response_metadata.next_cursor`
  // until it is empty.
  pagination: { style: 'cursor', maxPageSize: 200, limitParam: 'limit', cursorParam: 'cursor', next: ['response_metadata', 'next_cursor'] },
  rateLimit: {
    // Per method and workspace, by tier: Tier 2 (users.list, conversations.list) 20 a minute, Tier 3
    // (conversations.history, conversations.replies) 50 each; the window holds them all. A 429 says how long to wait
    // in Retry-After.
    window: { max: 140, intervalMs: 60_000 },
    headers: { retryAfter: 'retry-after' },
    routes: [
      { name: 'tier2-users', window: { max: 20, intervalMs: 60_000 }, method: 'GET', pathSuffix: '/users.list' },
      { name: 'tier2-channels', window: { max: 20, intervalMs: 60_000 }, method: 'GET', pathSuffix: '/conversations.list' },
      { name: 'tier3-history', window: { max: 50, intervalMs: 60_000 }, method: 'GET', pathSuffix: '/conversations.history' },
      { name: 'tier3-replies', window: { max: 50, intervalMs: 60_000 }, method: 'GET', pathSuffix: '/conversations.replies' },
      // chat.postMessage: about one message a second per channel.
      { name: 'posts', window: { max: 1, intervalMs: 1_000 }, method: 'POST', pathSuffix: '/chat.postMessage' },
    ],
  },
  // One post per request.
  batchSize: { create: 10, update: 10 },
  schemas: {
    'communication-user': {
      pull: true,
      push: false,
      integration: { name: 'slack-users', displayName: 'Members' },
      associations: [],
    },
    'communication-message_history': {
      pull: true,
      push: true,
      integration: { name: 'slack-messages', displayName: 'Channel messages' },
      associations: ['communication-user'],
    },
  },
});
