/** HubSpot's properties as Weft's field descriptions, and its custom objects (the schemas API, addressed `p_<name>`). */
import type { ProviderField, ProviderObject } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { IDENTITY } from '../kit/objects.js';
import type { HubSpotDecl } from './pull.js';

interface HubSpotProperty {
  name: string;
  label?: string;
  type?: string;
  hidden?: boolean;
  calculated?: boolean;
  hubspotDefined?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean };
}

const FIELD_TYPES: Record<string, ProviderField['type']> = {
  string: 'string',
  phone_number: 'string',
  number: 'number',
  bool: 'boolean',
  date: 'date',
  datetime: 'datetime',
  enumeration: 'enum',
};

export async function describe(client: ProviderClient, object: HubSpotDecl) {
  if (object.extra.plain) return object.extra.plain.map((f) => ({ ...f, custom: false, writable: false }));
  const res = await client.request<{ results: HubSpotProperty[] }>({ method: 'GET', path: `/crm/v3/properties/${object.extra.objectType}` });
  return (res.body.results ?? [])
    .filter((p) => !p.hidden)
    .map((p) => ({
      name: p.name,
      label: p.label ?? p.name,
      type: (p.type !== undefined && Object.hasOwn(FIELD_TYPES, p.type) ? FIELD_TYPES[p.type] : undefined) ?? 'other',
      custom: p.hubspotDefined === false,
      writable: !(p.modificationMetadata?.readOnlyValue ?? false) && !p.calculated,
    }));
}

/** HubSpot's standard objects no common type covers, shared as passthrough schemas like custom objects. */
const STANDARD_PASSTHROUGH: Readonly<Record<string, string>> = { line_items: 'Line items' };

export async function discover(client: ProviderClient): Promise<ProviderObject[]> {
  const res = await client.request<{ results?: Array<{ name: string; labels?: { plural?: string; singular?: string } }> }>({
    method: 'GET',
    path: '/crm/v3/schemas',
  });
  const standard = Object.entries(STANDARD_PASSTHROUGH).map(([name, label]) => ({ name, label, custom: false, pull: true, push: true }));
  const customs = (res.body.results ?? []).map((o) => ({
    name: o.name,
    label: o.labels?.plural ?? o.labels?.singular ?? o.name,
    custom: true,
    pull: true,
    push: true,
  }));
  return [...customs, ...standard];
}

/**
 * A custom object (addressed `p_<name>`) or a standard object no type covers (by its own name), as a declared object
 * whose mapper is the identity (every property passes through).
 */
export function custom(name: string): HubSpotDecl {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`Not a HubSpot custom object name: ${name}`);
  const objectType = Object.hasOwn(STANDARD_PASSTHROUGH, name) ? name : `p_${name}`;
  return { name, path: `/crm/v3/objects/${objectType}`, properties: [], filters: {}, associations: {}, mapper: IDENTITY, extra: { objectType } };
}
