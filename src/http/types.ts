import type { Principal } from '../projects/index.js';
import type { Services } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    /** The project and key of an authenticated API request (set by the auth hook). */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Routes with `auth: false` need no API key. */
    auth?: boolean;
    /** The liveness probe (`/healthz`): never shed under load. */
    liveness?: boolean;
    /** Probes and scrapes (`/healthz`, `/readyz`, `/metrics`): no request log lines at info. */
    quiet?: boolean;
  }
}

export {};
