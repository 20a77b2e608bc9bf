/**
 * Attio: people, companies and deals (records with typed attribute values), workspace members (pulled only), notes
 * and tasks mapped to the common model; other objects of the workspace shared as they are (passthrough). The quirks
 * are in pull.ts (query paging and filters), push.ts and mapping.ts.
 */
import { createHash } from 'node:crypto';

import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject, type TableWrite } from '../kit/field-table.js';
import { defaultClassifier, type ProviderClient, type ProviderResponse } from '../kit/http.js';
import type { TokenSet } from '../kit/oauth.js';
import { declaredObjects, discoveredObjects, IDENTITY } from '../kit/objects.js';
import { attioManifest } from './manifest.js';
import { type AttioItem, COMPANY, DEAL, LINKS, linksOf, MEMBER, NOTE, PERSON, TASK } from './mapping.js';
import { associated, type AttioDecl, byIds, describe, idOfItem, objectSlugs, page, value } from './pull.js';
import { write } from './push.js';

/** A person's current name halves, for a partial name change. */
async function currentName(client: ProviderClient, id: string) {
  const res = await client.request<{ data: AttioItem }>({ method: 'GET', path: `/v2/objects/people/records/${encodeURIComponent(id)}` });
  const name = ((res.body.data['values'] as Record<string, Array<Record<string, unknown>>> | undefined)?.['name'] ?? []).find(
    (v) => v['active_until'] === null,
  );
  return { first_name: (name?.['first_name'] as string | undefined) || null, last_name: (name?.['last_name'] as string | undefined) || null };
}

/** A new note's body: its parent is the one record it is on (contact, company or deal). Updates: push.ts. */
function noteWrite(data: Record<string, unknown>): TableWrite {
  const out = NOTE.write(data, undefined);
  const [parent, ...others] = linksOf(data);
  if (!parent) return { ...out, errors: [...out.errors, 'An Attio note is on one record: give contact_id, company_id or deal_id'] };
  if (others.length) out.warnings.push(`An Attio note is on one record; it was put on the ${parent.target_object} record only`);
  return { ...out, body: { title: '', ...out.body, parent_object: parent.target_object, parent_record_id: parent.target_record_id } };
}

/** A task's body: a create gives every field Attio requires; an update keeps the links of the kinds not given. */
async function taskWrite(client: ProviderClient, data: Record<string, unknown>, id: string | null): Promise<TableWrite> {
  const out = TASK.write(data, undefined);
  const links = linksOf(data);
  if (id === null) {
    out.body = { content: '', format: 'plaintext', deadline_at: null, is_completed: false, assignees: [], ...out.body, linked_records: links };
    return out;
  }
  if ('content' in out.body) {
    delete out.body['content'];
    delete out.body['format'];
    out.warnings.push("Attio cannot change a task's text once created; subject was not written");
  }
  const given = (Object.keys(LINKS) as Array<keyof typeof LINKS>).filter((k) => data[k] !== undefined);
  if (given.length) {
    const res = await client.request<{ data: AttioItem }>({ method: 'GET', path: `/v2/tasks/${encodeURIComponent(id)}` });
    const slugs = await objectSlugs(client);
    const replaced = new Set<string>(given.map((k) => LINKS[k]));
    const kept = ((res.body.data['linked_records'] ?? []) as Array<Record<string, unknown>>)
      .map((l) => ({ target_object: slugs.get(String(l['target_object_id'])) ?? '', target_record_id: String(l['target_record_id']) }))
      .filter((l) => l.target_object && !replaced.has(l.target_object));
    out.body['linked_records'] = [...kept, ...links];
  }
  return out;
}

const NOTE_FIELDS = [
  { name: 'title', label: 'Title', type: 'string', writable: true },
  { name: 'content_plaintext', label: 'Content', type: 'string', writable: true },
  { name: 'parent_object', label: 'Parent object', type: 'string', writable: true },
  { name: 'parent_record_id', label: 'Parent record', type: 'string', writable: true },
  { name: 'created_by_actor', label: 'Created by', type: 'other', writable: false },
  { name: 'created_at', label: 'Created at', type: 'datetime', writable: false },
] as const;
const TASK_FIELDS = [
  { name: 'content_plaintext', label: 'Content', type: 'string', writable: true },
  { name: 'deadline_at', label: 'Deadline', type: 'datetime', writable: true },
  { name: 'is_completed', label: 'Completed', type: 'boolean', writable: true },
  { name: 'linked_records', label: 'Linked records', type: 'other', writable: true },
  { name: 'assignees', label: 'Assignees', type: 'other', writable: true },
  { name: 'created_at', label: 'Created at', type: 'datetime', writable: false },
] as const;
const MEMBER_FIELDS = [
  { name: 'first_name', label: 'First name', type: 'string', writable: false },
  { name: 'last_name', label: 'Last name', type: 'string', writable: false },
  { name: 'email_address', label: 'Email address', type: 'string', writable: false },
  { name: 'access_level', label: 'Access level', type: 'enum', writable: false },
  { name: 'created_at', label: 'Created at', type: 'datetime', writable: false },
] as const;

