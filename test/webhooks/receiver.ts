/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request and answers as told
 * (fail the next N requests of a path, hold requests until released). Signatures are checked with the
 * `standardwebhooks` package, Standard Webhooks' reference library, as the referee of Weft's signing.
 *
 * Every body it receives is checked against the OpenAPI document's schema of that webhook (`webhooks` in
 * `/openapi.json`, see test/helpers/openapi-check.ts), as the harness checks every answer: a delivery the document
 * does not describe makes `of`, `accepted` and `close` throw, so the test that got it fails and says why.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Webhook } from 'standardwebhooks';

import { WEBHOOKS } from '../../src/http/openapi/pages.js';
import { webhookSecrets } from '../../src/webhooks/secrets.js';
import { WEBHOOK_KIND_HEADER } from '../../src/webhooks/signing.js';
import type { Harness } from '../helpers/harness.js';
import { type OpenApiDocument, WEBHOOK_NAMES, webhookChecker, webhookNameOf } from '../helpers/openapi-check.js';

/**
 * The webhooks part of the OpenAPI document, as `/openapi.json` serves it (the document's `webhooks` are these, put
 * in by src/http/openapi/index.ts; test/webhooks/documented.test.ts holds the two equal).
 */
export const WEBHOOKS_DOCUMENT: OpenApiDocument = { paths: {}, webhooks: JSON.parse(JSON.stringify(WEBHOOKS)) };
const checkWebhook = webhookChecker(WEBHOOKS_DOCUMENT);

/**
 * How a delivery disagrees with the document: its body against the schema of the webhook its `weft-webhook-kind`
 * header names, and that header against what the body is (a missing or unknown header is a problem of its own).
 */
function problemsOf(json: unknown, header: string | string[] | undefined): string[] {
  const name = WEBHOOK_NAMES.find((n) => n === header);
  if (!name) return [`a delivery whose ${WEBHOOK_KIND_HEADER} header is ${JSON.stringify(header)}, not one of ${WEBHOOK_NAMES.join(', ')}`];
  const told = webhookNameOf(json);
  return [...(told === name ? [] : [`a ${String(told)} body under ${WEBHOOK_KIND_HEADER}: ${name}`]), ...checkWebhook(json, name)];
}

export interface Received {
  /** Order of arrival, from 0. */
  n: number;
  path: string;
  headers: Record<string, string>;
  text: string;
  json: any;
  /** The status answered. */
  answered: number;
  /** How the body disagrees with the document's schema of its webhook (empty: as documented). */
  problems: string[];
}

interface Rule {
  status: number;
  times: number;
}

export class Receiver {
  readonly requests: Received[] = [];
  #server: Server;
  #port = 0;
  #failures = new Map<string, Rule>();
  #holds = new Map<string, { waiting: Array<() => void>; released: boolean }>();
  #counter = 0;

  private constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    await new Promise<void>((resolve) => r.#server.listen(0, '127.0.0.1', resolve));
    r.#port = (r.#server.address() as AddressInfo).port;
    return r;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.#port}${path}`;
  }

  /** The next `times` requests to `path` are answered with `status` (then 200 again). */
  fail(path: string, times: number, status = 500): void {
    this.#failures.set(path, { status, times });
  }

  /** Requests to `path` get no answer until `release(path)`. */
  hold(path: string): void {
    this.#holds.set(path, { waiting: [], released: false });
  }

  release(path: string): void {
    const h = this.#holds.get(path);
    if (!h) return;
    h.released = true;
    for (const go of h.waiting.splice(0)) go();
  }

  /** Requests to a path, in order of arrival. Throws when any request so far was not as the document says. */
  of(path: string): Received[] {
    this.assertDocumented();
    return this.requests.filter((r) => r.path === path);
  }

  /** Throws, naming each, when a body received so far disagrees with the document's schema of its webhook. */
  assertDocumented(): void {
    const bad = this.requests.filter((r) => r.problems.length);
    if (!bad.length) return;
    throw new Error(
      `Webhook deliveries disagree with the webhooks of /openapi.json:\n${bad
        .map((r) => `POST ${r.path} (#${r.n}):\n  ${r.problems.join('\n  ')}\n  body: ${r.text.slice(0, 1000)}`)
        .join('\n')}`,
    );
  }

  /** Requests that were answered 2xx, per path. */
  accepted(path: string): Received[] {
    return this.of(path).filter((r) => r.answered >= 200 && r.answered < 300);
  }

  async close(): Promise<void> {
    for (const path of this.#holds.keys()) this.release(path);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.assertDocumented();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0] as string;
    const hold = this.#holds.get(path);
    const json = safeParse(text);
    const record: Received = {
      n: this.#counter++,
      path,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      text,
      json,
      answered: 0,
      problems: json === undefined ? [`a body that is not JSON: ${text.slice(0, 200)}`] : problemsOf(json, req.headers[WEBHOOK_KIND_HEADER]),
    };
    if (hold && !hold.released) {
      this.requests.push(record);
      await new Promise<void>((resolve) => hold.waiting.push(resolve));
      if (res.destroyed) return;
    }
    const rule = this.#failures.get(path);
    let status = 200;
    if (rule && rule.times > 0) {
      rule.times--;
      status = rule.status;
    }
    record.answered = status;
    if (!this.requests.includes(record)) this.requests.push(record);
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `receiver says no (${status})`);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The project's webhook secret (`whsec_…`). */
export async function projectSecret(h: Harness): Promise<string> {
  return (await webhookSecrets(h.services.database.db, h.services.sealer, h.projectId))!.current;
}

/** Checks a request's Standard Webhooks signature with the reference library; returns the verified payload. */
export function verified(secret: string, r: Received): unknown {
  return new Webhook(secret).verify(r.text, {
    'webhook-id': r.headers['webhook-id'] as string,
    'webhook-timestamp': r.headers['webhook-timestamp'] as string,
    'webhook-signature': r.headers['webhook-signature'] as string,
  });
}

/** Settings that make retries quick in tests. */
export const FAST_RETRIES = {
  WEFT_WEBHOOK_RETRY_BASE_MS: '50',
  WEFT_WEBHOOK_RETRY_MAX_MS: '400',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '4',
  WEFT_WEBHOOK_TIMEOUT_MS: '5000',
};
