/**
 * Associations between HubSpot's standard objects, with HubSpot's type ids and names (the "Association type IDs"
 * table of HubSpot's v4 associations guide, developers.hubspot.com/docs/api-reference/crm-associations-v4/guide).
 * A pair may have a primary type besides the unlabeled one (a contact's or a deal's company): HubSpot reports a
 * primary association twice (the primary type and the unlabeled one), any other once.
 *
 * Where a link is kept: a contact keeps its companies (as before), and for the other pairs one side keeps the links
 * ({@link ownerOf}): an activity its contacts, companies, deals and tickets; a deal its contacts, companies and
 * tickets; a ticket and a lead their contacts and companies. The other side finds them through the store's link index.
 */
import { ENGAGEMENT_TYPES, type ObjectTypeName, type StandardObjectTypeName } from './properties.js';

/** HubSpot-defined association type ids between contacts and companies. */
export const ASSOCIATION_TYPES = {
  contactToCompanyPrimary: 1,
  companyToContactPrimary: 2,
  contactToCompanyUnlabeled: 279,
  companyToContactUnlabeled: 280,
} as const;

/** One association of a record, from its own point of view. */
export interface AssociationLink {
  /** Id of the associated record. */
  id: string;
  primary: boolean;
}

/** The singular names HubSpot uses in association type names and messages. */
export const SINGULAR: Record<ObjectTypeName, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  tickets: 'ticket',
  products: 'product',
  line_items: 'line_item',
  leads: 'lead',
  notes: 'note',
  tasks: 'task',
  calls: 'call',
  meetings: 'meeting',
  emails: 'email',
  cars: 'car',
};

type Defined = readonly [from: StandardObjectTypeName, to: StandardObjectTypeName, unlabeled: number, primary?: number];

/** An activity's types to contacts, companies, deals and tickets; the reverse type is one less. */
const ACTIVITY_TYPE_IDS: Record<(typeof ENGAGEMENT_TYPES)[number], readonly [number, number, number, number]> = {
  calls: [194, 182, 206, 220],
  emails: [198, 186, 210, 224],
  meetings: [200, 188, 212, 226],
  notes: [202, 190, 214, 228],
  tasks: [204, 192, 216, 230],
};
const ACTIVITY_TARGETS = ['contacts', 'companies', 'deals', 'tickets'] as const;

const DEFINED: readonly Defined[] = [
  ['contacts', 'companies', 279, 1],
  ['companies', 'contacts', 280, 2],
  ['deals', 'contacts', 3],
  ['contacts', 'deals', 4],
  ['deals', 'companies', 341, 5],
  ['companies', 'deals', 342, 6],
  ['tickets', 'contacts', 16],
  ['contacts', 'tickets', 15],
  ['tickets', 'companies', 339, 26],
  ['companies', 'tickets', 340, 25],
  ['deals', 'tickets', 27],
  ['tickets', 'deals', 28],
  ['deals', 'line_items', 19],
  ['line_items', 'deals', 20],
  // A lead's primary contact (578) is required on create; the reverse ids are the sandbox's (one less, as elsewhere).
  ['leads', 'contacts', 608, 578],
  ['contacts', 'leads', 607],
  ['leads', 'companies', 610],
  ['companies', 'leads', 609],
  ...ENGAGEMENT_TYPES.flatMap((activity) =>
    ACTIVITY_TARGETS.flatMap((target, k): Defined[] => {
      const id = ACTIVITY_TYPE_IDS[activity][k] as number;
      return [
        [activity, target, id],
        [target, activity, id - 1],
      ];
    }),
  ),
];

/** The side of a pair that keeps its links. */
const OWNS: Partial<Record<ObjectTypeName, readonly ObjectTypeName[]>> = {
  contacts: ['companies'],
  deals: ['contacts', 'companies', 'tickets'],
  tickets: ['contacts', 'companies'],
  line_items: ['deals'],
  leads: ['contacts', 'companies'],
  ...Object.fromEntries(ENGAGEMENT_TYPES.map((activity) => [activity, ACTIVITY_TARGETS])),
};

/** The type ids of associations from `from` to `to`, or undefined when HubSpot defines none the sandbox keeps. */
export function associationType(from: ObjectTypeName, to: ObjectTypeName): { unlabeled: number; primary?: number } | undefined {
  const row = DEFINED.find(([a, b]) => a === from && b === to);
  return row && (row[3] === undefined ? { unlabeled: row[2] } : { unlabeled: row[2], primary: row[3] });
}

/** What an association type id from `from` names: the other object type, and whether the link is primary. */
export function typeIdTarget(from: ObjectTypeName, typeId: number): { to: StandardObjectTypeName; primary: boolean } | undefined {
  const row = DEFINED.find(([a, , unlabeled, primary]) => a === from && (unlabeled === typeId || primary === typeId));
  return row && { to: row[1], primary: row[3] === typeId };
}

/** The side of a pair that keeps the links between them (undefined: the sandbox keeps none). */
export function ownerOf(a: ObjectTypeName, b: ObjectTypeName): ObjectTypeName | undefined {
  if (OWNS[a]?.includes(b)) return a;
  return OWNS[b]?.includes(a) ? b : undefined;
}

/** The object type on the other side of a contact/company association. */
export function otherSide(objectType: 'contacts' | 'companies'): 'contacts' | 'companies' {
  return objectType === 'contacts' ? 'companies' : 'contacts';
}

/** The type ids that make a contact/company link primary / unlabeled, seen from `from`. */
export function typeIdsFrom(from: 'contacts' | 'companies'): { primary: number; unlabeled: number } {
  return from === 'contacts'
    ? { primary: ASSOCIATION_TYPES.contactToCompanyPrimary, unlabeled: ASSOCIATION_TYPES.contactToCompanyUnlabeled }
    : { primary: ASSOCIATION_TYPES.companyToContactPrimary, unlabeled: ASSOCIATION_TYPES.companyToContactUnlabeled };
}

/** v3 association entries (`{id, type}`) for a link, as object reads return them. */
export function v3Entries(from: ObjectTypeName, to: ObjectTypeName, link: AssociationLink): Array<{ id: string; type: string }> {
  const name = `${SINGULAR[from]}_to_${SINGULAR[to]}`;
  if (associationType(from, to)?.primary === undefined) return [{ id: link.id, type: name }];
  const unlabeled = { id: link.id, type: `${name}_unlabeled` };
  return link.primary ? [{ id: link.id, type: name }, unlabeled] : [unlabeled];
}

/** v4 association types for a link (`{category, typeId, label}`). */
export function v4Types(
  from: ObjectTypeName,
  to: ObjectTypeName,
  link: AssociationLink,
): Array<{ category: string; typeId: number; label: string | null }> {
  const ids = associationType(from, to);
  if (!ids) return [];
  const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: ids.unlabeled, label: null };
  return link.primary && ids.primary !== undefined
    ? [{ category: 'HUBSPOT_DEFINED', typeId: ids.primary, label: 'Primary' }, unlabeled]
    : [unlabeled];
}
