import type { FastifyInstance } from 'fastify';

import { registerDataPage } from '../data-page.js';

/** GET /api/push/data — per record of a finished push: the provider id, success, errors. */
export default function getPushData(app: FastifyInstance): void {
  registerDataPage(app, 'EXPORT');
}
