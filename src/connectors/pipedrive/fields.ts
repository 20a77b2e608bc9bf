/**
 * Pipedrive's field descriptions, and the objects it shares as they are. Pipedrive has no custom objects: its
 * objects Weft has no common model for (deals) are passthrough objects.
 */
import type { ProviderField } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { IDENTITY, sharedObjects } from '../kit/objects.js';
import type { PipedriveDecl } from './pull.js';

interface PipedriveFieldDef {
  field_code: string;
  field_name?: string;
  field_type?: string;
  is_custom_field?: boolean;
}

const READ_ONLY_FIELDS = ['id', 'add_time', 'update_time', 'is_deleted'];

const FIELD_TYPES: Record<string, ProviderField['type']> = {
  varchar: 'string',
  varchar_auto: 'string',
  text: 'string',
  phone: 'string',
  address: 'string',
  double: 'number',
  int: 'number',
  monetary: 'number',
  date: 'date',
  enum: 'enum',
  set: 'enum',
};

/** A Pipedrive field type as Weft's; the system `*_time` fields are typed `date` but hold date-times (RFC 3339 in v2). */
function fieldType(type: string | undefined, code: string): ProviderField['type'] {
  if (type === 'date' && code.endsWith('_time')) return 'datetime';
  return (type !== undefined && Object.hasOwn(FIELD_TYPES, type) ? FIELD_TYPES[type] : undefined) ?? 'other';
}

export async function describe(client: ProviderClient, object: PipedriveDecl) {
  if (object.extra.fieldsPath === null) return (object.extra.fields ?? []).map((f) => ({ ...f, custom: false, writable: false }));
  const res = await client.request<{ data?: PipedriveFieldDef[] }>({ method: 'GET', path: object.extra.fieldsPath, query: { limit: 500 } });
  return (res.body.data ?? []).map((f) => ({
    name: f.field_code,
    label: f.field_name ?? f.field_code,
    type: fieldType(f.field_type, f.field_code),
    custom: f.is_custom_field === true,
    writable: !READ_ONLY_FIELDS.includes(f.field_code),
  }));
}

/** Pipedrive objects shared as passthrough schemas, by name. */
const SHARED: Record<string, PipedriveDecl> = {
  deals: {
    name: 'deals',
    path: '/api/v2/deals',
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    // Pipedrive's own answer refuses a passthrough deal without a title.
    extra: { label: 'Deals', fieldsPath: '/api/v2/dealFields', requires: null },
  },
};

/** The passthrough objects by name (`custom`), and as the account's objects (`discover`). */
export const { custom: shared, discover } = sharedObjects(SHARED, { provider: 'Pipedrive', noun: 'object', push: true });
