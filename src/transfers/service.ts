/**
 * Starting transfers and reading them back. Starting one stores the transfer and its job in one transaction; a
 * synchronous request then waits for the transfer's end, up to the configured limit.
 */
import { type Kysely, sql } from 'kysely';

import { getConnector } from '../connectors/index.js';
import type { Database } from '../db/database.js';
import { type Prepared, prepareQuery } from '../db/prepared.js';
import type { DB, TransferMethod } from '../db/schema.js';
import { type ErrorEntry, logErrors } from '../error-log/index.js';
import { Errors, invalidRequest, WeftError } from '../errors.js';
import { enqueue } from '../jobs/registry.js';
import { isId, newId } from '../lib/ids.js';
import { type Condition, parseFilter } from '../model/filter.js';
import { ASSOCIATION_FIELDS, COMMON_MODELS, DEPENDENT_FIELDS } from '../model/registry.js';
import type { SessionSchema } from '../model/types.js';
import { dataValidator } from '../model/validate.js';
import type { Services } from '../services.js';
import { choiceOf, offeredDirections } from '../sessions/journey.js';
import { passthroughChoiceOf, passthroughSchema } from '../sessions/passthrough.js';
import { type DataScope, findSchema, isConfigured, loadSession, schemaOf, type Session } from '../sessions/sessions.js';
import { type TransferWebhookFields, transferWebhooks } from '../webhooks/index.js';
import { claimKey, heldBy, type IdempotencyClaim } from './idempotency.js';
import { PullTask, PushTask } from './jobs.js';
import { type AssociatedInput, isFinished, type PullRequestOptions, type PushInput, type PushRequestOptions, type Transfer } from './model.js';
import { forwardItems, reportErrors, transferFinished } from './webhook-events.js';

export interface PullTransferBody extends TransferWebhookFields {
  session_id: string;
  endgrate_type: string;
  synchronous?: boolean;
  bypass_rate_limit?: boolean;
  params?: Record<string, unknown> | unknown[];
  associations?: Record<string, boolean>;
}

export interface PushTransferBody extends TransferWebhookFields {
  session_id: string;
  endgrate_type: string;
  transfer_data: unknown[];
  synchronous?: boolean;
  bypass_rate_limit?: boolean;
}

function configuredProvider(session: Session): string {
  if (!isConfigured(session)) throw Errors.sessionNotConfigured();
  return session.provider;
}

/**
 * The schema a transfer names and what the provider supports of it. `name` is the schema's key (its title, or its
 * endgrate_type), its title, or the endgrate_type of the one schema of that type (see `findSchema`); the transfer is
 * stored under the schema's key.
 */
function supportFor(session: Session, name: string, method: TransferMethod) {
  const provider = configuredProvider(session);
  const named = findSchema(session, name);
  const key = named?.key ?? name;
  const shared = named ? undefined : passthroughChoiceOf(session, key);
  if (shared) {
    // A passthrough schema: a provider object as it is.
    if (!(method === 'IMPORT' ? shared.pull : shared.push)) throw Errors.schemaNotSelected(key, method === 'IMPORT' ? 'pulling' : 'pushing');
    if (!getConnector(provider)?.objects) throw Errors.providerUnsupported(provider, key, method === 'IMPORT' ? 'pulling' : 'pushing');
    return { provider, schema: passthroughSchema(key, shared), support: { associations: [] as string[] }, passthrough: shared };
  }
  const schema = named ?? schemaOf(session, name);
  // A category's schema the provider does not serve (in this direction): said as such, not as the end user's choice.
  const served = offeredDirections(session, schema);
  if (schema.optional && !(method === 'IMPORT' ? served.pull : served.push)) {
    throw Errors.providerUnsupported(provider, key, method === 'IMPORT' ? 'pulling' : 'pushing');
  }
  const choice = choiceOf(session, schema);
  if (!(method === 'IMPORT' ? choice.pull : choice.push)) throw Errors.schemaNotSelected(key, method === 'IMPORT' ? 'pulling' : 'pushing');
  const connector = getConnector(provider);
  const endgrateType = choice.endgrate_type ?? schema.endgrate_type;
  const support = endgrateType ? connector?.manifest.schemas[endgrateType] : undefined;
  const ok = method === 'IMPORT' ? support?.pull : support?.push;
  if (!connector || !support || !ok) {
    throw Errors.providerUnsupported(provider, key, method === 'IMPORT' ? 'pulling' : 'pushing');
  }
  return { provider, schema, support, passthrough: undefined };
}

