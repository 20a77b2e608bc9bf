import type { FastifyInstance } from 'fastify';

import { registerInitiate } from '../session/initiate.js';

/** POST /api/pull/initiate — a session that only pulls. */
export default function postPullInitiate(app: FastifyInstance): void {
  registerInitiate(app, '/api/pull/initiate', 'pull');
}
