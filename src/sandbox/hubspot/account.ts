/**
 * One HubSpot sandbox account (a "portal"): its records of every object type, the associations between them, its
 * rate-limit windows, fault queue and request counters. All record writes go through here so that unique values
 * (contact e-mails, car VINs), required properties, pipelines, derived properties, timestamps and associations stay
 * consistent whichever way a change arrives (API, control API or in-process handle).
 */
import { RequestCounters } from '../shared/counters.js';
import type { FakeSettings } from '../shared/fake-options.js';
import { FaultQueue } from '../shared/faults.js';
import type { OAuthClientConfig } from '../shared/oauth-store.js';
import { lastPrimaryOnly, withLink, withoutPrimary } from '../shared/objects-links.js';
import { PairLinks } from '../shared/pair-links.js';
import { type RateLimitSettings, RollingWindowLimiter } from '../shared/rate-limit.js';
import type { RecordStore } from '../shared/record-store.js';
import { SeededAccount } from '../shared/seeded-account.js';
import { type AssociationLink, ownerOf, typeIdTarget } from './associations.js';
import {
  contactConflict,
  hubspotError,
  objectNotFound,
  propertyValidationError,
  requiredPropertiesMissing,
  uniqueValueTaken,
  validationError,
} from './errors.js';
import { PIPELINES, withPipeline } from './pipelines.js';
import { catalogueOf, type ObjectTypeName, uniqueProperty } from './properties.js';
import type { StoredObject } from './records.js';
import { carSchemaOf, type CustomObjectSchema } from './schemas.js';
import {
  DEFAULT_SEED_DEALS,
  emailHeaders,
  leadParties,
  lineAmount,
  SEED_OBJECTS,
  type SeedContext,
  seedContext,
  seedLinkedIds,
  seedLinkHolder,
} from './seed.js';

export { DEFAULT_SEED_DEALS };

/** An association requested on create: `{to:{id}, types:[{associationCategory, associationTypeId}]}`. */
export interface AssociationInput {
  to: { id: string };
  types: Array<{ associationCategory: string; associationTypeId: number }>;
}

/** Fully resolved settings of a HubSpot sandbox (`baseUrl` is the HubSpot mount's, e.g. "http://127.0.0.1:3000/sandbox/hubspot"). */
export interface HubSpotSettings extends FakeSettings<OAuthClientConfig> {
  /** Seed sizes; `deals` also sizes tickets and each kind of activity. @defaultValue deals: 200 */
  seed: { contacts: number; companies: number; cars: number; deals?: number };
  /** null: never reject, but still send the headers (computed with HubSpot's defaults). */
  rateLimit: RateLimitSettings | null;
  /** Search's own per-account limit; null disables it. */
  searchRateLimit: RateLimitSettings | null;
  tokenLifetimeSeconds: number;
}

/** What an account is built with of its sandbox's settings (`deals` also sizes tickets, leads, line items and activities). */
type AccountSettings = Pick<HubSpotSettings, 'seed' | 'rateLimit' | 'searchRateLimit' | 'maxWritesPerAccount' | 'now' | 'journal'>;

/** HubSpot's limit for OAuth apps, 100 requests per rolling 10 seconds, and its search limit, 5 a second per account. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { max: 100, intervalMs: 10_000 };
export const DEFAULT_SEARCH_RATE_LIMIT: RateLimitSettings = { max: 5, intervalMs: 1_000 };

/** The links a record keeps to `to` (a contact keeps its companies under `companies`). */
function kept(record: StoredObject | undefined, to: ObjectTypeName): AssociationLink[] {
  return (to === 'companies' ? record?.companies : undefined) ?? record?.links?.[to] ?? [];
}

/** Sets the links a record keeps to `to` (a contact's primary company is also its `associatedcompanyid`). */
function keep(copy: StoredObject, ownerType: ObjectTypeName, to: ObjectTypeName, links: AssociationLink[]): void {
  if (ownerType !== 'contacts') copy.links = { ...copy.links, [to]: links };
  else {
    copy.companies = links;
    const primary = links.find((link) => link.primary);
    if (primary) copy.properties['associatedcompanyid'] = primary.id;
    else delete copy.properties['associatedcompanyid'];
  }
}

