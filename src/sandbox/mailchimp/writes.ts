/**
 * What the Mailchimp fake takes in a member's create, update and upsert, with Mailchimp's rules and 400 answers:
 * `email_address` (a valid address, unique in its list), `status` (`subscribed`, `unsubscribed`, `cleaned`, `pending`,
 * `transactional`; on an upsert `status_if_new` for a new member), `merge_fields` (`FNAME`, `LNAME`, `PHONE`, `ADDRESS`
 * as `{addr1, addr2, city, state, zip, country}` or ''), `tags` (names, on a create only: an update leaves them),
 * `language`, `vip`. Subscribing stamps the opt-in time. An archived member (DELETE) is listed no more but comes back
 * when added again; one deleted for good cannot be added again (Forgotten Email Not Subscribed).
 */
import { asText } from '../../lib/text.js';
import { apiError, invalidResource } from './errors.js';
import { type MailchimpRecord, MEMBER_STATUSES, type MemberAddress, type MemberFields, type MemberStatus, subscriberHash } from './records.js';
import type { MailchimpAccount } from './service.js';

type Input = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const WRITABLE_STATUSES = MEMBER_STATUSES.filter((s) => s !== 'archived');

/** The body as an object. @throws Mailchimp's 400 when it is not one */
export function inputOf(body: unknown): Input {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw apiError(400, 'JSON Schema Validation Failed', 'The request body must be a JSON object.');
  return body as Input;
}

function statusOf(field: string, value: unknown): MemberStatus {
  if (typeof value !== 'string' || !(WRITABLE_STATUSES as readonly string[]).includes(value))
    throw invalidResource([{ field, message: `Data presented is not one of the accepted values: ${WRITABLE_STATUSES.join(', ')}.` }]);
  return value as MemberStatus;
}

function emailOf(value: unknown): string {
  if (typeof value !== 'string' || !EMAIL.test(value))
    throw invalidResource([{ field: 'email_address', message: 'Please provide a valid email address.' }]);
  return value;
}

function addressOf(value: unknown): MemberAddress | null {
  if (value === '' || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidResource([{ field: 'ADDRESS', message: 'Please enter a complete address' }]);
  const a = value as Input;
  const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  if (!text('addr1') || !text('city') || !text('state') || !text('zip'))
    throw invalidResource([{ field: 'ADDRESS', message: 'Please enter a complete address' }]);
  return { addr1: text('addr1'), addr2: text('addr2'), city: text('city'), state: text('state'), zip: text('zip'), country: text('country') || 'US' };
}

/** The fields an input writes onto a member (all but e-mail, status and tags). */
function apply(fields: MemberFields, input: Input): void {
  if (Object.hasOwn(input, 'merge_fields')) {
    const m = input['merge_fields'];
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      throw invalidResource([{ field: 'merge_fields', message: 'Schema describes object, array found instead' }]);
    const merge = m as Input;
    for (const [key, name] of [
      ['FNAME', 'firstName'],
      ['LNAME', 'lastName'],
      ['PHONE', 'phone'],
    ] as const) {
      if (!Object.hasOwn(merge, key)) continue;
      if (typeof merge[key] !== 'string') throw invalidResource([{ field: key, message: `Data presented is not a string: ${asText(merge[key])}` }]);
      fields[name] = merge[key];
    }
    if (Object.hasOwn(merge, 'ADDRESS')) fields.address = addressOf(merge['ADDRESS']);
    const unknown = Object.keys(merge).find((k) => !['FNAME', 'LNAME', 'PHONE', 'ADDRESS'].includes(k));
    if (unknown !== undefined) throw apiError(400, 'Invalid Resource', `Your merge fields were invalid: the merge field ${unknown} does not exist.`);
  }
  if (Object.hasOwn(input, 'language')) fields.language = asText(input['language']);
  if (Object.hasOwn(input, 'vip')) {
    if (typeof input['vip'] !== 'boolean') throw invalidResource([{ field: 'vip', message: 'Data presented is not a boolean.' }]);
    fields.vip = input['vip'];
  }
}

function setStatus(account: MailchimpAccount, fields: MemberFields, status: MemberStatus): void {
  if (status === 'subscribed' && fields.status !== 'subscribed') fields.optedInAt = account.now();
  fields.status = status;
}

/** The live member of a list with this subscriber hash (archived ones included). */
export function memberOf(account: MailchimpAccount, list: number, hash: string): MailchimpRecord | undefined {
  const store = account.store('members');
  const index = store.cached('by-hash', () => {
    const map = new Map<string, number>();
    for (const m of store.scanLive()) map.set(`${(m.fields as MemberFields).list}:${subscriberHash((m.fields as MemberFields).email)}`, m.id);
    return map;
  });
  const id = index.get(`${list}:${hash.toLowerCase()}`);
  return id === undefined ? undefined : store.live(id);
}

function forgotten(account: MailchimpAccount, list: number, email: string): boolean {
  return ((account.store('lists').get(list)?.fields['forgotten'] as string[] | undefined) ?? []).includes(subscriberHash(email));
}

function tagsOf(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((t) => typeof t !== 'string'))
    throw invalidResource([{ field: 'tags', message: 'Schema describes array of strings.' }]);
  return [...new Set(value as string[])];
}

