/**
 * One Salesforce sandbox org: its Contacts, Accounts, Opportunities (with their stages and contact roles) and
 * Vehicle__c records (seed plus changes),
 * its users, its daily API usage, query cursors, fault queue and request
 * counters. Every record change goes through here, so audit fields and
 * cascades stay consistent whichever way a change arrives (REST API, control
 * API or in-process handle).
 *
 * Cascades, as in Salesforce (Salesforce Help, "Delete Accounts"): deleting an
 * Account also deletes its Contacts (they go to the recycle bin with it), and
 * clears ParentId on its child Accounts, and deletes its Opportunities; an Opportunity's or a Contact's contact roles
 * go with it.
 */
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import type { ProviderJournal, RecordJournal } from '../shared/persistence.js';
import { RollingUsageCounter } from '../shared/rolling-usage.js';
import { WriteBudget } from '../shared/write-budget.js';
import { makeId, parseId } from './ids.js';
import { CursorStore } from './query-cursor.js';
import { RecordStore } from './record-store.js';
import type { FieldValue, StoredRecord } from './records.js';
import {
  ACCOUNT,
  CASE,
  CONTACT,
  EVENT,
  type FieldDef,
  LEAD,
  NOTE,
  OPPORTUNITY,
  OPPORTUNITY_CONTACT_ROLE,
  OPPORTUNITY_STAGE,
  OPPORTUNITY_STAGES,
  PRICEBOOK,
  PRICEBOOK_ENTRY,
  PRODUCT,
  type SObjectDef,
  TASK,
  USER,
  VEHICLE,
} from './schema.js';
import {
  ACCOUNT_NUMBER_BASE,
  CASE_NUMBER_BASE,
  CONTACT_NUMBER_BASE,
  CONTACT_ROLE_NUMBER_BASE,
  DEFAULT_SEED_OPPORTUNITIES,
  DEFAULT_SEED_VEHICLES,
  EVENT_NUMBER_BASE,
  LEAD_NUMBER_BASE,
  NOTE_NUMBER_BASE,
  OPPORTUNITY_NUMBER_BASE,
  type OrgSeed,
  orgSeed,
  PRICE_NUMBER_BASE,
  PRICEBOOK_NUMBER_BASE,
  PRODUCT_NUMBER_BASE,
  SEED_PRODUCTS,
  seedAccount,
  seedAccountModstampBound,
  seedCase,
  seedContact,
  seedContactIndexesOfAccount,
  seedContactModstampBound,
  seedContactRole,
  seedEvent,
  seedLead,
  seedNote,
  seedOpportunity,
  seedOpportunityModstampBound,
  seedPrice,
  seedPricebook,
  seedProduct,
  seedTask,
  type SeedUser,
  seedUserModstampBound,
  seedVehicleIndexFromVin,
  seedVehicleModstampBound,
  seedVehicleRecord,
  STAGE_NUMBER_BASE,
  stageRecord,
  TASK_NUMBER_BASE,
  USER_NUMBER_BASE,
  userRecord,
  VEHICLE_NUMBER_BASE,
} from './seed.js';

/** Settings an org is built with. */
export interface OrgSettings {
  contacts: number;
  accounts: number;
  /** Seed Vehicle__c records. @defaultValue {@link DEFAULT_SEED_VEHICLES} */
  vehicles?: number;
  /** Seed opportunities (each with its contact role). @defaultValue {@link DEFAULT_SEED_OPPORTUNITIES} */
  opportunities?: number;
  /** Most records the account may gain by writes; null or unset: no cap. */
  maxWrites?: number | null;
  now: () => number;
  /** The sandbox's stored state: the org's records start from it and their changes go to it. */
  journal?: ProviderJournal;
}

/** The record-store option that stores one object type's changes, when the sandbox has a state file. */
function journalOf(settings: OrgSettings, key: string, object: string): { journal?: RecordJournal } {
  return settings.journal ? { journal: settings.journal.recordJournal(key, object) } : {};
}

