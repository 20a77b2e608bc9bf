/**
 * The Dynamics 365 connector's `$batch` codec: the body it sends (a change set a row, read back by the sandbox kit's
 * independent multipart reader) and the answers it reads, in Dataverse's documented shape: a change set's
 * `changesetresponse` part, a failed change set's single `application/http` part, and an answer cut short, whose
 * rows have no answer (their outcome unknown).
 */
import { describe, expect, it } from 'vitest';

import { batchAnswers, batchBody } from '../../src/connectors/dynamics/batch.js';
import { boundaryOf, parseHttpMessage, parseMultipart } from '../../src/sandbox/shared/multipart-mixed.js';

const ROOT = 'https://contoso.crm.dynamics.com/api/data/v9.2';
const ID1 = 'e73ffc82-e292-ed11-aad1-000d3a9933c9';

describe('Dynamics 365 $batch codec', () => {
  it('sends each row as its own change set, Content-ID its position, If-Match on an update', () => {
    const { contentType, body } = batchBody([
      { method: 'POST', path: '/api/data/v9.2/contacts', headers: {}, json: { lastname: 'One' } },
      { method: 'PATCH', path: `/api/data/v9.2/contacts(${ID1})`, headers: { 'If-Match': '*' }, json: { jobtitle: 'Two' } },
    ]);
    const outer = boundaryOf(contentType) as string;
    expect(outer).toMatch(/^batch_[0-9a-f-]{36}$/);
    const changeSets = parseMultipart(body, outer);
    expect(changeSets).toHaveLength(2);
    const requests = changeSets.map((cs) => {
      const [only, ...rest] = parseMultipart(cs.content, boundaryOf(cs.headers['content-type']) as string);
      expect(rest).toEqual([]);
      return { contentId: only?.headers['content-id'], ...parseHttpMessage(only?.content ?? '') };
    });
    expect(requests).toEqual([
      {
        contentId: '1',
        startLine: 'POST /api/data/v9.2/contacts HTTP/1.1',
        headers: { 'content-type': 'application/json; type=entry' },
        body: '{"lastname":"One"}',
      },
      {
        contentId: '2',
        startLine: `PATCH /api/data/v9.2/contacts(${ID1}) HTTP/1.1`,
        headers: { 'content-type': 'application/json; type=entry', 'if-match': '*' },
        body: '{"jobtitle":"Two"}',
      },
    ]);
  });

  it('reads a change set answer, a failed change set and an answer cut short, row by row', () => {
    const answer = [
      '--batchresponse_f27e',
      'Content-Type: multipart/mixed; boundary=changesetresponse_64cc',
      '',
      '--changesetresponse_64cc',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      `Location: ${ROOT}/contacts(${ID1})`,
      `OData-EntityId: ${ROOT}/contacts(${ID1})`,
      '',
      '',
      '--changesetresponse_64cc--',
      '--batchresponse_f27e',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json; odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"error":{"code":"0x80044331","message":"A validation error occurred."}}',
      '--batchresponse_f27e--',
      '',
    ].join('\r\n');
    expect(batchAnswers('multipart/mixed; boundary=batchresponse_f27e', answer)).toEqual([
      {
        status: 204,
        headers: { 'odata-version': '4.0', location: `${ROOT}/contacts(${ID1})`, 'odata-entityid': `${ROOT}/contacts(${ID1})` },
        body: '',
      },
      {
        status: 400,
        headers: { 'content-type': 'application/json; odata.metadata=minimal', 'odata-version': '4.0' },
        body: '{"error":{"code":"0x80044331","message":"A validation error occurred."}}',
      },
    ]);
    // Cut short after the first part: the second row has no answer.
    const cut = answer.slice(0, answer.indexOf('--batchresponse_f27e\r\nContent-Type: application/http'));
    expect(batchAnswers('multipart/mixed; boundary=batchresponse_f27e', cut).map((a) => a.status)).toEqual([]);
    expect(batchAnswers('multipart/mixed; boundary=batchresponse_f27e', `${cut}--batchresponse_f27e--\r\n`).map((a) => a.status)).toEqual([204]);
    expect(batchAnswers('application/json', '{}')).toEqual([]);
  });
});
