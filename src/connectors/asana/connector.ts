/**
 * Asana: tasks (workspace-task) both ways, the workspace's users (workspace-user) pulled. The quirks are in pull.ts
 * (tasks listed project by project, `opt_fields`, `modified_since`), push.ts (`{data}` bodies, no move on update) and
 * mapping.ts.
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { asanaManifest } from './manifest.js';
import { TASK, USER } from './mapping.js';
import { type AsanaDecl, byIds, describe, page, value } from './pull.js';
import { write } from './push.js';

const OBJECTS: Record<string, AsanaDecl> = {
  'workspace-task': {
    name: 'workspace-task',
    path: '/tasks',
    ...tableObject(TASK, ['created_at', 'updated_at']),
    associations: { 'workspace-user': 'assignee' },
    extra: { label: 'Tasks', byProject: true, readOnly: ['created_at', 'modified_at', 'completed_at', 'permalink_url', 'projects.name'] },
  },
  'workspace-user': {
    name: 'workspace-user',
    path: '/users',
    ...tableObject(USER, []),
    associations: {},
    extra: { label: 'Users', byProject: false, readOnly: ['name', 'email'] },
  },
};

export const asanaConnector = defineConnector({
  manifest: asanaManifest,
  coverage: probeOf({ 'workspace-task': TASK, 'workspace-user': USER }, undefined),

  classify(res: ProviderResponse) {
    // An OAuth token that expired is renewed with the refresh token; a refused personal access token cannot be: the
    // end user must connect again.
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Asana limits requests per user: the token's user (the OAuth answer's `data.gid`; a personal access token is
  // `2/{user gid}/…`).
  accountKey(tokens: TokenSet): string {
    const data = tokens.raw['data'] as { gid?: unknown } | undefined;
    const gid = typeof data?.gid === 'string' ? data.gid : /^\d\/(\d+)\//.exec(tokens.accessToken)?.[1];
    return `asana:${gid ?? 'user'}`;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      page,
      byIds,
      write,
      describe: async (_client, object) => describe(object),
      id: (raw) => raw.gid,
      value,
      associated: (record, via) => {
        const v = value(record, via);
        return typeof v === 'string' && v !== '' ? [v] : [];
      },
    },
    'Asana',
  ),
});

/** Asana's error text: `{errors: [{message, help}]}`, or OAuth's `{error, error_description}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { errors?: unknown; error?: unknown; error_description?: unknown };
    if (Array.isArray(b.errors)) {
      const messages = b.errors.map((e) => (e as { message?: unknown }).message).filter((m): m is string => typeof m === 'string');
      if (messages.length) return messages.join('; ');
    }
    const head = [b.error, b.error_description].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (head) return head;
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
