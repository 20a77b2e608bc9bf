/**
 * Typeform's reads. The account's forms are listed once per connection (a transfer's: `GET /forms`, `page` and
 * `page_size` 200); questions are read form by form (`GET /forms/{form_id}`, one form a page: its fields in the order
 * a respondent meets them, a group's fields after the group, each with its position and group); responses are read
 * form by form (`GET /forms/{form_id}/responses`, `page_size` 1000), each following page `before` the last response's
 * token, as Typeform recommends for reading every response (a page by `before` token does not move when a response is
 * deleted or submitted while the pull reads). A pull of what was submitted since a time asks `since`. The checkpoint
 * is the form's place in the list and, for responses, the token.
 */
import type { ProviderField, PullRequest } from '../kit/connector.js';
import { ProviderError } from '../kit/errors.js';
import { perConnection } from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import type { ObjectDecl } from '../kit/objects.js';
import { predicatesFor } from '../kit/pushdown.js';
import type { FormQuestion, TypeformItem } from './mapping.js';

export type TypeformDecl = ObjectDecl<
  TypeformItem,
  {
    label: string;
    /** Questions (a form's fields) or responses. */
    kind: 'questions' | 'responses';
  }
>;

/** The most forms a page of `GET /forms` holds. */
export const FORMS_PAGE = 200;
/** The most responses a page of `GET /forms/{form_id}/responses` holds. */
export const RESPONSES_PAGE = 1000;

/** A form as `GET /forms` lists it. */
interface ListedForm {
  id: string;
  title?: string;
  last_updated_at?: string;
}

/** A field of a form as `GET /forms/{form_id}` answers it. */
interface Field {
  id: string;
  title?: string;
  type?: string;
  properties?: { fields?: Field[]; currency?: string } & Record<string, unknown>;
  [key: string]: unknown;
}

interface Form extends ListedForm {
  fields?: Field[];
}

/** Every form of the account, in Typeform's order: looked up once per connection, so a pull's checkpoint stays put. */
export const formsOf = perConnection(async (client: ProviderClient): Promise<ListedForm[]> => {
  const out: ListedForm[] = [];
  for (let page = 1; ; page += 1) {
    const res = await client.request<{ items?: ListedForm[]; page_count?: number }>({
      method: 'GET',
      path: '/forms',
      query: { page, page_size: FORMS_PAGE },
    });
    const items = res.body.items ?? [];
    out.push(...items);
    if (items.length < FORMS_PAGE || page >= (res.body.page_count ?? page)) return out;
  }
});

/** A form's definition, once per connection; undefined for a form deleted since the list was read. */
const definitions = perConnection(async () => new Map<string, Promise<Form | undefined>>());
async function definitionOf(client: ProviderClient, id: string): Promise<Form | undefined> {
  const cache = await definitions(client);
  let form = cache.get(id);
  if (!form) {
    form = client
      .request<Form>({ method: 'GET', path: `/forms/${encodeURIComponent(id)}` })
      .then((res) => res.body)
      .catch((e: unknown) => {
        if (e instanceof ProviderError && e.status === 404) return undefined;
        throw e;
      });
    cache.set(id, form);
  }
  return form;
}

/** A form's fields in the order a respondent meets them, each with its position and group (a group's come after it). */
export function flatten(form: Form): Array<Field & { position: number; group: string | null }> {
  const out: Array<Field & { position: number; group: string | null }> = [];
  const walk = (fields: readonly Field[], group: string | null) => {
    for (const f of fields) {
      out.push({ ...f, position: out.length, group });
      if (f.type === 'group' || Array.isArray(f.properties?.fields)) walk(f.properties?.fields ?? [], f.id);
    }
  };
  walk(form.fields ?? [], null);
  return out;
}

/** The questions of a form as a response's mapping needs them. */
export const questionsOf = (form: Form): FormQuestion[] =>
  flatten(form).map((f) => ({
    id: f.id,
    title: f.title ?? '',
    type: f.type ?? '',
    ...(typeof f.properties?.currency === 'string' ? { currency: f.properties.currency } : {}),
  }));

/** The records of one form's question list, each with its form. */
function questionItems(form: Form): TypeformItem[] {
  const about = { id: form.id, title: form.title ?? null, last_updated_at: form.last_updated_at ?? null };
  return flatten(form).map(({ properties, ...f }) => {
    // A group's fields are records of their own.
    const own = properties ? Object.fromEntries(Object.entries(properties).filter(([k]) => k !== 'fields')) : {};
    return { ...f, properties: own, form: about };
  });
}