/** Where an id points. */
export type Located =
  | { kind: 'malformed' }
  | { kind: 'missing'; id18: string }
  | { kind: 'deleted'; id18: string; record: StoredRecord }
  | { kind: 'live'; id18: string; record: StoredRecord };

const DAY_MS = 86_400_000;

const stageNamed = (name: FieldValue | undefined) => OPPORTUNITY_STAGES.find((stage) => stage.name === name);

/** An opportunity created or moved to a stage takes the stage's probability and forecast category unless `given` sets them. */
function stageDefaults(fields: Record<string, FieldValue>, given: Record<string, FieldValue>): void {
  const stage = stageNamed(fields['StageName']);
  if (!stage) return;
  if (given['Probability'] === undefined || given['Probability'] === null) fields['Probability'] = stage.probability;
  if (given['ForecastCategoryName'] === undefined || given['ForecastCategoryName'] === null) fields['ForecastCategoryName'] = stage.forecast;
}

/** A Salesforce sandbox org. */
export class SalesforceOrg {
  /** Normalised org name. */
  readonly key: string;
  readonly seed: OrgSeed;
  readonly contacts: RecordStore;
  readonly accounts: RecordStore;
  readonly vehicles: RecordStore;
  readonly opportunities: RecordStore;
  readonly stages: RecordStore;
  readonly contactRoles: RecordStore;
  readonly tasks: RecordStore;
  readonly notes: RecordStore;
  readonly leads: RecordStore;
  readonly cases: RecordStore;
  readonly events: RecordStore;
  readonly products: RecordStore;
  readonly pricebooks: RecordStore;
  readonly prices: RecordStore;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  /** Records gained by writes, against the cap that bounds the account's memory. */
  readonly writes: WriteBudget;
  /** API requests in the rolling 24 hours (bucketed by minute). */
  readonly usage: RollingUsageCounter;
  readonly cursors: CursorStore;
  readonly #now: () => number;
  readonly users: RecordStore;
  #locatorCounter = 0;

  constructor(key: string, settings: OrgSettings) {
    this.key = key;
    this.writes = new WriteBudget(settings.maxWrites ?? null);
    this.#now = settings.now;
    this.seed = orgSeed(
      key,
      settings.contacts,
      settings.accounts,
      settings.vehicles ?? DEFAULT_SEED_VEHICLES,
      settings.opportunities ?? DEFAULT_SEED_OPPORTUNITIES,
    );
    const seed = this.seed;
    this.contacts = new RecordStore({
      numberBase: CONTACT_NUMBER_BASE,
      seedCount: settings.contacts,
      generate: (i) => seedContact(seed, i),
      ...journalOf(settings, key, 'contacts'),
    });
    this.accounts = new RecordStore({
      numberBase: ACCOUNT_NUMBER_BASE,
      seedCount: settings.accounts,
      generate: (i) => seedAccount(seed, i),
      ...journalOf(settings, key, 'accounts'),
    });
    this.vehicles = new RecordStore({
      numberBase: VEHICLE_NUMBER_BASE,
      seedCount: seed.vehicleCount,
      generate: (i) => seedVehicleRecord(seed, i),
      ...journalOf(settings, key, 'vehicles'),
    });
    this.users = new RecordStore({
      numberBase: USER_NUMBER_BASE,
      seedCount: seed.users.length,
      generate: (i) => userRecord(seed, seed.users[i] as SeedUser),
      ...journalOf(settings, key, 'users'),
    });
    this.opportunities = new RecordStore({
      numberBase: OPPORTUNITY_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedOpportunity(seed, i),
      ...journalOf(settings, key, 'opportunities'),
    });
    this.contactRoles = new RecordStore({
      numberBase: CONTACT_ROLE_NUMBER_BASE,
      seedCount: seed.contactCount > 0 ? seed.opportunityCount : 0,
      generate: (i) => seedContactRole(seed, i),
      ...journalOf(settings, key, 'contact-roles'),
    });
    this.tasks = new RecordStore({
      numberBase: TASK_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedTask(seed, i),
      ...journalOf(settings, key, 'tasks'),
    });
    this.notes = new RecordStore({
      numberBase: NOTE_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedNote(seed, i),
      ...journalOf(settings, key, 'notes'),
    });
    this.leads = new RecordStore({
      numberBase: LEAD_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedLead(seed, i),
      ...journalOf(settings, key, 'leads'),
    });
    this.cases = new RecordStore({
      numberBase: CASE_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedCase(seed, i),
      ...journalOf(settings, key, 'cases'),
    });
    this.events = new RecordStore({
      numberBase: EVENT_NUMBER_BASE,
      seedCount: seed.opportunityCount,
      generate: (i) => seedEvent(seed, i),
      ...journalOf(settings, key, 'events'),
    });
    this.products = new RecordStore({
      numberBase: PRODUCT_NUMBER_BASE,
      seedCount: SEED_PRODUCTS,
      generate: (i) => seedProduct(seed, i),
      ...journalOf(settings, key, 'products'),
    });
    this.prices = new RecordStore({
      numberBase: PRICE_NUMBER_BASE,
      seedCount: SEED_PRODUCTS,
      generate: (i) => seedPrice(seed, i),
      ...journalOf(settings, key, 'prices'),
    });
    this.pricebooks = new RecordStore({ numberBase: PRICEBOOK_NUMBER_BASE, seedCount: 1, generate: () => seedPricebook(seed) });
    this.stages = new RecordStore({
      numberBase: STAGE_NUMBER_BASE,
      seedCount: OPPORTUNITY_STAGES.length,
      generate: (i) => stageRecord(seed, i),
    });
    this.usage = new RollingUsageCounter({ windowMs: DAY_MS, bucketMs: 60_000 }, settings.now);
    this.cursors = new CursorStore(settings.now);
  }

