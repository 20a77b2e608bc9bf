/**
 * Links between records. Lists of links where at most one link is meant to be primary (a contact's companies, a
 * person's organisations), and the changes a write makes to them: each returns a new list of new link objects in the
 * same order, leaving the list it was given unchanged. And the records linked to a parent, from the seed's relation
 * and the store's link index.
 */
import type { RecordId, RecordStore } from './record-store.js';

/** A link to another record. */
export interface Link {
  id: string;
  primary: boolean;
}

/**
 * Adds a link to `id`, or upgrades the listed one to primary when asked (a link never loses primary here).
 * @param demoteOthers - whether the others stop being primary (by default, when the link is primary)
 */
export function withLink(links: readonly Link[], id: string, primary: boolean, demoteOthers = primary): Link[] {
  const result = links.map((link) => ({ id: link.id, primary: link.primary && !demoteOthers }));
  const existing = result.find((link) => link.id === id);
  if (existing) existing.primary ||= primary;
  else result.push({ id, primary });
  return result;
}

/** Only the last primary link stays primary. */
export function lastPrimaryOnly(links: readonly Link[]): Link[] {
  const last = links.findLastIndex((link) => link.primary);
  return links.map((link, index) => ({ id: link.id, primary: link.primary && index === last }));
}

/** The links without the primary ones. */
export function withoutPrimary(links: readonly Link[]): Link[] {
  return links.filter((link) => !link.primary).map((link) => ({ ...link }));
}

/**
 * The ids of a store's records that may be linked to a parent, ascending: the seed records the seed's own relation
 * puts under it, unless changed since, and the changed or created records the store's link index puts under it.
 * Callers read each record's current link (e.g. whether it is primary).
 */
export function childIds<R>(store: RecordStore<R>, seedChildIds: Iterable<number>, parentId: RecordId): number[] {
  const ids = new Set<number>();
  for (const id of seedChildIds) if (!store.isInOverlay(id)) ids.add(id);
  for (const id of store.linkedTo(parentId)) ids.add(id);
  return [...ids].sort((a, b) => a - b);
}
