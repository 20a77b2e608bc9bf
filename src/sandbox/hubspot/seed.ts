/**
 * Deterministic seed data of a HubSpot sandbox account: record `i` of an object is a pure function of (account seed,
 * i, seed sizes), so nothing is stored until a record changes; ids and create dates ascend with the index. Deal `i` is
 * with seed contact `i mod contacts` and that contact's company; ticket `i` and lead `i` (whose primary contact that
 * contact is) likewise; activity `i` of each kind is on deal `i` (with its contact and company); line item `i` is
 * product `i mod 12` on deal `i`. Each relation is also answered the other way round without a scan.
 */
import {
  companyIdentity,
  FREE_MAIL_DOMAINS,
  JOB_TITLES,
  personName,
  phoneNumber,
  type Place,
  PLACES,
  postalCode,
  secondaryAddress,
  slugify,
  streetAddress,
} from '../shared/names.js';
import { companyDescription, companyStem, employeeCount, seedEmail, seedIndexFromEmail } from '../shared/objects-seed.js';
import { createRng, hashString, mixSeed, type Rng } from '../shared/prng.js';
import { type SeededObject, SeedSpread, type SeedTimeline, seedTimes } from '../shared/seeded-account.js';
import { seedVehicle, vinSerial } from '../shared/vehicles.js';
import { PIPELINES, withPipeline } from './pipelines.js';
import {
  CALL_DIRECTIONS,
  CAR_CONDITIONS,
  CUSTOMER_TIERS,
  DEAL_TYPES,
  ENGAGEMENT_TYPES,
  type EngagementTypeName,
  FAVORITE_COLORS,
  INDUSTRIES,
  LEAD_LABELS,
  LEAD_TYPES,
  LIFECYCLE_STAGES,
  type ObjectTypeName,
  TASK_PRIORITIES,
  TASK_STATUSES,
  TASK_TYPES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
} from './properties.js';
import { linkedIds, seedRecord, type StoredObject, storedObjectShape } from './records.js';

export { seedIndexFromEmail };

/** Ids of seed record 0 per object type (apart from every other type's ids, as in a portal; custom object records have large ids). */
export const ID_BASES = {
  contacts: 1001,
  companies: 8_000_000_001,
  cars: 21_000_000_001,
  deals: 12_000_000_001,
  tickets: 13_000_000_001,
  products: 14_000_000_001,
  line_items: 15_000_000_001,
  leads: 16_000_000_001,
  notes: 30_000_000_001,
  tasks: 31_000_000_001,
  calls: 32_000_000_001,
  meetings: 33_000_000_001,
  emails: 34_000_000_001,
} as const satisfies Record<ObjectTypeName, number>;
export const CONTACT_ID_BASE = ID_BASES.contacts;
export const COMPANY_ID_BASE = ID_BASES.companies;
/** Seed records of the custom object `cars` and seed deals per account unless the sandbox is told otherwise. */
export const DEFAULT_SEED_CARS = 120;
export const DEFAULT_SEED_DEALS = 200;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const timeline = (epoch: number, spacing: number, maxEditDays: number): SeedTimeline => ({ epoch, spacing, maxEditAge: maxEditDays * DAY });
/** When seed record 0 of each type was created, the spacing of the next ones and how long after they were last changed. */
const TIMES: Record<ObjectTypeName, SeedTimeline> = {
  contacts: timeline(Date.UTC(2024, 0, 1), 41_000, 120),
  companies: timeline(Date.UTC(2023, 5, 1), 600_000, 365),
  cars: timeline(Date.UTC(2024, 2, 1), HOUR, 90),
  deals: timeline(Date.UTC(2024, 1, 1), 6 * HOUR, 60),
  tickets: timeline(Date.UTC(2024, 3, 1), 4 * HOUR, 20),
  products: timeline(Date.UTC(2023, 0, 15), DAY, 200),
  line_items: timeline(Date.UTC(2024, 1, 1, 1), 6 * HOUR, 60),
  leads: timeline(Date.UTC(2024, 0, 15), 5 * HOUR, 30),
  notes: timeline(Date.UTC(2024, 1, 2), 6 * HOUR, 10),
  tasks: timeline(Date.UTC(2024, 1, 2), 6 * HOUR, 30),
  calls: timeline(Date.UTC(2024, 1, 3), 6 * HOUR, 5),
  meetings: timeline(Date.UTC(2024, 1, 4), 6 * HOUR, 5),
  emails: timeline(Date.UTC(2024, 1, 2), 6 * HOUR, 2),
};

