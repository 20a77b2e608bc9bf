/**
 * Mailchimp's JSON for the fake's records: lists (audiences) with their stats, members with their merge fields
 * (`FNAME`, `LNAME`, `PHONE`, `ADDRESS`), tags as `{id, name}`, times as `2015-09-16T19:24:29+00:00`; and
 * `fields` / `exclude_fields` (comma-separated, dot notation into nested objects and arrays) applied to a whole answer.
 */
import { createHash } from 'node:crypto';

import { listIdOf, type MailchimpRecord, mailchimpTime, type MemberFields, subscriberHash } from './records.js';
import type { MailchimpAccount } from './service.js';

type Json = Record<string, unknown>;

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** The id of a tag name: the same in every list of an account. */
export const tagIdOf = (name: string): number => parseInt(hex(`tag:${name}`, 6), 16);

export function renderList(account: MailchimpAccount, r: MailchimpRecord): Json {
  const id = listIdOf(r.id);
  const counts = account.memberCounts(r.id);
  return {
    id,
    web_id: r.id % 1_000_000,
    name: r.fields['name'],
    contact: {
      company: account.companyName,
      address1: '675 Ponce de Leon Ave NE',
      address2: 'Suite 5000',
      city: 'Atlanta',
      state: 'GA',
      zip: '30308',
      country: 'US',
      phone: '',
    },
    permission_reminder: 'You signed up for updates on our website.',
    use_archive_bar: true,
    campaign_defaults: { from_name: account.companyName, from_email: `news@${account.domain}`, subject: '', language: 'en' },
    notify_on_subscribe: '',
    notify_on_unsubscribe: '',
    date_created: mailchimpTime(r.createdAt),
    list_rating: 0,
    email_type_option: false,
    subscribe_url_short: `http://eepurl.com/${hex(id, 6)}`,
    subscribe_url_long: `https://${account.domain}.us21.list-manage.com/subscribe?u=${hex(account.key, 25)}&id=${id}`,
    beamer_address: `us21-${hex(id, 10)}-${hex(`${id}b`, 10)}@inbound.mailchimp.com`,
    visibility: 'pub',
    double_optin: false,
    has_welcome: false,
    marketing_permissions: false,
    modules: [],
    stats: {
      member_count: counts.subscribed,
      unsubscribe_count: counts.unsubscribed,
      cleaned_count: counts.cleaned,
      member_count_since_send: counts.subscribed,
      unsubscribe_count_since_send: counts.unsubscribed,
      cleaned_count_since_send: counts.cleaned,
      campaign_count: 0,
      campaign_last_sent: '',
      merge_field_count: 4,
      avg_sub_rate: 0,
      avg_unsub_rate: 0,
      target_sub_rate: 0,
      open_rate: 0,
      click_rate: 0,
      last_sub_date: '',
      last_unsub_date: '',
    },
    _links: [],
  };
}

export function renderMember(r: MailchimpRecord): Json {
  const f = r.fields as MemberFields;
  const listId = listIdOf(f.list);
  const hash = subscriberHash(f.email);
  const address: Json | string = f.address === null ? '' : { ...f.address };
  return {
    id: hash,
    email_address: f.email,
    unique_email_id: hex(`${f.email.toLowerCase()}:${listId}`, 10),
    contact_id: hex(`contact:${f.email.toLowerCase()}`, 32),
    full_name: [f.firstName, f.lastName].filter(Boolean).join(' '),
    web_id: r.id,
    email_type: 'html',
    status: f.status,
    consents_to_one_to_one_messaging: true,
    merge_fields: { FNAME: f.firstName, LNAME: f.lastName, ADDRESS: address, PHONE: f.phone },
    stats: { avg_open_rate: 0, avg_click_rate: 0 },
    ip_signup: '',
    timestamp_signup: '',
    ip_opt: '',
    timestamp_opt: f.optedInAt === null ? '' : mailchimpTime(f.optedInAt),
    member_rating: 2,
    last_changed: mailchimpTime(r.updatedAt),
    language: f.language,
    vip: f.vip,
    email_client: '',
    location: { latitude: 0, longitude: 0, gmtoff: 0, dstoff: 0, country_code: '', timezone: '', region: '' },
    source: f.source,
    tags_count: f.tags.length,
    tags: f.tags.map((name) => ({ id: tagIdOf(name), name })),
    list_id: listId,
    _links: [],
  };
}

/** The paths of a comma-separated `fields` / `exclude_fields` parameter, or undefined without it. */
export function pathsOf(raw: unknown): string[][] | undefined {
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => String(v).split(','))
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.split('.'));
}

/** An answer narrowed to `fields` (only those paths) and then without `exclude_fields`; arrays are reached through. */
export function narrow(answer: unknown, fields: string[][] | undefined, exclude: string[][] | undefined): unknown {
  let out = fields === undefined ? answer : keep(answer, fields);
  if (exclude !== undefined) for (const path of exclude) out = drop(out, path);
  return out;
}

function keep(value: unknown, paths: string[][]): unknown {
  if (Array.isArray(value)) return value.map((v) => keep(v, paths));
  if (value === null || typeof value !== 'object') return value;
  if (paths.some((p) => p.length === 0)) return value;
  const o = value as Json;
  const out: Json = {};
  for (const [head, ...rest] of paths) {
    if (head === undefined || !Object.hasOwn(o, head)) continue;
    const sub = paths.filter((p) => p[0] === head).map((p) => p.slice(1));
    if (!Object.hasOwn(out, head)) out[head] = rest.length === 0 ? o[head] : keep(o[head], sub);
  }
  return out;
}

function drop(value: unknown, path: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => drop(v, path));
  if (value === null || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(value, head)) return value;
  const out = { ...(value as Json) };
  if (rest.length === 0) delete out[head];
  else out[head] = drop(out[head], rest);
  return out;
}
