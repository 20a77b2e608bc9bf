/**
 * One HubSpot sandbox account (a "portal"): its contacts and companies, the
 * associations between them, the records of its custom object `cars`, and its
 * rate-limit windows, fault queue and request counters. All record writes go
 * through here so that unique values (contact e-mails, car VINs), required
 * properties, timestamps and associations stay consistent whichever way a
 * change arrives (API, control API or in-process handle).
 */
import { RequestCounters } from '../shared/counters.js';
import { FaultQueue } from '../shared/faults.js';
import { childIds, lastPrimaryOnly, withLink, withoutPrimary } from '../shared/objects-links.js';
import type { ProviderJournal } from '../shared/persistence.js';
import { type RateLimitSettings, RollingWindowLimiter } from '../shared/rate-limit.js';
import type { RecordStore } from '../shared/record-store.js';
import { SeededAccount, type SeededObjects } from '../shared/seeded-account.js';
import { vinSerial } from '../shared/vehicles.js';
import { type AssociationLink, otherSide, typeIdsFrom } from './associations.js';
import { contactConflict, objectNotFound, recordLimitReached, requiredPropertiesMissing, uniqueValueTaken, validationError } from './errors.js';
import { catalogueOf, isStandardObjectType, type ObjectTypeName, type StandardObjectTypeName, uniqueProperty } from './properties.js';
import { type CompanyLink, type StoredObject, storedObjectShape } from './records.js';
import { carSchemaOf, type CustomObjectSchema } from './schemas.js';
import {
  CAR_ID_BASE,
  CAR_TIMES,
  COMPANY_ID_BASE,
  COMPANY_TIMES,
  CONTACT_ID_BASE,
  CONTACT_TIMES,
  DEFAULT_SEED_CARS,
  seedCar,
  seedCompany,
  seedContact,
  seedContactIndexesOfCompany,
  type SeedContext,
  seedContext,
  seedIndexFromEmail,
} from './seed.js';

/** An association requested on create: `{to:{id}, types:[{associationCategory, associationTypeId}]}`. */
export interface AssociationInput {
  to: { id: string };
  types: Array<{ associationCategory: string; associationTypeId: number }>;
}

/** Settings an account is built with. */
export interface AccountSettings {
  contacts: number;
  companies: number;
  /** Seed records of the custom object `cars`. @defaultValue {@link DEFAULT_SEED_CARS} */
  cars?: number;
  /** The per-account ten-second window; `enforce: false` only counts. */
  rateLimit: RateLimitSettings & { enforce: boolean };
  /** The per-account search window. */
  searchRateLimit: RateLimitSettings & { enforce: boolean };
  /** Most records the account may gain by writes; null or unset: no cap. */
  maxWrites?: number | null;
  now: () => number;
  /** The sandbox's stored state: the account's records start from it and their changes go to it. */
  journal?: ProviderJournal;
}

/** HubSpot's objects: contacts and companies (HubSpot's own) and the custom object `cars`, seeded from the context. */
const OBJECTS = {
  contacts: {
    shape: storedObjectShape('contacts'),
    idBase: CONTACT_ID_BASE,
    seedCount: (seed: SeedContext) => seed.contactCount,
    generate: seedContact,
    linksOf: (record: StoredObject) => (record.companies ?? []).map((link) => link.id),
    timeline: CONTACT_TIMES,
    unique: { valueOf: (record: StoredObject) => record.properties['email'], seedIndexOf: seedIndexFromEmail },
  },
  companies: {
    shape: storedObjectShape('companies'),
    idBase: COMPANY_ID_BASE,
    seedCount: (seed: SeedContext) => seed.companyCount,
    generate: seedCompany,
    timeline: COMPANY_TIMES,
  },
  cars: {
    shape: storedObjectShape('cars'),
    idBase: CAR_ID_BASE,
    seedCount: (seed: SeedContext) => seed.carCount,
    generate: seedCar,
    timeline: CAR_TIMES,
    unique: { valueOf: (record: StoredObject) => record.properties['vin'], seedIndexOf: vinSerial },
  },
} satisfies SeededObjects<SeedContext>;

/** The records of one HubSpot object type of one account. */
export type ObjectStore = RecordStore<StoredObject>;

/** A HubSpot sandbox account. */
export class HubSpotAccount extends SeededAccount<SeedContext, typeof OBJECTS> {
  readonly contacts: ObjectStore;
  readonly companies: ObjectStore;
  /** Records of the custom object `cars`. */
  readonly cars: ObjectStore;
  /** The `cars` schema of this portal (its objectTypeId and fullyQualifiedName are portal-specific). */
  readonly carSchema: CustomObjectSchema;
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  readonly limiter: RollingWindowLimiter;
  readonly searchLimiter: RollingWindowLimiter;

  constructor(key: string, settings: AccountSettings) {
    const cars = settings.cars ?? DEFAULT_SEED_CARS;
    const context = (name: string): SeedContext => seedContext(name, settings.contacts, settings.companies, cars);
    super(
      key,
      { provider: 'hubspot', context, objects: OBJECTS },
      { maxWrites: settings.maxWrites ?? null, now: settings.now, ...(settings.journal ? { journal: settings.journal } : {}) },
    );
    ({ contacts: this.contacts, companies: this.companies, cars: this.cars } = this.stores);
    this.carSchema = carSchemaOf(key, this.hubId);
    this.limiter = new RollingWindowLimiter(settings.rateLimit, settings.now, settings.rateLimit.enforce);
    this.searchLimiter = new RollingWindowLimiter(settings.searchRateLimit, settings.now, settings.searchRateLimit.enforce);
  }

  /** The account's seed context. */
  get seed(): SeedContext {
    return this.context;
  }

