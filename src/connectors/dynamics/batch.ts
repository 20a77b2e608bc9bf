/**
 * Dataverse's `$batch` as the connector writes it: `POST /api/data/v9.2/$batch`, a `multipart/mixed` body with one
 * change set per row (so that a row's write is atomic on its own and one bad row fails only itself) and
 * `Prefer: odata.continue-on-error` (so that every row is tried); the answer holds one part per change set, in
 * order: a `multipart/mixed` part of the row's 2xx answer, or one `application/http` part with its error. See
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api.
 */
import { randomUUID } from 'node:crypto';

/** One row's request in a batch: its method, its path under the API's root, its headers and JSON body. */
export interface BatchPart {
  method: 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

/** What a row's part answered: its status, headers (lower-case names) and body text. */
export interface PartAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The `$batch` body of these parts, one change set each (`Content-ID` its position, from 1), and its Content-Type. */
export function batchBody(parts: readonly BatchPart[]): { contentType: string; body: string } {
  const boundary = `batch_${randomUUID()}`;
  const lines: string[] = [];
  parts.forEach((part, i) => {
    const changeset = `changeset_${randomUUID()}`;
    lines.push(
      `--${boundary}`,
      `Content-Type: multipart/mixed; boundary=${changeset}`,
      '',
      `--${changeset}`,
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      `Content-ID: ${i + 1}`,
      '',
      `${part.method} ${part.path} HTTP/1.1`,
      'Content-Type: application/json; type=entry',
      ...Object.entries(part.headers).map(([name, value]) => `${name}: ${value}`),
      '',
      JSON.stringify(part.json),
      `--${changeset}--`,
    );
  });
  lines.push(`--${boundary}--`, '');
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: lines.join('\r\n') };
}

const boundaryOf = (contentType: string) => /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)?.slice(1).find(Boolean);

/** A block of MIME or HTTP headers, names in lower case. */
function headersOf(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

/** The parts between a boundary's delimiters: each its headers and content. */
function partsOf(text: string, boundary: string): Array<{ headers: Record<string, string>; content: string }> {
  const chunks = text.split(new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?$`, 'm'));
  // Before the first delimiter is the preamble, after the closing one the epilogue.
  return chunks.slice(1, -1).map((chunk) => {
    const body = chunk.replace(/^\r?\n/, '');
    const blank = /\r?\n\r?\n/.exec(body);
    const head = blank ? body.slice(0, blank.index) : body;
    return { headers: headersOf(head.split(/\r?\n/)), content: blank ? body.slice(blank.index + blank[0].length) : '' };
  });
}

/** An `application/http` part's response: its status line, headers and body. */
function answerOf(content: string): PartAnswer | undefined {
  const text = content.replace(/^(\r?\n)+/, '');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!status) return undefined;
  const blank = /\r?\n\r?\n/.exec(text);
  const head = (blank ? text.slice(0, blank.index) : text).split(/\r?\n/).slice(1);
  return { status: Number(status[1]), headers: headersOf(head), body: blank ? text.slice(blank.index + blank[0].length).trim() : '' };
}

/**
 * The answer of each row of a batch, in order: a change set's part holds the row's answer, a failed change set's
 * part is the error itself. Fewer answers than rows when the batch answered fewer parts (the rest are unknown).
 */
export function batchAnswers(contentType: string, text: string): PartAnswer[] {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return [];
  const answers: PartAnswer[] = [];
  for (const part of partsOf(text, boundary)) {
    const inner = boundaryOf(part.headers['content-type'] ?? '');
    const answer = inner === undefined ? answerOf(part.content) : partsOf(part.content, inner).map((p) => answerOf(p.content))[0];
    if (answer === undefined) break;
    answers.push(answer);
  }
  return answers;
}