  /** 18-character Organization id. */
  get orgId(): string {
    return this.seed.orgId;
  }

  /** The user the API acts as (the one who authorized). */
  get apiUserId(): string {
    return this.seed.users[0]?.id ?? '';
  }

  /** The clock. */
  now(): number {
    return this.#now();
  }

  /** The store of a type. */
  store(def: SObjectDef): RecordStore {
    if (def === CONTACT) return this.contacts;
    if (def === ACCOUNT) return this.accounts;
    if (def === VEHICLE) return this.vehicles;
    if (def === USER) return this.users;
    if (def === OPPORTUNITY) return this.opportunities;
    if (def === OPPORTUNITY_CONTACT_ROLE) return this.contactRoles;
    if (def === OPPORTUNITY_STAGE) return this.stages;
    if (def === TASK) return this.tasks;
    if (def === NOTE) return this.notes;
    if (def === LEAD) return this.leads;
    if (def === CASE) return this.cases;
    if (def === EVENT) return this.events;
    if (def === PRODUCT) return this.products;
    if (def === PRICEBOOK) return this.pricebooks;
    if (def === PRICEBOOK_ENTRY) return this.prices;
    throw new Error(`The sandbox does not store ${def.name} records`);
  }

  /** The 18-character id of a record of a type. */
  idOf(def: SObjectDef, record: StoredRecord): string {
    return makeId(def.keyPrefix, this.seed.pod, record.num);
  }

  /** Upper bound of the seed records' SystemModstamp. */
  seedModstampBound(def: SObjectDef): number {
    if (def === VEHICLE) return seedVehicleModstampBound(this.seed);
    if (def === USER || def === OPPORTUNITY_STAGE || def === PRICEBOOK) return seedUserModstampBound();
    if (def === PRODUCT || def === PRICEBOOK_ENTRY) return seedUserModstampBound() + (SEED_PRODUCTS + 1) * DAY_MS;
    // Tasks and notes are dated within weeks of their opportunity.
    if (def === TASK || def === NOTE || def === EVENT) return seedOpportunityModstampBound(this.seed) + 30 * DAY_MS;
    if (def === OPPORTUNITY || def === OPPORTUNITY_CONTACT_ROLE || def === LEAD || def === CASE) return seedOpportunityModstampBound(this.seed);
    return def === CONTACT ? seedContactModstampBound(this.seed) : seedAccountModstampBound(this.seed);
  }

