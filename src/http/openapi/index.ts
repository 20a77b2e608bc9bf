/**
 * The OpenAPI 3.1 document of Weft's API, made by @fastify/swagger from the routes' own schemas (so it says what the
 * server checks and answers), served at `/openapi.json`, with a reference page at `/reference` (Scalar, served from
 * the package: no CDN, no fonts from elsewhere).
 *
 * Only routes with `tags` are in the document: the API, the probes and the metrics. The hosted pages the API's
 * callers link to (`/session`, `/session/edit`, `/session/reauthenticate`) and the webhooks Weft sends are described
 * here by hand, since they are pages and callbacks rather than routes with JSON schemas.
 */
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';

import { allErrorCodes } from '../../errors.js';
import { lazy } from '../../lib/lazy.js';
import { weftVersion } from '../../version.js';
import { BODY_EXAMPLES } from './examples.js';
import { FIELD_DESCRIPTIONS } from './fields.js';
import { HOSTED_PAGES, WEBHOOKS } from './pages.js';

export const OPENAPI_PATH = '/openapi.json';
export const REFERENCE_PATH = '/reference';

const TAGS = [
  { name: 'Sessions', description: 'A session is one end user connecting one app: initiate it, send them to its page, read what they chose.' },
  { name: 'Pull', description: 'Reading records from the connected app into the common model.' },
  { name: 'Push', description: 'Writing records in the common model to the connected app.' },
  { name: 'Errors', description: "The project's error log." },
  { name: 'Statistics', description: 'How a transfer went.' },
  { name: 'Integrations', description: 'The providers and what each supports.' },
  { name: 'Hosted pages', description: 'The pages an end user opens (links, not JSON).' },
  { name: 'Operations', description: 'For the people who run Weft: probes and metrics.' },
];

/**
 * Registers @fastify/swagger. It must come before the routes (it records them as they are added); routes without
 * `tags` stay out of the document.
 */
export async function registerOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Weft API',
        version: weftVersion(),
        description:
          "Weft's API, wire-compatible with Endgrate's: a program written against Endgrate runs against Weft with only its base URL changed. Every error has the shape `{ success: false, code, message, errors }`; `code` is stable (see the error codes in docs/errors.md).",
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: publicUrl }],
      tags: TAGS,
      security: [{ BearerAuth: [] }],
      components: {
        schemas: { ErrorCode: errorCodeSchema() },
        securitySchemes: {
          BearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: "A project's API key (`weft_live_…` or `weft_test_…`) from the dashboard or `weft keys create`.",
          },
          MetricsToken: { type: 'http', scheme: 'bearer', description: 'WEFT_METRICS_TOKEN, when it is set.' },
        },
      },
    },
    hideUntagged: true,
    // A body's or query's unknown top-level fields are ignored and named in `Weft-Ignored-Fields`, never refused
    // (src/http/lenient.ts): the document says so instead of the schemas' `additionalProperties: false`.
    // Each body gets its example (examples.ts).
    transform: ({ schema, url }) => {
      if (!schema) return { schema, url };
      const out: Record<string, unknown> = { ...schema };
      for (const part of ['body', 'querystring'] as const) {
        const given = schema[part] as Record<string, unknown> | undefined;
        if (!given) continue;
        const { additionalProperties, required, ...rest } = given;
        const properties = Object.fromEntries(
          Object.entries((given['properties'] ?? {}) as Record<string, { default?: unknown; description?: string }>).map(([name, p]) => [
            name,
            p.description || !FIELD_DESCRIPTIONS[name] ? p : { ...p, description: FIELD_DESCRIPTIONS[name] },
          ]),
        );
        // A field with a default need not be sent (`limit`, `offset`).
        const needed = Array.isArray(required) ? (required as string[]).filter((r) => properties[r]?.default === undefined) : undefined;
        out[part] = {
          ...rest,
          properties,
          ...(additionalProperties === false ? {} : additionalProperties === undefined ? {} : { additionalProperties }),
          ...(needed?.length ? { required: needed } : {}),
        };
      }
      const example = BODY_EXAMPLES[String(schema['operationId'])];
      if (example && out['body']) out['body'] = { ...(out['body'] as object), examples: [example] };
      return { schema: out as typeof schema, url };
    },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Record<string, unknown> }).openapiObject;
      return { ...doc, paths: { ...(doc['paths'] as object), ...HOSTED_PAGES }, webhooks: WEBHOOKS };
    },
  });
}

/** `/openapi.json` and the reference page `/reference`. No key needed. */
export async function registerOpenApiRoutes(app: FastifyInstance): Promise<void> {
  app.get(OPENAPI_PATH, { config: { auth: false }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger();
  });
  // Scalar's plugin (its bundle and an OpenAPI parser, about a fifth of a second to load) is loaded at the page's
  // first request, in an app of its own that these routes hand the request to, so a server starts serving without it.
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await referenceApp()).inject({ method: request.method as 'GET' | 'HEAD', url: request.url, headers: request.headers });
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  app.get(REFERENCE_PATH, { config: { auth: false }, logLevel: 'warn' }, forward);
  app.get(`${REFERENCE_PATH}/*`, { config: { auth: false }, logLevel: 'warn' }, forward);
}

/** Headers of the inner answer that belong to its own connection, not to the page. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date']);

const referenceApp = lazy(async () => {
  const { default: apiReference } = await import('@scalar/fastify-api-reference');
  const inner = Fastify({ logger: false });
  // The page runs the package's script and its own configuration; it loads nothing from elsewhere.
  inner.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header(
        'content-security-policy',
        "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      reply.header('x-content-type-options', 'nosniff');
    }
    return payload;
  });
  await inner.register(apiReference, {
    routePrefix: REFERENCE_PATH,
    configuration: {
      url: OPENAPI_PATH,
      title: 'Weft API reference',
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      // Nothing that talks to Scalar's own services (their AI agent, their MCP generator).
      agent: { disabled: true },
      mcp: { disabled: true },
    },
  });
  await inner.ready();
  return inner;
});

/** Every error code of the registry (src/errors.ts) with its status: `code` in every error answer is one of these. */
function errorCodeSchema(): OpenAPIV3_1.SchemaObject {
  const codes = allErrorCodes();
  return {
    type: 'string',
    enum: codes.map((c) => c.code),
    description: `Stable error codes, never renamed or reused:\n\n${codes.map((c) => `- \`${c.code}\` (${c.statusCode})`).join('\n')}`,
  };
}