export async function startPull(services: Services, scope: NonNullable<DataScope>, body: PullTransferBody): Promise<Transfer> {
  const session = await loadSession(services.database.db, scope, body.session_id);
  if (session.kind === 'push') throw Errors.methodNotAllowedForSession('pull');
  const { provider, schema, support } = supportFor(session, body.endgrate_type, 'IMPORT');
  const filter = filterOf(session, schema, body.params);
  const wanted = new Set<string>();
  if (schema.associations) {
    for (const t of support.associations) if (session.schemas.some((s) => s.endgrate_type === t)) wanted.add(t);
  }
  for (const [name, on] of Object.entries(body.associations ?? {})) {
    if (!on) continue;
    // Named like a schema of the session (its endgrate_type, or a custom schema's title); records carry the type.
    const target = findSchema(session, name);
    const type = target ? (choiceOf(session, target).endgrate_type ?? target.endgrate_type) : null;
    if (!target || !type) {
      throw invalidRequest({ [`associations/${name}`]: 'is not an endgrate_type of this session' });
    }
    if (!support.associations.includes(type)) {
      throw invalidRequest({ [`associations/${name}`]: `is not an association ${provider} supports for ${body.endgrate_type}` });
    }
    wanted.add(type);
  }
  const request: PullRequestOptions = {
    associations: [...wanted],
    synchronous: body.synchronous === true,
    bypass_rate_limit: body.bypass_rate_limit === true,
    params: filter ? (body.params ?? null) : null,
    filter,
    ...(session.options.sync === true ? { sync: true, schema_key: schema.key } : {}),
  };
  Object.assign(request, schemaNames(session, schema, body.endgrate_type));
  const webhooks = transferWebhooks(session.options, body);
  if (webhooks) request.webhooks = webhooks;
  // Two pulls of one schema of a session run one after the other: each reads and writes that schema's sync baseline,
  // and the second must see what the first concluded.
  const serialKey = `pull:${session.id}:${schema.key}`;
  return (await createTransfer(services, session, provider, 'IMPORT', schema.key, request, undefined, undefined, serialKey)).transfer;
}

/** The checked, normalised filter of `params` (null when there is none); refuses params it cannot apply. */
function filterOf(session: Session, schema: SessionSchema, params: unknown): Condition[] | null {
  if (params === undefined || params === null) return null;
  const model = schema.custom || !schema.endgrate_type ? undefined : COMMON_MODELS.get(schema.endgrate_type);
  const parsed = parseFilter(params, {
    properties: schema.schema.properties,
    aliases: model?.aliases ?? {},
    allowUnknown: session.options.passthrough_fields === true,
    name: schema.key,
  });
  if (!parsed.ok) throw invalidRequest(parsed.problems);
  return parsed.conditions.length ? parsed.conditions : null;
}

/**
 * Starts a push. With an idempotency claim, a key already used in the last 24 hours gives back its transfer
 * (`replayed`) when the body is the same, and is refused when it is not; nothing is pushed again either way.
 */
