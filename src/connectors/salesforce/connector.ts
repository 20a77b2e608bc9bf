/**
 * Salesforce: Contact, Account, Opportunity (with its contact roles), Task (to-dos), Note, Lead, Case, Event and logged calls and e-mails (Tasks) as activities, Product2 (with its list price) and User (pulled only) mapped to the common model, custom objects (`…__c`) passed through as they are;
 * the quirks are in pull.ts (SOQL and its query locator), push.ts (sObject Collections), filters.ts and fields.ts.
 * The org's daily quota (403 REQUEST_LIMIT_EXCEEDED) stops the transfer at once: retrying would only burn it.
 */
import { asText } from '../../lib/text.js';
import type { CrmActivity } from '../../model/schemas/crm-activity.js';
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CrmContact } from '../../model/schemas/crm-contact.js';
import type { CrmDeal } from '../../model/schemas/crm-deal.js';
import type { CrmLead } from '../../model/schemas/crm-lead.js';
import type { CrmNote } from '../../model/schemas/crm-note.js';
import type { CrmProduct } from '../../model/schemas/crm-product.js';
import type { CrmTask } from '../../model/schemas/crm-task.js';
import type { CrmTicket } from '../../model/schemas/crm-ticket.js';
import { defineConnector } from '../kit/connector.js';
import { type CoverageProbe, empty } from '../kit/coverage.js';
import { probeOf, sourcesOf } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects } from '../kit/objects.js';
import { custom, describe, discoverObjects } from './fields.js';
import {
  ACCOUNT_FILTERS,
  CASE_FILTERS,
  CONTACT_FILTERS,
  DEAL_FILTERS,
  EVENT_FILTERS,
  LEAD_FILTERS,
  LOGGED_FILTERS,
  NOTE_FILTERS,
  PRODUCT_FILTERS,
  TASK_FILTERS,
  USER_FILTERS,
} from './filters.js';
import { salesforceManifest } from './manifest.js';
import {
  ACCOUNT,
  accountFromCommon,
  accountToCommon,
  activityToCommon,
  CASE,
  caseFromCommon,
  caseToCommon,
  CONTACT,
  CONTACT_ROLES,
  contactFromCommon,
  contactToCommon,
  DEAL,
  dealFromCommon,
  dealToCommon,
  EVENT,
  eventFromCommon,
  eventToCommon,
  LEAD,
  leadFromCommon,
  leadToCommon,
  LOGGED,
  loggedFromCommon,
  loggedToCommon,
  NOTE,
  noteFromCommon,
  noteToCommon,
  PRODUCT,
  productFromCommon,
  productToCommon,
  type SObject,
  TASK,
  taskFromCommon,
  taskToCommon,
  USER,
  userToCommon,
} from './mapping.js';
import { byIds, describeError, errors, page, type SalesforceDecl } from './pull.js';
import { write } from './push.js';

const ACTIVITY_LINKS = { 'crm-contact': 'WhoId', 'crm-company': 'AccountId', 'crm-deal': 'WhatId:006', 'crm-user': 'OwnerId' };
const LOGGED_SUBTYPES = "TaskSubtype IN ('Call', 'Email')";
const NOT_LOGGED = "TaskSubtype NOT IN ('Call', 'Email')";

/** crm-activity's two sObjects: events (meetings) and the tasks that log calls and e-mails. */
const EVENTS: SalesforceDecl = {
  name: 'crm-activity',
  path: 'Event',
  properties: EVENT.fields,
  sources: sourcesOf(EVENT),
  filters: EVENT_FILTERS,
  associations: ACTIVITY_LINKS,
  mapper: { toCommon: (o) => eventToCommon(o) as Record<string, unknown> },
  extra: { fromCommon: (d) => eventFromCommon(d as CrmActivity), prefix: '00U' },
};
const LOGGED_TASKS: SalesforceDecl = {
  name: 'crm-activity',
  path: 'Task',
  properties: LOGGED.fields,
  sources: sourcesOf(LOGGED),
  filters: LOGGED_FILTERS,
  associations: ACTIVITY_LINKS,
  mapper: { toCommon: (o) => loggedToCommon(o) as Record<string, unknown> },
  extra: {
    fromCommon: (d) => loggedFromCommon(d as CrmActivity),
    where: LOGGED_SUBTYPES,
    prefix: '00T',
    createOnly: { TaskSubtype: "Salesforce sets a logged task's subtype on create only; type was not written" },
  },
};