/** A HubSpot sandbox account. */
export class HubSpotAccount extends SeededAccount<SeedContext, typeof SEED_OBJECTS> {
  readonly contacts: RecordStore<StoredObject>;
  readonly companies: RecordStore<StoredObject>;
  readonly cars: RecordStore<StoredObject>;
  /** The `cars` schema of this portal (its objectTypeId and fullyQualifiedName are portal-specific). */
  readonly carSchema: CustomObjectSchema;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly limiter: RollingWindowLimiter;
  readonly searchLimiter: RollingWindowLimiter;
  /** The associations between records, kept by one side of each pair (`ownerOf`) and read from both. */
  readonly links: PairLinks<StoredObject, ObjectTypeName>;
  readonly #now: () => number;

  constructor(key: string, settings: AccountSettings) {
    const { seed, rateLimit, searchRateLimit, now, journal } = settings;
    const context = (name: string): SeedContext => seedContext(name, seed.contacts, seed.companies, seed.cars, seed.deals ?? DEFAULT_SEED_DEALS);
    super(
      key,
      { provider: 'hubspot', context, objects: SEED_OBJECTS },
      { maxWrites: settings.maxWritesPerAccount ?? null, now, ...(journal ? { journal } : {}) },
    );
    ({ contacts: this.contacts, companies: this.companies, cars: this.cars } = this.stores);
    this.carSchema = carSchemaOf(key, this.hubId);
    this.#now = now;
    // Without a limit (null) the windows only count, with HubSpot's defaults.
    this.limiter = new RollingWindowLimiter(rateLimit ?? DEFAULT_RATE_LIMIT, now, rateLimit !== null);
    this.searchLimiter = new RollingWindowLimiter(searchRateLimit ?? DEFAULT_SEARCH_RATE_LIMIT, now, searchRateLimit !== null);
    this.links = new PairLinks({
      ownerOf,
      store: (type) => this.store(type),
      kept: (record, _type, to) => kept(record, to),
      keep,
      seedLinked: (owner, from, index) => seedLinkedIds(this.seed, owner, from, index),
      changed: (type, id) => (type === 'leads' ? this.#recalculateLead(id) : undefined),
      // Seed records are generated live: an untouched one is live without generating it.
      isLive: (type, id) => {
        const store = this.store(type);
        return store.isInOverlay(id) ? store.live(id) !== undefined : store.seedIndexOf(id) !== undefined;
      },
    });
  }

  get seed(): SeedContext {
    return this.context;
  }

  /** Portal id. */
  get hubId(): number {
    return this.seed.hubId;
  }

  /**
   * A live record as far as its links go, for reading its associations: an untouched seed record's links without
   * generating the record (no properties), any other record as stored; undefined when there is no live record.
   */
  linkHolder(objectType: ObjectTypeName, id: string): StoredObject | undefined {
    const store = this.store(objectType);
    const index = store.isInOverlay(id) ? undefined : store.seedIndexOf(id);
    return index === undefined ? store.live(id) : seedLinkHolder(objectType, this.seed, index);
  }

  /** The live companies of a contact or contacts of a company (none for other object types). */
  associationsOf(objectType: ObjectTypeName, record: StoredObject): AssociationLink[] {
    if (objectType === 'contacts') return this.links.between('contacts', record, 'companies');
    return objectType === 'companies' ? this.links.between('companies', record, 'contacts') : [];
  }

  /**
   * Associates two live records (HubSpot's default association, or the primary one); associating them again changes
   * nothing but may make the link primary.
   * @throws HubSpotApiError 404 when either record does not exist, 400 when the sandbox keeps no such association
   */
  link(from: ObjectTypeName, fromId: string, to: ObjectTypeName, toId: string, primary = false): void {
    if (ownerOf(from, to) === undefined) throw validationError(`Associations between ${from} and ${to} are not supported in this portal`);
    if (!this.store(from).live(fromId)) throw objectNotFound(fromId);
    if (!this.store(to).live(toId)) throw objectNotFound(toId);
    this.links.change(from, fromId, to, toId, (links, id) => withLink(links, id, primary));
  }

  /**
   * A lead's calculated `hs_associated_*` properties from its primary contact (else its first) and its company,
   * recalculated when the lead's associations change (HubSpot also does when the contact changes; the sandbox not).
   */
  #recalculateLead(id: string): void {
    const lead = this.store('leads').live(id);
    if (!lead) return;
    const contacts = this.links.between('leads', lead, 'contacts');
    const contact = contacts.find((link) => link.primary) ?? contacts[0];
    const company = this.links.between('leads', lead, 'companies')[0];
    const companyProps = company && this.companies.live(company.id)?.properties;
    const calculated = leadParties(
      contact && this.contacts.live(contact.id)?.properties,
      companyProps ? { name: companyProps['name'], domain: companyProps['domain'] } : undefined,
    );
    this.store('leads').modify(id, (copy) => assign(copy, calculated));
  }

