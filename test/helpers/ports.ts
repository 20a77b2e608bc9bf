import net from 'node:net';

/** A TCP port free at the time of asking (the server that takes it must do so promptly). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A port held by a listener of this process until {@link PortReservation.release}: no other process can take it meanwhile. */
export interface PortReservation {
  port: number;
  /** Frees the port for the server that takes it next, in the same tick as possible. */
  release(): Promise<void>;
}

/**
 * Reserves a TCP port on 127.0.0.1 while a server is being prepared (migrations, services), to be released just
 * before that server listens on it: a port chosen by {@link freePort} stays free only as long as no other test's
 * server or connection takes it, and preparing a server takes seconds on a busy machine.
 */
export function reservePort(): Promise<PortReservation> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ port, release: () => new Promise<void>((done) => srv.close(() => done())) });
    });
  });
}
