/**
 * The metrics listener of a worker run apart (`weft worker` with WEFT_WORKER_METRICS_PORT): `GET /metrics` (this
 * process's counters, see `processExposition`; with WEFT_METRICS_TOKEN only for `authorization: Bearer <token>`) and
 * `GET /healthz`, nothing else. A plain node:http server: the worker has no HTTP app.
 */
import http from 'node:http';

import type { Logger } from 'pino';

import { bearerMatches, CONTENT_TYPE, processExposition } from './index.js';

export interface MetricsListener {
  /** `http://host:port` it answers at. */
  readonly url: string;
  close(): Promise<void>;
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export async function startMetricsListener(options: { port: number; host: string; token: string | null; log: Logger }): Promise<MetricsListener> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'Only GET' }, { allow: 'GET, HEAD' });
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path !== '/metrics') return json(res, 404, { error: 'Not found: this listener serves /metrics and /healthz' });
    if (options.token !== null && !bearerMatches(req.headers.authorization, options.token)) {
      return json(
        res,
        401,
        { error: 'GET /metrics needs the WEFT_METRICS_TOKEN as a Bearer token.' },
        { 'www-authenticate': 'Bearer realm="weft-metrics"' },
      );
    }
    processExposition().then(
      (text) => {
        res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
        res.end(text);
      },
      (e: unknown) => {
        options.log.error({ err: e }, 'the worker metrics could not be collected');
        json(res, 500, { error: 'The metrics could not be collected' });
      },
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
