/**
 * Slack: the workspace's users (communication-user) and the messages of the channels the bot is in
 * (communication-message_history) pulled, messages posted as the bot. The quirks are in pull.ts (every answer's
 * `ok`, turned into typed errors; channels, histories and threads), push.ts (chat.postMessage) and mapping.ts (a
 * message's id is its channel and ts).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { slackManifest } from './manifest.js';
import { MESSAGE, USER } from './mapping.js';
import { byIds, describe, errorText, idOf, kindOf, page, type SlackDecl, value } from './pull.js';
import { write } from './push.js';

const OBJECTS: Record<string, SlackDecl> = {
  'communication-user': {
    name: 'communication-user',
    path: 'users.list',
    ...tableObject(USER, []),
    associations: {},
    extra: {
      label: 'Members',
      readOnly: [
        'id',
        'name',
        'real_name',
        'profile.real_name',
        'profile.display_name',
        'profile.email',
        'profile.title',
        'tz',
        'is_bot',
        'deleted',
        'profile.image_192',
      ],
    },
  },
  'communication-message_history': {
    name: 'communication-message_history',
    path: 'conversations.history',
    ...tableObject(MESSAGE, ['sent_at']),
    associations: { 'communication-user': 'user' },
    extra: { label: 'Channel messages', readOnly: ['ts', 'user', 'channel_name', 'reply_count', 'edited'] },
  },
};

export const slackConnector = defineConnector({
  manifest: slackManifest,
  coverage: probeOf({ 'communication-user': USER, 'communication-message_history': MESSAGE }, undefined),

  // Slack answers its errors with HTTP 200 and {ok: false} (pull.ts `call`); only a rate limit (429, with
  // Retry-After and `ratelimited`) and Slack's own failures come with another status.
  classify(res: ProviderResponse) {
    const error = (res.body as { error?: string } | null)?.error;
    if (res.status === 429 || error === 'ratelimited') return { kind: 'rate_limited', message: `${res.status}: ${errorText(res.body)}` };
    const kind = kindOf(error);
    // A bot token has no refresh token: a refused one cannot be renewed.
    if (kind === 'auth_invalid' || res.status === 401) return { kind: 'auth_invalid', message: `${res.status}: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Slack limits each app per workspace: the token's team (oauth.v2.access's `team.id`).
  accountKey(tokens: TokenSet): string {
    const team = tokens.raw['team'] as { id?: unknown } | undefined;
    return `slack:${typeof team?.id === 'string' ? team.id : 'team'}`;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      page,
      byIds: (client, object, ids) => byIds(client, object, ids),
      write,
      describe: async (_client, object) => describe(object),
      id: idOf,
      value,
      associated: (record, via) => {
        const v = value(record, via);
        return typeof v === 'string' && v !== '' ? [v] : [];
      },
    },
    'Slack',
  ),
});

export { errorText } from './pull.js';