/** Share of seed contacts associated with a company. */
const ASSOCIATED_SHARE = 0.9;

const SALT = {
  contact: 0x0c0,
  company: 0x0c1,
  association: 0x0a5,
  owner: 0x0e7,
  ownerName: 0x0e8,
  companyPlace: 0x0c2,
  car: 0x0ca,
  deal: 0x0d1,
  ticket: 0x7c1,
  product: 0x9d1,
  activity: 0xac7,
  lead: 0x1ead,
} as const;

/** Everything the seed functions need to know about an account: its 53-bit seed, seed sizes, owner ids, portal and user ids. */
export type SeedContext = ReturnType<typeof seedContext>;

/** Builds the seed context of an account from its normalised name. */
export function seedContext(accountKey: string, contactCount: number, companyCount: number, carCount = 0, dealCount = 0) {
  const accountSeed = hashString(`hubspot:${accountKey}`);
  const ownerIds = [0, 1, 2, 3, 4].map((k) => String(10_000_000 + (mixSeed(accountSeed, SALT.owner, k) % 89_999_999)));
  return {
    accountSeed,
    contactCount,
    companyCount,
    carCount,
    dealCount,
    ownerIds,
    hubId: 20_000_000 + (hashString(`hub:${accountKey}`) % 79_999_999),
    userId: 1_000_000 + (hashString(`user:${accountKey}`) % 8_999_999),
  };
}

function rngFor(ctx: SeedContext, salt: number, index: number): Rng {
  return createRng(mixSeed(ctx.accountSeed, salt, index));
}

/** The address parts of a place: city, state, a postal code drawn for it, and country. */
function placeProperties(rng: Rng, place: Place): Record<string, string> {
  return { city: place.city, state: place.state, zip: postalCode(rng, place), country: place.country };
}

/** Index of the company a seed contact belongs to, or undefined when it has none. */
export function seedCompanyIndexOfContact(ctx: SeedContext, contactIndex: number): number | undefined {
  const roll = mixSeed(ctx.accountSeed, SALT.association, contactIndex) / 4294967296;
  return roll < ASSOCIATED_SHARE ? new SeedSpread(ctx.companyCount, ctx.accountSeed).parentOf(contactIndex) : undefined;
}

/** Indexes of the seed contacts whose seed company is `companyIndex`, ascending (O(contacts / companies)). */
export function seedContactIndexesOfCompany(ctx: SeedContext, companyIndex: number): number[] {
  const candidates = new SeedSpread(ctx.companyCount, ctx.accountSeed).childrenOf(companyIndex, ctx.contactCount);
  return [...candidates].filter((index) => seedCompanyIndexOfContact(ctx, index) === companyIndex);
}

function companyPlace(ctx: SeedContext, companyIndex: number): Place {
  return rngFor(ctx, SALT.companyPlace, companyIndex).pick(PLACES);
}

/** Name and domain of seed company `companyIndex` (cheap; used by contacts too). */
export function seedCompanyIdentity(ctx: SeedContext, companyIndex: number): { name: string; domain: string } {
  return companyIdentity(rngFor(ctx, SALT.company ^ 0x55, companyIndex), companyStem(companyIndex, ctx.accountSeed));
}

