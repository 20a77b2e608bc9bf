/** What the transfer engines run with: the job's context from the worker, and the process's services. */
import type { JobContext } from '../jobs/registry.js';
import type { Services } from '../services.js';

export interface EngineContext extends JobContext {
  services: Services;
}
