/**
 * Encryption key rotation, for the sessions' sealed values: provider credentials, OAuth apps' client secrets, OAuth
 * states in flight and prefilled API keys (inside the session options). Runs inside the rotation's transaction.
 */
import type { Kysely } from 'kysely';

import type { DB } from '../db/schema.js';
import type { Reseal } from '../lib/crypto.js';
import { sessionOptionsOf } from './model.js';
import { oauthAppSealContext } from './oauth-apps.js';
import { prepopulateSealContext, type StoredPrepopulate } from './prepopulate.js';

/** Re-seals every sealed value the sessions own; how many values. */
export async function resealSessionSecrets(trx: Kysely<DB>, reseal: Reseal): Promise<number> {
  let count = 0;
  for (const r of await trx.selectFrom('credentials').select(['session_id', 'provider', 'secret']).execute()) {
    await trx
      .updateTable('credentials')
      .set({ secret: reseal(r.secret, r.session_id) })
      .where('session_id', '=', r.session_id)
      .where('provider', '=', r.provider)
      .execute();
    count++;
  }
  for (const r of await trx.selectFrom('oauth_apps').select(['project_id', 'provider', 'client_secret']).execute()) {
    await trx
      .updateTable('oauth_apps')
      .set({ client_secret: reseal(r.client_secret, oauthAppSealContext(r.project_id, r.provider)) })
      .where('project_id', '=', r.project_id)
      .where('provider', '=', r.provider)
      .execute();
    count++;
  }
  for (const r of await trx.selectFrom('oauth_states').select(['state_hash', 'session_id', 'data']).execute()) {
    await trx
      .updateTable('oauth_states')
      .set({ data: reseal(r.data, r.session_id) })
      .where('state_hash', '=', r.state_hash)
      .execute();
    count++;
  }
  const prefilled = await trx.selectFrom('sessions').select(['id', 'options']).where('options', 'like', '%api_key_sealed%').execute();
  for (const r of prefilled) {
    const sealed = (sessionOptionsOf(r) as { prepopulate?: StoredPrepopulate }).prepopulate?.api_key_sealed;
    if (sealed === undefined) continue;
    // A sealed value is base64url parts and dots: it occurs once in the options text, as this JSON string.
    const options = r.options.replace(JSON.stringify(sealed), JSON.stringify(reseal(sealed, prepopulateSealContext(r.id))));
    await trx.updateTable('sessions').set({ options }).where('id', '=', r.id).execute();
    count++;
  }
  return count;
}
