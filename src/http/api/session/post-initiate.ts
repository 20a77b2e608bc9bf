import type { FastifyInstance } from 'fastify';

import { registerInitiate } from './initiate.js';

/** POST /api/session/initiate — a session that both pulls and pushes. */
export default function postSessionInitiate(app: FastifyInstance): void {
  registerInitiate(app, '/api/session/initiate', 'session');
}
