import type { FastifyInstance } from 'fastify';

import { registerDataPage } from '../data-page.js';

/** GET /api/pull/data — the records a finished pull transfer read, a page at a time. */
export default function getPullData(app: FastifyInstance): void {
  registerDataPage(app, 'IMPORT');
}
