/**
 * The in-process API of the HubSpot sandbox, for tests that run it in the same
 * process: read and change an account's records without HTTP, read counters,
 * queue faults, expire or mint tokens. The control API (`/_sandbox/…`) exposes
 * the same operations over HTTP.
 */
import { type AccountControls, accountControls } from '../shared/account-controls.js';
import { type SandboxBasics, sandboxHandleWith } from '../shared/objects-sandbox-handle.js';
import { type StoreView, storeView } from '../shared/store-view.js';
import type { HubSpotAccount } from './account.js';
import { associationType } from './associations.js';
import { type ObjectTypeName, STANDARD_OBJECT_TYPES } from './properties.js';
import { normalizeWrite, type StoredObject } from './records.js';
import type { HubSpotService, TokenGrant } from './service.js';

/** A record as the in-process API returns it. */
export interface HubSpotRecord {
  id: string;
  /** Set properties only; values are strings. */
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Associated records of the other type (companies of a contact, contacts of a company). */
  associations: Array<{ id: string; primary: boolean }>;
  /** Every associated record by object type (types without any left out): a deal's contacts and companies, a note's deal. */
  links: Partial<Record<ObjectTypeName, Array<{ id: string; primary: boolean }>>>;
}

/** A property value accepted by writes (`null` or `""` clears). */
export type PropertyInput = string | number | boolean | null;

/** Records of one object type of one account. */
export interface HubSpotObjectsHandle extends StoreView<HubSpotRecord> {
  /** A live contact by e-mail (case-insensitive); always undefined for companies and cars. */
  findByEmail(email: string): HubSpotRecord | undefined;
  /**
   * Creates a record, validated like the API does.
   * @param options.associateWith - ids of records of the other type; the first becomes primary (contacts and companies only)
   * @param options.links - records of other object types to associate it with (HubSpot's default association)
   * @throws HubSpotApiError (an Error) for invalid properties, a missing required property (cars) or a taken e-mail or VIN
   */
  create(
    properties: Record<string, PropertyInput>,
    options?: { associateWith?: string[]; links?: Partial<Record<ObjectTypeName, string[]>> },
  ): HubSpotRecord;
  /** Updates a live record, validated like the API does. @throws HubSpotApiError */
  update(id: string, properties: Record<string, PropertyInput>): HubSpotRecord;
  /** Archives a live record; false when there was none. */
  archive(id: string): boolean;
}

/** Rate-limit state of an account. */
export interface RateLimitState {
  max: number;
  intervalMs: number;
  remaining: number;
  enforced: boolean;
}

/** One sandbox account. */
export interface HubSpotAccountHandle extends AccountControls<TokenGrant> {
  /** Normalised account name. */
  readonly name: string;
  /** Portal id (`hub_id`). */
  readonly hubId: number;
  readonly userId: number;
  readonly contacts: HubSpotObjectsHandle;
  readonly companies: HubSpotObjectsHandle;
  /** Records of the custom object `cars` (associations are always empty). */
  readonly cars: HubSpotObjectsHandle;
  /** Records of any object type the sandbox serves (deals, tickets, products, notes, tasks, calls, meetings, emails, …). */
  objects(objectType: ObjectTypeName): HubSpotObjectsHandle;
  /** How the API addresses `cars` in this portal: objectTypeId `2-…`, fullyQualifiedName `p<portalId>_cars`, or `p_cars`. */
  readonly carSchema: { name: 'cars'; objectTypeId: string; fullyQualifiedName: string; shortName: 'p_cars' };
  /** The account's ten-second window. */
  rateLimit(): RateLimitState;
}

/** The in-process API of a HubSpot sandbox; its `baseUrl` is the HubSpot API's (`${publicUrl}/hubspot`). */
export interface HubSpotSandbox extends SandboxBasics {
  /** The account with this name (created on first use; names are trimmed and case-insensitive). */
  account(name: string): HubSpotAccountHandle;
  /** Normalised names of the accounts used so far. */
  accountNames(): string[];
}

