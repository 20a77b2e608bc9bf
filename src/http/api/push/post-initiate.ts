import type { FastifyInstance } from 'fastify';

import { registerInitiate } from '../session/initiate.js';

/** POST /api/push/initiate — a session that only pushes. */
export default function postPushInitiate(app: FastifyInstance): void {
  registerInitiate(app, '/api/push/initiate', 'push');
}
