/**
 * Attio's REST API v2 as the fake serves it: the token's own `/v2/self`, objects and their attributes, records
 * (query, create, assert, read, update by PATCH (multiselect values added) or PUT (values replaced), delete),
 * workspace members, notes and tasks. Each answer has Attio's shape; every refusal is Attio's error body.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

import { childIds } from '../shared/objects-links.js';
import { AttioError, badRequest, notFound } from './errors.js';
import {
  ATTRIBUTES,
  CUSTOM_OBJECTS,
  DEAL_CURRENCY,
  idOfUuid,
  NOUNS,
  OBJECT_SLUGS,
  type ObjectSlug,
  RECORD_OBJECTS,
  type RecordObject,
  recordUuid,
} from './model.js';
import { bySorts, passes, sortsOf } from './query.js';
import { ID_BASE, type StoredNote, type StoredRecord, type StoredTask } from './seed.js';
import type { AttioService, Workspace } from './service.js';
import { attioTime, type AttioValue, writtenValues } from './values.js';
import { objectOf } from './workspace.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The workspace and credentials of an authenticated request (set by the guard). */
export interface Caller {
  workspace: Workspace;
  via: 'api-key' | 'oauth';
  clientId?: string;
  scopes?: string[];
}
export const callers = new WeakMap<FastifyRequest, Caller>();
const callerOf = (request: FastifyRequest): Caller => {
  const caller = callers.get(request);
  if (!caller) throw new AttioError(401, 'unauthorized', 'Authentication failed.');
  return caller;
};

/** A list parameter `limit` or `offset`: absent, or a whole number in range. */
function intParam(raw: unknown, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw badRequest(`Body payload validation error: ${name} must be an integer from ${min} to ${max}.`);
  return n;
}

/** The `data` object of a write body. */
function dataOf(body: unknown): Record<string, unknown> {
  if (!isObject(body) || !isObject(body['data'])) throw badRequest('Body payload validation error: expected an object with "data".');
  return body['data'];
}

function objectParam(workspace: Workspace, raw: string): ObjectSlug {
  const object = objectOf(workspace.identity, raw);
  if (!object) throw notFound(`Object with slug/ID "${raw}" not found.`);
  return object;
}

const storesRecords = (object: ObjectSlug): object is RecordObject => (RECORD_OBJECTS as readonly string[]).includes(object);

export function serializeRecord(workspace: Workspace, object: RecordObject, record: StoredRecord) {
  const identity = workspace.identity;
  const recordId = recordUuid(object, record.id);
  const values: Record<string, AttioValue[]> = {};
  for (const a of ATTRIBUTES[object]) values[a.slug] = (record.values[a.slug] ?? []).filter((v) => v.active_until === null);
  if (object === 'companies') values['team'] = teamOf(workspace, record);
  return {
    id: { workspace_id: identity.workspaceId, object_id: identity.objectIds[object], record_id: recordId },
    created_at: attioTime(record.createdAt),
    web_url: `https://app.attio.com/${identity.slug}/${NOUNS[object][0].toLowerCase()}/${recordId}`,
    values,
  };
}

/** A company's team: the people whose company it is (the other side of Attio's relationship), in id order. */
function teamOf(workspace: Workspace, company: StoredRecord): AttioValue[] {
  const people = workspace.data.store('people');
  const context = workspace.data.context;
  const companyId = recordUuid('companies', company.id);
  const seedChildren = [...context.employers.childrenOf(company.id - ID_BASE, people.seedCount)].map((i) => ID_BASE + i);
  const team: AttioValue[] = [];
  for (const id of childIds(people, seedChildren, company.id)) {
    const link = people.live(id)?.values['company']?.find((v) => v.active_until === null && v['target_record_id'] === companyId);
    if (link) team.push({ ...link, target_object: 'people', target_record_id: recordUuid('people', id) });
  }
  return team;
}