const OBJECTS: Record<string, SalesforceDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: 'Contact',
    properties: CONTACT.fields,
    sources: sourcesOf(CONTACT),
    filters: CONTACT_FILTERS,
    associations: { 'crm-company': 'AccountId' },
    mapper: { toCommon: (o) => contactToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => contactFromCommon(d as CrmContact) },
  },
  'crm-company': {
    name: 'crm-company',
    path: 'Account',
    properties: ACCOUNT.fields,
    sources: sourcesOf(ACCOUNT),
    filters: ACCOUNT_FILTERS,
    associations: {},
    mapper: { toCommon: (o) => accountToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => accountFromCommon(d as CrmCompany) },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: 'Opportunity',
    properties: DEAL.fields,
    sources: sourcesOf(DEAL),
    filters: DEAL_FILTERS,
    associations: { 'crm-company': 'AccountId', 'crm-contact': CONTACT_ROLES, 'crm-user': 'OwnerId' },
    mapper: { toCommon: (o) => dealToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => dealFromCommon(d as CrmDeal), contactRoles: true },
  },
  'crm-task': {
    name: 'crm-task',
    path: 'Task',
    properties: TASK.fields,
    sources: sourcesOf(TASK),
    filters: TASK_FILTERS,
    associations: ACTIVITY_LINKS,
    mapper: { toCommon: (o) => taskToCommon(o) as Record<string, unknown> },
    // Logged calls and e-mails are activities (crm-activity), not to-dos.
    extra: { fromCommon: (d) => taskFromCommon(d as CrmTask), where: NOT_LOGGED, prefix: '00T' },
  },
  'crm-note': {
    name: 'crm-note',
    path: 'Note',
    properties: NOTE.fields,
    sources: sourcesOf(NOTE),
    filters: NOTE_FILTERS,
    associations: { 'crm-contact': 'ParentId:003', 'crm-company': 'ParentId:001', 'crm-deal': 'ParentId:006', 'crm-user': 'OwnerId' },
    mapper: { toCommon: (o) => noteToCommon(o) as Record<string, unknown> },
    extra: {
      fromCommon: (d) => noteFromCommon(d as CrmNote),
      createOnly: { ParentId: "Salesforce sets a note's record (ParentId) on create only; contact_id, company_id and deal_id were not written" },
    },
  },
  'crm-lead': {
    name: 'crm-lead',
    path: 'Lead',
    properties: LEAD.fields,
    sources: sourcesOf(LEAD),
    filters: LEAD_FILTERS,
    associations: { 'crm-user': 'OwnerId' },
    mapper: { toCommon: (o) => leadToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => leadFromCommon(d as CrmLead) },
  },
  'crm-ticket': {
    name: 'crm-ticket',
    path: 'Case',
    properties: CASE.fields,
    sources: sourcesOf(CASE),
    filters: CASE_FILTERS,
    associations: { 'crm-contact': 'ContactId', 'crm-company': 'AccountId', 'crm-user': 'OwnerId' },
    mapper: { toCommon: (o) => caseToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => caseFromCommon(d as CrmTicket) },
  },
  'crm-activity': {
    name: 'crm-activity',
    path: 'Event',
    properties: EVENT.fields,
    sources: sourcesOf(EVENT),
    filters: EVENT_FILTERS,
    associations: ACTIVITY_LINKS,
    mapper: { toCommon: (o) => activityToCommon(o) as Record<string, unknown> },
    extra: { kinds: [EVENTS, LOGGED_TASKS] },
  },
  'crm-product': {
    name: 'crm-product',
    path: 'Product2',
    properties: PRODUCT.fields,
    sources: sourcesOf(PRODUCT),
    filters: PRODUCT_FILTERS,
    associations: {},
    mapper: { toCommon: (o) => productToCommon(o) as Record<string, unknown> },
    extra: { fromCommon: (d) => productFromCommon(d as CrmProduct), prices: true },
  },
  // Pulled only (the manifest offers no push): Salesforce creates users only with a licence and never deletes them.
  'crm-user': {
    name: 'crm-user',
    path: 'User',
    properties: USER.fields,
    sources: sourcesOf(USER),
    filters: USER_FILTERS,
    associations: {},
    mapper: { toCommon: (o) => userToCommon(o) as Record<string, unknown> },
    extra: {
      fromCommon: () => {
        throw new Error('Weft does not write Salesforce users');
      },
    },
  },
};

