/**
 * HubSpot: its objects as declarations (contacts, companies, deals, tickets, leads, products, notes, tasks and activities —
 * calls, meetings and e-mails as one type — mapped to the common model, owners read as users, custom objects passed
 * through as they are) over the CRM v3 API; the quirks are in pull.ts, push.ts, filters.ts and fields.ts.
 */
import { asText } from '../../lib/text.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector } from '../kit/connector.js';
import { withKindWrites } from '../kit/coverage.js';
import { type FieldTable, probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, providerMessage, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { custom, describe, discover } from './fields.js';
import { hubspotManifest } from './manifest.js';
import { associatedIds, COMPANY, companyFromCommon, CONTACT, contactFromCommon, type HubSpotObject, hubspotWrite, OWNER } from './mapping.js';
import { byIds, type HubSpotDecl, OWNER_ASSOCIATION, page } from './pull.js';
import { write } from './push.js';
import {
  ACTIVITY,
  ACTIVITY_KINDS,
  DEAL,
  dealPipelines,
  LEAD,
  leadPipelines,
  NOTE,
  type Pipelines,
  PRODUCT,
  TASK,
  TICKET,
  ticketPipelines,
} from './sales.js';

const PLACE = ['addresses.city', 'addresses.state', 'addresses.postal_code', 'addresses.country'];

/** A sales object mapped by its table, with the pipelines it looks up (if any) and its links held as associations. */
function salesObject(
  name: string,
  objectType: string,
  table: FieldTable<HubSpotObject, Pipelines>,
  filters: string[],
  links: Record<string, string>,
  more: Partial<HubSpotDecl['extra']> = {},
  pipelines?: (client: ProviderClient) => Promise<Pipelines>,
): HubSpotDecl {
  const ctx = pipelines ?? (() => [] as Pipelines);
  const endgrate: Record<string, string> = { contact_id: 'crm-contact', contact_ids: 'crm-contact', company_id: 'crm-company', deal_id: 'crm-deal' };
  return {
    name,
    path: `/crm/v3/objects/${objectType}`,
    ...tableObject(table, filters, ctx),
    associations: {
      ...Object.fromEntries(Object.entries(links).map(([field, type]) => [endgrate[field] as string, type])),
      'crm-user': OWNER_ASSOCIATION,
    },
    extra: {
      objectType,
      links,
      fromCommon: (d, c) => hubspotWrite(table.write(d, (c ?? []) as Pipelines)),
      ...(pipelines ? { context: pipelines } : {}),
      ...more,
    },
  };
}

/** A portal's default sales pipeline, for the coverage probe. */
const SAMPLE_PIPELINES: Pipelines = [
  {
    id: 'default',
    label: 'Sales Pipeline',
    stages: [
      { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: 0.4, closed: false },
      { id: 'closedwon', label: 'Closed Won', probability: 1, closed: true },
      { id: 'closedlost', label: 'Closed Lost', probability: 0, closed: true },
    ],
  },
  {
    id: '0',
    label: 'Support Pipeline',
    stages: [
      { id: '1', label: 'New', probability: null, closed: false },
      { id: '4', label: 'Closed', probability: null, closed: true },
    ],
  },
];

/** HubSpot requires an activity's time: a record given none is stamped with the time of the push. */
const stampNow = () => ({ hs_timestamp: new Date().toISOString() });
const PARTIES = { contact_id: 'contacts', company_id: 'companies', deal_id: 'deals' };

const OBJECTS: Record<string, HubSpotDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: '/crm/v3/objects/contacts',
    // HubSpot's search API filters on these.
    ...tableObject(CONTACT, ['first_name', 'last_name', 'title', 'company_id', 'owner_id', ...PLACE, 'created_at', 'updated_at']),
    associations: { 'crm-company': 'companies' },
    extra: { objectType: 'contacts', fromCommon: (d) => contactFromCommon(d as CrmContact) },
  },
  'crm-company': {
    name: 'crm-company',
    path: '/crm/v3/objects/companies',
    ...tableObject(COMPANY, ['name', 'number_of_employees', 'annual_revenue', 'owner_id', 'created_at', 'updated_at']),
    associations: { 'crm-contact': 'contacts' },
    extra: { objectType: 'companies', fromCommon: (d) => companyFromCommon(d as CrmCompany) },
  },
  'crm-deal': salesObject(
    'crm-deal',
    'deals',
    DEAL,
    ['name', 'pipeline_id', 'stage_id', 'owner_id', 'created_at', 'updated_at'],
    { contact_ids: 'contacts', company_id: 'companies' },
    {},
    dealPipelines,
  ),
  'crm-ticket': salesObject(
    'crm-ticket',
    'tickets',
    TICKET,
    ['subject', 'pipeline_id', 'stage_id', 'owner_id', 'created_at', 'updated_at'],
    { contact_id: 'contacts', company_id: 'companies' },
    {},
    ticketPipelines,
  ),
  'crm-lead': salesObject(
    'crm-lead',
    'leads',
    LEAD,
    ['title', 'owner_id', 'created_at', 'updated_at'],
    { contact_id: 'contacts', company_id: 'companies' },
    {},
    leadPipelines,
  ),
  'crm-product': salesObject('crm-product', 'products', PRODUCT, ['name', 'sku', 'owner_id', 'created_at', 'updated_at'], {}),
  'crm-note': salesObject('crm-note', 'notes', NOTE, ['owner_id', 'created_at', 'updated_at'], PARTIES, { createDefaults: stampNow }),
  'crm-task': salesObject('crm-task', 'tasks', TASK, ['owner_id', 'due_at', 'created_at', 'updated_at'], PARTIES, { createDefaults: stampNow }),
  'crm-activity': salesObject('crm-activity', 'calls', ACTIVITY, ['user_id', 'timestamp', 'created_at', 'updated_at'], PARTIES, {
    createDefaults: stampNow,
    kinds: ['calls', 'meetings', 'emails'],
  }),
  // Pulled only (the manifest offers no push): owners are the portal's users, managed in HubSpot's settings.
  'crm-user': {
    name: 'crm-user',
    path: '/crm/v3/owners',
    ...tableObject(OWNER, []),
    associations: {},
    extra: {
      objectType: 'owners',
      plain: [
        { name: 'id', label: 'Owner ID', type: 'string' },
        { name: 'email', label: 'Email', type: 'string' },
        { name: 'firstName', label: 'First name', type: 'string' },
        { name: 'lastName', label: 'Last name', type: 'string' },
        { name: 'userId', label: 'User ID', type: 'number' },
        { name: 'archived', label: 'Archived', type: 'boolean' },
        { name: 'createdAt', label: 'Created at', type: 'datetime' },
        { name: 'updatedAt', label: 'Updated at', type: 'datetime' },
      ],
    },
  },
};

