/**
 * Webhooks: Endgrate's configuration, data, completed and error webhooks, at session or transfer level. Events are
 * written to an outbox in the transaction of the change they report (events.ts); workers deliver them signed with
 * Standard Webhooks headers, retried with backoff, in order per session unless `webhook_concurrency`
 * (dispatcher.ts); the delivery log
 * (log.ts) is what the dashboard shows. See docs/webhooks.md.
 */
export { type DispatcherOptions, WebhookDispatcher } from './dispatcher.js';
export { CHUNK, forwardItems, reportConfiguration, reportErrors, transferFinished, type TransferLookup, type TransferRef } from './events.js';
export {
  type DeliveryPage,
  type DeliveryQuery,
  type DeliverySummary,
  getDelivery,
  listDeliveries,
  purgeDeliveries,
  resendDelivery,
  type ResendResult,
} from './log.js';
export { backoff } from './outbox.js';
export { rotateWebhookSecret, sealClearWebhookSecrets, signingSecrets, type WebhookSecrets, webhookSecrets } from './secrets.js';
export { signature, signedHeaders, WEBHOOK_KIND_HEADER } from './signing.js';
export {
  checkWebhookUrls,
  isContinuous,
  type TransferWebhookFields,
  type TransferWebhooks,
  transferWebhooks,
  type WebhookTarget,
} from './targets.js';
