/** A fake served on its own local server, for tests that use it over HTTP (the vendor SDKs' referee tests). */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';

/**
 * Serves a fake's plugin on 127.0.0.1 (a free port) under `/sandbox/<mount>`, as the app mounts it; close it with
 * `app.close()`.
 * @param name - how the error names the fake when the server reports no TCP address (e.g. "The Zoho fake")
 * @returns the server and its sandbox root, `http://127.0.0.1:PORT/sandbox`
 */
export async function serveOnFreePort(plugin: FastifyPluginAsync, mount: string, name: string): Promise<{ app: FastifyInstance; root: string }> {
  const app = Fastify();
  await app.register(plugin, { prefix: `/sandbox/${mount}` });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) {
    await app.close();
    throw new Error(`${name} did not report a TCP address`);
  }
  return { app, root: `http://127.0.0.1:${address.port}/sandbox` };
}
