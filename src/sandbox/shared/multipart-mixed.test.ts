import { describe, expect, it } from 'vitest';

import { boundaryOf, MultipartError, parseHttpMessage, parseMultipart, renderHttpMessage, renderMultipart } from './multipart-mixed.js';

describe('multipart/mixed', () => {
  it('reads the boundary of a multipart/mixed Content-Type, quoted or not, and none of another type', () => {
    expect(boundaryOf('multipart/mixed; boundary="batch_1"')).toBe('batch_1');
    expect(boundaryOf('multipart/mixed;boundary=changeset_2')).toBe('changeset_2');
    expect(boundaryOf('multipart/mixed')).toBeUndefined();
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
  });

  it('splits a body into parts with their headers, with CRLF or LF line ends, leaving out preamble and epilogue', () => {
    const body = [
      'preamble',
      '--b1',
      'Content-Type: application/http',
      'Content-ID: 7',
      '',
      'POST /things HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"name":"one"}',
      '--b1',
      'Content-Type: text/plain',
      '',
      'two',
      '--b1--',
      'epilogue',
    ];
    for (const eol of ['\r\n', '\n']) {
      const parts = parseMultipart(body.join(eol), 'b1');
      expect(parts.map((p) => p.headers)).toEqual([{ 'content-type': 'application/http', 'content-id': '7' }, { 'content-type': 'text/plain' }]);
      expect(parts[1]?.content).toBe('two');
      const message = parseHttpMessage(parts[0]?.content ?? '');
      expect(message).toEqual({ startLine: 'POST /things HTTP/1.1', headers: { 'content-type': 'application/json' }, body: '{"name":"one"}' });
    }
  });

  it('refuses a body that is not opened or closed by its boundary, or a part without the blank line after its headers', () => {
    expect(() => parseMultipart('nothing here', 'b1')).toThrow(new MultipartError("The body has no part opened by '--b1'"));
    expect(() => parseMultipart('--b1\r\nContent-Type: text/plain\r\n\r\nx', 'b1')).toThrow("The body is not closed by '--b1--'");
    expect(() => parseMultipart('--b1\r\nContent-Type: text/plain\r\n--b1--', 'b1')).toThrow('Part 1 has no blank line after its headers');
    expect(() => parseMultipart('--b1\r\nnot a header\r\n\r\nx\r\n--b1--', 'b1')).toThrow("Part 1 has a header line without a name: 'not a header'");
    expect(() => parseHttpMessage('\r\n')).toThrow('An application/http part holds no start line');
  });

  it('writes parts and messages that it reads back', () => {
    const message = renderHttpMessage('HTTP/1.1 204 No Content', [['OData-Version', '4.0']], '');
    const text = renderMultipart('r1', [{ headers: [['Content-Type', 'application/http']], content: message }]);
    expect(text).toBe('--r1\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n--r1--\r\n');
    const [part] = parseMultipart(text, 'r1');
    expect(parseHttpMessage(part?.content ?? '')).toEqual({ startLine: 'HTTP/1.1 204 No Content', headers: { 'odata-version': '4.0' }, body: '' });
  });
});