/** Generates seed company `index`. */
export function seedCompany(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.company, index);
  const id = String(COMPANY_ID_BASE + index);
  const { name, domain } = seedCompanyIdentity(ctx, index);
  const place = companyPlace(ctx, index);
  const times = seedTimes(TIMES.companies, rng, index);
  const props: Record<string, string> = { name, domain };
  if (rng.chance(0.9)) props['website'] = `https://www.${domain}`;
  if (rng.chance(0.9)) props['industry'] = rng.pick(INDUSTRIES)[0];
  if (rng.chance(0.8)) props['description'] = companyDescription(rng, name, name.split(' ')[1]?.toLowerCase() ?? 'business', place);
  if (rng.chance(0.85)) props['phone'] = phoneNumber(rng, place);
  if (rng.chance(0.85)) props['address'] = streetAddress(rng);
  if (rng.chance(0.25)) props['address2'] = secondaryAddress(rng);
  if (rng.chance(0.95)) Object.assign(props, placeProperties(rng, place));
  const employees = employeeCount(rng);
  if (rng.chance(0.85)) props['numberofemployees'] = String(employees);
  if (rng.chance(0.7)) props['annualrevenue'] = String(employees * rng.between(50, 250) * 1000);
  if (rng.chance(0.9)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (rng.chance(0.6)) props['customer_tier'] = rng.pick(CUSTOMER_TIERS)[0];
  return seedRecord('companies', id, props, times);
}

const LIFECYCLE_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['subscriber', 15],
  ['lead', 30],
  ['marketingqualifiedlead', 15],
  ['salesqualifiedlead', 10],
  ['opportunity', 10],
  ['customer', 15],
  ['evangelist', 3],
  ['other', 2],
];

/** Checks at load time that the weights only use real lifecycle stages. */
if (!LIFECYCLE_WEIGHTS.every(([stage]) => LIFECYCLE_STAGES.some(([value]) => value === stage))) {
  throw new Error('LIFECYCLE_WEIGHTS uses an unknown lifecycle stage');
}

/** Generates seed contact `index`. */
export function seedContact(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.contact, index);
  const id = String(CONTACT_ID_BASE + index);
  const { first, last } = personName(rng);
  const companyIndex = seedCompanyIndexOfContact(ctx, index);
  const company = companyIndex === undefined ? undefined : seedCompanyIdentity(ctx, companyIndex);
  const place = company && companyIndex !== undefined && rng.chance(0.6) ? companyPlace(ctx, companyIndex) : rng.pick(PLACES);
  const workMail = company !== undefined && rng.chance(0.75);
  const domain = workMail && company ? company.domain : rng.pick(FREE_MAIL_DOMAINS);
  const times = seedTimes(TIMES.contacts, rng, index);
  const props: Record<string, string> = {
    firstname: first,
    lastname: last,
    email: seedEmail(first, last, index, domain),
  };
  if (rng.chance(0.9)) props['phone'] = phoneNumber(rng, place);
  if (rng.chance(0.55)) props['mobilephone'] = phoneNumber(rng, place);
  if (rng.chance(0.08)) props['fax'] = phoneNumber(rng, place);
  if (rng.chance(0.85)) props['jobtitle'] = rng.pick(JOB_TITLES);
  if (rng.chance(0.8)) props['address'] = streetAddress(rng);
  if (rng.chance(0.95)) Object.assign(props, placeProperties(rng, place));
  if (rng.chance(0.95)) props['lifecyclestage'] = rng.weighted(LIFECYCLE_WEIGHTS);
  if (rng.chance(0.85)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (company && companyIndex !== undefined) {
    if (rng.chance(0.95)) props['company'] = company.name;
    props['associatedcompanyid'] = String(COMPANY_ID_BASE + companyIndex);
  }
  if (rng.chance(0.08)) {
    const extra = [`${slugify(first)}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`];
    if (rng.chance(0.4)) extra.push(`${slugify(first).charAt(0)}${slugify(last)}${index}@${rng.pick(FREE_MAIL_DOMAINS)}`);
    props['hs_additional_emails'] = extra.join(';');
  }
  if (rng.chance(0.65)) props['favorite_color'] = rng.pick(FAVORITE_COLORS)[0];
  const record = seedRecord('contacts', id, props, times);
  if (companyIndex !== undefined) record.companies = [{ id: String(COMPANY_ID_BASE + companyIndex), primary: true }];
  return record;
}