/** POST /lists/{id}/members: a new member (or an archived one back). */
export function createMember(account: MailchimpAccount, list: number, input: Input): MailchimpRecord {
  const email = emailOf(input['email_address']);
  if (!Object.hasOwn(input, 'status')) throw invalidResource([{ field: 'status', message: 'This value should not be blank.' }]);
  const status = statusOf('status', input['status']);
  const existing = memberOf(account, list, subscriberHash(email));
  if (existing && (existing.fields as MemberFields).status !== 'archived')
    throw apiError(400, 'Member Exists', `${email} is already a list member. Use PUT to insert or update list members.`);
  if (forgotten(account, list, email))
    throw apiError(
      400,
      'Forgotten Email Not Subscribed',
      `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
    );
  const tags = Object.hasOwn(input, 'tags') ? tagsOf(input['tags']) : [];
  if (existing) {
    const fields = structuredClone(existing.fields) as MemberFields;
    apply(fields, input);
    setStatus(account, fields, status);
    fields.tags = [...new Set([...fields.tags, ...tags])];
    return account.store('members').update(existing.id, (copy) => void (copy.fields = fields));
  }
  if (account.writes.exhausted) throw apiError(403, 'Forbidden', 'The sandbox account has reached its limit of created records.');
  const fields: MemberFields = {
    list,
    email,
    status: 'unsubscribed',
    firstName: '',
    lastName: '',
    phone: '',
    address: null,
    tags,
    language: '',
    vip: false,
    optedInAt: null,
    source: 'API - Generic',
  };
  apply(fields, input);
  setStatus(account, fields, status);
  return account.store('members').insert((id) => ({ id, createdAt: 0, updatedAt: 0, fields }));
}

/** PATCH /lists/{id}/members/{hash}: the fields given (tags are left: Mailchimp writes them through /tags). */
export function updateMember(account: MailchimpAccount, member: MailchimpRecord, input: Input): MailchimpRecord {
  const fields = structuredClone(member.fields) as MemberFields;
  if (Object.hasOwn(input, 'email_address')) {
    const email = emailOf(input['email_address']);
    const other = memberOf(account, fields.list, subscriberHash(email));
    if (other && other.id !== member.id) throw apiError(400, 'Member Exists', `${email} is already a list member.`);
    fields.email = email;
  }
  apply(fields, input);
  if (Object.hasOwn(input, 'status')) setStatus(account, fields, statusOf('status', input['status']));
  return account.store('members').update(member.id, (copy) => void (copy.fields = fields));
}

/** PUT /lists/{id}/members/{hash}: an update of the member of this hash, or a new one (`status_if_new`). */
export function upsertMember(account: MailchimpAccount, list: number, hash: string, input: Input): MailchimpRecord {
  const email = emailOf(input['email_address']);
  if (subscriberHash(email) !== hash.toLowerCase())
    throw apiError(400, 'Invalid Resource', 'The subscriber hash in the path does not match the email address in the body.');
  const existing = memberOf(account, list, hash);
  if (existing && (existing.fields as MemberFields).status !== 'archived') return updateMember(account, existing, input);
  const status = Object.hasOwn(input, 'status_if_new') ? statusOf('status_if_new', input['status_if_new']) : undefined;
  if (status === undefined && !Object.hasOwn(input, 'status'))
    throw invalidResource([{ field: 'status_if_new', message: 'This value should not be blank.' }]);
  return createMember(account, list, { ...input, status: input['status'] ?? status });
}

/** POST /lists/{id}/members/{hash}/tags: tags made active (added) or inactive (removed). */
export function writeTags(account: MailchimpAccount, member: MailchimpRecord, input: Input): void {
  const tags = input['tags'];
  if (!Array.isArray(tags)) throw invalidResource([{ field: 'tags', message: 'This value should not be blank.' }]);
  const fields = structuredClone(member.fields) as MemberFields;
  for (const t of tags as Input[]) {
    const name = typeof t?.['name'] === 'string' ? t['name'] : undefined;
    if (name === undefined || (t['status'] !== 'active' && t['status'] !== 'inactive'))
      throw invalidResource([{ field: 'tags', message: "Each tag needs a name and a status of 'active' or 'inactive'." }]);
    fields.tags = t['status'] === 'active' ? [...new Set([...fields.tags, name])] : fields.tags.filter((n) => n !== name);
  }
  account.store('members').update(member.id, (copy) => void (copy.fields = fields));
}

/** DELETE /lists/{id}/members/{hash}: archived (kept, listed no more). */
export function archiveMember(account: MailchimpAccount, member: MailchimpRecord): void {
  account.store('members').update(member.id, (copy) => void ((copy.fields as MemberFields).status = 'archived'));
}

/** POST …/actions/delete-permanent: gone, and the address may not be added to the list again. */
export function deletePermanently(account: MailchimpAccount, member: MailchimpRecord): void {
  const f = member.fields as MemberFields;
  account.store('lists').update(f.list, (copy) => {
    copy.fields['forgotten'] = [...((copy.fields['forgotten'] as string[]) ?? []), subscriberHash(f.email)];
  });
  account.store('members').remove(member.id);
}