export function serializeNote(workspace: Workspace, note: StoredNote) {
  return {
    id: { workspace_id: workspace.identity.workspaceId, note_id: recordUuid('notes', note.id) },
    parent_object: note.parentObject,
    parent_record_id: note.parentRecordId,
    title: note.title,
    meeting_id: null,
    content_plaintext: note.content,
    content_markdown: note.content,
    tags: [],
    created_by_actor: note.author,
    created_at: attioTime(note.createdAt),
  };
}

export function serializeTask(workspace: Workspace, task: StoredTask) {
  const identity = workspace.identity;
  return {
    id: { workspace_id: identity.workspaceId, task_id: recordUuid('tasks', task.id) },
    content_plaintext: task.content,
    format: 'plaintext',
    deadline_at: task.deadlineAt,
    is_completed: task.isCompleted,
    linked_records: task.linked.map((l) => ({ target_object_id: identity.objectIds[l.target_object], target_record_id: l.target_record_id })),
    assignees: task.assignees.map((id) => ({ referenced_actor_type: 'workspace-member', referenced_actor_id: id })),
    created_by_actor: task.author,
    created_at: attioTime(task.createdAt),
  };
}

function serializeMember(workspace: Workspace, m: Workspace['identity']['members'][number]) {
  return {
    id: { workspace_id: workspace.identity.workspaceId, workspace_member_id: m.id },
    first_name: m.first_name,
    last_name: m.last_name,
    avatar_url: null,
    email_address: m.email_address,
    access_level: m.access_level,
    created_at: attioTime(m.created_at),
  };
}

function serializeAttribute(workspace: Workspace, object: ObjectSlug, a: (typeof ATTRIBUTES)[ObjectSlug][number]) {
  const identity = workspace.identity;
  return {
    id: { workspace_id: identity.workspaceId, object_id: identity.objectIds[object], attribute_id: identity.attributeId(object, a.slug) },
    title: a.title,
    description: null,
    api_slug: a.slug,
    type: a.type,
    is_system_attribute: (!CUSTOM_OBJECTS.includes(object) && a.custom !== true) || a.slug === 'created_at',
    is_writable: !a.readOnly,
    is_required: a.required === true,
    is_unique: a.unique === true,
    is_multiselect: a.multiselect === true,
    is_default_value_enabled: false,
    is_archived: false,
    default_value: null,
    relationship: null,
    created_at: attioTime(Date.UTC(2022, 0, 1)),
    config: {
      currency: { default_currency_code: a.type === 'currency' ? DEAL_CURRENCY : null, display_type: a.type === 'currency' ? 'symbol' : null },
      record_reference: { allowed_object_ids: a.target ? [identity.objectIds[a.target as ObjectSlug]] : null },
    },
  };
}

/** A live record by its UUID, or 404. */
function liveRecord(workspace: Workspace, object: RecordObject, raw: string): StoredRecord {
  const id = idOfUuid(object, raw);
  const record = id === undefined ? undefined : workspace.data.store(object).live(id);
  if (!record) throw notFound('Record not found.');
  return record;
}

/** Applies a write's values to a record copy (`replace`: multiselect values replaced, else added). */
function applyValues(workspace: Workspace, object: RecordObject, record: StoredRecord, values: unknown, replace: boolean, now: number): void {
  if (!isObject(values)) throw badRequest('Body payload validation error: data.values must be an object.');
  const identity = workspace.identity;
  const ctx = {
    identity,
    object,
    actor: identity.apiActor,
    now,
    exists: (o: RecordObject, id: number) => workspace.data.store(o).live(id) !== undefined,
  };
  for (const [slug, input] of Object.entries(values)) {
    const attribute = ATTRIBUTES[object].find((a) => a.slug === slug || identity.attributeId(object, a.slug) === slug);
    if (!attribute) throw new AttioError(400, 'value_not_found', `Cannot find attribute with slug/ID "${slug}".`);
    const written = writtenValues(attribute, input, ctx);
    const current = record.values[attribute.slug] ?? [];
    record.values[attribute.slug] = attribute.multiselect && !replace ? [...written, ...current] : written;
  }
}