/** The earliest submission time (ISO, to the second, UTC) every response a pull asks for has, when its filter says one. */
export function submittedSince(request: PullRequest, object: TypeformDecl): string | null {
  let since: number | null = null;
  for (const p of predicatesFor(request.filter, object.filters)) {
    if (p.op !== 'range' || p.field.type !== 'datetime') continue;
    const mins = p.ranges.map((r) => r.min);
    if (mins.length && !mins.includes(null)) since = Math.max(since ?? 0, Math.min(...(mins as number[])));
  }
  // Typeform reads `since` to the second, inclusive: cut down, never up.
  return since === null ? null : new Date(since).toISOString().slice(0, 19);
}

interface ResponsesPage {
  items?: Array<Record<string, unknown>>;
  total_items?: number;
}

/** One page of a form's responses: each with its form's questions, and the token to read the next page before. */
async function responsePage(client: ProviderClient, form: Form, query: Record<string, string | number>) {
  const res = await client.request<ResponsesPage>({
    method: 'GET',
    path: `/forms/${encodeURIComponent(form.id)}/responses`,
    query: { page_size: RESPONSES_PAGE, ...query },
  });
  const about = { id: form.id, title: form.title ?? null, fields: questionsOf(form) };
  const items = (res.body.items ?? []).map((r) => ({ ...r, id: String(r['token'] ?? r['response_id']), form: about }) as TypeformItem);
  const last = items.at(-1)?.id;
  const more = items.length === RESPONSES_PAGE || (res.body.total_items ?? 0) > items.length;
  return { items, next: more && last !== undefined ? last : null };
}

/** Where a pull is: `{form's place}` for questions, `{form's place}|{before token}` for responses (a token holds no `|`). */
export async function page(
  client: ProviderClient,
  object: TypeformDecl,
  request: PullRequest,
): Promise<{ items: TypeformItem[]; next: string | null }> {
  const forms = await formsOf(client);
  const [at = '0', before = ''] = request.cursor === null ? [] : request.cursor.split('|');
  const index = Number(at);
  const listed = forms[index];
  if (listed === undefined) return { items: [], next: null };
  const following = index + 1 < forms.length ? String(index + 1) : null;
  const form = await definitionOf(client, listed.id);
  if (form === undefined) return { items: [], next: following };
  if (object.extra.kind === 'questions') return { items: questionItems({ ...listed, ...form }), next: following };
  const since = submittedSince(request, object);
  const found = await responsePage(
    client,
    { ...listed, ...form },
    {
      ...(before === '' ? {} : { before }),
      ...(since === null ? {} : { since }),
    },
  );
  return { items: found.items, next: found.next !== null ? `${index}|${found.next}` : following };
}

const TOKEN = /^[A-Za-z0-9]+$/;

export async function byIds(client: ProviderClient, object: TypeformDecl, ids: string[]): Promise<TypeformItem[]> {
  const wanted = new Set(ids.filter((id) => TOKEN.test(id)));
  if (wanted.size === 0) return [];
  const found: TypeformItem[] = [];
  for (const listed of await formsOf(client)) {
    const form = await definitionOf(client, listed.id);
    if (form === undefined) continue;
    if (object.extra.kind === 'questions') {
      found.push(...questionItems({ ...listed, ...form }).filter((q) => wanted.has(q.id)));
      continue;
    }
    const tokens = [...wanted];
    for (let i = 0; i < tokens.length; i += RESPONSES_PAGE) {
      const page = await responsePage(client, { ...listed, ...form }, { included_response_ids: tokens.slice(i, i + RESPONSES_PAGE).join(',') });
      found.push(...page.items.filter((r) => wanted.has(r.id)));
    }
  }
  return found;
}

/** A field's value: a dotted name reads into objects (`form.title`). */
export function value(record: TypeformItem, field: string): unknown {
  let v: unknown = record;
  for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v ?? null;
}

const TIMES = new Set(['landed_at', 'submitted_at', 'form.last_updated_at']);

/** The object's fields, by their Typeform names; nothing is writable. */
export function describe(object: TypeformDecl): Array<Omit<ProviderField, 'mapped'>> {
  return ['id', ...object.properties].map((name) => ({
    name,
    label: name.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: TIMES.has(name) ? 'datetime' : name === 'validations.required' ? 'boolean' : name === 'position' ? 'number' : 'string',
    custom: false,
    writable: false,
  }));
}