/** Generates seed car `index` (a record of the custom object `cars`). */
export function seedCar(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.car, index);
  const id = String(ID_BASES.cars + index);
  const vehicle = seedVehicle(rng, index);
  const times = seedTimes(TIMES.cars, rng, index);
  const props: Record<string, string> = {
    make: vehicle.make,
    model: vehicle.model,
    year: String(vehicle.year),
    vin: vehicle.vin,
  };
  if (rng.chance(0.9)) props['price'] = String(vehicle.price);
  if (rng.chance(0.85)) props['condition'] = vehicle.year >= 2025 ? 'new' : rng.pick(CAR_CONDITIONS.slice(1))[0];
  if (rng.chance(0.8)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  return seedRecord('cars', id, props, times);
}

/** A user of the portal who owns records (`GET /crm/v3/owners`); the first owner is the user who authorizes apps. */
export type SeedOwner = ReturnType<typeof seedOwners>[number];

/** The owners of an account: the ids `hubspot_owner_id` holds, with names drawn apart from the records' draws. */
export function seedOwners(ctx: SeedContext) {
  return ctx.ownerIds.map((id, k) => {
    const { first, last } = personName(createRng(mixSeed(ctx.accountSeed, SALT.ownerName, k)));
    return {
      id,
      email: `${slugify(first)}.${slugify(last)}@hub${ctx.hubId}.example.com`,
      firstName: first,
      lastName: last,
      userId: k === 0 ? ctx.userId : 1_000_000 + (mixSeed(ctx.accountSeed, SALT.ownerName, 100 + k) % 8_999_999),
      createdAt: new Date(Date.UTC(2023, 1, 1 + k, 10)).toISOString(),
    };
  });
}

/** The product catalogue every portal has (name, SKU, unit price, unit cost; prices are decimal strings). */
export const PRODUCTS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['Starter plan', 'PLAN-STARTER', '49', '12.5'],
  ['Professional plan', 'PLAN-PRO', '199', '40'],
  ['Enterprise plan', 'PLAN-ENT', '899.99', '150'],
  ['Onboarding package', 'SVC-ONBOARD', '1500', '600'],
  ['Training day', 'SVC-TRAIN', '1200', '450'],
  ['Premium support', 'SUP-PREMIUM', '299', '90'],
  ['Extra seat', 'ADD-SEAT', '19.99', '2'],
  ['API add-on', 'ADD-API', '99', '10'],
  ['Data migration', 'SVC-MIGRATE', '2500', '1100'],
  ['Hardware kit', 'HW-KIT', '349.5', '210'],
  ['Extended warranty', 'HW-WARRANTY', '79', '15'],
  ['Consulting hour', 'SVC-HOUR', '175', '80'],
];

/** The seed contact and company of deal or ticket `index`. */
function partiesOf(ctx: SeedContext, index: number): { contact?: number; company?: number } {
  if (ctx.contactCount <= 0) return {};
  const contact = index % ctx.contactCount;
  const company = seedCompanyIndexOfContact(ctx, contact);
  return company === undefined ? { contact } : { contact, company };
}

function partyLinks(parties: { contact?: number; company?: number }): StoredObject['links'] {
  const links: NonNullable<StoredObject['links']> = {};
  if (parties.contact !== undefined) links.contacts = [{ id: String(CONTACT_ID_BASE + parties.contact), primary: false }];
  if (parties.company !== undefined) links.companies = [{ id: String(COMPANY_ID_BASE + parties.company), primary: true }];
  return links;
}