export const hubspotConnector = defineConnector({
  manifest: hubspotManifest,
  // The contact, company and owner tables look nothing up; the others read a portal's default sales pipeline.
  coverage: withKindWrites(
    probeOf<Pipelines>(
      {
        'crm-contact': CONTACT as unknown as FieldTable<unknown, Pipelines>,
        'crm-company': COMPANY as unknown as FieldTable<unknown, Pipelines>,
        'crm-user': OWNER as unknown as FieldTable<unknown, Pipelines>,
        'crm-deal': DEAL,
        'crm-ticket': TICKET,
        'crm-lead': LEAD,
        'crm-product': PRODUCT,
        'crm-note': NOTE,
        'crm-task': TASK,
        'crm-activity': ACTIVITY,
      } as Record<string, FieldTable<unknown, Pipelines>>,
      SAMPLE_PIPELINES,
    ),
    'crm-activity',
    Object.values(ACTIVITY_KINDS),
  ),

  classify(res: ProviderResponse) {
    const body = (res.body ?? {}) as Record<string, unknown>;
    const message = providerMessage(res);
    // Any 401 gets one refresh (EXPIRED_AUTHENTICATION certainly, INVALID_AUTHENTICATION possibly); HubSpot's
    // guidance is to refresh by `expires_in`, which the credentials layer does first.
    if (res.status === 401) return { kind: 'auth_expired', message };
    if (res.status === 403) return { kind: 'auth_invalid', message };
    if (res.status === 429 && body['policyName'] === 'DAILY') return { kind: 'quota_exhausted', message };
    return defaultClassifier(res);
  },

  accountKey(tokens: TokenSet): string {
    return asText(tokens.raw['hub_id'] ?? tokens.raw['hubId'], 'unknown');
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom,
      discover,
      page,
      byIds,
      write,
      describe,
      // A CRM object's fields are its properties; an owner (no properties) holds them at the top.
      value: (o, f) => (o.properties ? o.properties[f] : (o as unknown as Record<string, unknown>)[f]) ?? null,
      associated: (o, via) => (via === OWNER_ASSOCIATION ? [o.properties[via]].filter((id): id is string => !!id) : associatedIds(o, via)),
    },
    'HubSpot',
  ),
});
