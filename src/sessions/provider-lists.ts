/** Provider lists (Endgrate's `integration_provider_list_id`): named sets of providers a session page may offer. */
import { Type } from '@sinclair/typebox';

import { storedJson } from '../lib/stored-json.js';
import type { Services } from '../services.js';

/** The one decoding of `provider_lists.providers`: the list's provider names. */
export const decodeProviders = storedJson('provider_lists.providers', Type.Array(Type.String()));

/** The providers of a project's list, or an empty list when there is no such list in the project. */
export async function providerList(services: Services, projectId: string, id: string): Promise<string[]> {
  const row = await services.database.db
    .selectFrom('provider_lists')
    .select('providers')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row ? decodeProviders(row.providers) : [];
}

export async function providerListExists(services: Services, projectId: string, id: string): Promise<boolean> {
  const row = await services.database.db
    .selectFrom('provider_lists')
    .select('id')
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row !== undefined;
}
