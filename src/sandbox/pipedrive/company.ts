/**
 * One Pipedrive sandbox company: users, API token, field definitions, records (every write goes through its stores,
 * so ids, timestamps and references stay consistent whichever way a change arrives), counters, faults, windows,
 * allowances.
 */
import { derivedKey } from '../shared/api-key-accounts.js';
import { RequestCounters } from '../shared/counters.js';
import { DailyAllowance } from '../shared/daily-allowance.js';
import { FaultQueue } from '../shared/faults.js';
import { KeyedWindows, rollingWindow } from '../shared/keyed-windows.js';
import { personName, slugify } from '../shared/names.js';
import { createRng, hashString, mixSeed } from '../shared/prng.js';
import type { RollingWindowLimiter } from '../shared/rate-limit.js';
import type { RecordStore } from '../shared/record-store.js';
import { seedDraws } from '../shared/records-seed.js';
import { plainRecordShape } from '../shared/records-shape.js';
import { accountSeed, SeededAccount, type SeededObject, type SeededObjects, SeedSpread, type SeedTimeline } from '../shared/seeded-account.js';
import type { WriteBudget } from '../shared/write-budget.js';
import { type CompanyFields, companyFields, type CustomFieldKeys } from './fields.js';
import { seedActivity, seedNote } from './history.js';
import { seedLead } from './leads.js';
import { LIMITS, type PipedriveSettings } from './limits.js';
import { PRODUCT_COUNT, seedProduct } from './products.js';
import type { EntityRecord, EntityType, PersonRecord } from './records.js';
import { SEED_TIMELINES, type SeedContext, seedDeal, seedOrganization, seedPerson } from './seed.js';

/** A Pipedrive user of the company. */
export interface CompanyUser {
  id: number;
  name: string;
  email: string;
  isAdmin: boolean;
}

/** Which kind of credential a request used. */
export type CredentialKind = 'api-token' | 'oauth';

/** The burst windows of one token. */
interface TokenWindows {
  burst: RollingWindowLimiter;
  search: RollingWindowLimiter;
}

/** A Pipedrive object: ids from 1 per entity type, as in a fresh company; a deleted record keeps its `deletedAt`. */
function object<R extends { id: number; deletedAt?: number }>(
  seedCount: (seed: SeedContext) => number,
  generate: (seed: SeedContext, index: number) => R,
  timeline: SeedTimeline,
): SeededObject<R, SeedContext> {
  return { shape: plainRecordShape<R>('deletedAt' as Parameters<typeof plainRecordShape<R>>[0]), idBase: 1, seedCount, generate, timeline };
}

/** Pipedrive's objects; the activity history (history.ts) has a note on every seed deal and two activities (one a task). */
const OBJECTS = {
  persons: {
    ...object((seed) => seed.personCount, seedPerson, SEED_TIMELINES.person),
    linksOf: (person: PersonRecord) => (person.orgId === null ? [] : [person.orgId]),
  },
  organizations: object((seed) => seed.organizationCount, seedOrganization, SEED_TIMELINES.organization),
  deals: object((seed) => seed.dealCount, seedDeal, SEED_TIMELINES.deal),
  notes: object((seed) => seed.dealCount, seedNote, SEED_TIMELINES.note),
  activities: object((seed) => 2 * seed.dealCount, seedActivity, SEED_TIMELINES.activity),
  leads: object((seed) => seed.dealCount, seedLead, SEED_TIMELINES.lead),
  products: object(() => PRODUCT_COUNT, seedProduct, SEED_TIMELINES.product),
} satisfies SeededObjects<SeedContext>;

type PipedriveObjects = typeof OBJECTS;

const OBJECT_OF = { person: 'persons', organization: 'organizations', deal: 'deals' } as const;

/** A sandbox company. */
export class PipedriveCompany {
  /** Normalised company name. */
  readonly key: string;
  readonly companyId: number;
  /** Subdomain-style name, e.g. "acme-3f9a1c". */
  readonly domain: string;
  readonly users: readonly CompanyUser[];
  /** The user who owns the API token and authorizes OAuth apps (the admin, the first of the three users). */
  readonly admin: CompanyUser;
  readonly apiToken: string;
  readonly fields: CompanyFields;
  readonly customKeys: CustomFieldKeys;
  readonly seed: SeedContext;
  /** The company's seeded records (persons, organizations, deals, notes, activities, leads, products) and their stores. */
  readonly account: SeededAccount<SeedContext, PipedriveObjects>;
  readonly stores: SeededAccount<SeedContext, PipedriveObjects>['stores'];
  readonly counters = new RequestCounters();
  readonly faults = new FaultQueue();
  /** Records gained by writes, against the cap that bounds the account's memory. */
  readonly writes: WriteBudget;
  /** The company's daily token budget; undefined when unlimited. */
  readonly budget: DailyAllowance | undefined;
  /** POST/PUT requests made with the API token today. */
  readonly dailyWrites: DailyAllowance;
  readonly #settings: PipedriveSettings;
  readonly #windows = new KeyedWindows<TokenWindows>();

