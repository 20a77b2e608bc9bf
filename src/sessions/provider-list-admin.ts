/**
 * Provider lists: named sets of providers a developer passes as `integration_provider_list_id` to show only those on
 * the session page.
 */
import type { Kysely } from 'kysely';

import { getConnector } from '../connectors/index.js';
import type { DB } from '../db/schema.js';
import { isId, newId } from '../lib/ids.js';
import { decodeProviders } from './provider-lists.js';

/** A named set of providers of a project. */
export interface ProviderList {
  id: string;
  name: string;
  providers: string[];
  createdAt: number;
}

/** The project's lists, newest first. */
export async function listProviderLists(db: Kysely<DB>, projectId: string): Promise<ProviderList[]> {
  const rows = await db
    .selectFrom('provider_lists')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, providers: decodeProviders(r.providers), createdAt: r.created_at }));
}

/** The project's list of this id, or undefined. */
export async function findProviderList(db: Kysely<DB>, projectId: string, id: unknown): Promise<ProviderList | undefined> {
  if (!isId(id)) return undefined;
  return (await listProviderLists(db, projectId)).find((l) => l.id === id);
}

/** What is wrong with a new list, field by field (empty when nothing). */
export function providerListProblems(name: string, providers: string[]): { name?: string; providers?: string } {
  const problems: { name?: string; providers?: string } = {};
  if (!name) problems.name = 'Enter a name.';
  else if (name.length > 100) problems.name = 'Use at most 100 characters.';
  if (!providers.length) problems.providers = 'Choose at least one provider.';
  else if (providers.some((p) => !getConnector(p))) problems.providers = 'Choose providers from the list.';
  return problems;
}

/** Stores a new list (check it with `providerListProblems` first). */
export async function createProviderList(
  db: Kysely<DB>,
  projectId: string,
  name: string,
  providers: string[],
  now = Date.now(),
): Promise<ProviderList> {
  const list = { id: newId(now), name, providers: [...new Set(providers)], createdAt: now };
  await db
    .insertInto('provider_lists')
    .values({ id: list.id, project_id: projectId, name, providers: JSON.stringify(list.providers), created_at: now })
    .execute();
  return list;
}

/** Deletes the project's list of this id; false when there was none. */
export async function deleteProviderList(db: Kysely<DB>, projectId: string, id: string): Promise<boolean> {
  const res = await db.deleteFrom('provider_lists').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
