/**
 * `multipart/mixed` bodies as OData's `$batch` carries them (RFC 2046 §5.1.1; OData 4.0 Part 1 §11.7): parts split on
 * a boundary, each with its MIME headers and content; an `application/http` part's content is an HTTP message (a
 * request line or a status line, headers, a blank line, a body). Parsing is strict where a server refuses a
 * malformed batch: a body that does not open and close with its boundary, a part without the blank line after its
 * headers, a message without its start line. Line ends may be CRLF or LF; answers are written with CRLF.
 */

export class MultipartError extends Error {}

/** One part: its MIME headers (names in lower case) and its content. */
export interface MimePart {
  headers: Record<string, string>;
  content: string;
}

/** An HTTP message inside a part: its start line's words, its headers (names in lower case) and its body. */
export interface HttpMessage {
  startLine: string;
  headers: Record<string, string>;
  body: string;
}

/** The boundary a `multipart/mixed` Content-Type names, or undefined for another type or none named. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** Headers of a block of `Name: value` lines (names in lower case); throws on a line that is none. */
function headerLines(lines: string[], what: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`${what} has a header line without a name: '${line}'`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Splits at the first blank line: the lines before it, and the text after it (undefined when there is none). */
function splitAtBlank(text: string): { head: string[]; rest: string | undefined } {
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text.split(/\r?\n/).filter((l) => l !== ''), rest: undefined };
  return { head: text.slice(0, m.index).split(/\r?\n/), rest: text.slice(m.index + m[0].length) };
}

/** The parts of a `multipart/mixed` body with this boundary (the preamble and epilogue left out). */
export function parseMultipart(body: string, boundary: string): MimePart[] {
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  const starts: number[] = [];
  let close = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trimEnd();
    if (line === `${delimiter}--`) {
      close = i;
      break;
    }
    if (line === delimiter) starts.push(i);
  }
  if (starts.length === 0) throw new MultipartError(`The body has no part opened by '${delimiter}'`);
  if (close < 0) throw new MultipartError(`The body is not closed by '${delimiter}--'`);
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? close;
    const text = lines.slice(start + 1, end).join('\r\n');
    const { head, rest } = splitAtBlank(text);
    if (rest === undefined) throw new MultipartError(`Part ${k + 1} has no blank line after its headers`);
    return { headers: headerLines(head, `Part ${k + 1}`), content: rest.replace(/(\r?\n)+$/, '') };
  });
}

/** The HTTP message an `application/http` part holds. */
export function parseHttpMessage(content: string): HttpMessage {
  const text = content.replace(/^(\r?\n)+/, '');
  const { head, rest } = splitAtBlank(text);
  const [startLine, ...headerText] = head;
  if (startLine === undefined || startLine.trim() === '') throw new MultipartError('An application/http part holds no start line');
  return { startLine: startLine.trim(), headers: headerLines(headerText, `The message '${startLine.trim()}'`), body: rest ?? '' };
}

/** A `multipart/mixed` body of these parts: each its headers, a blank line and its content; then the closing line. */
export function renderMultipart(
  boundary: string,
  parts: ReadonlyArray<{ headers: ReadonlyArray<readonly [string, string]>; content: string }>,
): string {
  const out: string[] = [];
  for (const part of parts) {
    out.push(`--${boundary}`, ...part.headers.map(([name, value]) => `${name}: ${value}`), '', part.content);
  }
  out.push(`--${boundary}--`, '');
  return out.join('\r\n');
}

/** An HTTP message's text: its start line, headers, a blank line and its body. */
export function renderHttpMessage(startLine: string, headers: ReadonlyArray<readonly [string, string]>, body: string): string {
  return [startLine, ...headers.map(([name, value]) => `${name}: ${value}`), '', body].join('\r\n');
}
