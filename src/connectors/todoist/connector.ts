/**
 * Todoist: tasks (workspace-task) both ways, active and completed, and the user with the collaborators of their shared
 * projects (workspace-user) pulled. The quirks are in pull.ts (active tasks, then completed ones by windows of
 * completion dates; people gathered from the user and the shared projects), push.ts (status by closing or reopening)
 * and mapping.ts.
 */
import { createHash } from 'node:crypto';

import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { todoistManifest } from './manifest.js';
import { TASK, USER } from './mapping.js';
import { byIds, describe, page, type TodoistDecl, value } from './pull.js';
import { write } from './push.js';

const OBJECTS: Record<string, TodoistDecl> = {
  'workspace-task': {
    name: 'workspace-task',
    path: '/api/v1/tasks',
    ...tableObject(TASK, []),
    associations: { 'workspace-user': 'responsible_uid' },
    extra: {
      label: 'Tasks',
      readOnly: ['id', 'checked', 'completed_at', 'added_at', 'updated_at', 'project_name', 'user_id', 'added_by_uid', 'assigned_by_uid'],
    },
  },
  'workspace-user': {
    name: 'workspace-user',
    path: '/api/v1/user',
    ...tableObject(USER, []),
    associations: {},
    extra: { label: 'You and your collaborators', readOnly: ['id', 'name', 'email'] },
  },
};

export const todoistConnector = defineConnector({
  manifest: todoistManifest,
  coverage: probeOf({ 'workspace-task': TASK, 'workspace-user': USER }, undefined),

  classify(res: ProviderResponse) {
    // Todoist's tokens (personal or OAuth) do not expire and have no refresh token: a refused one must be connected again.
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Todoist's token answer names no user, and its tokens never change: the token stands for its user.
  accountKey(tokens: TokenSet): string {
    return `todoist:${createHash('sha256').update(tokens.accessToken).digest('hex').slice(0, 16)}`;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      page: (client: ProviderClient, object, request) => page(client, object, request.cursor),
      byIds: (client: ProviderClient, object, ids) => byIds(client, object, ids),
      write,
      describe: async (_client, object) => describe(object),
      value,
      associated: (record, via) => {
        const id = record[via];
        return typeof id === 'string' && id !== '' ? [id] : typeof id === 'number' ? [String(id)] : [];
      },
    },
    'Todoist',
  ),
});

/** Todoist's error text: `{error, error_tag, error_extra: {argument}}`, or OAuth's `{error, error_description}`, or a text. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { error?: unknown; error_tag?: unknown; error_extra?: unknown; error_description?: unknown };
    const argument = (b.error_extra as { argument?: unknown } | null | undefined)?.argument;
    const parts = [
      typeof b.error_tag === 'string' ? b.error_tag : undefined,
      typeof b.error === 'string' ? b.error : undefined,
      typeof b.error_description === 'string' ? b.error_description : undefined,
      typeof argument === 'string' ? `(argument: ${argument})` : undefined,
    ].filter((x): x is string => x !== undefined && x !== '');
    if (parts.length) return parts.join(': ').replace(/: \(argument/, ' (argument');
  }
  return typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no details';
}