const DEAL_KINDS = ['renewal', 'expansion', 'pilot', 'licences', 'services', 'upgrade'];

/** Generates seed deal `index`. */
export function seedDeal(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.deal, index);
  const times = seedTimes(TIMES.deals, rng, index);
  const parties = partiesOf(ctx, index);
  const company = parties.company === undefined ? undefined : seedCompanyIdentity(ctx, parties.company).name;
  const pipelines = PIPELINES.deals ?? [];
  const pipeline = rng.chance(0.85) ? pipelines[0] : pipelines[1];
  const stage = pipeline ? rng.pick(pipeline.stages) : undefined;
  let props: Record<string, string> = {
    dealname: `${company ?? 'New customer'} ${rng.pick(DEAL_KINDS)} ${2024 + (index % 3)}`,
    pipeline: pipeline?.id ?? 'default',
    dealstage: stage?.id ?? 'appointmentscheduled',
  };
  if (rng.chance(0.9)) props['amount'] = String(rng.between(5, 900) * 100 + (rng.chance(0.2) ? 0.5 : 0));
  if (rng.chance(0.9)) props['deal_currency_code'] = rng.chance(0.8) ? 'USD' : rng.pick(['EUR', 'GBP']);
  if (rng.chance(0.85)) props['closedate'] = new Date(times.createdAt + rng.between(14, 120) * DAY).toISOString();
  if (rng.chance(0.5)) props['description'] = `${rng.pick(DEAL_KINDS)} discussed with the buying committee`;
  if (rng.chance(0.7)) props['dealtype'] = rng.pick(DEAL_TYPES)[0];
  if (rng.chance(0.9)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (rng.chance(0.6)) props['notes_last_updated'] = new Date(times.updatedAt).toISOString();
  const piped = withPipeline('deals', props, undefined);
  if ('properties' in piped) props = piped.properties;
  const record = seedRecord('deals', String(ID_BASES.deals + index), props, times);
  record.links = partyLinks(parties);
  return record;
}

const TICKET_SUBJECTS = ['Cannot sign in', 'Invoice shows the wrong amount', 'Export times out', 'Request: dark mode', 'Sync stopped overnight'];

/** Generates seed ticket `index`. */
export function seedTicket(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.ticket, index);
  const times = seedTimes(TIMES.tickets, rng, index);
  const stage = rng.pick(PIPELINES.tickets?.[0]?.stages ?? []);
  const props: Record<string, string> = {
    subject: `${rng.pick(TICKET_SUBJECTS)} (#${index + 1})`,
    hs_pipeline: '0',
    hs_pipeline_stage: stage.id,
  };
  if (rng.chance(0.8)) props['content'] = 'Reported by the customer through the support form.';
  if (rng.chance(0.9)) props['hs_ticket_priority'] = rng.pick(TICKET_PRIORITIES)[0];
  if (rng.chance(0.6)) props['hs_ticket_category'] = rng.pick(TICKET_CATEGORIES)[0];
  if (rng.chance(0.85)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  if (stage.metadata.isClosed === 'true') props['closed_date'] = new Date(times.updatedAt).toISOString();
  const record = seedRecord('tickets', String(ID_BASES.tickets + index), props, times);
  record.links = partyLinks(partiesOf(ctx, index));
  return record;
}