  /** Portal id. */
  get hubId(): number {
    return this.seed.hubId;
  }

  /** The live records associated with `record`, as seen from `objectType` (cars have none in the sandbox). */
  associationsOf(objectType: ObjectTypeName, record: StoredObject): AssociationLink[] {
    if (objectType === 'cars') return [];
    if (objectType === 'contacts') {
      return (record.companies ?? []).filter((link) => this.companies.live(link.id) !== undefined);
    }
    return this.#contactsOfCompany(record.id);
  }

  /**
   * Creates a record from validated properties (`""` values are dropped).
   * @throws HubSpotApiError 400 for missing required properties (cars), 409 for a taken contact e-mail,
   *   400 for a taken car VIN or invalid associations
   */
  create(objectType: ObjectTypeName, properties: Record<string, string>, associations: readonly AssociationInput[] = []): StoredObject {
    if (this.writes.exhausted) throw recordLimitReached(objectType, this.writes.max ?? 0);
    const missing = catalogueOf(objectType).missingRequired(properties);
    if (missing.length > 0) throw requiredPropertiesMissing(missing, this.hubId);
    const links = isStandardObjectType(objectType) ? this.#resolveAssociations(objectType, associations) : this.#noAssociations(associations);
    this.#assertUnique(objectType, properties, undefined);
    const created = this.store(objectType).insert((id) => {
      const props = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== ''));
      const record: StoredObject = { id: String(id), properties: { ...props, hs_object_id: String(id) }, createdAt: 0, updatedAt: 0 };
      if (objectType === 'contacts') {
        record.companies = this.#contactLinksFrom(links, props['associatedcompanyid']);
        syncPrimaryCompany(record);
      }
      return record;
    });
    if (objectType !== 'contacts') for (const link of links) this.#linkContactToCompany(link.id, created.id, link.primary);
    return created;
  }

  /**
   * Updates a live record; `""` clears a property.
   * @throws HubSpotApiError 404 when the record does not exist, 409 for a taken contact e-mail, 400 for a taken car VIN
   */
  update(objectType: ObjectTypeName, id: string, properties: Record<string, string>): StoredObject {
    const store = this.store(objectType);
    if (!store.live(id)) throw objectNotFound(id);
    this.#assertUnique(objectType, properties, id);
    return store.update(id, (copy) => {
      for (const [name, value] of Object.entries(properties)) {
        if (value === '') delete copy.properties[name];
        else copy.properties[name] = value;
      }
      if (objectType === 'contacts' && 'associatedcompanyid' in properties) {
        copy.companies = this.#contactLinksFrom(copy.companies ?? [], properties['associatedcompanyid']);
        syncPrimaryCompany(copy);
      }
    });
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

  /** The sandbox keeps no associations for custom objects: any requested one is refused as invalid. */
  #noAssociations(inputs: readonly AssociationInput[]): AssociationLink[] {
    const [first] = inputs;
    if (first === undefined) return [];
    throw validationError('One or more associations are invalid', {
      context: { toObjectId: [first.to.id], associationTypeIds: first.types.map((type) => String(type.associationTypeId)) },
    });
  }

  /** Validates create-time associations; returns links from the created record's side. */
  #resolveAssociations(objectType: StandardObjectTypeName, inputs: readonly AssociationInput[]): AssociationLink[] {
    const target = this.store(otherSide(objectType));
    const ids = typeIdsFrom(objectType);
    let links: AssociationLink[] = [];
    for (const input of inputs) {
      const toId = input.to.id;
      const typeIds = input.types.map((type) => type.associationTypeId);
      const known = typeIds.length > 0 && typeIds.every((typeId) => typeId === ids.primary || typeId === ids.unlabeled);
      if (!known || target.live(toId) === undefined) {
        throw validationError('One or more associations are invalid', {
          context: { toObjectId: [toId], associationTypeIds: typeIds.map(String) },
        });
      }
      links = withLink(links, toId, typeIds.includes(ids.primary), false);
    }
    return links;
  }

  /** A contact's company links after applying an `associatedcompanyid` write (if any). */
  #contactLinksFrom(links: readonly AssociationLink[], associatedCompanyId: string | undefined): CompanyLink[] {
    // Only one primary company: the last one requested wins, the others become unlabeled.
    const result = lastPrimaryOnly(links);
    if (associatedCompanyId === '') return withoutPrimary(result);
    const known = associatedCompanyId !== undefined && this.companies.live(associatedCompanyId) !== undefined;
    return known ? withLink(result, associatedCompanyId, true) : result;
  }

  #linkContactToCompany(contactId: string, companyId: string, primary: boolean): void {
    if (!this.contacts.live(contactId)) return;
    this.contacts.modify(contactId, (copy) => {
      copy.companies = withLink(copy.companies ?? [], companyId, primary);
      syncPrimaryCompany(copy);
    });
  }

  #contactsOfCompany(companyId: string): AssociationLink[] {
    const companyIndex = this.companies.seedIndexOf(companyId);
    const seedIds = companyIndex === undefined ? [] : seedContactIndexesOfCompany(this.seed, companyIndex).map((index) => CONTACT_ID_BASE + index);
    return childIds(this.contacts, seedIds, companyId).flatMap((id) => {
      const link = this.contacts.live(id)?.companies?.find((candidate) => candidate.id === companyId);
      return link ? [{ id: String(id), primary: link.primary }] : [];
    });
  }
}

/** Keeps `associatedcompanyid` equal to the primary company link. */
function syncPrimaryCompany(record: StoredObject): void {
  const primary = record.companies?.find((link) => link.primary);
  if (primary) record.properties['associatedcompanyid'] = primary.id;
  else delete record.properties['associatedcompanyid'];
}