/** The property a unique attribute's values are compared by. */
const uniqueKey = (type: string) => (type === 'email-address' ? 'email_address' : type === 'domain' ? 'domain' : 'value');

/** Attio's uniqueness check of unique attributes (e-mail addresses, domains) among live records. */
function checkUnique(workspace: Workspace, object: RecordObject, record: StoredRecord): void {
  for (const attribute of ATTRIBUTES[object].filter((a) => a.unique)) {
    const key = uniqueKey(attribute.type);
    for (const v of record.values[attribute.slug] ?? []) {
      const holder = findBy(workspace, object, attribute.slug, key, v[key]);
      if (holder && holder.id !== record.id) {
        throw new AttioError(
          400,
          'uniqueness_conflict',
          `Uniqueness constraint violated: The value "${String(v[key])}" provided for attribute "${attribute.slug}" already exists on another record.`,
        );
      }
    }
  }
}

function findBy(workspace: Workspace, object: RecordObject, slug: string, key: string, wanted: unknown): StoredRecord | undefined {
  const text = String(wanted).toLowerCase();
  for (const r of workspace.data.store(object).scanLive()) {
    if ((r.values[slug] ?? []).some((v) => String(v[key]).toLowerCase() === text)) return r;
  }
  return undefined;
}

/** The sandbox's memory cap of a workspace's written records (not a limit of the real Attio). */
function roomFor(workspace: Workspace): void {
  if (workspace.data.writes.exhausted) {
    throw new AttioError(
      400,
      'validation_type',
      `This sandbox workspace has reached its limit of ${workspace.data.writes.max ?? 0} records created through the API.`,
    );
  }
}

/** Required attributes a create must give. */
function checkRequired(object: RecordObject, record: StoredRecord): void {
  for (const a of ATTRIBUTES[object].filter((x) => x.required)) {
    if (!(record.values[a.slug] ?? []).length) throw badRequest(`Required attribute with slug "${a.slug}" is missing.`);
  }
}

export function createRecord(workspace: Workspace, object: RecordObject, values: unknown, now: number): StoredRecord {
  const draft: StoredRecord = { id: 0, createdAt: now, values: {} };
  applyValues(workspace, object, draft, values, true, now);
  checkRequired(object, draft);
  checkUnique(workspace, object, draft);
  draft.values['created_at'] = [
    {
      active_from: attioTime(now),
      active_until: null,
      created_by_actor: workspace.identity.apiActor,
      value: attioTime(now),
      attribute_type: 'timestamp',
    },
  ];
  roomFor(workspace);
  return workspace.data.store(object).insert((id) => ({ ...structuredClone(draft), id }));
}

export function updateRecord(
  workspace: Workspace,
  object: RecordObject,
  record: StoredRecord,
  values: unknown,
  replace: boolean,
  now: number,
): StoredRecord {
  const draft = structuredClone(record);
  applyValues(workspace, object, draft, values, replace, now);
  checkUnique(workspace, object, draft);
  return workspace.data.store(object).update(record.id, (copy) => {
    copy.values = draft.values;
  });
}

