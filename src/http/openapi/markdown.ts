/**
 * The API reference as Markdown (docs/api-reference.md), made from the OpenAPI document, for readers without a
 * running server (a running one serves the same at `/reference`). `npm run client:generate` writes it beside the
 * client's copy of the document, and a test fails when it is not what the current routes produce.
 */

type Schema = Record<string, unknown>;

/** The value at a path of keys in nested objects (undefined where the path leads nowhere). */
function at(o: unknown, ...keys: Array<string | number>): unknown {
  let v = o;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

const cell = (value: unknown) =>
  text(value)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

/** A schema's type in a few words: `string`, `integer (1–250)`, `"IMPORT" or "EXPORT"`, `array of object`. */
export function typeText(s: Schema | undefined): string {
  if (!s) return 'any';
  const alts = (s['anyOf'] ?? s['oneOf']) as Schema[] | undefined;
  if (alts && !s['type'])
    return alts
      .map(typeText)
      .filter((t, i, all) => all.indexOf(t) === i)
      .join(' or ');
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' or ');
  if ('const' in s) return JSON.stringify(s['const']);
  if (s['type'] === 'array') return `array of ${typeText(s['items'] as Schema)}`;
  const range = s['minimum'] !== undefined || s['maximum'] !== undefined ? ` (${text(s['minimum'])}–${text(s['maximum'])})` : '';
  const format = s['format'] ? `, ${text(s['format'])}` : '';
  return `${Array.isArray(s['type']) ? (s['type'] as string[]).join(' or ') : text(s['type'] ?? 'any')}${format}${range}`;
}

function fieldsTable(schema: Schema, heading: string): string[] {
  const props = (schema['properties'] ?? {}) as Record<string, Schema>;
  if (!Object.keys(props).length) return [];
  const required = new Set((schema['required'] ?? []) as string[]);
  return [
    `${heading}:`,
    '',
    '| Field | Type | Required | Description |',
    '| --- | --- | --- | --- |',
    ...Object.entries(props).map(
      ([name, p]) =>
        `| \`${name}\` | ${cell(typeText(p))} | ${required.has(name) ? 'yes' : ''} | ${cell(p['description'] ?? (p['default'] !== undefined ? `Default ${JSON.stringify(p['default'])}.` : ''))} |`,
    ),
    '',
  ];
}

function errorCodes(response: Schema): string[] {
  const code = at(response, 'content', 'application/json', 'schema', 'properties', 'code') as Schema | undefined;
  if (!code) return [];
  return ((code['anyOf'] as Schema[] | undefined) ?? [code]).map((c) => text(c['const'] ?? at(c, 'enum', 0)));
}

export function referenceMarkdown(doc: Schema): string {
  const out: string[] = [
    '# API reference',
    '',
    '<!-- Made from the OpenAPI document by `npm run client:generate`; do not edit by hand. -->',
    '',
    `${text(at(doc, 'info', 'title'))} ${text(at(doc, 'info', 'version'))}, OpenAPI ${text(doc['openapi'])}. Every Weft server serves this document at`,
    '`/openapi.json` and a browsable reference at `/reference`; a copy is in',
    "[clients/typescript/openapi.json](../clients/typescript/openapi.json). Requests take the project's API key as",
    '`Authorization: Bearer KEY` unless said otherwise. Every error is `{"success": false, "code", "message", "errors"}`',
    'with a stable `code` ([errors.md](errors.md)); the options and behaviours behind the fields are explained in',
    '[api.md](api.md).',
    '',
  ];
  const paths = doc['paths'] as Record<string, Record<string, Schema>>;
  for (const tag of doc['tags'] as Array<{ name: string; description: string }>) {
    const ops = Object.entries(paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod)
        .filter(([, op]) => at(op, 'tags', 0) === tag.name)
        .map(([method, op]) => ({ path, method, op })),
    );
    if (!ops.length) continue;
    out.push(`## ${tag.name}`, '', tag.description, '');
    for (const { path, method, op } of ops) {
      out.push(`### ${text(op['summary'])}`, '', `\`${method.toUpperCase()} ${path}\``, '', cell(op['description']), '');
      const security = op['security'] as unknown[] | undefined;
      if (security && security.length === 0) out.push('No key needed.', '');
      else if (security?.some((s) => Object.keys(s as object).length === 0)) out.push('The key is optional.', '');
      const query = ((op['parameters'] ?? []) as Schema[]).filter((p) => p['in'] === 'query');
      if (query.length) {
        out.push(
          'Query:',
          '',
          '| Parameter | Type | Required | Description |',
          '| --- | --- | --- | --- |',
          ...query.map(
            (p) =>
              `| \`${text(p['name'])}\` | ${cell(typeText(p['schema'] as Schema))} | ${p['required'] ? 'yes' : ''} | ${cell(p['description'] ?? (at(p, 'schema', 'default') !== undefined ? `Default ${JSON.stringify(at(p, 'schema', 'default'))}.` : ''))} |`,
          ),
          '',
        );
      }
      const body = at(op, 'requestBody', 'content', 'application/json') as Schema | undefined;
      if (body) {
        out.push(...fieldsTable(body['schema'] as Schema, 'Body'));
        if (body['example']) out.push('Example:', '', '```json', JSON.stringify(body['example'], null, 2), '```', '');
      }
      const responses = Object.entries((op['responses'] ?? {}) as Record<string, Schema>);
      out.push('Answers:', '');
      for (const [status, response] of responses) {
        const codes = errorCodes(response);
        out.push(`- **${status}**: ${codes.length ? codes.map((c) => `\`${c}\``).join(', ') : cell(response['description'])}`);
      }
      out.push('');
    }
  }
  out.push('## Webhooks', '', 'Weft posts these to the URLs given at initiate or with a transfer.', '');
  for (const [name, item] of Object.entries((doc['webhooks'] ?? {}) as Record<string, Schema>)) {
    const post = item['post'] as Schema;
    out.push(`### \`${name}\`: ${text(post['summary'])}`, '', cell(post['description']), '');
    out.push(...fieldsTable(at(post, 'requestBody', 'content', 'application/json', 'schema') as Schema, 'Body'));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
