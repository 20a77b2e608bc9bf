/**
 * Typeform: the questions of every form (forms-question) and the responses submitted to them (forms-lead), both read
 * only. The quirks are in pull.ts (forms listed once a transfer, questions form by form with their groups flattened,
 * responses form by form paged by `before` tokens, `since` for a pull from a time) and mapping.ts (answers typed by
 * kind, the respondent's name, e-mail and phone picked from the answers).
 */
import { createHash } from 'node:crypto';

import { defineConnector, type PushResult } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { typeformManifest } from './manifest.js';
import { LEAD, QUESTION } from './mapping.js';
import { byIds, describe, page, type TypeformDecl, value } from './pull.js';

const OBJECTS: Record<string, TypeformDecl> = {
  'forms-question': {
    name: 'forms-question',
    path: '/forms',
    ...tableObject(QUESTION, []),
    associations: {},
    extra: { label: 'Questions', kind: 'questions' },
  },
  'forms-lead': {
    name: 'forms-lead',
    path: '/forms',
    ...tableObject(LEAD, ['submitted_at']),
    associations: {},
    extra: { label: 'Responses', kind: 'responses' },
  },
};

export const typeformConnector = defineConnector({
  manifest: typeformManifest,
  coverage: probeOf({ 'forms-question': QUESTION, 'forms-lead': LEAD }, undefined),

  classify(res: ProviderResponse) {
    // An OAuth token that expired is renewed with the refresh token; a refused personal access token cannot be: the
    // end user must connect again.
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Typeform's token answer names no account: the first access token stands for the connection's account.
  accountKey(tokens: TokenSet): string {
    return `typeform:${createHash('sha256').update(tokens.accessToken).digest('hex').slice(0, 16)}`;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      page,
      byIds: (client: ProviderClient, object, ids) => byIds(client, object, ids),
      // Both types are read only (the manifest pushes neither): nothing reaches Typeform.
      write: async (_client, object, ops): Promise<PushResult[]> =>
        ops.map((op) => ({
          index: op.index,
          success: false,
          id: null,
          errors: [`Typeform's ${object.extra.label.toLowerCase()} are read only`],
          mayHaveApplied: false,
        })),
      describe: async (_client, object) => describe(object),
      id: (raw) => raw.id,
      value,
    },
    'Typeform',
  ),
});

/** Typeform's error text: `{code, description, details: [{field, description}]}`, or OAuth's `{error, error_description}`. */
export function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { code?: unknown; description?: unknown; details?: unknown; error?: unknown; error_description?: unknown };
    const head = [b.code, b.description].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (head) {
      const details = Array.isArray(b.details)
        ? b.details
            .map((d) => {
              const { field, description } = (d ?? {}) as { field?: unknown; description?: unknown };
              return typeof description === 'string' ? (typeof field === 'string' ? `${field}: ${description}` : description) : null;
            })
            .filter((x): x is string => x !== null)
        : [];
      return details.length ? `${head} (${details.join('; ')})` : head;
    }
    const oauth = [b.error, b.error_description].filter((x): x is string => typeof x === 'string' && x !== '').join(': ');
    if (oauth) return oauth;
  }
  return typeof body === 'string' && body !== '' ? body.slice(0, 300) : 'no details';
}
