/**
 * The client cannot drift from the server: its committed OpenAPI document and the types made from it are what the
 * current routes produce (`npm run client:generate` rewrites both), and its version is Weft's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, expect, it } from 'vitest';

import {
  buildDocument,
  CLIENT_DIR,
  DOCUMENT_FILE,
  documentText,
  REFERENCE_FILE,
  referenceText,
  SCHEMA_FILE,
  schemaText,
} from '../scripts/document.js';

let document: Awaited<ReturnType<typeof buildDocument>>;
beforeAll(async () => {
  document = await buildDocument();
});

const HINT = 'run `npm run client:generate` and commit clients/typescript/openapi.json, src/schema.d.ts and docs/api-reference.md';

it('has the OpenAPI document the current routes produce committed', async () => {
  expect(readFileSync(DOCUMENT_FILE, 'utf8'), HINT).toBe(await documentText(document));
  expect(Object.keys(document.paths ?? {})).toEqual(expect.arrayContaining(['/api/pull/data', '/api/push/transfer', '/api/statistics']));
});

it('has the types openapi-typescript makes from that document committed', async () => {
  const text = await schemaText(document);
  expect(readFileSync(SCHEMA_FILE, 'utf8'), HINT).toBe(text);
  for (const operation of [
    'postApiSessionInitiate',
    'postApiPullTransfer',
    'getApiPullData',
    'postApiPushTransfer',
    'getApiPushData',
    'getApiStatistics',
  ])
    expect(text).toContain(`  ${operation}: {`);
});

it('has the Markdown reference made from that document committed (docs/api-reference.md)', async () => {
  const text = await referenceText(document);
  expect(readFileSync(REFERENCE_FILE, 'utf8'), HINT).toBe(text);
  for (const summary of [
    '### Trigger Pull',
    '### Get Pull Data',
    '### Readiness',
    '`WEFT_ERR_INVALID_SESSION`',
    '### `data_webhook`: Records stored',
  ]) {
    expect(text).toContain(summary);
  }
});

it("carries Weft's version", () => {
  const version = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  expect(version(path.join(CLIENT_DIR, 'package.json'))).toBe(version(path.join(CLIENT_DIR, '..', '..', 'package.json')));
  expect(document.info.version).toBe(version(path.join(CLIENT_DIR, 'package.json')));
});
