/**
 * The in-process API of the HubSpot sandbox: read and change an account's records without HTTP, read counters, queue
 * faults, expire or mint tokens. The control API (`/_sandbox/…`) exposes the same operations over HTTP.
 */
import { storeView } from '../shared/store-view.js';
import type { HubSpotAccount } from './account.js';
import { associationType } from './associations.js';
import { type ObjectTypeName, STANDARD_OBJECT_TYPES } from './properties.js';
import { normalizeWrite, type StoredObject } from './records.js';
import { ANSWERS, type HubSpotService } from './service.js';

/** A property value accepted by writes (`null` or `""` clears). */
export type PropertyInput = string | number | boolean | null;

/** The in-process API's types, derived from the functions below that build them. */
export type HubSpotRecord = ReturnType<typeof toRecord>;
export type HubSpotObjectsHandle = ReturnType<typeof objectsHandle>;
export type HubSpotAccountHandle = ReturnType<typeof accountHandle>;
export type RateLimitState = ReturnType<HubSpotAccountHandle['rateLimit']>;
export type HubSpotSandbox = ReturnType<typeof sandboxHandle>;

/**
 * A stored record as a {@link HubSpotRecord}: set properties only, as strings; `associations`: companies of a contact,
 * contacts of a company; `links`: every associated record by object type (types without any left out).
 */
export function toRecord(account: HubSpotAccount, objectType: ObjectTypeName, record: StoredObject) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const links = STANDARD_OBJECT_TYPES.map((to) => [to, account.links.between(objectType, record, to)] as const).filter(([, to]) => to.length > 0);
  return {
    id: record.id,
    properties: { ...record.properties } as Record<string, string>,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    archived: record.archivedAt !== undefined,
    associations: account.associationsOf(objectType, record).map((link): { id: string; primary: boolean } => ({ ...link })),
    links: Object.fromEntries(links) as Partial<Record<ObjectTypeName, Array<{ id: string; primary: boolean }>>>,
    ...(record.archivedAt === undefined ? {} : { archivedAt: iso(record.archivedAt) }),
  };
}

/** Records of one object type of one account. */
function objectsHandle(account: HubSpotAccount, objectType: ObjectTypeName) {
  const store = account.store(objectType);
  const convert = (record: StoredObject): HubSpotRecord => toRecord(account, objectType, record);
  const other = objectType === 'contacts' ? 'companies' : objectType === 'companies' ? 'contacts' : undefined;
  const input = (to: ObjectTypeName | undefined, id: string, primary: boolean) => {
    const type = to && associationType(objectType, to);
    const associationTypeId = primary ? (type?.primary ?? type?.unlabeled) : type?.unlabeled;
    return { to: { id }, types: associationTypeId === undefined ? [] : [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] };
  };
  return {
    ...storeView(store, convert),
    /** A live contact by e-mail (case-insensitive); always undefined for other object types. */
    findByEmail: (email: string) => {
      const record = objectType === 'contacts' ? store.findByUnique(email) : undefined;
      return record ? convert(record) : undefined;
    },
    /**
     * Creates a record, validated like the API does; `associateWith`: ids of companies of a contact or contacts of a
     * company (the first is primary); `links`: records of other types (HubSpot's default association).
     * @throws HubSpotApiError for invalid properties, a missing required property or a taken e-mail or VIN
     */
    create: (
      properties: Record<string, PropertyInput>,
      options: { associateWith?: string[]; links?: Partial<Record<ObjectTypeName, string[]>> } = {},
    ) => {
      const normalized = normalizeWrite(objectType, properties, account.hubId);
      const associations = [
        ...(options.associateWith ?? []).map((id, index) => input(other, id, index === 0)),
        ...(Object.entries(options.links ?? {}) as Array<[ObjectTypeName, string[]]>).flatMap(([to, ids]) => ids.map((id) => input(to, id, false))),
      ];
      return convert(account.create(objectType, normalized, associations));
    },
    /** Updates a live record, validated like the API does. @throws HubSpotApiError */
    update: (id: string, properties: Record<string, PropertyInput>) =>
      convert(account.update(objectType, id, normalizeWrite(objectType, properties, account.hubId))),
    /** Archives a live record; false when there was none. */
    archive: (id: string) => account.archive(objectType, id),
  };
}

/** The in-process API of one sandbox account. */
export function accountHandle(service: HubSpotService, account: HubSpotAccount) {
  const { name, objectTypeId, fullyQualifiedName, shortName } = account.carSchema;
  return {
    /** Normalised account name and portal id (`hub_id`). */
    name: account.key,
    hubId: account.hubId,
    userId: account.seed.userId,
    contacts: objectsHandle(account, 'contacts'),
    companies: objectsHandle(account, 'companies'),
    /** Records of the custom object `cars` (no associations); `objects`: of any object type the sandbox serves. */
    cars: objectsHandle(account, 'cars'),
    objects: (objectType: ObjectTypeName) => objectsHandle(account, objectType),
    /** How the API addresses `cars` in this portal: objectTypeId `2-…`, fullyQualifiedName `p<portalId>_cars`, or `p_cars`. */
    carSchema: { name, objectTypeId, fullyQualifiedName, shortName },
    ...service.accountControls(account, (clientId, scopes) => service.grant(clientId, account.key, scopes ?? [...ANSWERS.defaultScopes])),
    /** Rate-limit state of the account. */
    rateLimit: () => ({
      max: account.limiter.max,
      intervalMs: account.limiter.intervalMs,
      remaining: account.limiter.remaining(),
      enforced: service.settings.rateLimit !== null,
    }),
  };
}

/** The in-process API of a HubSpot sandbox; its `baseUrl` is the HubSpot API's (`${publicUrl}/hubspot`). */
export function sandboxHandle(service: HubSpotService) {
  return service.sandboxHandle({
    /** The account with this name (created on first use; names are trimmed and case-insensitive). */
    account: (name: string) => accountHandle(service, service.accounts.get(name)),
    /** Normalised names of the accounts used so far. */
    accountNames: () => service.accounts.keys(),
  });
}
