/**
 * Mailchimp: the members of the account's audiences (marketing-contact) both ways. The quirks are in pull.ts (audience
 * by audience, `count`/`offset`, `fields`, `since_last_changed`, the OAuth metadata's data center), push.ts (writes by
 * subscriber hash, tags through their own route) and mapping.ts.
 */
import { createHash } from 'node:crypto';

import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { mailchimpManifest } from './manifest.js';
import { errorText, type MailchimpItem, MEMBER, memberIdOf, USER } from './mapping.js';
import { byIds, describe, type MailchimpDecl, page, value } from './pull.js';
import { write } from './push.js';

const OBJECTS: Record<string, MailchimpDecl> = {
  'marketing-contact': {
    name: 'marketing-contact',
    path: '/lists/{list_id}/members',
    ...tableObject(MEMBER, ['updated_at', 'list_id']),
    associations: {},
    extra: { label: 'Audience members', readOnly: ['timestamp_signup', 'timestamp_opt', 'last_changed', 'list_id'] },
  },
  'marketing-user': {
    name: 'marketing-user',
    path: '/',
    ...tableObject(USER, []),
    associations: {},
    extra: { label: 'Account user', readOnly: ['first_name', 'last_name', 'email', 'role'] },
  },
};

export const mailchimpConnector = defineConnector({
  manifest: mailchimpManifest,
  coverage: probeOf({ 'marketing-contact': MEMBER, 'marketing-user': USER }, undefined),
  // The lists are paged by position: a member archived during a pull moves a later one into a page already read, so a
  // sync reads the members it did not see by id (archived ones are not returned) before reporting them deleted.
  liveReads: true,

  classify(res: ProviderResponse) {
    // Mailchimp's tokens and keys do not expire: a refused one cannot be renewed, the end user must connect again.
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Mailchimp's token answer names no account (the metadata does, later): each token is its own.
  accountKey(tokens: TokenSet): string {
    return `mailchimp:${createHash('sha256').update(tokens.accessToken).digest('hex').slice(0, 16)}`;
  },

  ...declaredObjects<MailchimpItem, MailchimpDecl['extra']>(
    {
      objects: OBJECTS,
      page,
      byIds,
      write,
      describe: async (_client, object) => describe(object),
      id: memberIdOf,
      value,
    },
    'Mailchimp',
  ),
});
