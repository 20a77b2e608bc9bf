/** The in-memory shapes of persons, organizations and deals, and their rendering helpers and answer templates. */
import { providerData } from '../shared/provider-data.js';
import ANSWERS_JSON from './data/answers.json' with { type: 'json' };

export { fromTemplate, parseRfc3339, rfc3339, snakeJson } from '../shared/snake-json.js';

/** What every record has: its id, epoch-ms times in whole seconds, and when deleted (kept 30 days with `is_deleted: true`). */
export type Stamped = { id: number; addTime: number; updateTime: number; deletedAt?: number };

/** The entity types the sandbox serves. */
export type EntityType = 'person' | 'organization' | 'deal';

/** A deal's status (deleted deals keep theirs and carry `is_deleted: true`). */
export type DealStatus = 'open' | 'won' | 'lost';

/** A custom-field value as API v2 reads and writes it (enum: option id; varchar: text; double: number). */
export type CustomValue = string | number | null;

/** An e-mail address or phone number of a person (`{value, primary, label}`). */
export interface ContactPoint {
  value: string;
  primary: boolean;
  label: string;
}

/**
 * An organization address (API v2 `address` object: `value`, `country`, `admin_area_level_1` and `_2`, `locality`,
 * `sublocality`, `route`, `street_number`, `subpremise`, `postal_code`, in that order); absent parts are null.
 */
export type AddressParts = Record<'value', string | null> & Record<string, string | null>;

/** What persons, organizations and deals share: `name` is a deal's title; custom values by 40-hex key (absent: none). */
export type BaseRecord = Stamped & { name: string; ownerId: number; visibleTo: number; labelIds: number[]; custom: Record<string, CustomValue> };

export type PersonRecord = BaseRecord &
  Record<'firstName' | 'lastName', string | null> & { orgId: number | null; emails: ContactPoint[]; phones: ContactPoint[] };

export type OrganizationRecord = BaseRecord &
  Record<'website' | 'linkedin', string | null> &
  Record<'industry' | 'annualRevenue' | 'employeeCount', number | null> & { address: AddressParts | null };

/** A deal: `expectedCloseDate` is YYYY-MM-DD. */
export type DealRecord = BaseRecord &
  Record<'creatorUserId' | 'pipelineId' | 'stageId' | 'value', number> &
  Record<'personId' | 'orgId' | 'probability' | 'stageChangeTime' | 'closeTime' | 'wonTime' | 'lostTime' | 'channel' | 'archiveTime', number | null> &
  Record<'lostReason' | 'expectedCloseDate' | 'originId' | 'channelId', string | null> & {
    currency: string;
    status: DealStatus;
    origin: string;
    isArchived: boolean;
  };

/** The record of each entity type. */
export type EntityRecord<E extends EntityType> = { person: PersonRecord; organization: OrganizationRecord; deal: DealRecord }[E];

const TEMPLATE = ['record', 'json'] as const;

/**
 * Answer templates and new records' defaults (`data/answers.json`): the bodies of a v1 `Field`, a v2 Fields API field
 * (with its `ui_visibility` and `required_fields` per entity), a v1 `BaseUser` and the company part of
 * `GetCurrentUserResponse`, a pipeline (`GetPipelinesResponse`) and a stage (`StageItem`), with their constant values
 * in answer order (a template's null keys are filled in by the code that renders it); the keys of notes (v1 `Note`),
 * activities (v2 `ActivityItem`), leads (v1 `Lead`), products and their prices (v2 `BaseProduct`) in answer order
 * (space-separated); and each object's values before a create's write is applied.
 */
export const ANSWERS = providerData('pipedrive/data/answers.json', ANSWERS_JSON, {
  fieldV1: TEMPLATE,
  fieldV2: TEMPLATE,
  fieldV2Visibility: ['record', TEMPLATE],
  userV1: TEMPLATE,
  currentUserV1: TEMPLATE,
  pipeline: TEMPLATE,
  stage: TEMPLATE,
  keys: { note: 'string', activity: 'string', lead: 'string', product: 'string', price: 'string' },
  blank: ['record', TEMPLATE],
});
