/**
 * Load shedding: while the event loop has been busy nearly all the time for a while (sustained overload, not one busy
 * second), requests are answered at once with a clean 503 so that the server catches up instead of queueing without
 * end. The event loop's utilisation is sampled every half second (Node's own measure); shedding needs every sample of
 * the last two seconds over the threshold, and starts only once the server has run a few seconds (loading and seeding
 * are busy by nature).
 */
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

import type { FastifyInstance } from 'fastify';

import { Errors } from '../errors.js';

const SAMPLE_MS = 500;
/** Samples that must all be over the threshold (2 s). */
const SUSTAINED_SAMPLES = 4;
const WARM_UP_MS = 5_000;

export function installLoadShedding(app: FastifyInstance, maxUtilization: number): void {
  const startedAt = Date.now();
  const recent: number[] = [];
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const current = performance.eventLoopUtilization();
    recent.push(performance.eventLoopUtilization(current, previous).utilization);
    previous = current;
    if (recent.length > SUSTAINED_SAMPLES) recent.shift();
  }, SAMPLE_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  const overloaded = () => Date.now() - startedAt >= WARM_UP_MS && recent.length === SUSTAINED_SAMPLES && recent.every((u) => u > maxUtilization);
  app.addHook('onRequest', async (request, reply) => {
    // Liveness is not shed: an overloaded process is alive, and a failed liveness probe would have it restarted.
    // (Readiness is shed: an overloaded process is rightly not ready.)
    if (request.routeOptions.config.liveness === true || !overloaded()) return;
    reply.header('retry-after', '1');
    throw Errors.overloaded();
  });
}
