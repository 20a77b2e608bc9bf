/**
 * Every answer the test harness receives is checked against Weft's OpenAPI document (`/openapi.json`): for a
 * documented operation, its status must be documented and a JSON body must match that status's schema. The whole
 * suite thereby referees the document: a field, status or error code the server sends and the document does not
 * say fails the test that saw it. Likewise every webhook delivery the tests' receiver (test/webhooks/receiver.ts)
 * gets is checked against the document's `webhooks` (`webhookChecker`).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { apiWithoutTrailingSlash } from '../../src/http/app.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
  webhooks?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: object }> } } }>;
}

export type ResponseCheck = (method: string, url: string, status: number, contentType: string, body: unknown) => string[];

/** A checker of answers against the document; it returns the problems (none: the answer is as documented). */
export function responseChecker(doc: OpenApiDocument): ResponseCheck {
  const validator = documentValidators(doc);
  return (method, url, status, contentType, body) => {
    const path = new URL(apiWithoutTrailingSlash(url), 'http://weft.test').pathname;
    const operation = doc.paths[path]?.[method.toLowerCase()];
    if (!operation) return [];
    const response = operation.responses?.[String(status)];
    const where = `${method.toUpperCase()} ${path} answered ${status}`;
    if (!response) return [`${where}, which its OpenAPI operation does not document (${Object.keys(operation.responses ?? {}).join(', ')})`];
    if (!contentType.includes('json')) return [];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [`${where} with JSON, and the document gives that answer no JSON schema`];
    const validate = validator(`${method} ${path} ${status}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}

/** Ajv validators of the document's schemas (its `components` resolvable), compiled once per key. */
function documentValidators(doc: OpenApiDocument): (key: string, schema: object) => ValidateFunction {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  ajv.addKeyword({ keyword: 'example' });
  const compiled = new Map<string, ValidateFunction>();
  return (key, schema) => {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile({ ...schema, components: doc.components ?? {} });
      compiled.set(key, v);
    }
    return v;
  };
}

/** The webhooks Weft posts, by the name the document gives each under `webhooks`. */
export const WEBHOOK_NAMES = ['configuration_webhook', 'data_webhook', 'error_webhook', 'completed_webhook'] as const;
export type WebhookName = (typeof WEBHOOK_NAMES)[number];

/**
 * Which webhook a delivered body is. A delivery does not name its event (Endgrate's bodies have no `type`), so the
 * body's own mark says: `transfer_data` is only in data bodies, `errors` only in error bodies, `transfer_id` (without
 * either) only in completed bodies; a body with none of them is a session's configuration.
 */
export function webhookNameOf(body: unknown): WebhookName | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  if ('transfer_data' in body) return 'data_webhook';
  if ('errors' in body) return 'error_webhook';
  if ('transfer_id' in body) return 'completed_webhook';
  return 'configuration_webhook';
}

/** Checks one delivered body against a webhook's schema; returns the problems (none: as documented). */
export type WebhookCheck = (body: unknown, name?: WebhookName) => string[];

/**
 * A checker of delivered webhook bodies against the document's `webhooks` (their POST's JSON request body schema).
 * `name` is the webhook the delivery is known to be; without it, `webhookNameOf` tells it from the body.
 */
export function webhookChecker(doc: OpenApiDocument): WebhookCheck {
  const validator = documentValidators(doc);
  return (body, given) => {
    const name = given ?? webhookNameOf(body);
    if (!name) return [`a webhook delivery whose body is not a JSON object: ${JSON.stringify(body)?.slice(0, 200)}`];
    const schema = doc.webhooks?.[name]?.post?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [`the document describes no JSON body for the webhook ${name}`];
    const validate = validator(`webhook ${name}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${name}: ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
}
