/** The test harness's port reservation: no other listener can take the port until it is released, then one can. */
import net from 'node:net';

import { expect, it } from 'vitest';

import { reservePort } from './ports.js';

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

it('holds the port until released, then a server takes it', async () => {
  const reservation = await reservePort();
  expect(reservation.port).toBeGreaterThan(0);
  await expect(listen(reservation.port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  await reservation.release();
  const srv = await listen(reservation.port);
  expect((srv.address() as net.AddressInfo).port).toBe(reservation.port);
  await new Promise((resolve) => srv.close(resolve));
});
