/**
 * Close's lists: `GET /api/v1/<object>/` with `_skip`, `_limit` and `_fields` (the mapped fields and those asked for),
 * and the filters Close takes as query parameters (one value each; a date range as `date_updated__gte`/`__lte`);
 * `has_more` ends the list. Records by id one at a time (`/<object>/<id>/`, a 404 is a record that is gone), the
 * objects' fields, and the organization's opportunity statuses.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection, type TableWrite } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { IDENTITY, type ObjectDecl } from '../kit/objects.js';
import { nextCursor, pageRequest, pagesInTurn } from '../kit/paging.js';
import { type Predicate, predicatesFor, wholeSecond } from '../kit/pushdown.js';
import { closeManifest } from './manifest.js';
import type { CloseItem, Status } from './mapping.js';

export type CloseDecl = ObjectDecl<
  CloseItem,
  {
    label: string;
    /** Close's id prefix of the object (`cont`): an id without it is no record of this object. */
    prefix: string;
    /** The list's query parameter for a provider field Weft may filter on (a date range: `<param>__gte`/`__lte`). */
    params: Readonly<Record<string, string>>;
    /** Fields Close sets itself. */
    readOnly: readonly string[];
    fromCommon?: (client: ProviderClient, data: Record<string, unknown>, id: string | null) => Promise<TableWrite>;
    /** Lists read one after the other as this object (calls, then meetings); else its path. */
    parts?: readonly string[];
    /** The word of the object's custom fields' path (`/custom_field/<kind>/`), where it has custom fields. */
    customKind?: 'lead' | 'contact' | 'opportunity';
    /** An object shared as it is (a passthrough schema): its own fields, as Close's reference lists them. */
    fields?: readonly string[];
  }
>;

const PAGING = closeManifest.pagination;

/** The query parameters of the predicates Close can say (each as loose as its condition or looser). */
export function filterParams(predicates: Predicate[], params: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of predicates) {
    const param = params[p.field.name];
    if (!param) continue;
    if (p.op === 'in') {
      // One value per parameter: several would need several lists.
      if (p.values.length === 1 && p.field.type !== 'datetime') out[param] = String(p.values[0]);
      continue;
    }
    // Several ranges: the one range that holds them all, widened to whole seconds.
    if (p.field.type !== 'datetime' || p.ranges.length === 0) continue;
    const mins = p.ranges.map((r) => r.min);
    const maxes = p.ranges.map((r) => r.max);
    if (!mins.includes(null)) out[`${param}__gte`] = new Date(wholeSecond(Math.min(...(mins as number[])), 'min')).toISOString();
    if (!maxes.includes(null)) out[`${param}__lte`] = new Date(wholeSecond(Math.max(...(maxes as number[])), 'max')).toISOString();
  }
  return out;
}

export async function page(
  client: ProviderClient,
  object: CloseDecl,
  request: PullRequest,
): Promise<{ items: CloseItem[]; next: string | null; total?: number }> {
  const fields = [...new Set(['id', ...object.properties, ...(request.fields ?? [])])];
  const filters = filterParams(predicatesFor(request.filter, object.filters), object.extra.params);
  const list = async (path: string, cursor: string | null) => {
    const query = { ...pageRequest(PAGING, cursor).query, _fields: fields.join(','), ...filters };
    const res = await client.request<{ data?: CloseItem[]; has_more?: boolean; total_results?: number }>({ method: 'GET', path, query });
    const items = res.body.data ?? [];
    const total = cursor === null && Number.isSafeInteger(res.body.total_results) ? { total: res.body.total_results as number } : {};
    return { items, next: nextCursor(PAGING, cursor, res.body, items.length), ...total };
  };
  const parts = object.extra.parts;
  // A list in several parts (activities of each kind) has no one total: no estimate.
  if (parts) {
    const { items, next } = await pagesInTurn(parts, request.cursor, list);
    return { items, next };
  }
  return list(object.path, request.cursor);
}

export async function byIds(client: ProviderClient, object: CloseDecl, ids: string[]): Promise<CloseItem[]> {
  const found: CloseItem[] = [];
  for (const id of ids) {
    // Users' ids are Close's too (`user_…`); any other kind is not a record of this object.
    if (!id.startsWith(`${object.extra.prefix}_`)) continue;
    // An activity's id does not say its kind: each list's path in turn.
    for (const path of object.extra.parts ?? [object.path]) {
      try {
        found.push((await client.request<CloseItem>({ method: 'GET', path: `${path}${encodeURIComponent(id)}/` })).body);
        break;
      } catch (e) {
        if (!(e instanceof ProviderError && e.status === 404)) throw e;
      }
    }
  }
  return found;
}

export function value(record: CloseItem, field: string): unknown {
  return record[field] ?? null;
}

/** Close's custom field types as Weft's (`user` and `contact` hold ids; `hidden` holds text). */
const CUSTOM_TYPES: Readonly<Record<string, ProviderField['type']>> = { number: 'number', date: 'date', datetime: 'datetime', choices: 'enum' };

interface CustomFieldDef {
  id: string;
  name?: string;
  type?: string;
  accepts_multiple_values?: boolean;
}

/** The organization's custom fields of an object (`/custom_field/<kind>/`, every page), as fields named `custom.<id>`. */
async function customFields(client: ProviderClient, kind: string): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  const defs: CustomFieldDef[] = [];
  for (let cursor: string | null = null; ;) {
    const res = await client.request<{ data?: CustomFieldDef[]; has_more?: boolean }>({
      method: 'GET',
      path: `/api/v1/custom_field/${kind}/`,
      query: { ...pageRequest(PAGING, cursor).query, _fields: 'id,name,type,accepts_multiple_values' },
    });
    const page = res.body.data ?? [];
    defs.push(...page);
    cursor = nextCursor(PAGING, cursor, res.body, page.length);
    if (cursor === null) break;
  }
  return defs.map((d) => ({
    name: `custom.${d.id}`,
    label: d.name ?? d.id,
    // A field of several values holds a list.
    type:
      d.accepts_multiple_values === true
        ? 'other'
        : ((d.type !== undefined && Object.hasOwn(CUSTOM_TYPES, d.type) ? CUSTOM_TYPES[d.type] : undefined) ?? 'string'),
    custom: true,
    writable: true,
  }));
}

const NUMBERS = new Set(['value', 'confidence', 'duration']);
const DAYS = new Set(['date_won', 'date_lost']);

/** The object's fields as Close names them, then its custom fields (`custom.cf_…`, read and written as they are). */
export async function describe(client: ProviderClient, object: CloseDecl): Promise<Array<Omit<ProviderField, 'mapped'>>> {
  const own = object.mapper === IDENTITY ? (object.extra.fields ?? []) : ['id', ...object.properties];
  const fields: Array<Omit<ProviderField, 'mapped'>> = own.map((name) => ({
    name,
    label: name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: DAYS.has(name)
      ? 'date'
      : name.startsWith('date_')
        ? 'datetime'
        : NUMBERS.has(name)
          ? 'number'
          : name === 'is_complete'
            ? 'boolean'
            : 'string',
    custom: false,
    writable: name !== 'id' && !object.extra.readOnly.includes(name),
  }));
  return object.extra.customKind ? [...fields, ...(await customFields(client, object.extra.customKind))] : fields;
}

/** The organization's opportunity statuses (with their types and pipelines), looked up once per connection. */
export const statuses = perConnection(async (client) => {
  const res = await client.request<{ data?: Status[] }>({ method: 'GET', path: '/api/v1/status/opportunity/' });
  return { statuses: res.body.data ?? [] };
});
