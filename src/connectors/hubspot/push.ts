/**
 * HubSpot's writes: batch create/update at 100 records a call. A batch HubSpot rejects as a whole (400/409: nothing
 * was written) is replayed one record at a time, to tell which records are at fault; a batch whose outcome is
 * unknown is not replayed. A contact's company is an association on create, `associatedcompanyid` on update. The
 * linked fields of deals, tickets and activities are associations on create; on update (batch update takes none)
 * the records' current associations are read and changed to match with the v4 batch API. A `crm-activity` is
 * written to the object of its type (calls, meetings, e-mails); an update finds its record's object first.
 */
import { asText } from '../../lib/text.js';
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, failureOf, withWarnings, writeInBatches, type WriteMode, writeOne } from '../kit/writes.js';
import { hubspotManifest } from './manifest.js';
import type { HubSpotObject, HubSpotWrite } from './mapping.js';
import { byIds, type HubSpotDecl, kindOf } from './pull.js';
import { ACTIVITY_KINDS, kindOfType } from './sales.js';

/** HubSpot-defined association type of a contact's primary company. */
const CONTACT_TO_COMPANY_PRIMARY = 1;

/**
 * HubSpot-defined association types a create links with, by object and associated object (the "Association type IDs"
 * of HubSpot's v4 associations guide): a deal's or ticket's company as its primary one, a lead's contact as its primary.
 */
const CREATE_TYPES: Record<string, Record<string, number>> = {
  deals: { contacts: 3, companies: 5 },
  tickets: { contacts: 16, companies: 26 },
  // A lead must have a primary contact.
  leads: { contacts: 578, companies: 610 },
  notes: { contacts: 202, companies: 190, deals: 214 },
  tasks: { contacts: 204, companies: 192, deals: 216 },
  calls: { contacts: 194, companies: 182, deals: 206 },
  meetings: { contacts: 200, companies: 188, deals: 212 },
  emails: { contacts: 198, companies: 186, deals: 210 },
};

/** The ids a linked field's value names (one id, a list, or none). */
const idsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : typeof value === 'string' && value ? [value] : [];

interface BatchResponse {
  status?: string;
  results?: Array<HubSpotObject & { objectWriteTraceId?: string }>;
  errors?: Array<{ message?: string; category?: string; context?: Record<string, string[]> }>;
}

/** Creates, then updates, in batches; results carry the warnings of their mapping; a record its mapping refuses is not sent. */
export async function write(client: ProviderClient, object: HubSpotDecl, ops: PushOperation[]): Promise<PushResult[]> {
  if (object.extra.kinds) return writeKinds(client, object, ops);
  const ctx = object.extra.context ? await object.extra.context(client) : undefined;
  const mapped = new Map(ops.map((op) => [op.index, object.extra.fromCommon?.(op.data, ctx) ?? { properties: {}, warnings: [], errors: [] }]));
  const written = (op: PushOperation) => mapped.get(op.index) as HubSpotWrite;
  const refused = ops.filter((op) => written(op).errors.length > 0);
  const sent = ops.filter((op) => written(op).errors.length === 0);
  const input = (op: PushOperation, mode: WriteMode) => inputOf(object, written(op), op, mode);
  const results = await writeInBatches(sent, {
    batchSize: hubspotManifest.batchSize,
    batch: async (chunk, mode) => {
      const res = await client.request<BatchResponse>({
        method: 'POST',
        path: `${object.path}/batch/${mode}`,
        json: { inputs: chunk.map((op) => input(op, mode)) },
      });
      return matchBatch(res.body, chunk, mode);
    },
    one: async (op, mode) => {
      const { objectWriteTraceId: _trace, id: _id, ...body } = input(op, mode);
      return writeOne<HubSpotObject>(client, object.path, op, body, (answer) => answer.id);
    },
  });
  const linked = await syncLinks(client, object, sent, results);
  const refusals = refused.map((op) => ({ index: op.index, success: false, id: op.id, errors: written(op).errors, mayHaveApplied: false }));
  return withWarnings(byIndex([...linked, ...refusals]), (index) => mapped.get(index)?.warnings ?? []);
}

