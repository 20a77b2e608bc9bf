import type { Condition } from '../../model/filter.js';
import type { CoverageProbe } from './coverage.js';
import type { ErrorClassifier, ProviderClient } from './http.js';
import type { ConnectorManifest } from './manifest.js';
import type { TokenSet } from './oauth.js';

/** A record read from the provider, already in the common model. */
export interface PulledRecord {
  /** The provider's id of the record. */
  id: string;
  /** The record in the session schema's shape. */
  data: Record<string, unknown>;
  /** Provider ids of associated records, by endgrate_type. */
  associations?: Record<string, string[]>;
  /** Raw values of the extra provider fields the request asked for (`PullRequest.fields`), by field name. */
  fields?: Record<string, unknown>;
}

export interface PullPage {
  records: PulledRecord[];
  /** Where the next page starts, or null when this was the last page. Opaque; stored as the transfer's checkpoint. */
  next: string | null;
  /**
   * How many records the whole read holds, where the provider says so on its first page (Salesforce's `totalSize`,
   * WooCommerce's `X-WP-Total`, BigCommerce's `meta.pagination.total`): for a progress estimate only, never a limit.
   */
  total?: number;
}

export interface PullRequest {
  endgrateType: string;
  cursor: string | null;
  /** Ask for associations (by endgrate_type) too. */
  associations: string[];
  /** Provider fields to read besides the mapped ones (passthrough fields, field-mapping overrides). */
  fields?: string[];
  /**
   * Conditions on common-model fields the connector may hand to the provider's own filters. Whatever the provider
   * returns must include every record that meets them (a superset is fine): Weft checks each record afterwards.
   */
  filter?: Condition[];
}

/** One record to write: with `id` it updates that provider record, without it creates one. */
export interface PushOperation {
  /** Index of the item in the transfer's `transfer_data`. */
  index: number;
  id: string | null;
  /** The item's data in the common model (validated). */
  data: Record<string, unknown>;
  /** Provider fields to write as they are (passthrough fields, field-mapping overrides), by field name. */
  fields?: Record<string, unknown>;
}

export interface PushResult {
  index: number;
  success: boolean;
  /** The provider id of the created or updated record. */
  id: string | null;
  errors: string[];
  /** What was written only in part (fields the provider cannot hold). */
  warnings?: string[];
  /** When false, the failure is known not to have changed anything at the provider. */
  mayHaveApplied?: boolean;
}

export interface PushRequest {
  endgrateType: string;
  operations: PushOperation[];
}

/** A field of a provider object, as the provider describes it. */
export interface ProviderField {
  name: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'other';
  /** Defined by the account (a custom field) rather than by the provider. */
  custom: boolean;
  /** Already read or written by Weft's mapping to the common model. */
  mapped: boolean;
  /** Can be written. */
  writable: boolean;
}

/** A provider object Weft has no common model for (a custom object): what end users may pick as a passthrough schema. */
export interface ProviderObject {
  /** The object's API name, used as the passthrough schema's key (`cars`, `Vehicle__c`, `deals`). */
  name: string;
  /** Its name for people, plural. */
  label: string;
  /** Defined by the account rather than by the provider. */
  custom: boolean;
  pull: boolean;
  push: boolean;
}

/** What a connector adds to its manifest: the calls that read pages and write batches, and its quirks. */
export interface Connector {
  manifest: ConnectorManifest;
  /** Reads a page of an object: a schema's endgrate_type, or the name of a passthrough object (`cars`, `deals`). */
  pull(client: ProviderClient, request: PullRequest): Promise<PullPage>;
  push(client: ProviderClient, request: PushRequest): Promise<PushResult[]>;
  /** The fields of the provider object behind a schema (for field selection and passthrough fields). */
  fields(client: ProviderClient, endgrateType: string): Promise<ProviderField[]>;
  /**
   * The provider fields Weft's mapping reads for a common field of an object, or for a part of its first list
   * element (`city` of `addresses`): what the field step names for people. Undefined where the connector does not
   * declare it.
   */
  mappedFields?(endgrateType: string, commonField: string, part?: string): readonly string[] | undefined;
  /** The current state of records, in the common model plus the requested raw fields (for upsert settings). */
  read(client: ProviderClient, endgrateType: string, ids: string[], fields?: string[]): Promise<Map<string, PulledRecord>>;
  /**
   * Set where `read` returns exactly the records the lists show (a deleted, archived or trashed record is not
   * returned) and the lists are paged by position, so that a record deleted during a pull moves a later one into a
   * page already read: a sync pull then reads the records its lists did not show by id before reporting them DELETED.
   * A function says it of each object (an endgrate_type) where only some are so.
   */
  liveReads?: true | ((endgrateType: string) => boolean);
  /** Turns the provider's error answers into error kinds (rate limited, auth expired, …). */
  classify?: ErrorClassifier;
  /**
   * The key of the provider account a token response belongs to (for rate limiting), e.g. HubSpot's hub_id; `fields`
   * are the connection's values (typed before the consent or named at the callback: QuickBooks' realmId).
   */
  accountKey(tokens: TokenSet, fields?: Readonly<Record<string, string>>): string;
  /** Where API calls go for a connection, given the environment's default base and the token response. */
  apiBase?(defaultBase: string, tokens: TokenSet): string;
  /** The connector's own mappers and a full provider record per schema, for the generated coverage table. */
  coverage: CoverageProbe;
  /**
   * The provider objects end users may share as passthrough schemas (custom objects, discovered at run time). Each is
   * then addressed by its name in pull, push, read and fields, as an object whose mapper is the identity.
   */
  objects?(client: ProviderClient): Promise<ProviderObject[]>;
}

/**
 * A connector as the rest of Weft sees it: the fields of a schema its manifest does not push (`push: false`, e.g.
 * QuickBooks' company and addresses) are listed as read only, whatever the provider says of them.
 */
export function defineConnector<C extends Connector>(connector: C): C {
  const pushed = (type: string) => !Object.hasOwn(connector.manifest.schemas, type) || connector.manifest.schemas[type]?.push !== false;
  const fields = connector.fields.bind(connector);
  return {
    ...connector,
    async fields(client: ProviderClient, endgrateType: string) {
      const listed = await fields(client, endgrateType);
      return pushed(endgrateType) ? listed : listed.map((field) => ({ ...field, writable: false }));
    },
  };
}
