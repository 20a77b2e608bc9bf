/** The webhooks' recurring work: deliveries older than the retention are deleted. */
import type { TaskRegistry } from '../jobs/registry.js';
import type { Services } from '../services.js';
import { purgeDeliveries } from './log.js';

export function registerWebhookTasks(registry: TaskRegistry, services: Services): void {
  registry.schedule('webhooks.retention', 60_000, async () => {
    await purgeDeliveries(services.database.db, Date.now() - services.config.webhooks.retentionMs);
  });
}
