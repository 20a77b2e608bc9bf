/**
 * Contact ↔ company association types (the sandbox keeps associations between
 * its standard objects only), with HubSpot's type ids and names.
 * Primary associations are reported twice by HubSpot (the primary type and the
 * unlabeled one), non-primary ones once (unlabeled).
 */
import type { StandardObjectTypeName as ObjectTypeName } from './properties.js';

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

/** The object type on the other side of a contact/company association. */
export function otherSide(objectType: ObjectTypeName): ObjectTypeName {
  return objectType === 'contacts' ? 'companies' : 'contacts';
}

/** The type ids that make a link primary / unlabeled, seen from `from`. */
export function typeIdsFrom(from: ObjectTypeName): { primary: number; unlabeled: number } {
  return from === 'contacts'
    ? { primary: ASSOCIATION_TYPES.contactToCompanyPrimary, unlabeled: ASSOCIATION_TYPES.contactToCompanyUnlabeled }
    : { primary: ASSOCIATION_TYPES.companyToContactPrimary, unlabeled: ASSOCIATION_TYPES.companyToContactUnlabeled };
}

/** v3 association entries (`{id, type}`) for a link, as object reads return them. */
export function v3Entries(from: ObjectTypeName, link: AssociationLink): Array<{ id: string; type: string }> {
  const name = from === 'contacts' ? 'contact_to_company' : 'company_to_contact';
  const unlabeled = { id: link.id, type: `${name}_unlabeled` };
  return link.primary ? [{ id: link.id, type: name }, unlabeled] : [unlabeled];
}

/** v4 association types for a link (`{category, typeId, label}`). */
export function v4Types(from: ObjectTypeName, link: AssociationLink): Array<{ category: string; typeId: number; label: string | null }> {
  const ids = typeIdsFrom(from);
  const unlabeled = { category: 'HUBSPOT_DEFINED', typeId: ids.unlabeled, label: null };
  return link.primary ? [{ category: 'HUBSPOT_DEFINED', typeId: ids.primary, label: 'Primary' }, unlabeled] : [unlabeled];
}
