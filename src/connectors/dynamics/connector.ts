/**
 * Microsoft Dynamics 365 (Dataverse): contacts, accounts, opportunities, leads, notes (annotations) and tasks both
 * ways; activities (phone calls, appointments and e-mails, read in turn: activities.ts) and users pulled, over the Web API v9.2 of the environment the end user named; the organization's custom
 * tables (`IsCustomEntity`, by logical name: `new_vehicle`) shared as passthrough schemas, and custom columns
 * (`IsCustomAttribute`: `new_…`, `cr3f1_…`) as passthrough fields. The quirks are in pull.ts (OData queries, next
 * links, metadata, custom tables' entity sets), push.ts and batch.ts ($batch, a change set a row, If-Match on updates).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { ACTIVITY_TABLES, activityOf, partiesOf, PARTY_SELECT, PHONECALL } from './activities.js';
import { dynamicsManifest } from './manifest.js';
import { ACCOUNT, CONTACT, DEAL, LEAD, NOTE, TASK, USER } from './mapping.js';
import { associated, byIds, customTable, describe, discover, type DynamicsDecl, page, value } from './pull.js';
import { errorText, write } from './push.js';

const table = (set: string, logical: string, key: string) => ({ set, logical, key });
const OWNER = { 'crm-user': '_ownerid_value' };
const STAMPS = ['owner_id', 'created_at', 'updated_at'];

const OBJECTS: Record<string, DynamicsDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: '/api/data/v9.2/contacts',
    ...tableObject(CONTACT, ['first_name', 'last_name', 'title', 'email_addresses.email_address', 'addresses.city', ...STAMPS]),
    associations: { 'crm-company': '_parentcustomerid_value:account', ...OWNER },
    extra: { ...table('contacts', 'contact', 'contactid'), fromCommon: (d) => CONTACT.write(d, undefined) },
  },
  'crm-company': {
    name: 'crm-company',
    path: '/api/data/v9.2/accounts',
    ...tableObject(ACCOUNT, ['name', 'website', 'number_of_employees', 'addresses.city', ...STAMPS]),
    associations: OWNER,
    extra: { ...table('accounts', 'account', 'accountid'), fromCommon: (d) => ACCOUNT.write(d, undefined) },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: '/api/data/v9.2/opportunities',
    ...tableObject(DEAL, ['name', 'company_id', 'probability', ...STAMPS]),
    associations: { 'crm-company': '_parentaccountid_value', 'crm-contact': '_parentcontactid_value', ...OWNER },
    extra: { ...table('opportunities', 'opportunity', 'opportunityid'), fromCommon: (d) => DEAL.write(d, undefined) },
  },
  'crm-lead': {
    name: 'crm-lead',
    path: '/api/data/v9.2/leads',
    ...tableObject(LEAD, ['first_name', 'last_name', 'company_name', 'contact_id', 'company_id', ...STAMPS]),
    associations: { 'crm-company': '_parentaccountid_value', 'crm-contact': '_parentcontactid_value', ...OWNER },
    extra: { ...table('leads', 'lead', 'leadid'), fromCommon: (d) => LEAD.write(d, undefined) },
  },
  'crm-note': {
    name: 'crm-note',
    path: '/api/data/v9.2/annotations',
    ...tableObject(NOTE, ['title', ...STAMPS]),
    associations: {
      'crm-contact': '_objectid_value:contact',
      'crm-company': '_objectid_value:account',
      'crm-deal': '_objectid_value:opportunity',
      ...OWNER,
    },
    extra: { ...table('annotations', 'annotation', 'annotationid'), fromCommon: (d) => NOTE.write(d, undefined) },
  },
  'crm-task': {
    name: 'crm-task',
    path: '/api/data/v9.2/tasks',
    ...tableObject(TASK, ['subject', 'due_at', ...STAMPS]),
    associations: {
      'crm-contact': '_regardingobjectid_value:contact',
      'crm-company': '_regardingobjectid_value:account',
      'crm-deal': '_regardingobjectid_value:opportunity',
      ...OWNER,
    },
    extra: { ...table('tasks', 'task', 'activityid'), fromCommon: (d) => TASK.write(d, undefined) },
  },
  'crm-activity': {
    name: 'crm-activity',
    path: '/api/data/v9.2/phonecalls',
    properties: [...new Set(ACTIVITY_TABLES.flatMap((t) => t.table.fields.filter((f) => f !== partiesOf(t.logical))))],
    filters: {},
    mapper: { toCommon: (row) => activityOf(row) },
    associations: {
      'crm-contact': '_regardingobjectid_value:contact',
      'crm-company': '_regardingobjectid_value:account',
      'crm-deal': '_regardingobjectid_value:opportunity',
      ...OWNER,
    },
    extra: {
      ...table('phonecalls', 'phonecall', 'activityid'),
      // Each table's attributes in `$select`, its parties (a navigation property) in `$expand`.
      parts: ACTIVITY_TABLES.map((t) => ({
        set: t.set,
        fields: t.table.fields.filter((f) => f !== partiesOf(t.logical)),
        expand: `${partiesOf(t.logical)}($select=${PARTY_SELECT})`,
      })),
    },
  },
  'crm-user': {
    name: 'crm-user',
    path: '/api/data/v9.2/systemusers',
    ...tableObject(USER, ['email_address', 'created_at', 'updated_at']),
    associations: {},
    extra: table('systemusers', 'systemuser', 'systemuserid'),
  },
};

/** The claims of a JWT access token (undefined for anything else). */
function claimsOf(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (part === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    // Not a JWT: the account key falls back (see accountKey).
    return undefined;
  }
}

const probe = probeOf(
  {
    'crm-contact': CONTACT,
    'crm-company': ACCOUNT,
    'crm-deal': DEAL,
    'crm-lead': LEAD,
    'crm-note': NOTE,
    'crm-task': TASK,
    'crm-activity': PHONECALL,
    'crm-user': USER,
  },
  undefined,
);
/** The common model's sample ids as Dataverse ids (GUIDs), for the coverage table. */
const SAMPLE_GUID = '6f1b0e55-3c2d-ef11-a000-000000000042';
const asGuids = (data: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      k.endsWith('_id') && typeof v === 'string' ? SAMPLE_GUID : k.endsWith('_ids') && Array.isArray(v) ? v.map(() => SAMPLE_GUID) : v,
    ]),
  );

export const dynamicsConnector = defineConnector({
  manifest: dynamicsManifest,
  coverage: { ...probe, write: (type, data) => probe.write(type, asGuids(data)) },

  classify(res: ProviderResponse) {
    const message = `${res.status}: ${errorText(res.body)}`;
    return { ...defaultClassifier(res), message };
  },

  /** Dataverse limits each user of an environment: the token's audience (the environment) and the user's object id. */
  accountKey(tokens: TokenSet): string {
    const claims = claimsOf(tokens.accessToken);
    const aud = typeof claims?.['aud'] === 'string' ? claims['aud'].replace(/^https:\/\//, '') : 'unknown';
    const oid = typeof claims?.['oid'] === 'string' ? claims['oid'] : 'unknown';
    return `${aud}/${oid}`;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom: customTable,
      discover,
      page,
      byIds,
      write,
      describe,
      value,
      associated,
    },
    'Microsoft Dynamics 365',
  ),
});