  /**
   * Creates a record from validated properties (`""` values are dropped).
   * @throws HubSpotApiError 400 for missing required properties, a stage not in its pipeline, a taken car VIN or
   *   invalid associations; 409 for a taken contact e-mail
   */
  create(objectType: ObjectTypeName, properties: Record<string, string>, associations: readonly AssociationInput[] = []): StoredObject {
    if (this.writes.exhausted) throw hubspotError('recordLimitReached', { objectType, max: this.writes.max ?? 0 });
    const missing = catalogueOf(objectType).missingRequired(properties);
    if (missing.length > 0) throw requiredPropertiesMissing(missing, this.hubId);
    const links = this.#resolveAssociations(objectType, associations);
    if (objectType === 'leads' && !links.some((link) => link.to === 'contacts' && link.primary)) {
      throw hubspotError('leadWithoutContact');
    }
    const written = this.#derived(objectType, properties, undefined);
    this.#assertUnique(objectType, written, undefined);
    const contactCompany = (link: { to: ObjectTypeName }) => objectType === 'contacts' && link.to === 'companies';
    const owned = links.filter((link) => !contactCompany(link) && ownerOf(objectType, link.to) === objectType);
    const created = this.store(objectType).insert((id) => {
      const props = Object.fromEntries(Object.entries(written).filter(([, value]) => value !== ''));
      const record: StoredObject = { id: String(id), properties: { ...props, hs_object_id: String(id) }, createdAt: 0, updatedAt: 0 };
      if (objectType === 'contacts') {
        const companies = links.filter(contactCompany).reduce<AssociationLink[]>((acc, link) => withLink(acc, link.id, link.primary, false), []);
        keep(record, 'contacts', 'companies', this.#contactLinksFrom(companies, props['associatedcompanyid']));
      }
      for (const link of owned) keep(record, objectType, link.to, withLink(kept(record, link.to), link.id, link.primary));
      return record;
    });
    for (const link of links) if (!contactCompany(link) && !owned.includes(link)) this.link(objectType, created.id, link.to, link.id, link.primary);
    if (objectType === 'leads') this.#recalculateLead(created.id);
    return this.store(objectType).live(created.id) ?? created;
  }

  /**
   * Updates a live record; `""` clears a property.
   * @throws HubSpotApiError 404 when the record does not exist, 409 for a taken contact e-mail, 400 for a taken car
   *   VIN or a stage not in its pipeline
   */
  update(objectType: ObjectTypeName, id: string, properties: Record<string, string>): StoredObject {
    const store = this.store(objectType);
    const current = store.live(id);
    if (!current) throw objectNotFound(id);
    const written = this.#derived(objectType, properties, current.properties);
    this.#assertUnique(objectType, written, id);
    return store.update(id, (copy) => {
      assign(copy, written);
      if (objectType === 'contacts' && 'associatedcompanyid' in written) {
        keep(copy, 'contacts', 'companies', this.#contactLinksFrom(copy.companies ?? [], written['associatedcompanyid']));
      }
    });
  }

  /** The written properties with what HubSpot derives from them: the pipeline and stage properties, an e-mail's addresses, a task's completion. */
  #derived(objectType: ObjectTypeName, properties: Record<string, string>, current: Record<string, string> | undefined): Record<string, string> {
    const piped = withPipeline(objectType, properties, current);
    if ('error' in piped) throw propertyValidationError([{ name: piped.property, error: 'INVALID_OPTION', message: piped.error }], this.hubId);
    const out = piped.properties;
    if (objectType === 'emails' && 'hs_email_headers' in out) {
      Object.assign(out, { hs_email_to_email: '', hs_email_from_email: '' }, emailHeaders(out['hs_email_headers'] ?? ''));
    }
    if (objectType === 'line_items' && ('price' in out || 'quantity' in out)) {
      const price = out['price'] ?? current?.['price'] ?? '';
      const quantity = out['quantity'] ?? current?.['quantity'] ?? '';
      out['amount'] = price && quantity ? lineAmount(price, quantity) : '';
    }
    if (objectType === 'leads' && current === undefined && !out['hs_pipeline_stage']) {
      // A lead created without a stage starts in the pipeline's first one.
      const pipeline = PIPELINES.leads?.find((p) => p.id === out['hs_pipeline']) ?? PIPELINES.leads?.[0];
      if (pipeline?.stages[0]) Object.assign(out, { hs_pipeline: pipeline.id, hs_pipeline_stage: pipeline.stages[0].id });
    }
    if (objectType === 'tasks' && 'hs_task_status' in out) {
      const done = out['hs_task_status'] === 'COMPLETED';
      if (!done) out['hs_task_completion_date'] = '';
      else if (!current?.['hs_task_completion_date']) out['hs_task_completion_date'] = new Date(this.#now()).toISOString();
    }
    return out;
  }

  /** Archives a live record. Returns false when there was none. */
  archive(objectType: ObjectTypeName, id: string): boolean {
    return this.store(objectType).remove(id);
  }

  /** Forgets every change and counter: the account is back to its seed. */
  reset(): void {
    this.resetRecords();
    this.counters.reset();
    this.faults.clear();
    this.limiter.reset();
    this.searchLimiter.reset();
  }

  /** Refuses a value of the unique property (contact e-mail: 409; car VIN: 400) that another live record holds. */
  #assertUnique(objectType: ObjectTypeName, properties: Record<string, string>, selfId: string | undefined): void {
    const property = uniqueProperty(objectType);
    const value = property === undefined ? undefined : properties[property];
    if (property === undefined || !value) return;
    const existing = this.store(objectType).findByUnique(value);
    if (!existing || existing.id === selfId) return;
    if (objectType === 'contacts') throw contactConflict(existing.id);
    throw uniqueValueTaken(property, value, existing.id, this.hubId);
  }

  /** Validates create-time associations: each names a type HubSpot defines from this object and a live record. */
  #resolveAssociations(objectType: ObjectTypeName, inputs: readonly AssociationInput[]) {
    return inputs.map((input) => {
      const toId = input.to.id;
      const typeIds = input.types.map((type) => type.associationTypeId);
      const targets = typeIds.map((typeId) => typeIdTarget(objectType, typeId));
      const to = targets[0]?.to;
      if (to === undefined || !targets.every((target) => target?.to === to) || this.store(to).live(toId) === undefined) {
        throw validationError('One or more associations are invalid', { context: { toObjectId: [toId], associationTypeIds: typeIds.map(String) } });
      }
      return { to, id: toId, primary: targets.some((target) => target?.primary) };
    });
  }

  /** A contact's company links after an `associatedcompanyid` write (if any): one primary company, the last one requested. */
  #contactLinksFrom(links: readonly AssociationLink[], associatedCompanyId: string | undefined): AssociationLink[] {
    const result = lastPrimaryOnly(links);
    if (associatedCompanyId === '') return withoutPrimary(result);
    const known = associatedCompanyId !== undefined && this.companies.live(associatedCompanyId) !== undefined;
    return known ? withLink(result, associatedCompanyId, true) : result;
  }
}

/** Writes properties onto a record copy (`""` deletes). */
function assign(copy: StoredObject, properties: Record<string, string>): void {
  for (const [name, value] of Object.entries(properties)) {
    if (value === '') delete copy.properties[name];
    else copy.properties[name] = value;
  }
}