/**
 * After updates: each updated record's linked fields given in the data become its associations (those no longer named
 * are removed, the new ones made HubSpot's default association). A failure here fails the records it concerns.
 */
async function syncLinks(client: ProviderClient, object: HubSpotDecl, ops: PushOperation[], results: PushResult[]): Promise<PushResult[]> {
  const links = Object.entries(object.extra.links ?? {});
  const updated = new Set(results.filter((r) => r.success).map((r) => r.index));
  const todo = ops.filter((op) => op.id !== null && updated.has(op.index));
  if (links.length === 0 || todo.length === 0) return results;
  const failed = new Map<number, PushResult>();
  const type = object.extra.objectType;
  for (const [field, toType] of links) {
    const ops = todo.filter((op) => op.data[field] !== undefined && !failed.has(op.index));
    if (ops.length === 0) continue;
    try {
      const current = await client.request<{ results?: Array<{ from: { id: string }; to: Array<{ toObjectId: number | string }> }> }>({
        method: 'POST',
        path: `/crm/v4/associations/${type}/${toType}/batch/read`,
        readOnly: true,
        json: { inputs: ops.map((op) => ({ id: op.id })) },
      });
      const now = new Map((current.body.results ?? []).map((r) => [String(r.from.id), r.to.map((t) => String(t.toObjectId))]));
      const add: Array<{ from: { id: string }; to: { id: string } }> = [];
      const remove: Array<{ from: { id: string }; to: Array<{ id: string }> }> = [];
      for (const op of ops) {
        const id = op.id as string;
        const wanted = idsOf(op.data[field]);
        const held = now.get(id) ?? [];
        for (const to of wanted) if (!held.includes(to)) add.push({ from: { id }, to: { id: to } });
        const gone = held.filter((to) => !wanted.includes(to));
        if (gone.length) remove.push({ from: { id }, to: gone.map((to) => ({ id: to })) });
      }
      if (remove.length)
        await client.request({ method: 'POST', path: `/crm/v4/associations/${type}/${toType}/batch/archive`, json: { inputs: remove } });
      if (add.length)
        await client.request({ method: 'POST', path: `/crm/v4/associations/${type}/${toType}/batch/associate/default`, json: { inputs: add } });
    } catch (e) {
      for (const op of ops) {
        const failure = failureOf(op, e);
        failed.set(op.index, {
          ...failure,
          errors: [`HubSpot updated the record but not its ${field}: ${failure.errors.join('; ')}`],
          mayHaveApplied: true,
        });
      }
    }
  }
  return results.map((r) => failed.get(r.index) ?? r);
}

/** A several-object type: each record to the object of its type; an update finds its record's object first. */
async function writeKinds(client: ProviderClient, object: HubSpotDecl, ops: PushOperation[]): Promise<PushResult[]> {
  const kinds = object.extra.kinds ?? [];
  const updateIds = ops.flatMap((op) => (op.id === null ? [] : [op.id]));
  const found = new Map<string, string>();
  if (updateIds.length) for (const r of await byIds(client, object, updateIds, [])) found.set(r.id, (r as HubSpotObject & { kind: string }).kind);
  const groups = new Map<string, PushOperation[]>();
  const results: PushResult[] = [];
  const types = Object.values(ACTIVITY_KINDS).join(', ');
  for (const op of ops) {
    const given = op.data['type'];
    const kind = op.id === null ? kindOfType(given) : found.get(op.id);
    const fail = (message: string) => results.push({ index: op.index, success: false, id: op.id, errors: [message], mayHaveApplied: false });
    if (op.id !== null && kind === undefined) fail(`No HubSpot call, meeting or e-mail has the id ${op.id}`);
    else if (kind === undefined || !kinds.includes(kind))
      fail(`HubSpot keeps activities of type ${types}; '${asText(given)}' is not one (a note is a crm-note, a task a crm-task)`);
    else if (given !== undefined && given !== null && kindOfType(given) !== kind)
      fail(`HubSpot cannot change an activity's type (this one is a ${ACTIVITY_KINDS[kind as keyof typeof ACTIVITY_KINDS]})`);
    else groups.set(kind, [...(groups.get(kind) ?? []), { ...op, data: { ...op.data, type: ACTIVITY_KINDS[kind as keyof typeof ACTIVITY_KINDS] } }]);
  }
  for (const [kind, group] of groups) results.push(...(await write(client, kindOf(object, kind), group)));
  return byIndex(results);
}