/** A stored record as a {@link HubSpotRecord}. */
export function toRecord(account: HubSpotAccount, objectType: ObjectTypeName, record: StoredObject): HubSpotRecord {
  const result: HubSpotRecord = {
    id: record.id,
    properties: { ...record.properties },
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archivedAt !== undefined,
    associations: account.associationsOf(objectType, record).map((link) => ({ ...link })),
    links: Object.fromEntries(
      STANDARD_OBJECT_TYPES.map((to) => [to, account.linksBetween(objectType, record, to)] as const).filter(([, links]) => links.length > 0),
    ),
  };
  if (record.archivedAt !== undefined) result.archivedAt = new Date(record.archivedAt).toISOString();
  return result;
}

function objectsHandle(account: HubSpotAccount, objectType: ObjectTypeName): HubSpotObjectsHandle {
  const store = account.store(objectType);
  const convert = (record: StoredObject): HubSpotRecord => toRecord(account, objectType, record);
  const ids =
    objectType === 'contacts' || objectType === 'companies'
      ? associationType(objectType, objectType === 'contacts' ? 'companies' : 'contacts')
      : undefined;
  return {
    ...storeView(store, convert),
    findByEmail: (email) => {
      const record = objectType === 'contacts' ? store.findByUnique(email) : undefined;
      return record ? convert(record) : undefined;
    },
    create: (properties, options = {}) => {
      const normalized = normalizeWrite(objectType, properties, account.hubId);
      const associations = (options.associateWith ?? []).map((id, index) => ({
        to: { id },
        types: ids
          ? [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: index === 0 ? (ids.primary ?? ids.unlabeled) : ids.unlabeled }]
          : [],
      }));
      for (const [to, toIds] of Object.entries(options.links ?? {}) as Array<[ObjectTypeName, string[]]>) {
        const type = associationType(objectType, to);
        for (const id of toIds)
          associations.push({ to: { id }, types: type ? [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.unlabeled }] : [] });
      }
      return convert(account.create(objectType, normalized, associations));
    },
    update: (id, properties) => convert(account.update(objectType, id, normalizeWrite(objectType, properties, account.hubId))),
    archive: (id) => account.archive(objectType, id),
  };
}

/** Builds the in-process API of an account. */
export function accountHandle(service: HubSpotService, account: HubSpotAccount): HubSpotAccountHandle {
  const { name, objectTypeId, fullyQualifiedName, shortName } = account.carSchema;
  return {
    name: account.key,
    hubId: account.hubId,
    userId: account.seed.userId,
    contacts: objectsHandle(account, 'contacts'),
    companies: objectsHandle(account, 'companies'),
    cars: objectsHandle(account, 'cars'),
    objects: (objectType) => objectsHandle(account, objectType),
    carSchema: { name, objectTypeId, fullyQualifiedName, shortName },
    ...accountControls(account, {
      expire: (key) => service.oauth.expireAccountTokens(key),
      defaultClientId: service.settings.clients[0]?.clientId,
      known: (clientId) => service.client(clientId) !== undefined,
      issue: (clientId, scopes) => service.grant(clientId, account.key, scopes ?? defaultScopes()),
    }),
    rateLimit: () => ({
      max: account.limiter.max,
      intervalMs: account.limiter.intervalMs,
      remaining: account.limiter.remaining(),
      enforced: service.settings.rateLimit !== null,
    }),
  };
}

/** Scopes minted by {@link HubSpotAccountHandle.issueTokens} by default. */
export function defaultScopes(): string[] {
  return ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write'];
}

/** Builds the in-process API of a sandbox. */
export function sandboxHandle(service: HubSpotService): HubSpotSandbox {
  const { unattributed, settings } = service;
  return sandboxHandleWith(
    { unattributed, baseUrl: () => settings.baseUrl(), clients: settings.clients },
    { account: (name: string) => accountHandle(service, service.accounts.get(name)), accountNames: () => service.accounts.keys() },
  );
}
