/** Salesforce's writes: creates, then updates, through sObject Collections, 200 records a call, per-record results. */
import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { byIndex, writeInBatches } from '../kit/writes.js';
import { salesforceManifest } from './manifest.js';
import type { SalesforceWrite } from './mapping.js';
import { contactRolesOf, DATA, describeError, type SalesforceDecl, type SalesforceError, standardPricebook, standardPricesOf } from './pull.js';

/** A record's write; an update leaves out the fields Salesforce sets on create only (a note's ParentId), with a warning. */
function writeOf(object: SalesforceDecl, op: PushOperation): SalesforceWrite {
  const w = object.extra.fromCommon?.(op.data) ?? { fields: {}, warnings: [] };
  const createOnly = Object.entries(object.extra.createOnly ?? {}).filter(([field]) => op.id !== null && field in w.fields);
  if (createOnly.length === 0) return w;
  const fields = { ...w.fields };
  for (const [field] of createOnly) delete fields[field];
  return { ...w, fields, warnings: [...w.warnings, ...createOnly.map(([, message]) => message)] };
}

function warningsOf(w: SalesforceWrite | undefined): { warnings?: string[] } {
  return w?.warnings.length ? { warnings: w.warnings } : {};
}

export async function write(client: ProviderClient, object: SalesforceDecl, ops: PushOperation[]): Promise<PushResult[]> {
  if (object.extra.kinds) return writeKinds(client, object.extra.kinds, ops);
  // A record with a value Salesforce cannot take at all is not sent.
  const refused: PushResult[] = [];
  const sendable = ops.filter((op) => {
    const w = writeOf(object, op);
    if (!w.errors?.length) return true;
    refused.push({ index: op.index, success: false, id: op.id, errors: w.errors, mayHaveApplied: false, ...warningsOf(w) });
    return false;
  });
  const written = await writeInBatches(sendable, {
    batchSize: salesforceManifest.batchSize,
    batch: (chunk, mode) => collection(client, object, chunk, mode === 'create' ? 'POST' : 'PATCH'),
    extra: (op) => warningsOf(writeOf(object, op)),
  });
  const results = byIndex([...written, ...refused]);
  if (object.extra.contactRoles) return writeContactRoles(client, sendable, results);
  if (object.extra.prices) return writePrices(client, sendable, results);
  return results;
}

type Answer = Array<{ id?: string; success: boolean; errors?: SalesforceError[] }>;

/** The activity types each kind writes (events are meetings; calls and e-mails are logged tasks). */
const KIND_TYPES: Record<string, readonly string[]> = { Event: ['MEETING'], Task: ['CALL', 'EMAIL'] };

/**
 * A several-sObject type: a create goes to the sObject of its `type`, an update to the one its id's key prefix names;
 * a record cannot change sObject (a meeting does not become a call).
 */
async function writeKinds(client: ProviderClient, kinds: readonly SalesforceDecl[], ops: PushOperation[]): Promise<PushResult[]> {
  const groups = new Map<SalesforceDecl, PushOperation[]>();
  const failed: PushResult[] = [];
  for (const op of ops) {
    const type = op.data['type'];
    const fail = (message: string) => failed.push({ index: op.index, success: false, id: op.id, errors: [message], mayHaveApplied: false });
    const byId = op.id === null ? undefined : kinds.find((k) => k.extra.prefix !== undefined && (op.id as string).startsWith(k.extra.prefix));
    const byType = kinds.find((k) => KIND_TYPES[k.path]?.includes(String(type)));
    if (op.id !== null && !byId) fail(`No Salesforce event or task has the id ${op.id}`);
    else if (op.id === null && !byType)
      fail(`Salesforce keeps activities of type MEETING (events), CALL and EMAIL (logged tasks); not '${String(type)}'`);
    else if (byId && type !== undefined && type !== null && byType !== byId)
      fail(`Salesforce cannot change an activity's type (this one is a ${byId.path === 'Event' ? 'meeting' : 'logged call or e-mail'})`);
    else {
      const kind = (byId ?? byType) as SalesforceDecl;
      groups.set(kind, [...(groups.get(kind) ?? []), op]);
    }
  }
  const results = [...failed];
  for (const [kind, group] of groups) results.push(...(await write(client, kind, group)));
  return byIndex(results);
}

/**
 * A written product's `unit_price` becomes its standard price book entry: updated where it has one, created (active)
 * where it has none. A price Salesforce refuses is a warning on the product's result.
 */