/**
 * The coverage of crm-activity over its two sObjects: a field is read from an event, else from a logged task (whose
 * record says `Task`), and written to an event, else to a logged task.
 */
function withActivities(probe: CoverageProbe): CoverageProbe {
  const logged = probeOf({ 'crm-activity': LOGGED }, undefined);
  const isTask = (raw: unknown) => (raw as SObject | undefined)?.attributes?.type === 'Task';
  return {
    fixtures: probe.fixtures,
    read: (type, raw) => (type === 'crm-activity' && isTask(raw) ? logged.read(type, raw) : probe.read(type, raw)),
    fieldFixture(type, field) {
      const own = probe.fieldFixture?.(type, field);
      if (type !== 'crm-activity' || (own !== undefined && !empty(probe.read(type, own)[field]))) return own;
      const task = logged.fieldFixture?.(type, field) as SObject | undefined;
      return task && { ...task, attributes: { type: 'Task' } };
    },
    write(type, data) {
      const own = probe.write(type, data);
      return type === 'crm-activity' && Object.keys(own.fields).length === 0 ? logged.write(type, data) : own;
    },
  };
}

export const salesforceConnector = defineConnector({
  manifest: salesforceManifest,
  coverage: withActivities(
    probeOf(
      {
        'crm-contact': CONTACT,
        'crm-company': ACCOUNT,
        'crm-deal': DEAL,
        'crm-activity': EVENT,
        'crm-task': TASK,
        'crm-note': NOTE,
        'crm-lead': LEAD,
        'crm-ticket': CASE,
        'crm-product': PRODUCT,
        'crm-user': USER,
      },
      undefined,
    ),
  ),

  classify(res: ProviderResponse) {
    const errs = errors(res.body);
    const message = `${res.status}: ${errs.map(describeError).join('; ') || 'no details'}`;
    const codes = errs.map((e) => e.errorCode ?? e.statusCode);
    if (res.status === 401 || codes.includes('INVALID_SESSION_ID')) return { kind: 'auth_expired', message };
    if (codes.includes('REQUEST_LIMIT_EXCEEDED')) return { kind: 'quota_exhausted', message };
    if (res.status === 503 || codes.includes('SERVER_UNAVAILABLE')) return { kind: 'transient', message };
    return { ...defaultClassifier(res), message };
  },

  accountKey(tokens: TokenSet): string {
    // `id` is https://login.salesforce.com/id/<orgId>/<userId>.
    const id = tokens.raw['id'];
    const org = typeof id === 'string' ? id.split('/').slice(-2)[0] : undefined;
    return org || asText(tokens.raw['instance_url'], 'unknown');
  },

  apiBase(defaultBase: string, tokens: TokenSet): string {
    const instance = tokens.raw['instance_url'];
    return typeof instance === 'string' && /^https?:\/\//.test(instance) ? instance.replace(/\/+$/, '') : defaultBase;
  },

  ...declaredObjects(
    {
      objects: OBJECTS,
      custom,
      discover: (client) => discoverObjects(client, new Set(Object.values(OBJECTS).map((o) => o.path))),
      page,
      byIds,
      write,
      describe,
      id: (o) => String(o.Id),
      value: (o, f) => o[f] ?? null,
      // `Field:prefix`: a polymorphic lookup, when it points at the object with that key prefix.
      associated: (o, association) => {
        if (association === CONTACT_ROLES) return dealToCommon(o).contact_ids ?? [];
        const [field = '', prefix = ''] = association.split(':');
        const v = o[field];
        return typeof v === 'string' && v && v.startsWith(prefix) ? [v] : [];
      },
    },
    'Salesforce',
  ),
});
