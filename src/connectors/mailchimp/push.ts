/**
 * Mailchimp's writes, one member per request, by subscriber hash (the MD5 of the lowercased address):
 * a new contact is `PUT /3.0/lists/{list_id}/members/{hash}` with `status_if_new` (an upsert: sent again after a
 * timeout, it makes no second member; an address already in the audience is updated), into its `list_id` or the
 * account's only audience; a change is `PATCH …/members/{hash}` (a new address moves the member to the hash of the new
 * one). Tags are written through `…/members/{hash}/tags` (added active, the others inactive), which the member writes
 * leave as they are. A member cannot move to another audience: that is reported, not written.
 */
import { createHash } from 'node:crypto';

import type { PushOperation, PushResult } from '../kit/connector.js';
import type { ProviderClient } from '../kit/http.js';
import { failureOf, writeEach } from '../kit/writes.js';
import { type MailchimpItem, MEMBER, memberIdOf, parseMemberId } from './mapping.js';
import { apiOf, listsOf, type MailchimpDecl } from './pull.js';

/** Concurrent single writes in one batch (Mailchimp refuses an eleventh request in flight). */
const WRITE_CONCURRENCY = 3;
const API = '/3.0';

const hashOf = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');

/** A body whose dotted keys (`merge_fields.FNAME`) are nested objects. */
function nested(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(flat)) {
    const parts = key.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts.at(-1) as string] = v;
  }
  return out;
}

/** The tag changes that make a member's tags exactly `names`. */
function tagChanges(member: MailchimpItem, names: string[]): Array<{ name: string; status: 'active' | 'inactive' }> {
  const current = (Array.isArray(member['tags']) ? (member['tags'] as Array<{ name?: unknown }>) : []).map((t) => String(t.name));
  return [
    ...names.filter((n) => !current.includes(n)).map((name) => ({ name, status: 'active' as const })),
    ...current.filter((n) => !names.includes(n)).map((name) => ({ name, status: 'inactive' as const })),
  ];
}

async function writeOne(client: ProviderClient, op: PushOperation): Promise<PushResult> {
  const mapped = MEMBER.write(op.data, undefined);
  const warnings = [...mapped.warnings];
  const refuse = (errors: string[]) => ({
    index: op.index,
    success: false,
    id: op.id,
    errors,
    mayHaveApplied: false,
    ...(warnings.length ? { warnings } : {}),
  });
  if (mapped.errors.length) return refuse(mapped.errors);
  const flat: Record<string, unknown> = { ...mapped.body };
  for (const [k, v] of Object.entries(op.fields ?? {})) if (v !== undefined) flat[k] = v;
  const tags = Object.hasOwn(flat, 'tags') ? (flat['tags'] as string[]) : undefined;
  delete flat['tags'];
  const list = flat['list_id'] as string | undefined;
  delete flat['list_id'];
  try {
    await apiOf(client);
    let member: MailchimpItem;
    let at: { list: string; hash: string };
    if (op.id === null) {
      const lists = list === undefined ? await listsOf(client) : [list];
      const target = lists.length === 1 ? lists[0] : undefined;
      if (target === undefined) return refuse([`A new Mailchimp contact needs a list_id: the account has ${lists.length} audiences`]);
      const email = flat['email_address'] as string;
      if (!Object.hasOwn(flat, 'status'))
        warnings.push('Mailchimp needs a status for a new contact: PENDING was written (Mailchimp asks the contact to confirm)');
      const body = nested({ ...flat, status_if_new: flat['status'] ?? 'pending' });
      at = { list: target, hash: hashOf(email) };
      member = (await client.request<MailchimpItem>({ method: 'PUT', path: `${API}/lists/${target}/members/${at.hash}`, json: body })).body;
    } else {
      const parsed = parseMemberId(op.id);
      if (parsed === undefined) return refuse([`Not a Mailchimp contact id ({list_id}:{subscriber hash}): '${op.id}'`]);
      if (list !== undefined && list !== parsed.list) warnings.push('Mailchimp cannot move a contact to another audience; list_id was not written');
      at = parsed;
      member = (
        await client.request<MailchimpItem>({ method: 'PATCH', path: `${API}/lists/${parsed.list}/members/${parsed.hash}`, json: nested(flat) })
      ).body;
    }
    if (tags !== undefined) {
      const changes = tagChanges(member, tags);
      const hash = typeof member['id'] === 'string' ? member['id'] : at.hash;
      if (changes.length) {
        await client.request({ method: 'POST', path: `${API}/lists/${at.list}/members/${hash}/tags`, json: { tags: changes } });
        member = { ...member, tags: tags.map((name) => ({ name })) };
      }
    }
    return { index: op.index, success: true, id: memberIdOf(member), errors: [], ...(warnings.length ? { warnings } : {}) };
  } catch (e) {
    return failureOf(op, e, warnings.length ? { warnings } : {});
  }
}

export function write(client: ProviderClient, _object: MailchimpDecl, ops: PushOperation[]): Promise<PushResult[]> {
  return writeEach(ops, (op) => writeOne(client, op), WRITE_CONCURRENCY);
}