/** Generates seed lead `index`: its primary contact is the seed contact of deal `index`, named after them. */
export function seedLead(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.lead, index);
  const times = seedTimes(TIMES.leads, rng, index);
  const parties = partiesOf(ctx, index);
  const contact = parties.contact === undefined ? undefined : seedContact(ctx, parties.contact).properties;
  const company = parties.company === undefined ? undefined : seedCompanyIdentity(ctx, parties.company);
  const stage = rng.pick(PIPELINES.leads?.[0]?.stages ?? []);
  const person = [contact?.['firstname'], contact?.['lastname']].filter(Boolean).join(' ');
  const props: Record<string, string> = {
    hs_lead_name: person || `Lead ${index + 1}`,
    hs_pipeline: 'lead-pipeline-id',
    hs_pipeline_stage: stage.id,
    ...leadParties(contact, company),
  };
  if (rng.chance(0.8)) props['hs_lead_type'] = rng.pick(LEAD_TYPES)[0];
  if (rng.chance(0.6)) props['hs_lead_label'] = rng.pick(LEAD_LABELS)[0];
  if (rng.chance(0.9)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  const record = seedRecord('leads', String(ID_BASES.leads + index), props, times);
  const links = partyLinks(parties) ?? {};
  if (links.contacts) links.contacts = links.contacts.map((link) => ({ ...link, primary: true }));
  record.links = links;
  return record;
}

/** The properties HubSpot calculates on a lead from its primary contact's and its company's (empty: none). */
export function leadParties(
  contact: Record<string, string> | undefined,
  company: { name?: string | undefined; domain?: string | undefined } | undefined,
): Record<string, string> {
  return {
    hs_associated_contact_firstname: contact?.['firstname'] ?? '',
    hs_associated_contact_lastname: contact?.['lastname'] ?? '',
    hs_associated_contact_email: contact?.['email'] ?? '',
    hs_associated_company_name: company?.name ?? '',
    hs_associated_company_domain: company?.domain ?? '',
  };
}

/** Generates seed product `index` (the catalogue; a bigger seed repeats it with numbered names). */
export function seedProduct(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.product, index);
  const times = seedTimes(TIMES.products, rng, index);
  const [name, sku, price, cost] = PRODUCTS[index % PRODUCTS.length] as (typeof PRODUCTS)[number];
  const round = Math.floor(index / PRODUCTS.length);
  const props: Record<string, string> = {
    name: round === 0 ? name : `${name} ${round + 1}`,
    hs_sku: round === 0 ? sku : `${sku}-${round + 1}`,
    price,
    hs_cost_of_goods_sold: cost,
    description: `${name}, billed per unit.`,
  };
  if (sku.startsWith('PLAN') || sku.startsWith('SUP')) props['hs_recurring_billing_period'] = 'P12M';
  if (rng.chance(0.5)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
  return seedRecord('products', String(ID_BASES.products + index), props, times);
}

/** Generates seed line item `index`: product `index mod 12` on deal `index`, at the product's price. */
export function seedLineItem(ctx: SeedContext, index: number): StoredObject {
  const rng = rngFor(ctx, SALT.product ^ 0x11, index);
  const times = seedTimes(TIMES.line_items, rng, index);
  const product = index % PRODUCTS.length;
  const [name, sku, price] = PRODUCTS[product] as (typeof PRODUCTS)[number];
  const quantity = rng.between(1, 20);
  const props: Record<string, string> = {
    name,
    hs_product_id: String(ID_BASES.products + product),
    hs_sku: sku,
    quantity: String(quantity),
    price,
    amount: lineAmount(price, String(quantity)),
  };
  const record = seedRecord('line_items', String(ID_BASES.line_items + index), props, times);
  if (index < ctx.dealCount) record.links = { deals: [{ id: String(ID_BASES.deals + index), primary: false }] };
  return record;
}

/** A line item's net price: price × quantity, in cents to stay exact, as a decimal string. */
export function lineAmount(price: string, quantity: string): string {
  const cents = Math.round(Number(price) * 100) * Number(quantity);
  return Number.isFinite(cents) ? String(cents / 100) : '';
}

