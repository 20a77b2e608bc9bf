/**
 * HubSpot: its objects as declarations (contacts and companies mapped to the common model, owners read as users,
 * custom objects passed through as they are) over the CRM v3 API; the quirks are in pull.ts, push.ts, filters.ts and fields.ts.
 */
import { asText } from '../../lib/text.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject } from '../kit/field-table.js';
import { defaultClassifier, providerMessage, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { custom, describe, discover } from './fields.js';
import { hubspotManifest } from './manifest.js';
import { associatedIds, COMPANY, companyFromCommon, CONTACT, contactFromCommon, OWNER } from './mapping.js';
import { byIds, type HubSpotDecl, page } from './pull.js';
import { write } from './push.js';

const PLACE = ['addresses.city', 'addresses.state', 'addresses.postal_code', 'addresses.country'];

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
  coverage: probeOf({ 'crm-contact': CONTACT, 'crm-company': COMPANY, 'crm-user': OWNER }, undefined),

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
      associated: associatedIds,
    },
    'HubSpot',
  ),
});
