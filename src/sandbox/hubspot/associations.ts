/**
 * Associations between HubSpot's standard objects, with HubSpot's type ids and names (the "Association type IDs"
 * table of HubSpot's v4 associations guide, developers.hubspot.com/docs/api-reference/crm-associations-v4/guide).
 * A pair may have a primary type besides the unlabeled one (a contact's or a deal's company): HubSpot reports a
 * primary association twice (the primary type and the unlabeled one), any other once.
 *
 * One side of a pair keeps the links ({@link ownerOf}): a contact its companies; an activity its contacts, companies,
 * deals and tickets; a deal its contacts, companies and tickets; a ticket and a lead their contacts and companies. The
 * other side finds them through the store's link index.
 */
import { providerData } from '../shared/provider-data.js';
import ASSOCIATIONS_JSON from './data/associations.json' with { type: 'json' };
import { type ObjectTypeName, STANDARD_OBJECT_TYPES, type StandardObjectTypeName } from './properties.js';

/** One association of a record, from its own point of view: the associated record's id. */
export interface AssociationLink {
  id: string;
  primary: boolean;
}

const OBJECT_TYPE = ['enum', ...STANDARD_OBJECT_TYPES] as const;

/**
 * `data/associations.json`: the singular names HubSpot uses in association type names and messages; the type ids
 * HubSpot defines from one object type to another (unlabeled, and primary where a pair has one) (an activity's to contacts,
 * companies, deals and tickets, the reverse one less; a lead's primary contact, 578, is required on create, and the
 * reverse ids of a lead's are the sandbox's, one less as elsewhere); and the side of a pair that keeps its links.
 */
const DATA = providerData('hubspot/data/associations.json', ASSOCIATIONS_JSON, {
  singular: ['record', 'string'],
  types: ['list', { from: OBJECT_TYPE, to: OBJECT_TYPE, unlabeled: 'number', 'primary?': 'number' }],
  owns: ['record', ['list', OBJECT_TYPE]],
});

/** The singular names HubSpot uses in association type names and messages. */
export const SINGULAR = DATA.singular as Record<ObjectTypeName, string>;

/** The side of a pair that keeps its links. */
const OWNS = DATA.owns as Partial<Record<ObjectTypeName, readonly ObjectTypeName[]>>;

/** The type ids of associations from `from` to `to` (unlabeled, and primary where the pair has one), or undefined when HubSpot defines none the sandbox keeps. */
export function associationType(from: ObjectTypeName, to: ObjectTypeName): { unlabeled: number; primary?: number } | undefined {
  return DATA.types.find((row) => row.from === from && row.to === to);
}

/** What an association type id from `from` names: the other object type, and whether the link is primary. */
export function typeIdTarget(from: ObjectTypeName, typeId: number): { to: StandardObjectTypeName; primary: boolean } | undefined {
  const row = DATA.types.find((candidate) => candidate.from === from && (candidate.unlabeled === typeId || candidate.primary === typeId));
  return row && { to: row.to, primary: row.primary === typeId };
}

/** The side of a pair that keeps the links between them (undefined: the sandbox keeps none). */
export function ownerOf(a: ObjectTypeName, b: ObjectTypeName): ObjectTypeName | undefined {
  if (OWNS[a]?.includes(b)) return a;
  return OWNS[b]?.includes(a) ? b : undefined;
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