/** The properties of activity `index` of a kind, at `at` (ms), by a rng of its own. */
function activityProperties(kind: EngagementTypeName, rng: Rng, ctx: SeedContext, index: number, at: number): Record<string, string> {
  const when = new Date(at).toISOString();
  const { first, last } = personName(rng);
  switch (kind) {
    case 'notes':
      return { hs_timestamp: when, hs_note_body: `<p>Spoke with ${first} ${last} about next steps.</p>` };
    case 'tasks': {
      const status = rng.pick(TASK_STATUSES)[0];
      const props: Record<string, string> = {
        hs_timestamp: new Date(at + 7 * DAY).toISOString(),
        hs_task_subject: `Follow up with ${first}`,
        hs_task_body: 'Send the proposal and book a call.',
        hs_task_status: status,
        hs_task_priority: rng.pick(TASK_PRIORITIES)[0],
        hs_task_type: rng.pick(TASK_TYPES)[0],
      };
      if (status === 'COMPLETED') props['hs_task_completion_date'] = new Date(at + 3 * DAY).toISOString();
      return props;
    }
    case 'calls':
      return {
        hs_timestamp: when,
        hs_call_title: `Call with ${first} ${last}`,
        hs_call_body: 'Discussed pricing and timeline.',
        hs_call_direction: rng.pick(CALL_DIRECTIONS)[0],
        hs_call_duration: String(rng.between(60, 1800) * 1000),
        hs_call_status: 'COMPLETED',
      };
    case 'meetings':
      return {
        hs_timestamp: when,
        hs_meeting_title: `Demo for ${first} ${last}`,
        hs_meeting_body: 'Product walkthrough.',
        hs_meeting_start_time: when,
        hs_meeting_end_time: new Date(at + rng.pick([30, 45, 60]) * 60_000).toISOString(),
        hs_meeting_location: rng.pick(['Zoom', 'Office', 'Phone']),
        hs_meeting_outcome: 'COMPLETED',
      };
    case 'emails': {
      const to = `${slugify(first)}.${slugify(last)}${index}@example.com`;
      const from = `sales@hub${ctx.hubId}.example.com`;
      return {
        hs_timestamp: when,
        hs_email_subject: `Proposal for ${first}`,
        hs_email_text: 'Please find the proposal attached.',
        hs_email_direction: rng.chance(0.7) ? 'EMAIL' : 'INCOMING_EMAIL',
        hs_email_status: 'SENT',
        ...emailHeaders(JSON.stringify({ from: { email: from }, to: [{ email: to }] })),
      };
    }
  }
}

/** `hs_email_headers` and the recipient and sender properties HubSpot derives from it (none for headers it cannot read). */
export function emailHeaders(headers: string): Record<string, string> {
  const out: Record<string, string> = { hs_email_headers: headers };
  let parsed: unknown;
  try {
    parsed = JSON.parse(headers);
  } catch {
    return out; // HubSpot stores headers it cannot read as they are and derives nothing.
  }
  const h = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { from?: { email?: unknown }; to?: Array<{ email?: unknown }> };
  const to = (Array.isArray(h.to) ? h.to : []).map((r) => r?.email).filter((e): e is string => typeof e === 'string');
  if (to.length) out['hs_email_to_email'] = to.join(';');
  if (typeof h.from?.email === 'string') out['hs_email_from_email'] = h.from.email;
  return out;
}

/** A generator of seed activity `index` of a kind: on deal `index`, with its contact and company. */
export function seedActivity(kind: EngagementTypeName): (ctx: SeedContext, index: number) => StoredObject {
  return (ctx, index) => {
    const rng = rngFor(ctx, SALT.activity ^ ID_BASES[kind], index);
    const times = seedTimes(TIMES[kind], rng, index);
    const props = activityProperties(kind, rng, ctx, index, times.createdAt);
    if (rng.chance(0.9)) props['hubspot_owner_id'] = rng.pick(ctx.ownerIds);
    const record = seedRecord(kind, String(ID_BASES[kind] + index), props, times);
    const links = partyLinks(partiesOf(ctx, index)) ?? {};
    if (index < ctx.dealCount) links.deals = [{ id: String(ID_BASES.deals + index), primary: false }];
    record.links = links;
    return record;
  };
}

