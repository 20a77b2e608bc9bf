/**
 * The Attio workspace's objects and their attributes as the fake serves them (the standard objects' system
 * attributes, after Attio's "Standard objects" reference): each attribute's slug, title, type, whether it holds a list
 * of values (`is_multiselect`), whether it is unique, required or writable, and the options of its select and status
 * attributes. Ids are UUIDs derived from the workspace's seed, so they are stable per workspace name.
 */
import { mixSeed } from '../shared/prng.js';

export type AttributeType =
  | 'text'
  | 'personal-name'
  | 'email-address'
  | 'phone-number'
  | 'domain'
  | 'location'
  | 'record-reference'
  | 'actor-reference'
  | 'currency'
  | 'status'
  | 'select'
  | 'timestamp'
  | 'date'
  | 'number';

export interface AttributeSpec {
  slug: string;
  title: string;
  type: AttributeType;
  multiselect?: boolean;
  unique?: boolean;
  required?: boolean;
  /** System attributes that no write may set (created_at). */
  readOnly?: boolean;
  /** For record references: the object the values point at. */
  target?: string;
  /** For select and status attributes: the options' titles. */
  options?: readonly string[];
  /** An attribute the workspace made itself on a standard object (not a system attribute). */
  custom?: boolean;
}

/** The standard objects the fake serves, by API slug. */
export const OBJECT_SLUGS = ['people', 'companies', 'deals', 'users', 'workspaces', 'vehicles'] as const;
export type ObjectSlug = (typeof OBJECT_SLUGS)[number];
/** The objects whose records the fake stores (users and workspaces are listed, with no records). */
export const RECORD_OBJECTS = ['people', 'companies', 'deals', 'vehicles'] as const;
/** Objects a workspace made itself (custom objects): the rest are Attio's standard objects. */
export const CUSTOM_OBJECTS: readonly ObjectSlug[] = ['vehicles'];
export type RecordObject = (typeof RECORD_OBJECTS)[number];

export const NOUNS: Record<ObjectSlug, [string, string]> = {
  people: ['Person', 'People'],
  companies: ['Company', 'Companies'],
  deals: ['Deal', 'Deals'],
  users: ['User', 'Users'],
  workspaces: ['Workspace', 'Workspaces'],
  vehicles: ['Vehicle', 'Vehicles'],
};

/** Attio's default deal stages; "Won 🎉" has its celebration on. */
export const DEAL_STAGES = ['Lead', 'In Progress', 'Won 🎉', 'Lost'] as const;
export const WON_STAGE = 'Won 🎉';
export const COMPANY_CATEGORIES = ['B2B', 'B2C', 'SaaS', 'E-commerce', 'Manufacturing', 'Health Care', 'Finance'] as const;
export const EMPLOYEE_RANGES = ['1-10', '11-50', '51-250', '251-1K', '1K-5K', '5K-10K', '10K-50K', '50K-100K', '100K+'] as const;

const CREATED_AT: AttributeSpec = { slug: 'created_at', title: 'Created at', type: 'timestamp', readOnly: true };

export const ATTRIBUTES: Record<ObjectSlug, readonly AttributeSpec[]> = {
  people: [
    { slug: 'name', title: 'Name', type: 'personal-name' },
    { slug: 'email_addresses', title: 'Email addresses', type: 'email-address', multiselect: true, unique: true },
    { slug: 'phone_numbers', title: 'Phone numbers', type: 'phone-number', multiselect: true },
    { slug: 'job_title', title: 'Job title', type: 'text' },
    { slug: 'description', title: 'Description', type: 'text' },
    { slug: 'company', title: 'Company', type: 'record-reference', target: 'companies' },
    { slug: 'primary_location', title: 'Primary location', type: 'location' },
    // Made by the workspace: what passthrough fields carry.
    { slug: 'customer_tier', title: 'Customer tier', type: 'text', custom: true },
    CREATED_AT,
  ],
  companies: [
    { slug: 'name', title: 'Name', type: 'text' },
    { slug: 'domains', title: 'Domains', type: 'domain', multiselect: true, unique: true },
    { slug: 'description', title: 'Description', type: 'text' },
    { slug: 'categories', title: 'Categories', type: 'select', multiselect: true, options: COMPANY_CATEGORIES },
    { slug: 'employee_range', title: 'Employee range', type: 'select', options: EMPLOYEE_RANGES },
    { slug: 'primary_location', title: 'Primary location', type: 'location' },
    // The other side of people's `company`: read from the people (the fake writes it only through them).
    { slug: 'team', title: 'Team', type: 'record-reference', multiselect: true, target: 'people', readOnly: true },
    CREATED_AT,
  ],
  deals: [
    { slug: 'name', title: 'Deal name', type: 'text', required: true },
    { slug: 'stage', title: 'Deal stage', type: 'status', required: true, options: DEAL_STAGES },
    { slug: 'owner', title: 'Deal owner', type: 'actor-reference', required: true },
    { slug: 'value', title: 'Deal value', type: 'currency' },
    { slug: 'associated_people', title: 'Associated people', type: 'record-reference', multiselect: true, target: 'people' },
    { slug: 'associated_company', title: 'Associated company', type: 'record-reference', target: 'companies' },
    CREATED_AT,
  ],
  users: [{ slug: 'primary_email_address', title: 'Primary email address', type: 'email-address', unique: true, required: true }, CREATED_AT],
  workspaces: [{ slug: 'name', title: 'Name', type: 'text' }, CREATED_AT],
  // A custom object of the sandbox's workspaces (shared as a passthrough schema).
  vehicles: [
    { slug: 'vin', title: 'VIN', type: 'text', unique: true, required: true },
    { slug: 'make', title: 'Make', type: 'text' },
    { slug: 'model', title: 'Model', type: 'text' },
    { slug: 'year', title: 'Year', type: 'number' },
    { slug: 'price', title: 'Price', type: 'currency' },
    CREATED_AT,
  ],
};

export function attributeOf(object: ObjectSlug, slug: string): AttributeSpec | undefined {
  return ATTRIBUTES[object].find((a) => a.slug === slug);
}

/** The currency every deal value is in (Attio sets it on the currency attribute). */
export const DEAL_CURRENCY = 'USD';

const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(8, '0').slice(-width);

/** A deterministic UUID (v4 layout) of a workspace seed and a few parts. */
export function seededUuid(seed: number, ...parts: number[]): string {
  const a = mixSeed(seed, ...parts, 1);
  const b = mixSeed(seed, ...parts, 2);
  const c = mixSeed(seed, ...parts, 3);
  const d = mixSeed(seed, ...parts, 4);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(c, 3)}-${hex(c >>> 12, 4)}${hex(d, 8)}`;
}

/**
 * Record ids: the store's integer id in the last 12 hex digits of a UUID whose first group names the kind of record,
 * so that an id read back finds its record without a table.
 */
const KIND_PREFIX = {
  people: 'a0000001',
  companies: 'a0000002',
  deals: 'a0000003',
  vehicles: 'a0000004',
  notes: 'b0000001',
  tasks: 'b0000002',
  members: 'c0000001',
} as const;
export type IdKind = keyof typeof KIND_PREFIX;

export function recordUuid(kind: IdKind, id: number): string {
  return `${KIND_PREFIX[kind]}-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
}

/** The store id of a record UUID of this kind; undefined for any other text. */
export function idOfUuid(kind: IdKind, text: string): number | undefined {
  const match = new RegExp(`^${KIND_PREFIX[kind]}-0000-4000-8000-([0-9a-f]{12})$`).exec(text.toLowerCase());
  return match?.[1] === undefined ? undefined : parseInt(match[1], 16);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
