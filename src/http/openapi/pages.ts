/**
 * The parts of the OpenAPI document that are not JSON routes: the hosted pages a caller sends the end user to, and
 * the webhooks Weft sends (their bodies as src/webhooks/events.ts builds them).
 */
import { Type } from '@sinclair/typebox';
import type { OpenAPIV3_1 } from 'openapi-types';

import { WEBHOOK_KIND_HEADER } from '../../webhooks/index.js';
import { ConfigurationAnswer, ErrorsAnswer } from './schemas.js';

const sessionIdParameter: OpenAPIV3_1.ParameterObject = {
  name: 'session_id',
  in: 'query',
  required: true,
  schema: { type: 'string' },
  description: "The session's id.",
};

const page = (operationId: string, summary: string, description: string, extra: OpenAPIV3_1.ParameterObject[] = []): OpenAPIV3_1.PathItemObject => ({
  get: {
    tags: ['Hosted pages'],
    operationId,
    summary,
    description,
    security: [],
    parameters: [sessionIdParameter, ...extra],
    responses: {
      '200': { description: 'The page (HTML).', content: { 'text/html': { schema: { type: 'string' } } } },
      '303': { description: "On to the journey's next step." },
      '404': {
        description: 'No such session, or it has expired (an HTML page saying so).',
        content: { 'text/html': { schema: { type: 'string' } } },
      },
    },
  },
});

export const HOSTED_PAGES: OpenAPIV3_1.PathsObject = {
  '/session': page(
    'getSession',
    'Session Redirect',
    'The page where the end user picks their app (or goes straight to the preset `provider`), signs in and chooses what to share. Once configured, the plain link shows the connection only; changing it takes a link from `POST /api/session/edit-link`.',
    [
      {
        name: 'integration_provider_list_id',
        in: 'query',
        required: false,
        schema: { type: 'string' },
        description: 'Show only the providers of this list.',
      },
    ],
  ),
  '/session/edit': page(
    'getSessionEdit',
    'Edit Session Redirect',
    'The choices again, without signing in again. Needs the single-use `token` from `POST /api/session/edit-link` (kind `edit`).',
    [{ name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'The single-use token of the link.' }],
  ),
  '/session/reauthenticate': page(
    'getSessionReauthenticate',
    'Reauthenticate Session Redirect',
    "The same app's sign-in again (expired or revoked credentials); the choices are kept. Needs the single-use `token` from `POST /api/session/edit-link` (kind `reauthenticate`).",
    [{ name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'The single-use token of the link.' }],
  ),
};

const Metadata = Type.Optional(Type.Object({}, { additionalProperties: true, description: 'The `metadata` given with the webhook.' }));

const signatureHeaders: Record<string, Omit<OpenAPIV3_1.ParameterObject, 'name' | 'in'>> = {
  'webhook-id': { schema: { type: 'string' }, description: "The delivery's id: the same on every retry of it." },
  'webhook-timestamp': { schema: { type: 'string' }, description: 'Seconds since 1970, as text.' },
  'webhook-signature': { schema: { type: 'string' }, description: "`v1,<base64 HMAC-SHA256>` by the project's webhook secret (Standard Webhooks)." },
};

const hook = (name: string, summary: string, description: string, schema: object): OpenAPIV3_1.PathItemObject => ({
  post: {
    summary,
    description: `${description} Signed as Standard Webhooks do; retried with backoff until a 2xx.`,
    parameters: [
      ...Object.entries(signatureHeaders).map(([header, h]) => ({ name: header, in: 'header' as const, required: true, ...h })),
      {
        name: WEBHOOK_KIND_HEADER,
        in: 'header',
        required: true,
        schema: { type: 'string', enum: [name] },
        description: `\`${name}\`: which webhook this is (the session's field that named the URL), for a receiver that takes several at one URL. Weft's own header.`,
      },
    ],
    requestBody: { required: true, content: { 'application/json': { schema } } },
    responses: { '200': { description: 'Any 2xx acknowledges the delivery.' } },
  },
});

const Endgrate = Type.Object({ endgrate_type: Type.String() }, { additionalProperties: false });

/** What the data and completed webhooks say of their transfer. */
const transferFields = {
  success: Type.Boolean(),
  transfer_id: Type.String(),
  session_id: Type.String(),
  metadata: Metadata,
  endgrate: Endgrate,
};

export const WEBHOOKS: Record<string, OpenAPIV3_1.PathItemObject> = {
  configuration_webhook: hook(
    'configuration_webhook',
    'Session configured',
    'The end user finished the session page (or an edit of their choices). The body is the answer of `GET /api/session/configuration` with `metadata`.',
    Type.Composite([ConfigurationAnswer, Type.Object({ metadata: Metadata })], { additionalProperties: false }),
  ),
  data_webhook: hook(
    'data_webhook',
    'Records stored',
    "A transfer stored records (a pulled page, a pushed batch's results), at most 250 a body, each exactly as `GET /api/pull/data` or `GET /api/push/data` serve it. The last body of a transfer says `completed: true`.",
    Type.Object(
      {
        ...transferFields,
        completed: Type.Boolean(),
        transfer_errors: Type.Boolean(),
        transfer_data: Type.Array(Type.Object({}, { additionalProperties: true })),
      },
      { additionalProperties: false },
    ),
  ),
  error_webhook: hook(
    'error_webhook',
    'Errors logged',
    "Errors were logged for a transfer: the first error's fields at the top level (Endgrate's one-error body) and every error of the step in `errors`, at most 250 a body.",
    Type.Object(
      { ...ErrorsAnswer.properties.errors.items.properties, success: Type.Literal(true), metadata: Metadata, errors: ErrorsAnswer.properties.errors },
      { additionalProperties: true },
    ),
  ),
  completed_webhook: hook(
    'completed_webhook',
    'Transfer ended',
    'A transfer ended: `success` is true when it completed, false when it failed.',
    Type.Object({ ...transferFields, completed: Type.Literal(true) }, { additionalProperties: true }),
  ),
};
