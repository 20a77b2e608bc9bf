/**
 * A TCP proxy between Weft and PostgreSQL that a test can cut or freeze, to stage an outage of the database without
 * touching the shared server other test files use: `cut()` drops every connection and refuses new ones (a stopped
 * server), `freeze()` keeps connections open but passes nothing (a frozen server, a network partition), `restore()`
 * brings the database back.
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'up' | 'cut' | 'frozen' = 'up';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  const server = net.createServer((client) => {
    if (mode === 'cut') {
      client.destroy();
      return;
    }
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    const connectUpstream = () => {
      const upstream = net.connect(target.port, target.host);
      pair.upstream = upstream;
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    };
    if (mode === 'frozen') {
      // Held: no answer until the proxy is restored (then the connection goes through, late).
      client.pause();
      return;
    }
    connectUpstream();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      mode = 'cut';
      for (const p of pairs) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      pairs.clear();
    },
    freeze() {
      mode = 'frozen';
      for (const p of pairs) {
        p.client.unpipe();
        p.upstream?.unpipe();
        p.client.pause();
        p.upstream?.pause();
      }
    },
    restore() {
      const wasFrozen = mode === 'frozen';
      mode = 'up';
      if (!wasFrozen) return;
      // Frozen connections are dropped now (their half-sent queries timed out long ago): clients reconnect.
      for (const p of pairs) {
        p.client.destroy();
        p.upstream?.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.upstream?.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
