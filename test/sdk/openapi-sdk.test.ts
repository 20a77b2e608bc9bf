/**
 * Endgrate's SDK against Weft's OpenAPI document: the document describes everything the SDK sends, and everything the
 * document says Weft answers or posts to webhooks, the SDK's models take (see sdk-check.ts). The SDK is read by
 * sdk_models.py; without the SDK or python3 the test is skipped with a message, except under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { IN_CI } from '../helpers/env.js';
import { type Harness, startHarness } from '../helpers/harness.js';
import { findSdk } from './locate.js';
import { compareWithSdk, type SdkDescription } from './sdk-check.js';

const READER = fileURLToPath(new URL('./sdk_models.py', import.meta.url));
const sdk = findSdk();

if (!('dir' in sdk)) {
  const message = `Endgrate SDK model check SKIPPED: ${sdk.problem}.`;
  if (IN_CI) {
    it('has the SDK and python3 it needs', () => {
      throw new Error(`${message} Under CI a skipped part is a failure.`);
    });
  } else {
    console.warn(`\n*** ${message}\n`);
    describe.skip(message, () => it('compares', () => undefined));
  }
} else {
  describe("Endgrate's SDK models and Weft's OpenAPI document", () => {
    let h: Harness;
    let doc: Record<string, unknown>;
    let models: SdkDescription;
    beforeAll(async () => {
      h = await startHarness('sqlite', { worker: false });
      doc = (await h.app.inject('/openapi.json')).json();
      const read = spawnSync('python3', [READER, sdk.dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1e7 });
      if (read.status !== 0) throw new Error(`sdk_models.py failed: ${read.stderr}`);
      models = JSON.parse(read.stdout) as SdkDescription;
    }, 90_000);
    afterAll(() => h?.close());

    it('reads every operation of the SDK, with its models', () => {
      expect(models.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
        'GET /api/errors',
        'GET /api/integrations',
        'GET /api/pull/data',
        'GET /api/session/configuration',
        'GET /api/statistics',
        'GET /session',
        'GET /session/edit',
        'GET /session/reauthenticate',
        'POST /api/pull/initiate',
        'POST /api/pull/transfer',
        'POST /api/push/initiate',
        'POST /api/push/transfer',
        'POST /api/schemas',
        'POST /api/session/delete',
        'POST /api/session/initiate',
      ]);
      expect(models.models['PullTransferSchema']?.['session_id']).toEqual({ type: 'string', nullable: false, required: true });
      expect(models.models['ErrorListSchema']?.['error_type']?.enum).toEqual(['internal', 'integration', 'upstream', 'authentication', 'mapping']);
    });

    it('agree: the document describes what the SDK sends, and the SDK takes what the document says Weft answers', () => {
      expect(compareWithSdk(doc, models)).toEqual([]);
    });

    it('disagree when the document drifts (the check is not vacuous)', () => {
      const drifted = structuredClone(doc) as any;
      const transfer = drifted.paths['/api/pull/transfer'].post;
      delete transfer.requestBody.content['application/json'].schema.properties.synchronous;
      const errors = drifted.paths['/api/errors'].get.responses['200'].content['application/json'].schema;
      errors.properties.errors.items.properties.error_type = { type: 'string' };
      errors.properties.errors.items.properties.resolved = { type: 'string' };
      delete drifted.paths['/api/session/delete'];
      drifted.webhooks.completed_webhook.post.requestBody.content['application/json'].schema.properties.success = { type: 'string' };
      expect(compareWithSdk(drifted, models).sort()).toEqual(
        [
          "POST /api/pull/transfer (post_api_pull_transfer) body: the SDK sends 'synchronous', which the document does not describe",
          'GET /api/errors (get_api_errors) answer.errors[].error_type: the SDK takes only internal, integration, upstream, authentication, mapping; the document allows any value',
          "GET /api/errors (get_api_errors) answer.errors[].resolved: the document says string, which the SDK's ErrorListSchema does not take",
          'POST /api/session/delete (get_api_session_delete): not in the document',
          "completed_webhook body.success: the document says string, which the SDK's CompletedCallbackSchema does not take",
        ].sort(),
      );
    });
  });
}