export async function startPush(
  services: Services,
  scope: NonNullable<DataScope>,
  body: PushTransferBody,
  claim?: IdempotencyClaim,
): Promise<{ transfer: Transfer; replayed: boolean }> {
  if (claim) {
    const held = await heldBy(services.database.db, scope.projectId, claim);
    if (held) return { transfer: await loadTransfer(services, scope, held), replayed: true };
  }
  const session = await loadSession(services.database.db, scope, body.session_id);
  if (session.kind === 'pull') throw Errors.methodNotAllowedForSession('push');
  const { provider, schema, passthrough } = supportFor(session, body.endgrate_type, 'EXPORT');
  const checkData = dataValidator(schema, { passthroughFields: session.options.passthrough_fields === true });
  // A passthrough schema's read-only fields (ids, timestamps the provider keeps) cannot be written.
  const readOnly = new Set(passthrough?.read_only ?? []);
  const validate: typeof checkData = (data) => {
    const checked = checkData(data);
    if (!checked.ok || !readOnly.size) return checked;
    const written = Object.keys(checked.data).filter((f) => readOnly.has(f));
    return written.length ? { ok: false, problems: written.map((f) => `data/${f} is read-only in ${provider}`) } : checked;
  };
  const checkAssociations = associationChecker(session, schema.endgrate_type ?? null, provider);
  const valid: PushInput[] = [];
  const invalid: Array<{ index: number; internalId: string | null; id: string | null; problems: string[] }> = [];
  body.transfer_data.forEach((raw, index) => {
    const problems: string[] = [];
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      invalid.push({ index, internalId: null, id: null, problems: ['the item must be an object with a `data` object'] });
      return;
    }
    const item = raw as Record<string, unknown>;
    for (const key of Object.keys(item)) {
      if (!['id', 'internal_id', 'data', 'associations'].includes(key)) problems.push(`unknown item field '${key}'`);
    }
    const id = item['id'];
    const internalId = item['internal_id'];
    if (id !== undefined && id !== null && (typeof id !== 'string' || id.length === 0)) problems.push('id must be a non-empty string');
    if (internalId !== undefined && internalId !== null && (typeof internalId !== 'string' || internalId.length === 0)) {
      problems.push('internal_id must be a non-empty string');
    }
    const checked = validate(item['data']);
    if (!checked.ok) problems.push(...checked.problems);
    // `null` in an item's optional field means it was not given, as everywhere in the API.
    const associations =
      item['associations'] === undefined || item['associations'] === null
        ? { ok: true as const, value: undefined }
        : checkAssociations(item['associations']);
    if (!associations.ok) problems.push(...associations.problems);
    const internal = typeof internalId === 'string' ? internalId : null;
    const providerId = typeof id === 'string' && id ? id : null;
    if (problems.length || !checked.ok || !associations.ok) {
      invalid.push({ index, internalId: internal, id: providerId, problems });
      return;
    }
    const input: PushInput = { index, id: providerId, internal_id: internal, data: checked.data };
    if (associations.value && Object.keys(associations.value).length) input.associations = associations.value;
    valid.push(input);
  });
  const request: PushRequestOptions = {
    synchronous: body.synchronous === true,
    bypass_rate_limit: body.bypass_rate_limit === true,
    total: body.transfer_data.length,
    valid: valid.length,
  };
  Object.assign(request, schemaNames(session, schema, body.endgrate_type));
  const webhooks = transferWebhooks(session.options, body);
  if (webhooks) request.webhooks = webhooks;
  return createTransfer(services, session, provider, 'EXPORT', schema.key, request, { valid, invalid }, claim);
}

/**
 * What a transfer stores about the names of its schema: the other names its data pages accept (the name the request
 * used, the schema's endgrate_type while it is the session's only schema of that type, its title), and the provider
 * resource behind a key that is not an endgrate_type.
 */
