import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CONNECTORS, sandboxEndpoint, sandboxOAuth } from '../../src/connectors/index.js';
import { sandboxEndpoints } from '../../src/sandbox/index.js';

describe("the sandbox's addresses come from configuration", () => {
  it('the sandbox declares the endpoints of every connector, and an OAuth client for every OAuth one', () => {
    const endpoints = sandboxEndpoints();
    for (const c of CONNECTORS) {
      expect(sandboxEndpoint(endpoints, c.manifest.name).apiPath).toBe(c.manifest.name);
      // The sandbox's own clients: `weft-sandbox-…`, or a GUID where the provider's application ids are GUIDs (Microsoft's),
      // or 32 upper-case letters and digits where they are those (Xero's).
      if (c.manifest.auth.oauth2) {
        expect(sandboxOAuth(endpoints, c.manifest.name).clientId).toMatch(
          /^(?:weft-sandbox-|[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$|WEFTSANDBOX[A-Z0-9]{21}$)/,
        );
      }
    }
    expect(() => sandboxEndpoint(endpoints, 'nosuch')).toThrow('declares no endpoints for nosuch');
    expect(() => sandboxOAuth({ x: { apiPath: 'x' } }, 'x')).toThrow('no OAuth endpoints or client for x');
  });

  it('no connector manifest repeats a sandbox path or client', () => {
    for (const c of CONNECTORS) {
      const text = readFileSync(new URL(`../../src/connectors/${c.manifest.name}/manifest.ts`, import.meta.url), 'utf8');
      // A token server named at the callback (Zoho's) has a token path on the provider's own accounts servers.
      const own = text.replace(/tokenServerFromCallback: \{[^}]*\}/, '');
      expect(own).not.toMatch(/weft-sandbox|sandboxPath|tokenPath|authorizePath/);
    }
  });
});