  /** @param secret - the sandbox's secret, mixed into API tokens */
  constructor(key: string, settings: PipedriveSettings, secret: Buffer) {
    this.key = key;
    this.#settings = settings;
    const companySeed = accountSeed('pipedrive', key);
    this.companyId = 1_000_000 + (hashString(`company:${key}`) % 8_999_999);
    const slug = slugify(key, '-').slice(0, 24) || 'company';
    this.domain = `${slug}-${(hashString(`domain:${key}`) % 0xffffff).toString(16).padStart(6, '0')}`;
    this.users = makeUsers(companySeed, this.domain);
    this.admin = this.users[0] as CompanyUser;
    this.apiToken = derivedKey(secret, `pipedrive-api-token:${key}`, 40);
    const { fields, keys } = companyFields(key);
    this.fields = fields;
    this.customKeys = keys;
    const users = this.users;
    // The seed context of a company: its seed sizes, users and custom-field keys.
    const context = (_key: string, seed: number): SeedContext => ({
      draws: seedDraws(seed),
      personCount: settings.seed.persons,
      organizationCount: settings.seed.organizations,
      dealCount: settings.seed.deals,
      userIds: users.map((user) => user.id),
      organizationSpread: new SeedSpread(settings.seed.organizations, seed),
      keys,
    });
    this.account = new SeededAccount(
      key,
      { provider: 'pipedrive', context, objects: OBJECTS },
      {
        ...(settings.journal ? { journal: settings.journal } : {}),
        maxWrites: settings.maxWritesPerAccount ?? null,
      },
    );
    this.seed = this.account.context;
    this.writes = this.account.writes;
    this.stores = this.account.stores;
    this.budget = settings.dailyTokenBudget === null ? undefined : new DailyAllowance(settings.dailyTokenBudget, settings.now);
    this.dailyWrites = new DailyAllowance(LIMITS.dailyWriteAllowance, settings.now);
  }

  /** Whether a user id belongs to the company. */
  hasUser(id: number): boolean {
    return this.users.some((user) => user.id === id);
  }

  /** The store of an entity type. */
  store<E extends EntityType>(entity: E): RecordStore<EntityRecord<E>> {
    return this.account.stores[OBJECT_OF[entity]] as unknown as RecordStore<EntityRecord<E>>;
  }

  /** Upper bound of untouched seed records' update_time, for "updated since" shortcuts. */
  seedUpdateBound(entity: EntityType): number {
    return this.account.seedModifiedBound(OBJECT_OF[entity]) ?? Number.POSITIVE_INFINITY;
  }

  /** The burst windows of a token (created on first use; without enforcement they only count, for the headers). */
  windows(token: string, kind: CredentialKind): TokenWindows {
    const { burstLimit, searchBurstLimit, now } = this.#settings;
    return this.#windows.of(token, () => ({
      burst: rollingWindow((burstLimit ?? LIMITS.burst)[kind === 'api-token' ? 'apiToken' : 'oauth'], now, burstLimit !== null),
      search: rollingWindow(searchBurstLimit ?? LIMITS.search, now, searchBurstLimit !== null),
    }));
  }

  /** Forgets every change, counter, fault, window and allowance: back to the seed. */
  reset(): void {
    this.account.resetRecords();
    this.counters.reset();
    this.faults.clear();
    this.#windows.clear();
    this.budget?.reset();
    this.dailyWrites.reset();
  }
}

function makeUsers(companySeed: number, domain: string): CompanyUser[] {
  return [0, 1, 2].map((k) => {
    const { first, last } = personName(createRng(mixSeed(companySeed, 0x05e, k)));
    return {
      id: 10_000_000 + (mixSeed(companySeed, 0x05f, k) % 89_999_999),
      name: `${first} ${last}`,
      email: `${slugify(first)}.${slugify(last)}@${domain}.example.com`,
      isAdmin: k === 0,
    };
  });
}