function schemaNames(session: Session, schema: SessionSchema, given: string): { names?: string[]; resource?: string } {
  const names = new Set([given, schema.title]);
  const type = schema.endgrate_type;
  if (type && session.schemas.filter((s) => s.endgrate_type === type).length === 1) names.add(type);
  names.delete(schema.key);
  const resource = choiceOf(session, schema).endgrate_type ?? type;
  return {
    ...(names.size ? { names: [...names] } : {}),
    ...(resource && resource !== schema.key ? { resource } : {}),
  };
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * Checks a pushed item's `associations`: keyed by an endgrate_type of the session that this type links to (a
 * contact's company), each a list of records given by provider `id`, by `internal_id`, and/or by `data` to create
 * it with (validated with that schema); or by a type that points at it (a deal's notes), each given by `data` to be
 * created after it.
 */
function associationChecker(session: Session, endgrateType: string | null, provider: string) {
  const links = endgrateType ? (ASSOCIATION_FIELDS[endgrateType] ?? {}) : {};
  const dependents = endgrateType ? (DEPENDENT_FIELDS[endgrateType] ?? {}) : {};
  const validators = new Map<string, ReturnType<typeof dataValidator>>();
  return (raw: unknown): Checked<Record<string, AssociatedInput[]> | undefined> => {
    if (raw === null) return { ok: true, value: undefined };
    if (typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: ['associations must be an object keyed by endgrate_type'] };
    const problems: string[] = [];
    const value: Record<string, AssociatedInput[]> = {};
    for (const [key, list] of Object.entries(raw as Record<string, unknown>)) {
      let target;
      try {
        target = findSchema(session, key);
      } catch (e) {
        if (!(e instanceof WeftError)) throw e;
        problems.push(`associations/${key}: ${e.message}`);
        continue;
      }
      if (!target) {
        problems.push(`associations/${key} is not an endgrate_type of this session`);
        continue;
      }
      const targetType = target.endgrate_type ?? null;
      const dependent = targetType ? dependents[targetType] : undefined;
      if (!targetType || (!links[targetType] && !dependent)) {
        problems.push(`associations/${key}: ${endgrateType ?? 'this schema'} cannot be linked to ${key}`);
        continue;
      }
      const support = getConnector(provider)?.manifest.schemas[targetType];
      if (!support?.push || !choiceOf(session, target).push) {
        problems.push(`associations/${key}: ${key} is not selected for pushing in this session`);
        continue;
      }
      if (!Array.isArray(list)) {
        problems.push(`associations/${key} must be a list of records`);
        continue;
      }
      let validate = validators.get(key);
      if (!validate) {
        validate = dataValidator(target, { passthroughFields: session.options.passthrough_fields === true });
        validators.set(key, validate);
      }
      const items: AssociatedInput[] = [];
      list.forEach((entry, n) => {
        const at = `associations/${key}/${n}`;
        if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
          problems.push(`${at} must be an object with an id, an internal_id or data`);
          return;
        }
        const e = entry as Record<string, unknown>;
        const item: AssociatedInput = {};
        for (const k of Object.keys(e)) if (!['id', 'internal_id', 'data'].includes(k)) problems.push(`${at}: unknown field '${k}'`);
        for (const k of ['id', 'internal_id'] as const) {
          const v = e[k];
          if (v === undefined || v === null) continue;
          if (typeof v !== 'string' || v.length === 0) problems.push(`${at}/${k} must be a non-empty string`);
          else item[k] = v;
        }
        if (e['data'] !== undefined && e['data'] !== null) {
          const checked = (validate as ReturnType<typeof dataValidator>)(e['data']);
          if (!checked.ok) problems.push(...checked.problems.map((p) => `${at}: ${p}`));
          else item.data = checked.data;
        }
        if (!item.id && !item.internal_id && !item.data) problems.push(`${at} needs an id, an internal_id or data`);
        else if (dependent && (item.id || !item.data)) {
          problems.push(
            `${at}: a ${key} is created after the ${endgrateType ?? 'record'}, holding its id in ${dependent}: give its data (an existing ${key} is linked by pushing it with ${dependent})`,
          );
        }
        items.push(item);
      });
      // Stored under the schema's key, which its internal_ids are remembered by.
      value[target.key] = [...(value[target.key] ?? []), ...items];
    }
    return problems.length ? { ok: false, problems } : { ok: true, value };
  };
}

async function createTransfer(
  services: Services,
  session: Session,
  provider: string,
  method: TransferMethod,
  endgrateType: string,
  request: PullRequestOptions | PushRequestOptions,
  push?: { valid: PushInput[]; invalid: Array<{ index: number; internalId: string | null; id: string | null; problems: string[] }> },
  claim?: IdempotencyClaim,
  serialKey?: string,
): Promise<{ transfer: Transfer; replayed: boolean }> {
  const now = Date.now();
  const transfer: Transfer = {
    id: newId(now),
    project_id: session.projectId,
    session_id: session.id,
    method,
    endgrate_type: endgrateType,
    provider,
    status: 'queued',
    request: JSON.stringify(request),
    checkpoint: null,
    item_count: 0,
    records: 0,
    batches_queued: 0,
    batches_success: 0,
    batches_fail: 0,
    provider_requests: 0,
    retries: 0,
    rate_limited: 0,
    waited_ms: 0,
    money_totals: null,
    expected_records: null,
    error_count: push?.invalid.length ?? 0,
    last_error: null,
    created_at: now,
    started_at: null,
    completed_at: null,
  };
  const nothingToDo = push !== undefined && push.valid.length === 0;
  if (nothingToDo) {
    transfer.status = 'completed';
    transfer.started_at = now;
    transfer.completed_at = now;
  }
  const holder = await services.database.write(async (trx) => {
    // A concurrent request with the same key may have stored its transfer first: then this one stores nothing.
    const held = claim ? await claimKey(trx, session.projectId, claim, transfer.id, now) : undefined;
    if (held) return held;
    await trx.insertInto('transfers').values(transfer).execute();
    if (push) {
      for (let i = 0; i < push.valid.length; i += 500) {
        await trx
          .insertInto('transfer_inputs')
          .values(push.valid.slice(i, i + 500).map((v) => ({ transfer_id: transfer.id, seq: v.index, body: JSON.stringify(v) })))
          .execute();
      }
      const rejected = push.invalid.map((v) => ({
        transfer_id: transfer.id,
        seq: v.index,
        provider_id: v.id,
        body: JSON.stringify({ id: v.id, internal_id: v.internalId, index: v.index, success: false, errors: v.problems }),
      }));
      for (let i = 0; i < rejected.length; i += 500) {
        await trx
          .insertInto('transfer_items')
          .values(rejected.slice(i, i + 500))
          .execute();
      }
      const errors: ErrorEntry[] = push.invalid.map((v) => ({
        projectId: session.projectId,
        sessionId: session.id,
        transferId: transfer.id,
        errorType: 'mapping',
        message: `transfer_data[${v.index}]${v.internalId ? ` (internal_id ${v.internalId})` : ''} is invalid: ${v.problems.join('; ')}.`,
        recordIndex: v.index,
        internalId: v.internalId,
        provider,
        endgrateType,
        method,
      }));
      await reportErrors(trx, services.config.publicUrl, await logErrors(trx, errors, now), now);
      await forwardItems(
        trx,
        transfer,
        rejected.map((r) => r.body),
        now,
      );
    }
    // A push with no valid item ends here: its webhooks say so at once.
    if (nothingToDo) await transferFinished(trx, transfer, true, now);
    if (!nothingToDo) {
      await enqueue(
        trx,
        method === 'IMPORT' ? PullTask : PushTask,
        { transferId: transfer.id },
        { transferId: transfer.id, serialKey: serialKey ?? null },
        now,
      );
    }
    return undefined;
  });
  if (holder) return { transfer: await loadTransfer(services, { projectId: session.projectId, mode: session.mode }, holder), replayed: true };
  services.events.emit('job');
  return { transfer, replayed: false };
}

type TransferQuery = Prepared<{ id: string; now: number; projectId: string; mode: string }, Transfer>;
type PageValues = { id: string; now: number; projectId: string; mode: string; from: number; to: number };
type TransferPageQuery = Prepared<PageValues, Transfer & { page_body: Buffer | string | null }>;
interface TransferQueries {
  scoped: TransferQuery;
  any: TransferQuery;
  /**
   * Where the profile reads a page as one value: the transfer (scoped) with its page's stored JSON joined (see
   * `loadTransferPage`).
   */
  page: TransferPageQuery;
  /**
   * Where it reads a page as rows: the page's items in order, read with `readValues` (`[item JSON, transfer JSON]`
   * per row; the transfer's only in the first); no row for an empty page or a transfer out of scope.
   */
  pageRows: Prepared<PageValues, unknown>;
}
// Built once per database (see prepareQuery): every data page loads its transfer.
const transferQueries = new WeakMap<Kysely<DB>, TransferQueries>();

function transferQueriesOf(database: Database): TransferQueries {
  const { db, profile } = database;
  let queries = transferQueries.get(db);
  if (!queries) {
    // One query: a transfer lives as long as its session.
    const from = (v: { id: string; now: number }) =>
      db
        .selectFrom('transfers')
        .innerJoin('sessions', 'sessions.id', 'transfers.session_id')
        .where('transfers.id', '=', v.id)
        .where((eb) => eb.or([eb('sessions.expires_at', 'is', null), eb('sessions.expires_at', '>', v.now)]));
    const scopedFrom = (v: { id: string; now: number; projectId: string; mode: string }) =>
      from(v)
        .where('transfers.project_id', '=', v.projectId)
        .where('sessions.mode', '=', v.mode as Session['mode']);
    const scoped = (v: { id: string; now: number; projectId: string; mode: string }) => scopedFrom(v).selectAll('transfers');
    queries = {
      scoped: prepareQuery(['id', 'now', 'projectId', 'mode'], scoped),
      any: prepareQuery(['id', 'now'], (v) => from(v).selectAll('transfers')),
      page: prepareQuery(['id', 'now', 'projectId', 'mode', 'from', 'to'], (v: PageValues) =>
        scoped(v).select((eb) =>
          eb
            .selectFrom('transfer_items')
            .select(profile.largeText(sql<string>`coalesce(${profile.joinedText('body', 'seq')}, '')`).as('page'))
            .whereRef('transfer_items.transfer_id', '=', 'transfers.id')
            .where('transfer_items.seq', '>=', v.from)
            .where('transfer_items.seq', '<', v.to)
            .as('page_body'),
        ),
      ),
      // The items in `seq` order (the primary key's: no sort), read only while the transfer is in scope (an id of
      // another project's transfer reads nothing); the first item carries the transfer, which the database reads once.
      pageRows: prepareQuery(['id', 'now', 'projectId', 'mode', 'from', 'to'], (v: PageValues) =>
        db
          .selectFrom('transfer_items')
          .select([
            'body',
            sql<string | null>`case when ${sql.ref('seq')} = ${v.from} then (${scopedFrom(v).select(profile.rowJson('transfers').as('t'))}) end`.as(
              't',
            ),
          ])
          .where('transfer_id', '=', v.id)
          .where('seq', '>=', v.from)
          .where('seq', '<', v.to)
          .where((eb) => eb.exists(scopedFrom(v).select(sql<number>`1`.as('one'))))
          .orderBy('seq'),
      ),
    };
    transferQueries.set(db, queries);
  }
  return queries;
}

/** The transfer, if its session is in the scope (the key's project and mode) and alive; else "not found". */
export async function loadTransfer(services: Services, scope: DataScope, id: unknown): Promise<Transfer> {
  if (!isId(id)) throw Errors.invalidTransfer();
  const queries = transferQueriesOf(services.database);
  const now = Date.now();
  const query =
    scope === null ? queries.any({ id, now, projectId: '', mode: '' }) : queries.scoped({ id, now, projectId: scope.projectId, mode: scope.mode });
  const [transfer] = await services.database.read(query);
  if (!transfer) throw Errors.invalidTransfer();
  return transfer;
}

/** The compiled statement of `loadTransferPage` (a primary-key range of the items: never an OFFSET). */
export function transferPageQuery(database: Database, scope: NonNullable<DataScope>, id: string, offset: number, limit: number) {
  const values = { id, now: Date.now(), projectId: scope.projectId, mode: scope.mode, from: offset, to: offset + limit };
  const queries = transferQueriesOf(database);
  return database.profile.pageAsRows ? queries.pageRows(values) : queries.page(values);
}

/** A transfer's row read back from the JSON the database made of it (`DialectProfile.rowJson`). */
function transferOfJson(json: string): Transfer {
  const row: unknown = JSON.parse(json);
  if (row === null || typeof row !== 'object' || typeof (row as { id?: unknown }).id !== 'string') {
    throw new Error('a transfer read as JSON is not a transfer row');
  }
  return row as Transfer;
}

/**
 * A scoped transfer (as `loadTransfer`) and, read by the same statement, the stored JSON of its items `offset` to
 * `offset + limit` (nothing past the end): a data page costs one round trip to the database (two for a page past
 * the end where the profile reads pages as rows). The page is one value joined by `,` where the profile reads it so,
 * else the items' JSON in order. The page is read whatever the
 * transfer's state; the caller sends it only once the transfer passed its checks.
 */
export async function loadTransferPage(
  services: Services,
  scope: NonNullable<DataScope>,
  id: unknown,
  offset: number,
  limit: number,
): Promise<{ transfer: Transfer; page: Buffer | string | string[] }> {
  if (!isId(id)) throw Errors.invalidTransfer();
  const { database } = services;
  const query = transferPageQuery(database, scope, id, offset, limit);
  if (database.profile.pageAsRows) {
    const rows = (await database.readValues(query)) as Array<[string, string | null]>;
    const first = rows[0];
    // No row: past the end of the transfer's items, or no such transfer in scope (one more read tells which).
    if (first === undefined) return { transfer: await loadTransfer(services, scope, id), page: [] };
    if (first[1] === null) throw new Error('the first item of a page read as rows came without its transfer');
    const page: string[] = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) page[i] = (rows[i] as [string, string | null])[0];
    return { transfer: transferOfJson(first[1]), page };
  }
  const [row] = await database.read(query as ReturnType<TransferPageQuery>);
  if (!row) throw Errors.invalidTransfer();
  const { page_body: page, ...transfer } = row;
  return { transfer, page: page ?? '' };
}

/**
 * Waits until the transfer has finished or `timeoutMs` passed, and returns its latest state. Woken when the
 * in-process worker ends the transfer; polls the database every 250 ms for workers in other processes.
 */
export async function waitForTransfer(services: Services, transfer: Transfer, timeoutMs: number, signal?: AbortSignal): Promise<Transfer> {
  const deadline = Date.now() + timeoutMs;
  const db = services.database.db;
  let current = transfer;
  while (!isFinished(current) && Date.now() < deadline && !signal?.aborted) {
    await new Promise<void>((resolve) => {
      const event = `transfer:${transfer.id}`;
      const done = () => {
        clearTimeout(timer);
        services.events.off(event, onEvent);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const onEvent = (finished: boolean) => {
        if (finished) done();
      };
      const timer = setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now())));
      services.events.on(event, onEvent);
      signal?.addEventListener('abort', done, { once: true });
    });
    const fresh = await db.selectFrom('transfers').selectAll().where('id', '=', transfer.id).executeTakeFirst();
    if (!fresh) return current;
    current = fresh;
  }
  return current;
}