const records = (slug: string, label: string) => ({ path: `/v2/objects/${slug}/records`, kind: 'records' as const, slug, label });

const OBJECTS: Record<string, AttioDecl> = {
  'crm-contact': {
    name: 'crm-contact',
    path: `/v2/objects/people/records`,
    ...tableObject(PERSON, ['email_addresses.email_address', 'company_id', 'created_at'], () => ({})),
    associations: { 'crm-company': 'company' },
    extra: {
      ...records('people', 'People'),
      async fromCommon(client, data, id) {
        const partial = id !== null && (data['first_name'] === undefined) !== (data['last_name'] === undefined);
        return PERSON.write(data, partial ? { current: await currentName(client, id) } : {});
      },
    },
  },
  'crm-company': {
    name: 'crm-company',
    path: `/v2/objects/companies/records`,
    ...tableObject(COMPANY, ['name', 'created_at']),
    associations: { 'crm-contact': 'team' },
    extra: { ...records('companies', 'Companies'), fromCommon: async (_client, data) => COMPANY.write(data, undefined) },
  },
  'crm-deal': {
    name: 'crm-deal',
    path: `/v2/objects/deals/records`,
    ...tableObject(DEAL, ['company_id', 'owner_id', 'stage_id', 'created_at']),
    associations: { 'crm-company': 'associated_company', 'crm-contact': 'associated_people', 'crm-user': 'owner' },
    extra: { ...records('deals', 'Deals'), fromCommon: async (_client, data) => DEAL.write(data, undefined) },
  },
  // Pulled only (the manifest offers no push): members are managed in Attio's workspace settings.
  'crm-user': {
    name: 'crm-user',
    path: '/v2/workspace_members',
    ...tableObject(MEMBER, []),
    associations: {},
    extra: { kind: 'members', label: 'Workspace members', fields: MEMBER_FIELDS },
  },
  'crm-note': {
    name: 'crm-note',
    path: '/v2/notes',
    ...tableObject(NOTE, []),
    associations: { 'crm-contact': 'parent:people', 'crm-company': 'parent:companies', 'crm-deal': 'parent:deals', 'crm-user': 'author' },
    extra: { kind: 'notes', label: 'Notes', fields: NOTE_FIELDS, fromCommon: async (_client, data) => noteWrite(data) },
  },
  'crm-task': {
    name: 'crm-task',
    path: '/v2/tasks',
    ...tableObject(TASK, []),
    associations: { 'crm-contact': 'linked:people', 'crm-company': 'linked:companies', 'crm-deal': 'linked:deals', 'crm-user': 'assignees' },
    extra: { kind: 'tasks', label: 'Tasks', fields: TASK_FIELDS, fromCommon: taskWrite },
  },
};

/** The standard objects mapped to common models; every other object of the workspace is shared as it is. */
const MAPPED = new Set(['people', 'companies', 'deals', 'users', 'workspaces']);
const SLUG = /^[a-z][a-z0-9_]{0,63}$/;

const { custom, discover } = discoveredObjects<AttioItem, AttioDecl['extra']>({
  provider: 'Attio',
  noun: 'object',
  accepts: (name) => SLUG.test(name) && !MAPPED.has(name),
  declare: (name) => ({
    name,
    path: `/v2/objects/${name}/records`,
    properties: [],
    filters: {},
    associations: {},
    mapper: IDENTITY,
    extra: records(name, name),
  }),
  async list(client) {
    const res = await client.request<{ data?: Array<{ api_slug?: string; plural_noun?: string }> }>({ method: 'GET', path: '/v2/objects' });
    return (res.body.data ?? []).map((o) => ({ name: o.api_slug, label: o.plural_noun }));
  },
});

export const attioConnector = defineConnector({
  manifest: attioManifest,
  coverage: probeOf<unknown>(
    {
      'crm-contact': PERSON,
      'crm-company': COMPANY,
      'crm-deal': DEAL,
      'crm-user': MEMBER,
      'crm-note': NOTE,
      'crm-task': TASK,
    } as Parameters<typeof probeOf<unknown>>[0],
    {},
  ),

  // Queries paged by offset; a record read by id is live (Attio deletes for good: a deleted one answers 404).
  liveReads: true,

  classify(res: ProviderResponse) {
    if (res.status === 401) return { kind: 'auth_expired', message: `401: ${errorText(res.body)}` };
    if (res.status === 403) return { kind: 'auth_invalid', message: `403: ${errorText(res.body)}` };
    return { ...defaultClassifier(res), message: `${res.status}: ${errorText(res.body)}` };
  },

  // Attio's token answer names no workspace, and its tokens never change: the token stands for its workspace.
  accountKey(tokens: TokenSet): string {
    return `attio:${createHash('sha256').update(tokens.accessToken).digest('hex').slice(0, 16)}`;
  },

  ...declaredObjects({ objects: OBJECTS, custom, discover, page, byIds, write, describe, value, id: idOfItem, associated }, 'Attio'),
});

/** Attio's error text: `{status_code, type, code, message}`. */
function errorText(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b['message'] === 'string') return typeof b['code'] === 'string' ? `${b['code']}: ${b['message']}` : b['message'];
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
