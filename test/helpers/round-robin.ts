/**
 * A small HTTP load balancer for tests of several Weft servers: each request goes to the next upstream in turn
 * (alternating per request, not per connection, so that two requests on one keep-alive connection land on different
 * servers). It records which upstream answered each request, so a test can check that a step landed where it meant.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** `[upstream index, method, path]` of every request, in the order they were sent on. */
  readonly log: Array<[number, string, string]>;
  close(): Promise<void>;
}

export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  let next = 0;
  const log: Array<[number, string, string]> = [];
  const server = http.createServer((req, res) => {
    const index = next;
    next = (next + 1) % upstreams.length;
    log.push([index, req.method ?? 'GET', req.url ?? '/']);
    const target = new URL(req.url ?? '/', upstreams[index]);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`round-robin: upstream ${index} failed: ${e.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
