/**
 * One Dataverse organization (environment) of the sandbox: its users, the rows of its tables seeded deterministically
 * from the account name (contacts at accounts, opportunities of an account and a contact, leads, tasks and notes
 * regarding opportunities and contacts), its GUIDs, and its service protection limits per user: requests in a
 * five-minute sliding window, concurrent requests, and the execution time the headers report.
 */
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { KeyedWindows, rollingWindow } from '../shared/keyed-windows.js';
import { companyIdentity, JOB_TITLES, personName, phoneNumber, PLACES, postalCode, streetAddress } from '../shared/names.js';
import { companyStem, seedEmail } from '../shared/objects-seed.js';
import { createRng, hashString, mixSeed, type Rng } from '../shared/prng.js';
import type { RollingWindowLimiter } from '../shared/rate-limit.js';
import { seedVehicle } from '../shared/vehicles.js';
import { type ActivityParty, ENTITIES, type EntityMeta, type LookupValue, type Row } from './model.js';

export interface OrgSettings {
  seed: { contacts: number; accounts: number; opportunities: number };
  /** Requests per user per five minutes; null: not enforced (headers still sent). */
  requests: number | null;
  /** Concurrent requests per user; null: not enforced. */
  concurrency: number | null;
  now: () => number;
}

/** Dataverse's service protection limits: 6,000 requests and 20 minutes of execution time per user per 5 minutes, 52 at once. */
export const WINDOW_MS = 300_000;
export const EXECUTION_MS = 1_200_000;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EPOCH = Date.UTC(2023, 0, 2);
const SET_INDEX: Record<string, number> = Object.fromEntries(Object.keys(ENTITIES).map((s, i) => [s, i]));

const INDUSTRIES = [1, 2, 3, 6, 7, 11, 12, 19, 20, 33];
const STAGES = ['1-Qualify', '2-Develop', '3-Propose', '4-Close'];
const CHANNELS = ['Email', 'Phone', 'Teams', 'Post'];

export class DataverseOrg {
  readonly key: string;
  readonly seed: number;
  readonly organizationId: string;
  readonly tenantId: string;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly #settings: OrgSettings;
  #tables = new Map<string, Map<string, Row>>();
  /** The `activityparty` rows of each activity, by the activity's id. */
  #parties = new Map<string, ActivityParty[]>();
  #next = new Map<string, number>();
  readonly #limiters = new KeyedWindows<RollingWindowLimiter>();
  #inFlight = new Map<string, number>();
  #version = 1_000_000;

  constructor(key: string, settings: OrgSettings) {
    this.key = key;
    this.#settings = settings;
    this.seed = hashString(`dynamics:${key}`);
    this.organizationId = this.guid('organization', 1);
    this.tenantId = this.guid('tenant', 1);
    this.#seed();
  }

  /** The GUID of the n-th row of a table: the org's and table's prefix, then n (SQL Server sorts GUIDs by their last group first). */
  guid(set: string, n: number): string {
    const h = mixSeed(this.seed, hashString(set));
    const p8 = (h >>> 0).toString(16).padStart(8, '0').slice(-8);
    const p4 = (mixSeed(h, 7) & 0xffff).toString(16).padStart(4, '0');
    return `${p8}-${p4}-ef11-a${(SET_INDEX[set] ?? 15).toString(16)}00-${n.toString(16).padStart(12, '0')}`;
  }

  /** A new row's GUID (sequential, like Dataverse's). */
  newGuid(set: string): string {
    const n = this.#next.get(set) ?? 1;
    this.#next.set(set, n + 1);
    return this.guid(set, n);
  }

  table(set: string): Map<string, Row> {
    let t = this.#tables.get(set);
    if (!t) this.#tables.set(set, (t = new Map<string, Row>()));
    return t;
  }

  /** The row of a table's logical name (`account`) with this id. */
  rowOf(logical: string, id: string): Row | undefined {
    const meta = Object.values(ENTITIES).find((e) => e.logical === logical);
    return meta ? this.table(meta.set).get(id.toLowerCase()) : undefined;
  }

  /** The `activityparty` rows of an activity, in the order they were added. */
  partiesOf(activityId: string): readonly ActivityParty[] {
    return this.#parties.get(activityId) ?? [];
  }

  get admin(): Row {
    return [...this.table('systemusers').values()][0] as Row;
  }

  /** The next row version (`versionnumber`, the ETag). */
  nextVersion(): number {
    return ++this.#version;
  }

  reset(): void {
    this.#tables.clear();
    this.#parties.clear();
    this.#next.clear();
    this.#limiters.clear();
    this.#inFlight.clear();
    this.counters.reset();
    this.faults.clear();
    this.#seed();
  }

