import type { FastifyInstance } from 'fastify';

import editAndReauthenticate from './edit.js';
import fieldSelection from './fields.js';
import resourceSelection from './resources.js';
import schemaSelection from './schemas.js';
import journeyStatistics from './statistics.js';

/** The steps of the journey after authentication. */
export function registerJourneySteps(app: FastifyInstance): void {
  schemaSelection(app);
  resourceSelection(app);
  fieldSelection(app);
  journeyStatistics(app);
  editAndReauthenticate(app);
}