  /**
   * Live records whose external-id field equals `value` (case-insensitive): changed and created
   * records, and the seed record a seed VIN names (its serial is the seed index).
   */
  recordsByExternalId(def: SObjectDef, field: FieldDef, value: string): StoredRecord[] {
    const wanted = value.toLowerCase();
    const holds = (record: StoredRecord | undefined): record is StoredRecord => {
      const existing = record?.fields[field.name];
      return record !== undefined && record.deletedAt === undefined && typeof existing === 'string' && existing.toLowerCase() === wanted;
    };
    const store = this.store(def);
    const found = [...store.overlayRecords()].filter(holds);
    if (def === VEHICLE && field.name === 'VIN__c') {
      const index = seedVehicleIndexFromVin(value);
      const num = index === undefined ? undefined : VEHICLE_NUMBER_BASE + index;
      const seedRecord = num === undefined || store.seedIndexOf(num) === undefined || store.isInOverlay(num) ? undefined : store.peek(num);
      if (holds(seedRecord)) found.push(seedRecord);
    }
    return found.sort((a, b) => a.num - b.num);
  }

  /** A stored field value (datetimes as epoch ms; Name of Contact/User computed). */
  value(def: SObjectDef, record: StoredRecord, field: FieldDef): FieldValue {
    switch (field.name) {
      case 'Id':
        return this.idOf(def, record);
      case 'IsDeleted':
        return record.deletedAt !== undefined;
      case 'CreatedDate':
        return record.createdAt;
      case 'LastModifiedDate':
        return record.modifiedAt;
      case 'SystemModstamp':
        return record.modstamp;
      case 'CreatedById':
        return record.createdById;
      case 'LastModifiedById':
        return record.modifiedById;
      case 'Name':
        if (def === CONTACT || def === USER || def === LEAD) {
          const parts = [record.fields['FirstName'], record.fields['LastName']].filter((part) => typeof part === 'string' && part !== '');
          return parts.join(' ');
        }
        return record.fields['Name'] ?? null;
      case 'IsClosed':
      case 'IsWon':
        // An opportunity's follow its stage.
        if (def === OPPORTUNITY) {
          const stage = stageNamed(record.fields['StageName']);
          return field.name === 'IsClosed' ? (stage?.closed ?? false) : (stage?.won ?? false);
        }
        if (def === TASK && field.name === 'IsClosed') return record.fields['Status'] === 'Completed';
        if (def === CASE && field.name === 'IsClosed') return record.fields['Status'] === 'Closed';
        return record.fields[field.name] ?? null;
      case 'IsConverted':
        return record.fields['IsConverted'] === true;
      case 'IsHighPriority':
        return record.fields['Priority'] === 'High';
      case 'AccountId':
        return def === TASK || def === EVENT ? this.#taskAccount(record) : (record.fields['AccountId'] ?? null);
      case 'DurationInMinutes': {
        const [start, end] = [record.fields['StartDateTime'], record.fields['EndDateTime']];
        return typeof start === 'number' && typeof end === 'number' ? Math.round((end - start) / 60_000) : null;
      }
      default:
        return record.fields[field.name] ?? null;
    }
  }

  /** Finds what an id points to among the records of a type (any text; malformed ids included). */
  locate(def: SObjectDef, text: string): Located {
    const parsed = parseId(text);
    if (!parsed) return { kind: 'malformed' };
    const id18 = parsed.id18;
    if (parsed.prefix !== def.keyPrefix || parsed.pod !== this.seed.pod) return { kind: 'missing', id18 };
    const record = this.store(def).peek(parsed.number);
    if (!record) return { kind: 'missing', id18 };
    return record.deletedAt === undefined ? { kind: 'live', id18, record } : { kind: 'deleted', id18, record };
  }

