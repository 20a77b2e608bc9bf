/**
 * Where Weft's sandbox of each provider answers and which OAuth client it accepts: configuration the composition
 * root reads from the sandbox and hands to the connector side (the connectors never import the sandbox, nor it them).
 */
export interface SandboxEndpoint {
  /** The provider's folder under the sandbox's base URL. */
  apiPath: string;
  /** The page that shows a sandbox account's API key, relative to the provider's sandbox base (API-key providers). */
  keyPagePath?: string;
  /** The OAuth pages, relative to the provider's sandbox base (OAuth providers only). */
  authorizePath?: string;
  tokenPath?: string;
  /** The OAuth client the sandbox accepts (OAuth providers only). */
  clientId?: string;
  clientSecret?: string;
}

/** Endpoints by provider name (a connector manifest's `name`). */
export type SandboxEndpoints = Readonly<Record<string, SandboxEndpoint>>;

/** A provider's sandbox endpoints; a provider the sandbox does not declare is a wiring error. */
export function sandboxEndpoint(endpoints: SandboxEndpoints, provider: string): SandboxEndpoint {
  const found = Object.hasOwn(endpoints, provider) ? endpoints[provider] : undefined;
  if (!found) throw new Error(`The sandbox declares no endpoints for ${provider}`);
  return found;
}

/** A provider's sandbox OAuth endpoints and client; a sandbox that declares none for an OAuth provider is a wiring error. */
export function sandboxOAuth(
  endpoints: SandboxEndpoints,
  provider: string,
): { authorizePath: string; tokenPath: string; clientId: string; clientSecret: string } {
  const { authorizePath, tokenPath, clientId, clientSecret } = sandboxEndpoint(endpoints, provider);
  if (authorizePath === undefined || tokenPath === undefined || clientId === undefined || clientSecret === undefined) {
    throw new Error(`The sandbox declares no OAuth endpoints or client for ${provider}`);
  }
  return { authorizePath, tokenPath, clientId, clientSecret };
}

/** The sandbox page of a provider's API keys; a sandbox that declares none for an API-key provider is a wiring error. */
export function sandboxKeyPagePath(endpoints: SandboxEndpoints, provider: string): string {
  const { keyPagePath } = sandboxEndpoint(endpoints, provider);
  if (keyPagePath === undefined) throw new Error(`The sandbox declares no API key page for ${provider}`);
  return keyPagePath;
}
