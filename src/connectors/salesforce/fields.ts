/**
 * Salesforce's field descriptions, and the objects an org can share as passthrough schemas (as describeGlobal lists
 * them): its custom objects (`…__c`) and the standard objects no common type covers (OpportunityStage, Campaign, …).
 */
import type { ProviderField, ProviderObject } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { IDENTITY } from '../kit/objects.js';
import { DATA, type SalesforceDecl } from './pull.js';

interface SalesforceFieldDescribe {
  name: string;
  label?: string;
  type?: string;
  custom?: boolean;
  updateable?: boolean;
  createable?: boolean;
}

interface SalesforceObjectDescribe {
  name: string;
  label?: string;
  labelPlural?: string;
  custom?: boolean;
  queryable?: boolean;
  createable?: boolean;
  updateable?: boolean;
}

const FIELD_TYPES: Record<string, ProviderField['type']> = {
  string: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  url: 'string',
  id: 'string',
  reference: 'string',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  picklist: 'enum',
  multipicklist: 'enum',
};

export async function describe(client: ProviderClient, object: SalesforceDecl) {
  const res = await client.request<{ fields: SalesforceFieldDescribe[] }>({ method: 'GET', path: `${DATA}/sobjects/${object.path}/describe` });
  return (res.body.fields ?? []).map((f) => ({
    name: f.name,
    label: f.label ?? f.name,
    type: (f.type !== undefined && Object.hasOwn(FIELD_TYPES, f.type) ? FIELD_TYPES[f.type] : undefined) ?? 'other',
    custom: f.custom === true,
    writable: f.updateable === true || f.createable === true,
  }));
}

/** Whether describeGlobal's entry is an object to share: queryable, not a sharing or history table. */
const shareable = (o: SalesforceObjectDescribe) =>
  o.queryable !== false && !/(__Share|__History|Share|History|Feed|ChangeEvent)$/.test(o.name) && !/__(mdt|e|x|b)$/.test(o.name);

/** The org's objects to share as passthrough schemas; `covered`: the sObjects a common type already maps. */
export async function discoverObjects(client: ProviderClient, covered: ReadonlySet<string>): Promise<ProviderObject[]> {
  const res = await client.request<{ sobjects?: SalesforceObjectDescribe[] }>({ method: 'GET', path: `${DATA}/sobjects` });
  return (res.body.sobjects ?? [])
    .filter((o) => shareable(o) && !covered.has(o.name))
    .map((o) => ({
      name: o.name,
      label: o.labelPlural ?? o.label ?? o.name,
      custom: o.custom === true,
      pull: o.queryable !== false,
      push: o.createable === true || o.updateable === true,
    }));
}

/** An sObject shared as a passthrough schema, declared with the identity mapper: its fields pass through as they are. */
export function custom(name: string): SalesforceDecl {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a Salesforce object name: ${name}`);
  return { name, path: name, properties: ['Id'], filters: {}, associations: {}, mapper: IDENTITY, extra: {} };
}
