/**
 * Webhooks: Endgrate's configuration, data, completed and error webhooks, at session or transfer level. Events are
 * written to an outbox in the transaction of the change they report (events.ts); workers deliver them signed with
 * Standard Webhooks headers, retried with backoff, in order per session unless `webhook_concurrency`
 * (dispatcher.ts); the delivery log
 * (log.ts) is what the dashboard shows. See docs/webhooks.md.
 */
export { checkWebhookUrls, transferWebhooks, webhooksOf, isContinuous, type TransferWebhooks, type TransferWebhookFields, type WebhookTarget } from './targets.js';
export { forwardItems, reportErrors, transferFinished, reportConfiguration, CHUNK } from './events.js';
export { WebhookDispatcher, type DispatcherOptions } from './dispatcher.js';
export { listDeliveries, getDelivery, resendDelivery, purgeDeliveries, type DeliverySummary, type DeliveryQuery, type DeliveryPage, type ResendResult } from './log.js';
export { signature, signedHeaders } from './signing.js';
export { rotateWebhookSecret, sealClearWebhookSecrets, signingSecrets, webhookSecrets, type WebhookSecrets } from './secrets.js';
export { backoff } from './outbox.js';