/** Seed indexes `start, start + step, …` below `count`. */
function stepped(start: number, step: number, count: number): number[] {
  const out: number[] = [];
  if (step <= 0) return out;
  for (let i = start; i < count; i += step) out.push(i);
  return out;
}

/**
 * Ids of the seed records of `owner` whose seed links point at seed record `index` of `from` (ascending): a company's
 * contacts, a contact's or company's deals, tickets and activities, a deal's activities.
 */
export function seedLinkedIds(ctx: SeedContext, owner: ObjectTypeName, from: ObjectTypeName, index: number): number[] {
  if (owner === 'contacts') return from === 'companies' ? seedContactIndexesOfCompany(ctx, index).map((i) => ID_BASES.contacts + i) : [];
  if (owner === 'companies' || owner === 'cars') return [];
  // Deals, tickets, leads and each kind of activity have as many seed records as deals; products link to nothing.
  const count = owner === 'products' ? 0 : ctx.dealCount;
  const contacts = from === 'contacts' ? [index] : from === 'companies' ? seedContactIndexesOfCompany(ctx, index) : [];
  let indexes: number[] = [];
  if (from === 'deals') indexes = owner === 'deals' || owner === 'tickets' || owner === 'leads' ? [] : index < count ? [index] : [];
  else if (owner === 'line_items') indexes = [];
  else if (contacts.length > 0 && ctx.contactCount > 0) {
    // Record `i` is with contact `i mod contacts` (and that contact's company).
    indexes = contacts.flatMap((contact) => stepped(contact, ctx.contactCount, count));
  }
  return [...new Set(indexes)].sort((a, b) => a - b).map((i) => ID_BASES[owner] + i);
}

const GENERATORS: Record<ObjectTypeName, (ctx: SeedContext, index: number) => StoredObject> = {
  contacts: seedContact,
  companies: seedCompany,
  cars: seedCar,
  deals: seedDeal,
  tickets: seedTicket,
  products: seedProduct,
  line_items: seedLineItem,
  leads: seedLead,
  ...(Object.fromEntries(ENGAGEMENT_TYPES.map((kind) => [kind, seedActivity(kind)])) as Record<
    EngagementTypeName,
    (ctx: SeedContext, index: number) => StoredObject
  >),
};
const SEED_COUNTS: Partial<Record<ObjectTypeName, (ctx: SeedContext) => number>> = {
  contacts: (ctx) => ctx.contactCount,
  companies: (ctx) => ctx.companyCount,
  cars: (ctx) => ctx.carCount,
  products: () => PRODUCTS.length,
};
/** The unique property (contacts' e-mail, cars' VIN) and the seed index its value tells. */
const UNIQUE: Partial<Record<ObjectTypeName, [string, (value: string) => number | undefined]>> = {
  contacts: ['email', seedIndexFromEmail],
  cars: ['vin', vinSerial],
};

/** HubSpot's objects for the kit's seeded account: contacts, companies and the other standard objects, and the custom object `cars`. */
export const SEED_OBJECTS = Object.fromEntries(
  (Object.keys(ID_BASES) as ObjectTypeName[]).map((type) => {
    const unique = UNIQUE[type];
    const object: SeededObject<StoredObject, SeedContext> = {
      shape: storedObjectShape(type),
      idBase: ID_BASES[type],
      seedCount: SEED_COUNTS[type] ?? ((ctx) => ctx.dealCount),
      generate: GENERATORS[type],
      timeline: TIMES[type],
      ...(type === 'companies' || type === 'cars' ? {} : { linksOf: linkedIds }),
      ...(unique ? { unique: { valueOf: (record: StoredObject) => record.properties[unique[0]], seedIndexOf: unique[1] } } : {}),
    };
    return [type, object];
  }),
) as Record<ObjectTypeName, SeededObject<StoredObject, SeedContext>>;