export function registerRoutes(api: FastifyInstance, service: AttioService): void {
  const now = () => service.settings.now();

  api.get('/v2/self', async (request) => {
    const caller = callerOf(request);
    const identity = caller.workspace.identity;
    return {
      active: true,
      scope: (
        caller.scopes ?? ['record_permission:read-write', 'object_configuration:read', 'user_management:read', 'note:read-write', 'task:read-write']
      ).join(' '),
      client_id: caller.clientId ?? identity.apiActor.id,
      token_type: 'Bearer',
      exp: null,
      iat: Math.floor(Date.UTC(2024, 0, 1) / 1000),
      sub: identity.workspaceId,
      aud: caller.clientId ?? identity.apiActor.id,
      iss: 'attio.com',
      authorized_by_workspace_member_id: identity.members[0]?.id ?? null,
      workspace_id: identity.workspaceId,
      workspace_name: caller.workspace.key,
      workspace_slug: identity.slug,
      workspace_logo_url: null,
    };
  });

  const serializeObject = (workspace: Workspace, object: ObjectSlug) => ({
    id: { workspace_id: workspace.identity.workspaceId, object_id: workspace.identity.objectIds[object] },
    api_slug: object,
    singular_noun: NOUNS[object][0],
    plural_noun: NOUNS[object][1],
    created_at: attioTime(Date.UTC(2022, 0, 1)),
  });
  api.get('/v2/objects', async (request) => {
    const { workspace } = callerOf(request);
    return { data: OBJECT_SLUGS.map((o) => serializeObject(workspace, o)) };
  });
  api.get('/v2/objects/:object', async (request) => {
    const { workspace } = callerOf(request);
    return { data: serializeObject(workspace, objectParam(workspace, (request.params as { object: string }).object)) };
  });
  api.get('/v2/objects/:object/attributes', async (request) => {
    const { workspace } = callerOf(request);
    const object = objectParam(workspace, (request.params as { object: string }).object);
    const query = request.query as Record<string, unknown>;
    const limit = intParam(query['limit'], 'limit', 1000, 1, 1000);
    const offset = intParam(query['offset'], 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    return { data: ATTRIBUTES[object].slice(offset, offset + limit).map((a) => serializeAttribute(workspace, object, a)) };
  });

  api.post('/v2/objects/:object/records/query', async (request) => {
    const { workspace } = callerOf(request);
    const object = objectParam(workspace, (request.params as { object: string }).object);
    const body = request.body === undefined || request.body === null ? {} : request.body;
    if (!isObject(body)) throw badRequest('Body payload validation error: expected an object.');
    const limit = intParam(body['limit'], 'limit', 500, 1, 500);
    const offset = intParam(body['offset'], 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const sorts = sortsOf(object, body['sorts']);
    if (!storesRecords(object)) return { data: [] };
    const filter = body['filter'];
    const store = workspace.data.store(object);
    if ((filter === undefined || filter === null) && !sorts.length) {
      // In creation order: the records before `offset` are counted, not built (a seed record outside the overlay is live).
      const page: StoredRecord[] = [];
      let skipped = 0;
      for (const id of store.idsAscending()) {
        if (page.length === limit) break;
        const live = store.isInOverlay(id) ? store.live(id) !== undefined : true;
        if (!live) continue;
        if (skipped < offset) skipped += 1;
        else page.push(store.live(id) as StoredRecord);
      }
      return { data: page.map((r) => serializeRecord(workspace, object, r)) };
    }
    const matched: StoredRecord[] = [];
    for (const record of store.scanLive()) {
      if (filter === undefined || filter === null || passes(object, record, filter)) matched.push(record);
    }
    if (sorts.length) matched.sort(bySorts(object, sorts));
    return { data: matched.slice(offset, offset + limit).map((r) => serializeRecord(workspace, object, r)) };
  });

  const recordObject = (workspace: Workspace, raw: string): RecordObject => {
    const object = objectParam(workspace, raw);
    if (!storesRecords(object)) throw badRequest(`Records of "${object}" cannot be written through this API.`);
    return object;
  };

  api.post('/v2/objects/:object/records', async (request) => {
    const { workspace } = callerOf(request);
    const object = recordObject(workspace, (request.params as { object: string }).object);
    const record = createRecord(workspace, object, dataOf(request.body)['values'], now());
    return { data: serializeRecord(workspace, object, record) };
  });

  // Assert: the record whose `matching_attribute` (a unique attribute) has the given value is updated (its
  // multiselect values replaced), else one is created.
  api.put('/v2/objects/:object/records', async (request) => {
    const { workspace } = callerOf(request);
    const object = recordObject(workspace, (request.params as { object: string }).object);
    const matching = (request.query as Record<string, unknown>)['matching_attribute'];
    const attribute = ATTRIBUTES[object].find((a) => a.slug === matching);
    if (typeof matching !== 'string' || !attribute) throw badRequest('matching_attribute must name an attribute of the object.');
    if (!attribute.unique) throw badRequest(`The matching attribute "${matching}" must be unique.`);
    const values = dataOf(request.body)['values'];
    if (!isObject(values) || values[matching] === undefined) throw badRequest(`The values must include the matching attribute "${matching}".`);
    const key = uniqueKey(attribute.type);
    const given = (Array.isArray(values[matching]) ? values[matching] : [values[matching]]) as unknown[];
    const wanted = given.map((g) => (isObject(g) ? g[key] : g));
    const existing = wanted.map((w) => findBy(workspace, object, matching, key, w)).find((r) => r !== undefined);
    const record = existing ? updateRecord(workspace, object, existing, values, true, now()) : createRecord(workspace, object, values, now());
    return { data: serializeRecord(workspace, object, record) };
  });

  api.get('/v2/objects/:object/records/:record_id', async (request) => {
    const { workspace } = callerOf(request);
    const params = request.params as { object: string; record_id: string };
    const object = objectParam(workspace, params.object);
    if (!storesRecords(object)) throw notFound('Record not found.');
    return { data: serializeRecord(workspace, object, liveRecord(workspace, object, params.record_id)) };
  });
  for (const method of ['PATCH', 'PUT'] as const) {
    api.route({
      method,
      url: '/v2/objects/:object/records/:record_id',
      handler: async (request) => {
        const { workspace } = callerOf(request);
        const params = request.params as { object: string; record_id: string };
        const object = recordObject(workspace, params.object);
        const record = liveRecord(workspace, object, params.record_id);
        const updated = updateRecord(workspace, object, record, dataOf(request.body)['values'], method === 'PUT', now());
        return { data: serializeRecord(workspace, object, updated) };
      },
    });
  }
  api.delete('/v2/objects/:object/records/:record_id', async (request) => {
    const { workspace } = callerOf(request);
    const params = request.params as { object: string; record_id: string };
    const object = recordObject(workspace, params.object);
    const record = liveRecord(workspace, object, params.record_id);
    workspace.data.store(object).remove(record.id);
    return {};
  });

  api.get('/v2/workspace_members', async (request) => {
    const { workspace } = callerOf(request);
    return { data: workspace.identity.members.map((m) => serializeMember(workspace, m)) };
  });
  api.get('/v2/workspace_members/:id', async (request) => {
    const { workspace } = callerOf(request);
    const member = workspace.identity.members.find((m) => m.id === (request.params as { id: string }).id);
    if (!member) throw notFound('Workspace member not found.');
    return { data: serializeMember(workspace, member) };
  });

  registerNoteRoutes(api, now);
  registerTaskRoutes(api, now);
}

/** An object named by a list's query parameter; an unknown one is 404. */
function queryObject(workspace: Workspace, raw: unknown): ObjectSlug | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest('Body payload validation error: an object must be a slug or an id.');
  return objectParam(workspace, raw);
}

/** A record reference given as `{object, record id}`, checked to exist: its object slug and UUID. */
function parentRecord(workspace: Workspace, object: unknown, id: unknown): { object: RecordObject; id: string } {
  const slug = typeof object === 'string' ? objectOf(workspace.identity, object) : undefined;
  if (!slug || !storesRecords(slug)) throw notFound(`Object with slug/ID "${String(object)}" not found.`);
  if (typeof id !== 'string') throw badRequest('Body payload validation error: a record id must be a string.');
  liveRecord(workspace, slug, id);
  return { object: slug, id: id.toLowerCase() };
}

function registerNoteRoutes(api: FastifyInstance, now: () => number): void {
  const liveNote = (workspace: Workspace, raw: string) => {
    const id = idOfUuid('notes', raw);
    const note = id === undefined ? undefined : workspace.data.store('notes').live(id);
    if (!note) throw notFound('Note not found.');
    return note;
  };
  api.get('/v2/notes', async (request) => {
    const { workspace } = callerOf(request);
    const query = request.query as Record<string, unknown>;
    const limit = intParam(query['limit'], 'limit', 10, 1, 50);
    const offset = intParam(query['offset'], 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const parentObject = queryObject(workspace, query['parent_object']);
    const parentId = typeof query['parent_record_id'] === 'string' ? query['parent_record_id'].toLowerCase() : undefined;
    if (parentId !== undefined && query['parent_object'] === undefined) throw badRequest('parent_record_id needs parent_object.');
    const out = [];
    let skipped = 0;
    for (const note of workspace.data.store('notes').scanLive()) {
      if (parentObject !== undefined && note.parentObject !== parentObject) continue;
      if (parentId !== undefined && note.parentRecordId !== parentId) continue;
      if (skipped++ < offset) continue;
      out.push(serializeNote(workspace, note));
      if (out.length === limit) break;
    }
    return { data: out };
  });
  api.get('/v2/notes/:id', async (request) => {
    const { workspace } = callerOf(request);
    return { data: serializeNote(workspace, liveNote(workspace, (request.params as { id: string }).id)) };
  });
  api.post('/v2/notes', async (request) => {
    const { workspace } = callerOf(request);
    const data = dataOf(request.body);
    const parent = parentRecord(workspace, data['parent_object'], data['parent_record_id']);
    if (typeof data['title'] !== 'string') throw badRequest('Body payload validation error: title must be a string.');
    if (data['format'] !== 'plaintext' && data['format'] !== 'markdown')
      throw badRequest('Body payload validation error: format must be "plaintext" or "markdown".');
    if (typeof data['content'] !== 'string') throw badRequest('Body payload validation error: content must be a string.');
    const createdAt =
      typeof data['created_at'] === 'string' && !Number.isNaN(Date.parse(data['created_at'])) ? Date.parse(data['created_at']) : now();
    const { title, content, format } = data as { title: string; content: string; format: 'plaintext' | 'markdown' };
    roomFor(workspace);
    const note = workspace.data.store('notes').insert((id) => ({
      id,
      createdAt,
      parentObject: parent.object,
      parentRecordId: parent.id,
      title,
      content,
      format,
      author: workspace.identity.apiActor,
    }));
    return { data: serializeNote(workspace, note) };
  });
  api.delete('/v2/notes/:id', async (request) => {
    const { workspace } = callerOf(request);
    workspace.data.store('notes').remove(liveNote(workspace, (request.params as { id: string }).id).id);
    return {};
  });
}

function taskFields(workspace: Workspace, data: Record<string, unknown>, create: boolean): Partial<StoredTask> {
  const out: Partial<StoredTask> = {};
  const need = (name: string) => create && data[name] === undefined && badRequest(`Body payload validation error: ${name} is required.`);
  for (const name of ['content', 'format', 'deadline_at', 'is_completed', 'linked_records', 'assignees']) {
    const error = need(name);
    if (error) throw error;
  }
  if (!create && (data['content'] !== undefined || data['format'] !== undefined)) {
    throw badRequest('Body payload validation error: the content of a task cannot be updated.');
  }
  if (data['content'] !== undefined) {
    if (typeof data['content'] !== 'string') throw badRequest('Body payload validation error: content must be a string.');
    if (data['format'] !== 'plaintext') throw badRequest('Body payload validation error: format must be "plaintext".');
    out.content = data['content'];
  }
  if (data['deadline_at'] !== undefined) {
    const d = data['deadline_at'];
    if (d !== null && (typeof d !== 'string' || Number.isNaN(Date.parse(d))))
      throw badRequest('Body payload validation error: deadline_at must be an ISO 8601 timestamp or null.');
    out.deadlineAt = d === null ? null : attioTime(Date.parse(d));
  }
  if (data['is_completed'] !== undefined) {
    if (typeof data['is_completed'] !== 'boolean') throw badRequest('Body payload validation error: is_completed must be a boolean.');
    out.isCompleted = data['is_completed'];
  }
  if (data['linked_records'] !== undefined) {
    if (!Array.isArray(data['linked_records'])) throw badRequest('Body payload validation error: linked_records must be a list.');
    out.linked = data['linked_records'].map((l: unknown) => {
      if (!isObject(l)) throw badRequest('Body payload validation error: a linked record must be an object.');
      const parent = parentRecord(workspace, l['target_object'], l['target_record_id']);
      return { target_object: parent.object, target_record_id: parent.id };
    });
  }
  if (data['assignees'] !== undefined) {
    if (!Array.isArray(data['assignees'])) throw badRequest('Body payload validation error: assignees must be a list.');
    out.assignees = data['assignees'].map((a: unknown) => {
      const id = isObject(a) ? a['referenced_actor_id'] : undefined;
      const email = isObject(a) ? a['workspace_member_email_address'] : undefined;
      const member = workspace.identity.members.find((m) => m.id === id || (typeof email === 'string' && m.email_address === email.toLowerCase()));
      if (!member) throw notFound('Workspace member not found.');
      return member.id;
    });
  }
  return out;
}

function registerTaskRoutes(api: FastifyInstance, now: () => number): void {
  const liveTask = (workspace: Workspace, raw: string) => {
    const id = idOfUuid('tasks', raw);
    const task = id === undefined ? undefined : workspace.data.store('tasks').live(id);
    if (!task) throw notFound('Task not found.');
    return task;
  };
  api.get('/v2/tasks', async (request) => {
    const { workspace } = callerOf(request);
    const query = request.query as Record<string, unknown>;
    const limit = intParam(query['limit'], 'limit', 500, 1, 500);
    const offset = intParam(query['offset'], 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
    const linkedObject = queryObject(workspace, query['linked_object']);
    const linkedId = typeof query['linked_record_id'] === 'string' ? query['linked_record_id'].toLowerCase() : undefined;
    const completed = query['is_completed'] === undefined ? undefined : query['is_completed'] === 'true';
    const out = [];
    let skipped = 0;
    for (const task of workspace.data.store('tasks').scanLive()) {
      if (
        linkedObject !== undefined &&
        !task.linked.some((l) => l.target_object === linkedObject && (linkedId === undefined || l.target_record_id === linkedId))
      )
        continue;
      if (completed !== undefined && task.isCompleted !== completed) continue;
      if (skipped++ < offset) continue;
      out.push(serializeTask(workspace, task));
      if (out.length === limit) break;
    }
    return { data: out };
  });
  api.get('/v2/tasks/:id', async (request) => {
    const { workspace } = callerOf(request);
    return { data: serializeTask(workspace, liveTask(workspace, (request.params as { id: string }).id)) };
  });
  api.post('/v2/tasks', async (request) => {
    const { workspace } = callerOf(request);
    const fields = taskFields(workspace, dataOf(request.body), true) as Required<
      Pick<StoredTask, 'content' | 'deadlineAt' | 'isCompleted' | 'linked' | 'assignees'>
    >;
    roomFor(workspace);
    const task = workspace.data.store('tasks').insert((id) => ({ id, createdAt: now(), author: workspace.identity.apiActor, ...fields }));
    return { data: serializeTask(workspace, task) };
  });
  api.patch('/v2/tasks/:id', async (request) => {
    const { workspace } = callerOf(request);
    const task = liveTask(workspace, (request.params as { id: string }).id);
    const fields = taskFields(workspace, dataOf(request.body), false);
    const updated = workspace.data.store('tasks').update(task.id, (copy) => Object.assign(copy, fields));
    return { data: serializeTask(workspace, updated) };
  });
  api.delete('/v2/tasks/:id', async (request) => {
    const { workspace } = callerOf(request);
    workspace.data.store('tasks').remove(liveTask(workspace, (request.params as { id: string }).id).id);
    return {};
  });
}