async function writePrices(client: ProviderClient, ops: PushOperation[], results: PushResult[]): Promise<PushResult[]> {
  const wanted = new Map<string, { result: PushResult; price: string }>();
  for (const op of ops) {
    const result = results.find((r) => r.index === op.index);
    const price = op.data['unit_price'];
    if (result?.success && result.id && typeof price === 'string') wanted.set(result.id, { result, price });
    else if (result?.success && price === null)
      result.warnings = [...(result.warnings ?? []), 'Salesforce keeps a list price once set; unit_price was not cleared'];
  }
  if (!wanted.size) return results;
  const book = await standardPricebook(client);
  if (!book) {
    for (const { result } of wanted.values())
      result.warnings = [...(result.warnings ?? []), 'The org has no standard price book; unit_price was not written'];
    return results;
  }
  const existing = new Map((await standardPricesOf(client, book, [...wanted.keys()])).map((e) => [String(e['Product2Id']), String(e.Id)]));
  const entries = [...wanted].map(([product, { result, price }]) => {
    const id = existing.get(product);
    const record = id
      ? { attributes: { type: 'PricebookEntry' }, Id: id, UnitPrice: Number(price) }
      : { attributes: { type: 'PricebookEntry' }, Pricebook2Id: book, Product2Id: product, UnitPrice: Number(price), IsActive: true };
    return { result, record, method: id ? ('PATCH' as const) : ('POST' as const) };
  });
  for (const method of ['POST', 'PATCH'] as const) {
    const batch = entries.filter((e) => e.method === method);
    for (let i = 0; i < batch.length; i += 200) {
      const chunk = batch.slice(i, i + 200);
      const json = { allOrNone: false, records: chunk.map((e) => e.record) };
      const body = (await client.request<Answer>({ method, path: `${DATA}/composite/sobjects`, json })).body;
      chunk.forEach((e, k) => {
        const r = body[k];
        if (!r?.success) {
          e.result.warnings = [
            ...(e.result.warnings ?? []),
            `Salesforce did not write the list price: ${(r?.errors ?? []).map(describeError).join('; ') || 'no result'}`,
          ];
        }
      });
    }
  }
  return results;
}

/**
 * A written deal's `contact_ids` become its contact roles: the missing ones are created (the first as primary when
 * the deal has none), those of contacts no longer listed deleted. The deal is written either way; a role Salesforce
 * refuses is a warning on the deal's result.
 */
async function writeContactRoles(client: ProviderClient, ops: PushOperation[], results: PushResult[]): Promise<PushResult[]> {
  const wanted = new Map<string, { result: PushResult; contacts: string[] }>();
  for (const op of ops) {
    const result = results.find((r) => r.index === op.index);
    const ids = op.data['contact_ids'];
    if (result?.success && result.id && Array.isArray(ids)) wanted.set(result.id, { result, contacts: [...new Set(ids.map(String))] });
  }
  if (!wanted.size) return results;
  const existing = await contactRolesOf(client, [...wanted.keys()]);
  const creates: Array<{ deal: string; record: Record<string, unknown> }> = [];
  const deletes: Array<{ deal: string; id: string }> = [];
  for (const [deal, { contacts }] of wanted) {
    const roles = existing.filter((r) => r['OpportunityId'] === deal);
    const held = new Set(roles.map((r) => String(r['ContactId'])));
    let primary = roles.some((r) => r['IsPrimary'] === true && contacts.includes(String(r['ContactId'])));
    for (const contact of contacts.filter((c) => !held.has(c))) {
      creates.push({
        deal,
        record: { attributes: { type: 'OpportunityContactRole' }, OpportunityId: deal, ContactId: contact, IsPrimary: !primary },
      });
      primary = true;
    }
    for (const role of roles) if (!contacts.includes(String(role['ContactId']))) deletes.push({ deal, id: String(role.Id) });
  }
  const warn = (deal: string, message: string) => {
    const entry = wanted.get(deal);
    if (entry) entry.result.warnings = [...(entry.result.warnings ?? []), message];
  };
  for (let i = 0; i < creates.length; i += 200) {
    const chunk = creates.slice(i, i + 200);
    const json = { allOrNone: false, records: chunk.map((c) => c.record) };
    const body = (await client.request<Answer>({ method: 'POST', path: `${DATA}/composite/sobjects`, json })).body;
    chunk.forEach((c, k) => {
      const r = body[k];
      if (!r?.success)
        warn(
          c.deal,
          `Salesforce did not link contact ${String(c.record['ContactId'])}: ${(r?.errors ?? []).map(describeError).join('; ') || 'no result'}`,
        );
    });
  }
  for (let i = 0; i < deletes.length; i += 200) {
    const chunk = deletes.slice(i, i + 200);
    const query = { ids: chunk.map((d) => d.id).join(','), allOrNone: 'false' };
    const body = (await client.request<Answer>({ method: 'DELETE', path: `${DATA}/composite/sobjects`, query })).body;
    chunk.forEach((d, k) => {
      const r = body[k];
      if (!r?.success)
        warn(d.deal, `Salesforce did not unlink contact role ${d.id}: ${(r?.errors ?? []).map(describeError).join('; ') || 'no result'}`);
    });
  }
  return results;
}

async function collection(client: ProviderClient, object: SalesforceDecl, ops: PushOperation[], method: 'POST' | 'PATCH'): Promise<PushResult[]> {
  const writes = ops.map((op) => writeOf(object, op));
  const records = ops.map((op, i) => ({
    attributes: { type: object.path },
    ...(method === 'PATCH' ? { Id: op.id } : {}),
    ...(writes[i] as SalesforceWrite).fields,
    ...op.fields,
  }));
  type Answer = Array<{ id?: string; success: boolean; errors?: SalesforceError[] }>;
  const body = (await client.request<Answer>({ method, path: `${DATA}/composite/sobjects`, json: { allOrNone: false, records } })).body;
  return ops.map((op, i) => {
    const r = body[i];
    if (!r) return { index: op.index, success: false, id: op.id, errors: ['Salesforce returned no result for this record.'], mayHaveApplied: true };
    return r.success
      ? { index: op.index, success: true, id: r.id ?? op.id, errors: [], ...warningsOf(writes[i]) }
      : { index: op.index, success: false, id: op.id, errors: (r.errors ?? []).map(describeError), mayHaveApplied: false, ...warningsOf(writes[i]) };
  });
}
