/**
 * One Zoho CRM org of the sandbox: its data centre, users, and the records of its modules (Accounts, Contacts,
 * Deals, Notes, Tasks), seeded deterministically from the account name and linked as Zoho links them (lookups
 * `{id, name}`, a note's `Parent_Id` with its module, a task's `Who_Id`/`What_Id` with `$se_module`); its deleted
 * records; and its API credits (a rolling 24 h count) and concurrent requests.
 */
import { asText } from '../../lib/text.js';
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { companyIdentity, FIRST_NAMES, JOB_TITLES, LAST_NAMES, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { companyStem } from '../shared/objects-seed.js';
import type { ProviderJournal } from '../shared/persistence.js';
import { createRng, hashString, mixSeed } from '../shared/prng.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { type Location, locationOf } from './oauth-store.js';

export type ZohoRecord = Record<string, unknown> & { id: string };

export const MODULES = ['Accounts', 'Contacts', 'Deals', 'Notes', 'Tasks', 'Leads', 'Calls', 'Events'] as const;
export type ModuleName = (typeof MODULES)[number];

export interface ZohoUser {
  id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  email: string;
  status: 'active' | 'disabled';
  role: { name: string; id: string };
  profile: { name: string; id: string };
  created_time: string;
  Modified_Time: string;
  time_zone: string;
}

export interface DeletedRecord {
  id: string;
  display_name: string;
  type: 'recycle';
  deleted_by: { name: string; id: string };
  created_by: { name: string; id: string };
  deleted_time: string;
}

/** A record as the state file holds it: its whole state, or its recycle-bin entry once deleted. */
type StoredRecord = { kind: 'record'; record: ZohoRecord } | { kind: 'deleted'; entry: DeletedRecord };

export interface OrgSettings {
  seed: { contacts: number; companies: number; deals: number };
  /** API credits per rolling 24 h; null: not enforced (headers still sent). */
  credits: number | null;
  /** Requests one org may have in flight at once; null: not enforced. */
  concurrency: number | null;
  now: () => number;
  /** The sandbox's state file: records created, changed and deleted are stored there and read back at the start. */
  journal?: ProviderJournal;
}

export const STAGES = [
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
  'Closed Lost to Competition',
] as const;
const STAGE_PROBABILITY = [10, 20, 40, 60, 75, 75, 90, 100, 0, 0];
const INDUSTRIES = ['Technology', 'Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Education', 'Consulting'];
const LEAD_SOURCES = ['Advertisement', 'Cold Call', 'Employee Referral', 'Web Download', 'Trade Show', 'Partner'];
export const LEAD_STATUSES = [
  'Attempted to Contact',
  'Contact in Future',
  'Contacted',
  'Junk Lead',
  'Lost Lead',
  'Not Contacted',
  'Pre-Qualified',
  'Not Qualified',
] as const;
/** The values of contacts' custom picklist `Customer_Tier`. */
export const CUSTOMER_TIERS = ['Gold', 'Silver', 'Bronze'] as const;
export const TASK_STATUSES = ['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input'] as const;
export const TASK_PRIORITIES = ['High', 'Highest', 'Low', 'Lowest', 'Normal'] as const;

/** Seed instants are drawn in the year before this one (fixed: the seed does not depend on the clock). */
const SEED_EPOCH = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/** A name as an e-mail address's part: lower case, letters and digits only (no accents, spaces or apostrophes). */
const mailbox = (name: string) =>
  name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** Zoho's date-time text, to the second with an offset. */
export const zohoTime = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');

/** One sandbox org. */
export class ZohoOrg {
  readonly key: string;
  readonly location: Location;
  readonly orgId: string;
  readonly users: ZohoUser[];
  readonly counters = new RequestCounters();
  /** Failures queued for the org's next API requests (the control API's faults). */
  readonly faults = new FaultQueue();
  readonly credits: RollingUsageCounter;
  readonly settings: OrgSettings;
  /** Requests in flight now. */
  inFlight = 0;
  readonly #records = new Map<ModuleName, Map<string, ZohoRecord>>();
  readonly #deleted = new Map<ModuleName, DeletedRecord[]>();
  #nextId = 0;

  constructor(key: string, settings: OrgSettings) {
    this.key = key;
    this.settings = settings;
    this.location = locationOf(key);
    const seed = hashString(`zoho:${key}`);
    this.orgId = String(1_000_000 + (seed % 8_999_999));
    this.credits = new RollingUsageCounter({ windowMs: DAY, bucketMs: 60_000 }, settings.now);
    for (const m of MODULES) {
      this.#records.set(m, new Map());
      this.#deleted.set(m, []);
    }
    this.users = this.#seedUsers(seed);
    this.#seed(seed);
    this.#load();
  }

  /** What the state file holds of this org, over the seed: records as last written, deleted ones in the recycle bin. */
  #load(): void {
    if (!this.settings.journal) return;
    const prefix = `${this.orgId}000000`;
    for (const m of MODULES) {
      const stored = (this.settings.journal.recordJournal(this.key, m).load() as StoredRecord[])
        .map((stored) => ({ id: stored.kind === 'deleted' ? stored.entry.id : stored.record.id, stored }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const deleted: DeletedRecord[] = [];
      for (const { id, stored: s } of stored) {
        if (id.startsWith(prefix)) this.#nextId = Math.max(this.#nextId, Number(id.slice(prefix.length)));
        if (s.kind === 'deleted') {
          this.records(m).delete(id);
          deleted.push(s.entry);
        } else {
          this.records(m).set(id, s.record);
        }
      }
      deleted.sort((a, b) => (a.deleted_time < b.deleted_time ? -1 : a.deleted_time > b.deleted_time ? 1 : 0));
      this.deleted(m).push(...deleted);
    }
  }

  /** Adds a new record to a module (and to the state file). */
  put(module: ModuleName, record: ZohoRecord): void {
    this.records(module).set(record.id, record);
    this.saved(module, record);
  }

  /** Stores a record's current state after a change made in place. */
  saved(module: ModuleName, record: ZohoRecord): void {
    this.settings.journal?.recordJournal(this.key, module).put(record.id, { kind: 'record', record } satisfies StoredRecord);
  }

  /** Back to the seed: records, recycle bin, credits, counters and faults as when the org was first used. */
  reset(): void {
    for (const m of MODULES) {
      this.records(m).clear();
      this.deleted(m).length = 0;
      this.settings.journal?.recordJournal(this.key, m).clear();
    }
    this.#nextId = 0;
    const seed = hashString(`zoho:${this.key}`);
    // The users take the same ids again, so that the records' ids follow where they did.
    this.#seedUsers(seed);
    this.#seed(seed);
    this.credits.reset();
    this.counters.reset();
    this.faults.clear();
  }

  /** A new record id: the org's number, then a running number (19 digits, so text order is id order). */
  newId(): string {
    this.#nextId += 1;
    return `${this.orgId}000000${String(this.#nextId).padStart(6, '0')}`;
  }

  get admin(): ZohoUser {
    return this.users[0] as ZohoUser;
  }

  /** The org's credits per 24 h (Standard edition: 50,000 plus 250 per user licence), or null. */
  get creditLimit(): number | null {
    return this.settings.credits;
  }

  records(module: ModuleName): Map<string, ZohoRecord> {
    return this.#records.get(module) as Map<string, ZohoRecord>;
  }

  deleted(module: ModuleName): DeletedRecord[] {
    return this.#deleted.get(module) as DeletedRecord[];
  }

  /** The record with this id in any module, with its module. */
  find(id: string): { module: ModuleName; record: ZohoRecord } | undefined {
    for (const m of MODULES) {
      const record = this.records(m).get(id);
      if (record) return { module: m, record };
    }
    return undefined;
  }

  /** Moves a record to the recycle bin (what `/deleted` lists). */
  remove(module: ModuleName, id: string, by: ZohoUser): boolean {
    const record = this.records(module).get(id);
    if (!record) return false;
    this.records(module).delete(id);
    const owner = record['Owner'] as { id: string; name: string } | undefined;
    const entry: DeletedRecord = {
      id,
      display_name: displayName(module, record),
      type: 'recycle',
      deleted_by: { name: by.full_name, id: by.id },
      created_by: { name: owner?.name ?? by.full_name, id: owner?.id ?? by.id },
      deleted_time: zohoTime(this.settings.now()),
    };
    this.deleted(module).push(entry);
    this.settings.journal?.recordJournal(this.key, module).put(id, { kind: 'deleted', entry } satisfies StoredRecord);
    return true;
  }

  ownerOf(user: ZohoUser) {
    return { id: user.id, name: user.full_name, email: user.email };
  }

  #seedUsers(seed: number): ZohoUser[] {
    const rng = createRng(mixSeed(seed, 1));
    const profiles = [
      { name: 'Administrator', id: `${this.orgId}000000026011` },
      { name: 'Standard', id: `${this.orgId}000000026014` },
    ];
    const roles = [
      { name: 'CEO', id: `${this.orgId}000000026005` },
      { name: 'Manager', id: `${this.orgId}000000026008` },
    ];
    return [0, 1, 2].map((i) => {
      const { first, last } = personName(rng);
      const created = zohoTime(SEED_EPOCH - 400 * DAY + i * DAY);
      return {
        id: this.newId(),
        first_name: first,
        last_name: last,
        full_name: `${first} ${last}`,
        email: `${mailbox(first)}.${mailbox(last)}@${this.key.replace(/[^a-z0-9]+/g, '')}.example.com`,
        status: i === 2 ? 'disabled' : 'active',
        role: roles[i === 0 ? 0 : 1] as { name: string; id: string },
        profile: profiles[i === 0 ? 0 : 1] as { name: string; id: string },
        created_time: created,
        Modified_Time: created,
        time_zone: 'Etc/UTC',
      };
    });
  }

  #times(rng: ReturnType<typeof createRng>) {
    const created = SEED_EPOCH - 365 * DAY + rng.int(300 * DAY);
    const modified = created + rng.int(60 * DAY);
    return { Created_Time: zohoTime(created), Modified_Time: zohoTime(modified) };
  }

  #owner(rng: ReturnType<typeof createRng>) {
    return this.ownerOf(this.users[rng.int(2)] as ZohoUser);
  }

  #seed(seed: number): void {
    const { contacts, companies, deals } = this.settings.seed;
    const accounts: ZohoRecord[] = [];
    for (let i = 0; i < companies; i++) {
      const rng = createRng(mixSeed(seed, 2, i));
      const { name, domain } = companyIdentity(rng, companyStem(i, seed));
      const place = rng.pick(PLACES);
      const record: ZohoRecord = {
        id: this.newId(),
        Account_Name: name,
        Website: `https://www.${domain}`,
        Industry: rng.pick(INDUSTRIES),
        Employees: rng.between(5, 5000),
        Annual_Revenue: rng.between(1, 500) * 100_000,
        Phone: phoneNumber(rng, place),
        Fax: null,
        Billing_Street: streetAddress(rng),
        Billing_City: place.city,
        Billing_State: place.state,
        Billing_Code: postalCode(rng, place),
        Billing_Country: place.country,
        Description: null,
        Owner: this.#owner(rng),
        ...this.#times(rng),
      };
      accounts.push(record);
      this.records('Accounts').set(record.id, record);
    }
    const people: ZohoRecord[] = [];
    for (let i = 0; i < contacts; i++) {
      const rng = createRng(mixSeed(seed, 3, i));
      const first = rng.pick(FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const place = rng.pick(PLACES);
      const account = accounts.length && !rng.chance(0.1) ? accounts[rng.int(accounts.length)] : undefined;
      const record: ZohoRecord = {
        id: this.newId(),
        First_Name: first,
        Last_Name: last,
        Full_Name: `${first} ${last}`,
        Email: `${mailbox(first)}.${mailbox(last)}.${i}@example.com`,
        Secondary_Email: null,
        Title: rng.pick(JOB_TITLES),
        Phone: phoneNumber(rng, place),
        Mobile: rng.chance(0.5) ? phoneNumber(rng, place) : null,
        Home_Phone: null,
        Fax: null,
        Other_Phone: null,
        Mailing_Street: streetAddress(rng),
        Mailing_City: place.city,
        Mailing_State: place.state,
        Mailing_Zip: postalCode(rng, place),
        Mailing_Country: place.country,
        Lead_Source: rng.pick(LEAD_SOURCES),
        Account_Name: account ? { id: account.id, name: account['Account_Name'] } : null,
        Owner: this.#owner(rng),
        Description: null,
        ...this.#times(rng),
        // A field the org made itself (custom fields are what passthrough fields carry).
        Customer_Tier: rng.chance(0.2) ? null : rng.pick(CUSTOMER_TIERS),
      };
      people.push(record);
      this.records('Contacts').set(record.id, record);
    }
    const dealRecords: ZohoRecord[] = [];
    for (let i = 0; i < deals; i++) {
      const rng = createRng(mixSeed(seed, 4, i));
      const stage = rng.int(STAGES.length);
      const contact = people.length ? people[rng.int(people.length)] : undefined;
      const account = contact?.['Account_Name'] as { id: string; name: string } | null | undefined;
      const times = this.#times(rng);
      const record: ZohoRecord = {
        id: this.newId(),
        Deal_Name: `${asText(account?.name ?? contact?.['Full_Name'], 'Deal')} - ${rng.pick(['Renewal', 'Expansion', 'New business', 'Pilot'])}`,
        Amount: rng.between(10, 2000) * 50,
        Currency: this.location === 'eu' ? 'EUR' : this.location === 'in' ? 'INR' : 'USD',
        Stage: STAGES[stage],
        Probability: STAGE_PROBABILITY[stage],
        Pipeline: 'Standard (Standard)',
        Closing_Date: times.Modified_Time.slice(0, 10),
        Account_Name: account ?? null,
        Contact_Name: contact ? { id: contact.id, name: contact['Full_Name'] } : null,
        Owner: this.#owner(rng),
        Description: null,
        Last_Activity_Time: null,
        ...times,
      };
      dealRecords.push(record);
      this.records('Deals').set(record.id, record);
    }
    // One note and one task per deal: on the deal, its contact or its account in turn.
    for (let i = 0; i < dealRecords.length; i++) {
      const deal = dealRecords[i] as ZohoRecord;
      const rng = createRng(mixSeed(seed, 5, i));
      const contact = deal['Contact_Name'] as { id: string; name: string } | null;
      const account = deal['Account_Name'] as { id: string; name: string } | null;
      const parents: Array<[ModuleName, { id: string; name: string }]> = [['Deals', { id: deal.id, name: String(deal['Deal_Name']) }]];
      if (contact) parents.push(['Contacts', contact]);
      if (account) parents.push(['Accounts', account]);
      const [module, parent] = parents[i % parents.length] as [ModuleName, { id: string; name: string }];
      const note: ZohoRecord = {
        id: this.newId(),
        Note_Title: rng.pick(['Call notes', 'Follow-up', 'Meeting summary', null]),
        Note_Content: rng.pick(['Discussed pricing and timeline.', 'Sent the proposal.', 'Asked for a reference customer.']),
        Parent_Id: { module: { api_name: module, id: `${this.orgId}000000002175` }, id: parent.id, name: parent.name },
        Owner: deal['Owner'],
        ...this.#times(rng),
      };
      this.records('Notes').set(note.id, note);
      const status = rng.pick(TASK_STATUSES);
      const times = this.#times(rng);
      const [whatModule, what] = i % 2 === 0 || !account ? (['Deals', parents[0]?.[1]] as const) : (['Accounts', account] as const);
      const task: ZohoRecord = {
        id: this.newId(),
        Subject: rng.pick(['Call back', 'Send contract', 'Prepare demo', 'Check in']),
        Description: null,
        Status: status,
        Priority: rng.pick(TASK_PRIORITIES),
        Due_Date: times.Modified_Time.slice(0, 10),
        Closed_Time: status === 'Completed' ? times.Modified_Time : null,
        Who_Id: contact,
        What_Id: what ?? null,
        $se_module: what ? whatModule : null,
        Owner: deal['Owner'],
        ...times,
      };
      this.records('Tasks').set(task.id, task);
      // A call with the deal's contact and a meeting on the deal.
      const start = Date.parse(times.Created_Time) + DAY;
      const seconds = rng.between(30, 1800);
      const call: ZohoRecord = {
        id: this.newId(),
        Subject: rng.pick(['Discovery call', 'Follow-up call', 'Pricing call']),
        Call_Type: rng.pick(['Outbound', 'Inbound']),
        Call_Start_Time: zohoTime(start),
        Call_Duration: `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`,
        Call_Duration_in_seconds: seconds,
        Description: null,
        Who_Id: contact,
        What_Id: parents[0]?.[1] ?? null,
        $se_module: 'Deals',
        Owner: deal['Owner'],
        Created_Time: zohoTime(start),
        Modified_Time: zohoTime(start),
      };
      this.records('Calls').set(call.id, call);
      const event: ZohoRecord = {
        id: this.newId(),
        Event_Title: rng.pick(['Demo', 'Kick-off meeting', 'Quarterly review']),
        Start_DateTime: zohoTime(start + 2 * DAY),
        End_DateTime: zohoTime(start + 2 * DAY + 3_600_000),
        Description: null,
        Who_Id: contact,
        What_Id: parents[0]?.[1] ?? null,
        $se_module: 'Deals',
        Owner: deal['Owner'],
        Created_Time: zohoTime(start),
        Modified_Time: zohoTime(start),
      };
      this.records('Events').set(event.id, event);
    }
    // Leads: as many as the accounts, with a company of their own.
    for (let i = 0; i < companies; i++) {
      const rng = createRng(mixSeed(seed, 6, i));
      const { first, last } = personName(rng);
      const place = rng.pick(PLACES);
      const { name } = companyIdentity(rng, companyStem(companies + i, seed));
      const lead: ZohoRecord = {
        id: this.newId(),
        First_Name: first,
        Last_Name: last,
        Full_Name: `${first} ${last}`,
        Company: name,
        Designation: rng.pick(JOB_TITLES),
        Email: `${mailbox(first)}.${mailbox(last)}.lead${i}@example.org`,
        Secondary_Email: null,
        Phone: phoneNumber(rng, place),
        Mobile: null,
        Fax: null,
        Street: streetAddress(rng),
        City: place.city,
        State: place.state,
        Zip_Code: postalCode(rng, place),
        Country: place.country,
        Lead_Status: rng.pick(LEAD_STATUSES),
        Lead_Source: rng.pick(LEAD_SOURCES),
        Owner: this.#owner(rng),
        ...this.#times(rng),
      };
      this.records('Leads').set(lead.id, lead);
    }
  }
}

/** What a module's records are named by in lists of deleted records and in lookups. */
export const NAME_FIELD: Record<ModuleName, string> = {
  Accounts: 'Account_Name',
  Contacts: 'Full_Name',
  Deals: 'Deal_Name',
  Notes: 'Note_Title',
  Tasks: 'Subject',
  Leads: 'Full_Name',
  Calls: 'Subject',
  Events: 'Event_Title',
};

export function displayName(module: ModuleName, record: ZohoRecord): string {
  return asText(record[NAME_FIELD[module]]);
}