  /** The record a relationship points to (live or deleted), for queries. */
  parent(target: SObjectDef, id: string): StoredRecord | undefined {
    const located = this.locate(target, id);
    return located.kind === 'live' || located.kind === 'deleted' ? located.record : undefined;
  }

  /** A fresh query-locator id. */
  nextLocator(): string {
    this.#locatorCounter += 1;
    return makeId('01g', this.seed.pod, 10_000_000 + this.#locatorCounter);
  }

  /**
   * Stores a new record from validated values.
   * @param actorId - the user making the change (CreatedById/LastModifiedById)
   */
  create(def: SObjectDef, values: Record<string, FieldValue>, actorId = this.apiUserId): StoredRecord {
    const now = this.#now();
    this.writes.spend();
    return this.store(def).insert((num) => {
      const fields: Record<string, FieldValue> = {};
      for (const [name, value] of Object.entries(values)) if (value !== null) fields[name] = value;
      fields['OwnerId'] ??= actorId;
      // A custom object record created without a name is named after its (15-character) id.
      if (def === VEHICLE) fields['Name'] ??= makeId(def.keyPrefix, this.seed.pod, num).slice(0, 15);
      if (def === OPPORTUNITY) stageDefaults(fields, fields);
      if (def === OPPORTUNITY_CONTACT_ROLE) fields['IsPrimary'] ??= false;
      if (def === NOTE) fields['IsPrivate'] ??= false;
      if (def === EVENT) fields['IsAllDayEvent'] ??= false;
      if (def === PRODUCT) fields['IsActive'] ??= false;
      if (def === PRICEBOOK_ENTRY) {
        fields['IsActive'] ??= false;
        fields['UseStandardPrice'] ??= false;
      }
      if (def === LEAD) fields['Status'] ??= 'Open - Not Contacted';
      if (def === CASE) {
        fields['Status'] ??= 'New';
        fields['Priority'] ??= 'Medium';
        fields['CaseNumber'] = String(1001 + num - CASE_NUMBER_BASE).padStart(8, '0');
        if (fields['Status'] === 'Closed') fields['ClosedDate'] = now;
      }
      if (def === TASK) {
        fields['Status'] ??= 'Not Started';
        fields['Priority'] ??= 'Normal';
        fields['TaskSubtype'] ??= 'Task';
        if (fields['Status'] === 'Completed') fields['CompletedDateTime'] = now;
      }
      return { num, fields, createdAt: now, modifiedAt: now, modstamp: now, createdById: actorId, modifiedById: actorId };
    });
  }

  /** Applies validated values to a live record (`null` clears a field). */
  update(def: SObjectDef, num: number, values: Record<string, FieldValue>, actorId = this.apiUserId): StoredRecord {
    const now = this.#now();
    return this.store(def).modify(num, (copy) => {
      for (const [name, value] of Object.entries(values)) {
        if (value === null) delete copy.fields[name];
        else copy.fields[name] = value;
      }
      if (def === OPPORTUNITY && values['StageName'] !== undefined) stageDefaults(copy.fields, values);
      // A task is stamped when it is completed, and unstamped when it is reopened.
      if (def === TASK && values['Status'] !== undefined) {
        if (values['Status'] !== 'Completed') delete copy.fields['CompletedDateTime'];
        else copy.fields['CompletedDateTime'] ??= now;
      }
      if (def === CASE && values['Status'] !== undefined) {
        if (values['Status'] !== 'Closed') delete copy.fields['ClosedDate'];
        else copy.fields['ClosedDate'] ??= now;
      }
      copy.modifiedAt = now;
      copy.modstamp = now;
      copy.modifiedById = actorId;
    });
  }

  /** Moves a live record (and what cascades from it) to the recycle bin. */
  delete(def: SObjectDef, num: number, actorId = this.apiUserId): void {
    const store = this.store(def);
    const record = store.get(num);
    if (!record) return;
    const now = this.#now();
    const bin = (copy: StoredRecord): void => {
      copy.deletedAt = now;
      copy.modifiedAt = now;
      copy.modstamp = now;
      copy.modifiedById = actorId;
    };
    store.modify(num, bin);
    // Contact roles go with their opportunity or contact (Object Reference, OpportunityContactRole).
    if (def === OPPORTUNITY || def === CONTACT) {
      const id = this.idOf(def, record);
      const field = def === OPPORTUNITY ? 'OpportunityId' : 'ContactId';
      for (const roleNum of this.linkedNumbers(OPPORTUNITY_CONTACT_ROLE, field, [id]) ?? []) {
        const role = this.contactRoles.get(roleNum);
        if (role && role.fields[field] === id) this.contactRoles.modify(roleNum, bin);
      }
    }
    // Activities and notes go with the record they are about (Salesforce Help, "Delete Records").
    if (def === OPPORTUNITY || def === CONTACT || def === ACCOUNT) {
      const id = this.idOf(def, record);
      const linked: Array<[SObjectDef, string]> = [
        [TASK, def === CONTACT ? 'WhoId' : 'WhatId'],
        [EVENT, def === CONTACT ? 'WhoId' : 'WhatId'],
        [NOTE, 'ParentId'],
      ];
      for (const [child, field] of linked) {
        for (const childNum of this.linkedNumbers(child, field, [id]) ?? []) {
          if (this.store(child).get(childNum)?.fields[field] === id) this.store(child).modify(childNum, bin);
        }
      }
    }
    if (def === PRODUCT) {
      const id = this.idOf(PRODUCT, record);
      for (const priceNum of this.linkedNumbers(PRICEBOOK_ENTRY, 'Product2Id', [id]) ?? []) {
        if (this.prices.get(priceNum)?.fields['Product2Id'] === id) this.prices.modify(priceNum, bin);
      }
    }
    if (def !== ACCOUNT) return;
    const accountId = this.idOf(ACCOUNT, record);
    for (const contactNum of this.#contactsOfAccount(accountId, num)) this.delete(CONTACT, contactNum, actorId);
    // An account's opportunities and cases are deleted with it (Salesforce Help, "Delete Accounts").
    for (const child of [OPPORTUNITY, CASE]) {
      for (const childNum of this.linkedNumbers(child, 'AccountId', [accountId]) ?? []) {
        if (this.store(child).get(childNum)?.fields['AccountId'] === accountId) this.delete(child, childNum, actorId);
      }
    }
    const children = [...this.accounts.overlayRecords()].filter((child) => child.deletedAt === undefined && child.fields['ParentId'] === accountId);
    for (const child of children) this.update(ACCOUNT, child.num, { ParentId: null }, actorId);
  }

  /** Forgets every change, counter, cursor and fault: the org is back to its seed. */
  reset(): void {
    this.contacts.reset();
    this.accounts.reset();
    this.vehicles.reset();
    this.opportunities.reset();
    this.contactRoles.reset();
    this.tasks.reset();
    this.notes.reset();
    this.leads.reset();
    this.cases.reset();
    this.events.reset();
    this.products.reset();
    this.prices.reset();
    this.counters.reset();
    this.faults.clear();
    this.usage.reset();
    this.cursors.clear();
  }

  /**
   * Numbers of the records of `def` whose reference `field` may point at one of `ids`: a superset (the caller still
   * tests the field) drawn from the seed's links and the changed records, or undefined when the org keeps no index of
   * that link (the caller scans). Seed contact role i is seed opportunity i's; seed opportunity i has the account of
   * seed contact i modulo the contact count.
   */
  linkedNumbers(def: SObjectDef, field: string, ids: readonly string[]): number[] | undefined {
    const indexes = (prefix: string, base: number) =>
      ids.flatMap((id) => {
        const parsed = parseId(id);
        return parsed && parsed.prefix === prefix && parsed.pod === this.seed.pod ? [parsed.number - base] : [];
      });
    const seed = this.seed;
    const deals = () => indexes(OPPORTUNITY.keyPrefix, OPPORTUNITY_NUMBER_BASE).filter((i) => i >= 0 && i < seed.opportunityCount);
    const dealsOfContacts = () => this.#seedDealsOfContacts(indexes(CONTACT.keyPrefix, CONTACT_NUMBER_BASE));
    const dealsOfAccounts = () =>
      this.#seedDealsOfContacts(indexes(ACCOUNT.keyPrefix, ACCOUNT_NUMBER_BASE).flatMap((a) => seedContactIndexesOfAccount(seed, a)));
    // Seed contact role, task and note i are about seed opportunity i (and its contact).
    const links: Record<string, () => number[]> = {
      'OpportunityContactRole.OpportunityId': deals,
      'OpportunityContactRole.ContactId': dealsOfContacts,
      'Task.WhatId': deals,
      'Task.WhoId': dealsOfContacts,
      'Note.ParentId': deals,
      'Event.WhatId': deals,
      'Event.WhoId': dealsOfContacts,
      // Seed price i is seed product i's.
      'PricebookEntry.Product2Id': () => indexes(PRODUCT.keyPrefix, PRODUCT_NUMBER_BASE).filter((i) => i >= 0 && i < SEED_PRODUCTS),
      'Opportunity.AccountId': dealsOfAccounts,
      // Seed case i is raised by seed opportunity i's contact, at its account.
      'Case.AccountId': dealsOfAccounts,
      'Case.ContactId': dealsOfContacts,
    };
    const seedIndexes = Object.hasOwn(links, `${def.name}.${field}`) ? links[`${def.name}.${field}`]?.() : undefined;
    if (seedIndexes === undefined) return undefined;
    const store = this.store(def);
    const result = new Set(seedIndexes.map((i) => store.seedNumber(i)));
    for (const record of store.overlayRecords()) result.add(record.num);
    return [...result].sort((a, b) => a - b);
  }

  /** A task's account: its What's (an account, or an opportunity's account), else its Who's. */
  #taskAccount(task: StoredRecord): FieldValue {
    const what = task.fields['WhatId'];
    if (typeof what === 'string' && what.startsWith(ACCOUNT.keyPrefix)) return what;
    if (typeof what === 'string' && what.startsWith(OPPORTUNITY.keyPrefix)) return this.parent(OPPORTUNITY, what)?.fields['AccountId'] ?? null;
    const who = task.fields['WhoId'];
    return typeof who === 'string' ? (this.parent(CONTACT, who)?.fields['AccountId'] ?? null) : null;
  }

  /** Seed opportunity indexes whose contact is one of these seed contacts (i ≡ contact modulo the contact count). */
  #seedDealsOfContacts(contactIndexes: number[]): number[] {
    const { contactCount, opportunityCount } = this.seed;
    const out: number[] = [];
    for (const c of contactIndexes) {
      if (c < 0 || c >= contactCount) continue;
      for (let i = c; i < opportunityCount; i += contactCount) out.push(i);
    }
    return out;
  }

  /** Numbers of the live contacts whose AccountId is the account. */
  #contactsOfAccount(accountId: string, accountNum: number): number[] {
    const result = new Set<number>();
    const accountIndex = this.accounts.seedIndexOf(accountNum);
    if (accountIndex !== undefined) {
      for (const index of seedContactIndexesOfAccount(this.seed, accountIndex)) {
        const contactNum = CONTACT_NUMBER_BASE + index;
        if (!this.contacts.isInOverlay(contactNum)) result.add(contactNum);
      }
    }
    for (const contact of this.contacts.overlayRecords()) {
      if (contact.deletedAt === undefined && contact.fields['AccountId'] === accountId) result.add(contact.num);
    }
    return [...result].sort((a, b) => a - b);
  }
}
