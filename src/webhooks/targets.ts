/**
 * Where a session's or a transfer's webhooks go. Endgrate's older docs call the URL `endpoint`, its newer ones
 * `url`; both are accepted and stored as `url`. A webhook given with a transfer replaces the session's webhook of the
 * same kind for that transfer.
 */
import type { WebhookKind } from '../db/schema.js';
import { type ErrorDetails, invalidRequest } from '../errors.js';
import type { EgressPolicy } from '../lib/egress.js';
import type { SessionOptions } from '../sessions/options.js';

/** A webhook as given in a request: `{endpoint | url, metadata}` (and `continuous` for the data webhook). */
export interface WebhookOption {
  endpoint?: string;
  url?: string;
  metadata?: Record<string, unknown>;
  continuous?: boolean;
}

/** A webhook, normalised. */
export interface WebhookTarget {
  url: string;
  /** Echoed in every body sent to this webhook (`{}` when none was given). */
  metadata: Record<string, unknown>;
}

/** The webhooks of one transfer, resolved when it starts and stored in its `request`. */
export interface TransferWebhooks {
  data?: WebhookTarget;
  completed?: WebhookTarget;
  error?: WebhookTarget;
  /** The session's `webhook_concurrency`: deliveries are not held back behind earlier ones. */
  concurrent?: boolean;
}

/** The webhook fields of a transfer request body. */
export interface TransferWebhookFields {
  data_webhook?: WebhookOption | undefined;
  completed_webhook?: WebhookOption | undefined;
  error_webhook?: WebhookOption | undefined;
}

export function target(option: WebhookOption | undefined): WebhookTarget | undefined {
  const url = option?.url ?? option?.endpoint;
  if (!option || !url) return undefined;
  return { url, metadata: option.metadata ?? {} };
}

/** A session-level webhook of this kind, if the session has one. */
export function sessionTarget(options: SessionOptions, kind: WebhookKind): WebhookTarget | undefined {
  const byKind: Record<WebhookKind, WebhookOption | undefined> = {
    configuration: options.configuration_webhook,
    data: 'data_webhook' in options ? options.data_webhook : undefined,
    completed: options.completed_webhook,
    error: options.error_webhook,
  };
  return target(byKind[kind]);
}

/**
 * The webhooks a new transfer reports to: each kind given with the transfer, else the session's. Returns undefined
 * when there are none (nothing is stored then).
 */
export function transferWebhooks(options: SessionOptions, body: TransferWebhookFields): TransferWebhooks | undefined {
  const resolved: TransferWebhooks = {};
  const data = target(body.data_webhook) ?? sessionTarget(options, 'data');
  const completed = target(body.completed_webhook) ?? sessionTarget(options, 'completed');
  const error = target(body.error_webhook) ?? sessionTarget(options, 'error');
  if (data) resolved.data = data;
  if (completed) resolved.completed = completed;
  if (error) resolved.error = error;
  if (!data && !completed && !error) return undefined;
  if (options.webhook_concurrency === true) resolved.concurrent = true;
  return resolved;
}

/** True when the session's data webhook asks Weft to pull by itself every interval. */
export function isContinuous(options: SessionOptions): boolean {
  return 'data_webhook' in options && options.data_webhook?.continuous === true;
}

const WEBHOOK_FIELDS = ['configuration_webhook', 'data_webhook', 'completed_webhook', 'error_webhook'] as const;

/**
 * Refuses (400, naming each field, e.g. `completed_webhook/url`) the webhook URLs of a request body that the egress
 * policy refuses from the URL alone: not http(s), credentials in the URL, a literal loopback, private, link-local, …
 * address, or `localhost`. Names are checked again, address by address, when a delivery connects.
 */
export function checkWebhookUrls(policy: EgressPolicy, body: Partial<Record<(typeof WEBHOOK_FIELDS)[number], WebhookOption | undefined>>): void {
  const problems: ErrorDetails = {};
  for (const field of WEBHOOK_FIELDS) {
    const option = body[field];
    for (const key of ['url', 'endpoint'] as const) {
      const url = option?.[key];
      if (typeof url !== 'string') continue;
      const problem = policy.checkUrl(url);
      if (problem !== null) problems[`${field}/${key}`] = problem;
    }
  }
  if (Object.keys(problems).length) throw invalidRequest(problems);
}