/** Raw values of extra properties as HubSpot takes them: strings, with null clearing the property. */
function extraProperties(fields: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) out[k] = asText(v);
  return out;
}

function inputOf(object: HubSpotDecl, written: HubSpotWrite, op: PushOperation, mode: WriteMode): Record<string, unknown> {
  const defaults = mode === 'create' ? (object.extra.createDefaults?.() ?? {}) : {};
  const properties: Record<string, string> = { ...written.properties, ...extraProperties(op.fields) };
  for (const [name, value] of Object.entries(defaults)) if (!properties[name]) properties[name] = value;
  const input: Record<string, unknown> = { properties, objectWriteTraceId: String(op.index) };
  if (mode === 'update') input['id'] = op.id;
  if (mode === 'create' && object.extra.links) {
    const types = CREATE_TYPES[object.extra.objectType] ?? {};
    const associations = Object.entries(object.extra.links).flatMap(([field, toType]) =>
      idsOf(op.data[field]).map((id) => ({
        to: { id },
        types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: types[toType] }],
      })),
    );
    if (associations.length) input['associations'] = associations;
  }
  const companyId = object.name === 'crm-contact' ? op.data['company_id'] : undefined;
  if (mode === 'create' && typeof companyId === 'string' && companyId) {
    input['associations'] = [
      { to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: CONTACT_TO_COMPANY_PRIMARY }] },
    ];
  }
  // Batch update takes no associations; writing `associatedcompanyid` moves the primary company link (or clears it).
  if (mode === 'update' && (typeof companyId === 'string' || companyId === null)) properties['associatedcompanyid'] = companyId ?? '';
  return input;
}

/** Pairs a batch answer with its inputs: by objectWriteTraceId, then by id (updates), then by order. */
export function matchBatch(body: BatchResponse, ops: PushOperation[], mode: WriteMode): PushResult[] {
  const byIndex = new Map<number, PushResult>();
  const results = body.results ?? [];
  const traced = results.every((r) => r.objectWriteTraceId !== undefined);
  results.forEach((r, i) => {
    let op: PushOperation | undefined;
    if (traced) op = ops.find((o) => String(o.index) === r.objectWriteTraceId);
    else if (mode === 'update') op = ops.find((o) => o.id === String(r.id));
    else op = ops[i];
    if (op) byIndex.set(op.index, { index: op.index, success: true, id: String(r.id), errors: [] });
  });
  for (const err of body.errors ?? []) {
    const traces = err.context?.['objectWriteTraceId'] ?? [];
    const ids = err.context?.['ids'] ?? err.context?.['id'] ?? [];
    const hit = ops.filter((o) => !byIndex.has(o.index) && (traces.includes(String(o.index)) || (o.id !== null && ids.includes(o.id))));
    for (const op of hit) {
      const errors = [err.message ?? err.category ?? 'Rejected by HubSpot'];
      byIndex.set(op.index, { index: op.index, success: false, id: op.id, errors, mayHaveApplied: false });
    }
  }
  return ops.map(
    (op) =>
      byIndex.get(op.index) ?? {
        index: op.index,
        success: false,
        id: op.id,
        errors: [`HubSpot did not report on this record (batch status ${body.status ?? 'unknown'}).`],
        mayHaveApplied: true,
      },
  );
}
