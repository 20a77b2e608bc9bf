/**
 * `POST /{entity}/search`: the body's paging (`page_number` from 1, `page_size` 1–200, default 20), sort
 * (`sort_by`, `sort_direction`) and filters, ANDed, over the live records; the answer is the page's records as a JSON
 * array (a short page is the last).
 */
import { invalid } from './errors.js';
import type { CopperRow } from './seed.js';
import type { CopperEntity } from './service.js';

type Body = Record<string, unknown>;

/** Fields each entity sorts on (developer.copper.com's footnotes name more; these are the ones the fake serves). */
const SORTABLE: Record<CopperEntity | 'users', { fields: string[]; default: string | null }> = {
  people: { fields: ['name', 'first_name', 'last_name', 'title', 'date_created', 'date_modified'], default: 'first_name' },
  companies: { fields: ['name', 'date_created', 'date_modified'], default: 'name' },
  opportunities: { fields: ['name', 'monetary_value', 'close_date', 'date_created', 'date_modified'], default: 'name' },
  tasks: { fields: ['name', 'due_date', 'date_created', 'date_modified'], default: 'due_date' },
  leads: { fields: ['name', 'first_name', 'last_name', 'title', 'date_created', 'date_modified'], default: 'name' },
  // Activities and users take no sort: activities come newest first, users in id order.
  activities: { fields: [], default: null },
  users: { fields: [], default: null },
};

function ids(body: Body, key: string): number[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number')) throw invalid(`${key} must be an array of ids`);
  return v as number[];
}

function seconds(body: Body, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw invalid(`${key} must be a Unix timestamp`);
  return v;
}

/** A record's id field held in the list (`-2` asks for records without one). */
const inIds = (list: number[] | undefined, value: unknown) => list === undefined || list.includes(typeof value === 'number' ? value : -2);

/** The test of a search body's filters, for an entity. */
function filterOf(entity: CopperEntity | 'users', body: Body): (row: CopperRow) => boolean {
  const only = ids(body, 'ids');
  const assignees = ids(body, 'assignee_ids');
  const companies = ids(body, 'company_ids');
  const pipelines = ids(body, 'pipeline_ids');
  const stages = ids(body, 'pipeline_stage_ids');
  const contacts = ids(body, 'primary_contact_ids');
  const [minMod, maxMod] = [seconds(body, 'minimum_modified_date'), seconds(body, 'maximum_modified_date')];
  const [minCreated, maxCreated] = [seconds(body, 'minimum_created_date'), seconds(body, 'maximum_created_date')];
  const [minAct, maxAct] = [seconds(body, 'minimum_activity_date'), seconds(body, 'maximum_activity_date')];
  const emailsParam = body['emails'];
  const emails =
    emailsParam === undefined || emailsParam === null
      ? undefined
      : (Array.isArray(emailsParam) ? emailsParam : [emailsParam]).map((e) => String(e).toLowerCase());
  const name = typeof body['name'] === 'string' ? body['name'].toLowerCase() : undefined;
  const types = body['activity_types'] as Array<{ id?: unknown; category?: unknown }> | undefined;
  if (types !== undefined && !Array.isArray(types)) throw invalid('activity_types must be an array');
  const parent = body['parent'] as { id?: unknown; type?: unknown } | undefined;
  return (row) => {
    if (only && !only.includes(row.id)) return false;
    if (!inIds(assignees, row['assignee_id'])) return false;
    if (!inIds(companies, row['company_id'])) return false;
    if (!inIds(pipelines, row['pipeline_id'])) return false;
    if (!inIds(stages, row['pipeline_stage_id'])) return false;
    if (!inIds(contacts, row['primary_contact_id'])) return false;
    const modified = row['date_modified'] as number;
    const created = row['date_created'] as number;
    if ((minMod !== undefined && modified < minMod) || (maxMod !== undefined && modified > maxMod)) return false;
    if ((minCreated !== undefined && created < minCreated) || (maxCreated !== undefined && created > maxCreated)) return false;
    if (entity === 'activities') {
      const at = row['activity_date'] as number;
      if ((minAct !== undefined && at < minAct) || (maxAct !== undefined && at > maxAct)) return false;
      const t = row['type'] as { id: number; category: string };
      if (types?.length && !types.some((x) => x.id === t.id && x.category === t.category)) return false;
      const p = row['parent'] as { id: number; type: string } | null;
      if (parent && (!p || p.id !== parent.id || p.type !== parent.type)) return false;
    }
    const rowEmails = entity === 'leads' ? [row['email']].filter(Boolean) : (row['emails'] ?? []);
    if (emails && !(rowEmails as Array<{ email: string }>).some((e) => emails.includes(e.email.toLowerCase()))) return false;
    if (name !== undefined && !(typeof row['name'] === 'string' ? row['name'] : '').toLowerCase().includes(name)) return false;
    return true;
  };
}

/** A close date's sort key (M/D/YYYY → YYYYMMDD). */
const sortValue = (row: CopperRow, field: string): string | number | null => {
  const v = row[field];
  if (field === 'close_date' && typeof v === 'string') {
    const [m, d, y] = v.split('/');
    return Number(`${y}${m?.padStart(2, '0')}${d?.padStart(2, '0')}`);
  }
  return typeof v === 'number' ? v : typeof v === 'string' ? v.toLowerCase() : null;
};

/** One page of a search over `rows` (live records in id order). */
export function searchPage(entity: CopperEntity | 'users', body: unknown, rows: Iterable<CopperRow>): CopperRow[] {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body)))
    throw invalid('The request body must be a JSON object');
  const b = (body ?? {}) as Body;
  const size = b['page_size'] ?? 20;
  const number = b['page_number'] ?? 1;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 200) throw invalid('page_size must be an integer between 1 and 200');
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) throw invalid('page_number must be a positive integer');
  const sortable = SORTABLE[entity];
  const sortBy = b['sort_by'] ?? sortable.default;
  if (sortBy !== null && (typeof sortBy !== 'string' || !sortable.fields.includes(sortBy)))
    throw invalid(`Invalid sort_by: ${JSON.stringify(sortBy)}`);
  const direction = b['sort_direction'] ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw invalid('sort_direction must be asc or desc');
  const test = filterOf(entity, b);
  const matches = [...rows].filter(test);
  if (sortBy !== null) {
    const sign = direction === 'asc' ? 1 : -1;
    matches.sort((x, y) => {
      const [a, c] = [sortValue(x, sortBy), sortValue(y, sortBy)];
      // Missing values last, then by id.
      if (a === null || c === null) return a === c ? x.id - y.id : a === null ? 1 : -1;
      return a < c ? -sign : a > c ? sign : x.id - y.id;
    });
  } else if (entity === 'activities') matches.reverse();
  return matches.slice((number - 1) * size, number * size);
}
