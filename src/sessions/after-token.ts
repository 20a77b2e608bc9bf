/**
 * Values a provider's API names just after the token (Xero's tenant, from `GET /connections`): read once at the
 * callback with the new token, through the connection's egress policy, and kept with the connection as fields.
 */
import { callbackValueMatches, type Connector, createProviderClient, type OAuth2Manifest } from '../connectors/index.js';
import type { Services } from '../services.js';
import { apiBaseFor, egressFor, type ProviderMode } from './provider-env.js';

/** The fields the lookup gives, or why it gave none (a message for the end user). */
export async function fieldsAfterToken(
  services: Services,
  connector: Connector,
  manifest: OAuth2Manifest,
  mode: ProviderMode,
  accessToken: string,
): Promise<{ fields: Record<string, string> } | { error: string }> {
  const lookup = manifest.fieldsAfterToken;
  if (!lookup) return { fields: {} };
  const base = apiBaseFor(services, connector, mode);
  const client = createProviderClient({
    manifest: connector.manifest,
    apiBase: base,
    auth: {
      headers: async () => ({ authorization: `${manifest.tokenScheme ?? 'Bearer'} ${accessToken}` }),
      renew: async () => {
        throw new Error('The new token was refused');
      },
    },
    limiter: null,
    rateLimitGiveUpMs: services.config.rateLimitGiveUpMs,
    egress: egressFor(services, connector, mode, base),
    ...(connector.classify ? { classify: connector.classify } : {}),
  });
  const res = await client.request<unknown>({ method: 'GET', path: lookup.path });
  const list = Array.isArray(res.body) ? (res.body as Array<Record<string, unknown>>) : [];
  const where = lookup.where;
  const chosen = list.find((e) => e !== null && typeof e === 'object' && (!where || e[where.field] === where.equals));
  if (!chosen) return { error: `no ${where ? where.equals.toLowerCase() : 'account'} the authorization reaches` };
  const fields: Record<string, string> = {};
  for (const [name, { from, pattern }] of Object.entries(lookup.fields)) {
    const value = chosen[from];
    if (typeof value !== 'string' || !callbackValueMatches(pattern, value)) return { error: `no valid ${from}` };
    fields[name] = value;
  }
  return { fields };
}