  // --- Service protection limits, per user ---

  limiter(userId: string): RollingWindowLimiter {
    const { requests, now } = this.#settings;
    return this.#limiters.of(userId, () => rollingWindow({ max: requests ?? 6000, windowMs: WINDOW_MS }, now, requests !== null));
  }

  /** Takes a concurrent-request slot of a user; false when the user has as many in flight as allowed. */
  enter(userId: string): boolean {
    const n = this.#inFlight.get(userId) ?? 0;
    const max = this.#settings.concurrency;
    if (max !== null && n >= max) return false;
    this.#inFlight.set(userId, n + 1);
    return true;
  }

  leave(userId: string): void {
    this.#inFlight.set(userId, Math.max(0, (this.#inFlight.get(userId) ?? 1) - 1));
  }

  get concurrency(): number | null {
    return this.#settings.concurrency;
  }

  // --- Seed ---

  #insert(set: string, build: (id: string, rng: Rng, n: number) => Omit<Row, 'id'>, count: number): void {
    const table = this.table(set);
    for (let n = 1; n <= count; n++) {
      const id = this.guid(set, n);
      const row = build(id, createRng(mixSeed(this.seed, SET_INDEX[set] ?? 0, n)), n);
      table.set(id, { id, ...row });
    }
    this.#next.set(set, count + 1);
  }

  #times(rng: Rng, n: number, spacing: number): { createdon: number; modifiedon: number; versionnumber: number } {
    const createdon = Math.floor((EPOCH + n * spacing + rng.int(spacing)) / 1000) * 1000;
    return { createdon, modifiedon: createdon + Math.floor(rng.int(60 * DAY) / 1000) * 1000, versionnumber: 100_000 + n * 7 };
  }

  #seed(): void {
    const { contacts, accounts, opportunities } = this.#settings.seed;
    const users = 5;
    const slug = this.key.replace(/[^a-z0-9]+/g, '') || 'org';
    const owner = (rng: Rng) => ({ id: this.guid('systemusers', 1 + rng.int(users - 1)), logical: 'systemuser' });
    this.#insert(
      'systemusers',
      (_id, rng, n) => {
        const { first, last } = personName(rng);
        return {
          values: {
            firstname: first,
            lastname: last,
            fullname: `${first} ${last}`,
            internalemailaddress: `${first}.${last}@${slug}.onmicrosoft.com`.toLowerCase(),
            title: n === 1 ? 'System Administrator' : rng.pick(JOB_TITLES),
            isdisabled: n === users,
            ...this.#times(rng, n, DAY),
          },
          lookups: {},
        };
      },
      users,
    );
    const address = (rng: Rng) => {
      const place = rng.pick(PLACES);
      return {
        place,
        values: {
          address1_line1: streetAddress(rng),
          address1_line2: null,
          address1_line3: null,
          address1_city: place.city,
          address1_stateorprovince: place.state,
          address1_postalcode: postalCode(rng, place),
          address1_country: place.country,
        },
      };
    };
    const domains: string[] = [];
    this.#insert(
      'accounts',
      (_id, rng, n) => {
        const { name, domain } = companyIdentity(rng, companyStem(n - 1, this.seed));
        domains.push(domain);
        const a = address(rng);
        return {
          values: {
            name,
            description: null,
            industrycode: rng.pick(INDUSTRIES),
            websiteurl: `https://www.${domain}`,
            numberofemployees: rng.between(5, 5000),
            revenue: String(rng.between(1, 900) * 10000),
            telephone1: phoneNumber(rng, a.place),
            fax: null,
            ...a.values,
            statecode: 0,
            statuscode: 1,
            ...this.#times(rng, n, 2 * HOUR),
          },
          lookups: { primarycontactid: null, ownerid: owner(rng) },
        };
      },
      accounts,
    );
    const employer = (n: number) => (accounts > 0 ? ((n * 7919 + (this.seed % accounts)) % accounts) + 1 : undefined);
    this.#insert(
      'contacts',
      (_id, rng, n) => {
        const { first, last } = personName(rng);
        const company = employer(n);
        const a = address(rng);
        return {
          values: {
            firstname: first,
            lastname: last,
            fullname: `${first} ${last}`,
            jobtitle: rng.pick(JOB_TITLES),
            emailaddress1: seedEmail(first, last, n - 1, company === undefined ? 'example.com' : (domains[company - 1] ?? 'example.com')),
            emailaddress2: null,
            emailaddress3: null,
            telephone1: phoneNumber(rng, a.place),
            telephone2: null,
            telephone3: null,
            mobilephone: rng.chance(0.5) ? phoneNumber(rng, a.place) : null,
            fax: null,
            description: null,
            ...a.values,
            statecode: 0,
            statuscode: 1,
            ...this.#times(rng, n, HOUR),
            // The organization's own columns, drawn last so that the standard ones stay as they were.
            new_preferredchannel: rng.chance(0.7) ? rng.pick(CHANNELS) : null,
            cr3f1_loyaltypoints: rng.chance(0.6) ? rng.between(0, 5000) : null,
          },
          lookups: {
            parentcustomerid: company === undefined ? null : { id: this.guid('accounts', company), logical: 'account' },
            ownerid: owner(rng),
          },
        };
      },
      contacts,
    );
    const partiesOf = (n: number) => {
      const contact = contacts > 0 ? ((n * 13) % contacts) + 1 : undefined;
      const account = contact === undefined ? undefined : employer(contact);
      return { contact, account };
    };
    this.#insert(
      'opportunities',
      (_id, rng, n) => {
        const { contact, account } = partiesOf(n);
        const state = rng.weighted<number>([
          [0, 6],
          [1, 2],
          [2, 2],
        ]);
        const times = this.#times(rng, n, 3 * HOUR);
        const close = new Date(times.createdon + rng.between(10, 120) * DAY).toISOString().slice(0, 10);
        return {
          values: {
            name: `${rng.pick(['Renewal', 'Expansion', 'Pilot', 'Licence', 'Onboarding'])} ${n}`,
            description: null,
            estimatedvalue: `${rng.between(5, 2000) * 500}${rng.chance(0.3) ? '.5' : ''}`,
            estimatedclosedate: close,
            actualclosedate: state === 0 ? null : close,
            closeprobability: state === 1 ? 100 : state === 2 ? 0 : rng.between(1, 9) * 10,
            stepname: state === 0 ? rng.pick(STAGES) : '4-Close',
            statecode: state,
            statuscode: state === 0 ? 1 : state === 1 ? 3 : 4,
            ...times,
          },
          lookups: {
            parentaccountid: account === undefined ? null : { id: this.guid('accounts', account), logical: 'account' },
            parentcontactid: contact === undefined ? null : { id: this.guid('contacts', contact), logical: 'contact' },
            customerid: account === undefined ? null : { id: this.guid('accounts', account), logical: 'account' },
            ownerid: owner(rng),
          },
        };
      },
      opportunities,
    );
    this.#insert(
      'leads',
      (_id, rng, n) => {
        const { first, last } = personName(rng);
        const a = address(rng);
        const state = rng.weighted<number>([
          [0, 6],
          [1, 2],
          [2, 2],
        ]);
        return {
          values: {
            subject: `Interested in ${rng.pick(['licences', 'a pilot', 'support', 'training'])}`,
            firstname: first,
            lastname: last,
            fullname: `${first} ${last}`,
            companyname: companyIdentity(rng, companyStem(1000 + n, this.seed)).name,
            jobtitle: rng.pick(JOB_TITLES),
            emailaddress1: seedEmail(first, last, n - 1, 'example.net'),
            telephone1: phoneNumber(rng, a.place),
            mobilephone: null,
            ...a.values,
            leadsourcecode: rng.between(1, 10),
            statecode: state,
            statuscode: state === 0 ? rng.pick([1, 2]) : state === 1 ? 3 : rng.pick([4, 5, 6, 7]),
            ...this.#times(rng, n, 4 * HOUR),
          },
          lookups: { parentaccountid: null, parentcontactid: null, ownerid: owner(rng) },
        };
      },
      Math.ceil(opportunities / 2),
    );
    const regarding = (n: number): { id: string; logical: string } | null => {
      if (opportunities > 0 && n % 2 === 1) return { id: this.guid('opportunities', ((n * 3) % opportunities) + 1), logical: 'opportunity' };
      if (contacts > 0) return { id: this.guid('contacts', ((n * 11) % contacts) + 1), logical: 'contact' };
      return null;
    };
    this.#insert(
      'tasks',
      (_id, rng, n) => {
        const times = this.#times(rng, n, 5 * HOUR);
        const state = rng.weighted<number>([
          [0, 6],
          [1, 3],
          [2, 1],
        ]);
        return {
          values: {
            subject: `${rng.pick(['Call', 'Email', 'Send contract to', 'Book demo with'])} ${rng.pick(['the buyer', 'finance', 'legal'])}`,
            description: null,
            scheduledend: times.createdon + rng.between(1, 30) * DAY,
            actualend: state === 0 ? null : times.modifiedon,
            prioritycode: rng.pick([0, 1, 1, 2]),
            statecode: state,
            statuscode: state === 0 ? rng.pick([2, 3, 4, 7]) : state === 1 ? 5 : 6,
            ...times,
          },
          lookups: { regardingobjectid: regarding(n), ownerid: owner(rng) },
        };
      },
      opportunities,
    );
    this.#insert(
      'annotations',
      (_id, rng, n) => {
        const about = regarding(n + 1);
        const subject = rng.pick(['Intro call', 'Follow-up', 'Pricing discussion', 'Demo feedback']);
        return {
          values: {
            subject,
            notetext: `${subject}: ${rng.pick(['agreed next steps', 'sent the proposal', 'budget confirmed', 'waiting on legal'])}.`,
            objecttypecode: about?.logical ?? null,
            isdocument: false,
            ...this.#times(rng, n, 5 * HOUR),
          },
          lookups: { objectid: about, ownerid: owner(rng) },
        };
      },
      opportunities,
    );
    // The organization's custom table: fleet vehicles.
    this.#insert(
      'new_vehicles',
      (_id, rng, n) => {
        const v = seedVehicle(rng, n);
        return {
          values: {
            new_name: `${v.year} ${v.make} ${v.model}`,
            new_vin: v.vin,
            new_make: v.make,
            new_model: v.model,
            new_year: v.year,
            new_price: String(v.price),
            statecode: 0,
            statuscode: 1,
            ...this.#times(rng, n, 6 * HOUR),
          },
          lookups: { ownerid: owner(rng) },
        };
      },
      Math.max(10, Math.ceil(accounts / 2)),
    );
    this.#seedActivities(owner, regarding, Math.ceil(opportunities / 2));
    this.#seedParties();
  }

  /**
   * The parties of the seeded activities, derived from each row: a call is from its owner to the contact it is about
   * (or the other way round when it came in); an appointment is organized by its owner, who attends it with that
   * contact; an e-mail is from its `sender` to its `torecipients`, each resolved to the user or contact of that address
   * (an address that resolves to no row is kept unresolved, as Dataverse does).
   */
  #seedParties(): void {
    let n = 0;
    const party = (mask: number, who: LookupValue | null, address: string | null): ActivityParty => ({
      id: this.guid('activityparties', ++n),
      mask,
      party: who,
      address,
    });
    const addressOf = (who: LookupValue): string | null => {
      const row = this.rowOf(who.logical, who.id);
      return (row?.values[who.logical === 'systemuser' ? 'internalemailaddress' : 'emailaddress1'] as string | null | undefined) ?? null;
    };
    const withAddress = (mask: number, who: LookupValue) => party(mask, who, addressOf(who));
    /** The contact an activity is about: the one it regards, or the regarded opportunity's contact. */
    const contactOf = (row: Row): LookupValue | null => {
      const about = row.lookups['regardingobjectid'] ?? null;
      if (about?.logical === 'contact') return about;
      if (about?.logical === 'opportunity') return this.rowOf('opportunity', about.id)?.lookups['parentcontactid'] ?? null;
      return null;
    };
    const byAddress = (address: string): ActivityParty['party'] => {
      for (const [set, field, logical] of [
        ['systemusers', 'internalemailaddress', 'systemuser'],
        ['contacts', 'emailaddress1', 'contact'],
      ] as const) {
        for (const row of this.table(set).values()) if (row.values[field] === address) return { id: row.id, logical };
      }
      return null;
    };
    for (const row of this.table('phonecalls').values()) {
      const user = row.lookups['ownerid'] ?? null;
      const contact = contactOf(row);
      if (!user) continue;
      const [from, to] = row.values['directioncode'] === false ? [contact, user] : [user, contact];
      this.#parties.set(
        row.id,
        [from ? withAddress(1, from) : null, to ? withAddress(2, to) : null].filter((p): p is ActivityParty => p !== null),
      );
    }
    for (const row of this.table('appointments').values()) {
      const user = row.lookups['ownerid'] ?? null;
      const contact = contactOf(row);
      if (!user) continue;
      this.#parties.set(row.id, [withAddress(7, user), withAddress(5, user), ...(contact ? [withAddress(5, contact)] : [])]);
    }
    for (const row of this.table('emails').values()) {
      const addresses = (text: unknown) =>
        (typeof text === 'string' ? text : '')
          .split(';')
          .map((a) => a.trim())
          .filter(Boolean);
      this.#parties.set(row.id, [
        ...addresses(row.values['sender']).map((a) => party(1, byAddress(a), a)),
        ...addresses(row.values['torecipients']).map((a) => party(2, byAddress(a), a)),
      ]);
    }
  }

  /** Phone calls, appointments and e-mails regarding opportunities and contacts, `count` of each. */
  #seedActivities(
    owner: (rng: Rng) => { id: string; logical: string },
    regarding: (n: number) => { id: string; logical: string } | null,
    count: number,
  ) {
    const minute = 60_000;
    const contactEmail = (about: { id: string; logical: string } | null) =>
      about?.logical === 'contact' ? ((this.table('contacts').get(about.id)?.values['emailaddress1'] as string | null | undefined) ?? null) : null;
    this.#insert(
      'phonecalls',
      (_id, rng, n) => {
        const times = this.#times(rng, n, 7 * HOUR);
        const about = regarding(n + 2);
        const state = rng.weighted<number>([
          [0, 3],
          [1, 6],
          [2, 1],
        ]);
        const outgoing = rng.chance(0.6);
        const start = times.createdon + rng.between(1, 72) * HOUR;
        const minutes = rng.between(2, 45);
        return {
          values: {
            subject: `${outgoing ? 'Call to' : 'Call from'} ${rng.pick(['the buyer', 'finance', 'procurement', 'the champion'])}`,
            description: rng.chance(0.5) ? rng.pick(['Left a voicemail.', 'Discussed pricing.', 'Agreed on a demo.', 'Asked for references.']) : null,
            phonenumber: `+1 555 01${String(rng.between(0, 99)).padStart(2, '0')}`,
            directioncode: outgoing,
            scheduledstart: start,
            scheduledend: start + 30 * minute,
            actualstart: state === 1 ? start : null,
            actualend: state === 1 ? start + minutes * minute : null,
            actualdurationminutes: state === 1 ? minutes : null,
            activitytypecode: 'phonecall',
            prioritycode: rng.pick([0, 1, 1, 2]),
            statecode: state,
            statuscode: state === 0 ? 1 : state === 1 ? (outgoing ? 2 : 4) : 3,
            ...times,
          },
          lookups: { regardingobjectid: about, ownerid: owner(rng) },
        };
      },
      count,
    );
    this.#insert(
      'appointments',
      (_id, rng, n) => {
        const times = this.#times(rng, n, 9 * HOUR);
        const start = times.createdon + rng.between(24, 240) * HOUR;
        const minutes = rng.pick([30, 45, 60, 90]);
        const state = rng.weighted<number>([
          [3, 5],
          [1, 4],
          [2, 1],
        ]);
        return {
          values: {
            subject: rng.pick(['Discovery meeting', 'Product demo', 'Quarterly review', 'Contract walkthrough']),
            description: null,
            location: rng.pick(['Teams', 'Head office', 'Customer site', null]),
            scheduledstart: start,
            scheduledend: start + minutes * minute,
            scheduleddurationminutes: minutes,
            isalldayevent: false,
            activitytypecode: 'appointment',
            prioritycode: 1,
            statecode: state,
            statuscode: state === 3 ? 5 : state === 1 ? 3 : 4,
            ...times,
          },
          lookups: { regardingobjectid: regarding(n + 3), ownerid: owner(rng) },
        };
      },
      count,
    );
    this.#insert(
      'emails',
      (_id, rng, n) => {
        const times = this.#times(rng, n, 8 * HOUR);
        const about = regarding(n + 4);
        const outgoing = rng.chance(0.7);
        const user = owner(rng);
        const userEmail = this.table('systemusers').get(user.id)?.values['internalemailaddress'] as string;
        const other = contactEmail(about) ?? `buyer${n}@example.net`;
        const sent = rng.chance(0.85);
        return {
          values: {
            subject: rng.pick(['Proposal attached', 'Following up', 'Re: pricing', 'Meeting notes']),
            description: '<p>Hello,</p><p>Please find the details below.</p>',
            directioncode: outgoing,
            sender: outgoing ? userEmail : other,
            torecipients: outgoing ? other : `${userEmail};`,
            senton: sent ? times.createdon + rng.between(1, 120) * minute : null,
            activitytypecode: 'email',
            prioritycode: 1,
            statecode: sent ? 1 : 0,
            statuscode: sent ? (outgoing ? 3 : 4) : 1,
            ...times,
          },
          lookups: { regardingobjectid: about, ownerid: user },
        };
      },
      count,
    );
  }
}

/** The metadata of an entity set, or undefined. */
export function entityOf(set: string): EntityMeta | undefined {
  return Object.hasOwn(ENTITIES, set) ? ENTITIES[set] : undefined;
}
