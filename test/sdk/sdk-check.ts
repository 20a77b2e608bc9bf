/**
 * Compares Weft's OpenAPI document with what Endgrate's Python SDK sends and accepts (as sdk_models.py reads it):
 * - every SDK operation is in the document, with its method and query parameters;
 * - what the SDK sends, the document describes: every field of a request model is a documented property of the
 *   body, of a type the document allows, and every property the document requires is one the SDK can send;
 * - what the document says Weft answers (and sends to webhooks), the SDK accepts: where both name a field, the
 *   document's types and enum values are among those the SDK's model takes, null only where the SDK takes null, and
 *   every field the SDK requires is one the document requires.
 * It returns the disagreements, worded as a person would read them (none: the two agree).
 */

export interface SdkField {
  type: 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'any';
  nullable: boolean;
  required?: boolean;
  model?: string;
  items?: SdkField;
  values?: SdkField;
  enum?: string[];
}

export interface SdkDescription {
  operations: Array<{ name: string; method: string; path: string; query: string[]; body: string | null; answer: string | null }>;
  models: Record<string, Record<string, SdkField>>;
}

type Schema = Record<string, unknown>;

/** The branches of a schema (anyOf/oneOf flattened; a schema without them is its own one branch). */
function branches(s: Schema): Schema[] {
  const alts = (s['anyOf'] ?? s['oneOf']) as Schema[] | undefined;
  if (!alts) return [s];
  const { anyOf: _a, oneOf: _o, ...rest } = s;
  return alts.flatMap((b) => branches({ ...rest, ...b }));
}

/** The JSON types a schema allows ('any' when it does not say). */
function typesOf(s: Schema): Set<string> {
  const out = new Set<string>();
  for (const b of branches(s)) {
    if ('const' in b) out.add(b['const'] === null ? 'null' : typeof b['const'] === 'number' ? 'number' : typeof b['const']);
    else if (Array.isArray(b['enum'])) for (const v of b['enum'] as unknown[]) out.add(v === null ? 'null' : typeof v);
    else if (typeof b['type'] === 'string') out.add(b['type']);
    else if (Array.isArray(b['type'])) for (const t of b['type'] as string[]) out.add(t);
    else out.add('any');
  }
  return out;
}

/** The values a schema allows, when it lists them (undefined: any value of its types). */
function valuesOf(s: Schema): unknown[] | undefined {
  const out: unknown[] = [];
  for (const b of branches(s)) {
    if ('const' in b) out.push(b['const']);
    else if (Array.isArray(b['enum'])) out.push(...(b['enum'] as unknown[]));
    else if (b['type'] === 'null') out.push(null);
    else return undefined;
  }
  return out;
}

/** Properties of an object schema (over all its branches) and those every branch requires. */
function objectOf(s: Schema): { properties: Record<string, Schema>; required: Set<string> } {
  const properties: Record<string, Schema> = {};
  let required: Set<string> | undefined;
  for (const b of branches(s)) {
    if (b['type'] === 'null') continue;
    Object.assign(properties, (b['properties'] as Record<string, Schema> | undefined) ?? {});
    const req = new Set((b['required'] as string[] | undefined) ?? []);
    required = required ? new Set([...required].filter((r) => req.has(r))) : req;
  }
  return { properties, required: required ?? new Set() };
}

/** Whether a value of JSON type `t` is one the SDK field takes. */
function sdkTakes(field: SdkField, t: string): boolean {
  if (t === 'null') return field.nullable;
  if (field.type === 'any' || t === 'any') return true;
  if (field.type === 'number') return t === 'number' || t === 'integer';
  return field.type === t;
}

export function compareWithSdk(doc: Schema, sdk: SdkDescription): string[] {
  const problems: string[] = [];
  const paths = doc['paths'] as Record<string, Record<string, Schema>>;

  /** The SDK sends a value of this model; the document must describe it. */
  const sent = (where: string, modelName: string, schema: Schema) => {
    const model = sdk.models[modelName] ?? {};
    const { properties, required } = objectOf(schema);
    for (const [name, field] of Object.entries(model)) {
      const prop = properties[name];
      if (!prop) {
        problems.push(`${where}: the SDK sends '${name}', which the document does not describe`);
        continue;
      }
      const allowed = typesOf(prop);
      if (!allowed.has('any') && field.type !== 'any' && !allowed.has(field.type) && !(field.type === 'integer' && allowed.has('number'))) {
        problems.push(`${where}.${name}: the SDK sends ${field.type}, the document allows ${[...allowed].join('|')}`);
      }
      if (field.model && field.type === 'object') sent(`${where}.${name}`, field.model, prop);
      if (field.items?.model) sent(`${where}.${name}[]`, field.items.model, (prop['items'] as Schema | undefined) ?? {});
    }
    for (const r of required) if (!(r in model)) problems.push(`${where}: the document requires '${r}', which the SDK's ${modelName} cannot send`);
  };

  /** Weft answers (or posts) a value of this schema; the SDK's model must take it. */
  const received = (where: string, modelName: string, schema: Schema) => {
    const model = sdk.models[modelName] ?? {};
    const { properties, required } = objectOf(schema);
    for (const [name, field] of Object.entries(model)) {
      const prop = properties[name];
      if (!prop) {
        if (field.required) problems.push(`${where}: the SDK requires '${name}', which the document does not give`);
        continue;
      }
      if (field.required && !required.has(name)) problems.push(`${where}: the SDK requires '${name}', which the document leaves optional`);
      for (const t of typesOf(prop)) {
        if (!sdkTakes(field, t)) problems.push(`${where}.${name}: the document says ${t}, which the SDK's ${modelName} does not take`);
      }
      if (field.enum) {
        const values = valuesOf(prop);
        if (!values) problems.push(`${where}.${name}: the SDK takes only ${field.enum.join(', ')}; the document allows any value`);
        else
          for (const v of values)
            if (v !== null && !field.enum.includes(String(v)))
              problems.push(`${where}.${name}: the document allows '${String(v)}', which the SDK refuses`);
      }
      if (field.model && field.type === 'object') {
        for (const b of branches(prop)) if (b['type'] !== 'null') received(`${where}.${name}`, field.model, b);
      }
      if (field.items?.model) {
        for (const b of branches(prop))
          if (b['type'] === 'array') received(`${where}.${name}[]`, field.items.model, (b['items'] as Schema | undefined) ?? {});
      }
    }
  };

  for (const op of sdk.operations) {
    const operation = paths[op.path]?.[op.method.toLowerCase()];
    const where = `${op.method} ${op.path} (${op.name})`;
    if (!operation) {
      problems.push(`${where}: not in the document`);
      continue;
    }
    const params = ((operation['parameters'] as Schema[] | undefined) ?? []).filter((p) => p['in'] === 'query').map((p) => p['name']);
    for (const q of op.query)
      if (!params.includes(q)) problems.push(`${where}: the SDK sends the query parameter '${q}', which the document does not describe`);
    if (op.body) {
      const body = (operation['requestBody'] as Schema | undefined)?.['content'] as Record<string, { schema?: Schema }> | undefined;
      const schema = body?.['application/json']?.schema;
      if (!schema) problems.push(`${where}: the SDK sends a ${op.body} body, which the document does not describe`);
      else sent(`${where} body`, op.body, schema);
    }
    if (op.answer) {
      const ok = (operation['responses'] as Record<string, Schema> | undefined)?.['200'];
      const schema = (ok?.['content'] as Record<string, { schema?: Schema }> | undefined)?.['application/json']?.schema;
      if (!schema) problems.push(`${where}: the SDK reads a ${op.answer} answer, which the document does not describe`);
      else received(`${where} answer`, op.answer, schema);
    }
  }

  const CALLBACKS: Record<string, string> = {
    configuration_webhook: 'ConfigurationCallbackSchema',
    data_webhook: 'DataCallbackSchema',
    error_webhook: 'ErrorCallbackSchema',
    completed_webhook: 'CompletedCallbackSchema',
  };
  const webhooks = (doc['webhooks'] ?? {}) as Record<string, Record<string, Schema>>;
  for (const [hook, modelName] of Object.entries(CALLBACKS)) {
    const content = (webhooks[hook]?.['post']?.['requestBody'] as Schema | undefined)?.['content'] as Record<string, { schema?: Schema }> | undefined;
    const schema = content?.['application/json']?.schema;
    if (!schema) problems.push(`${hook}: not in the document's webhooks`);
    else received(`${hook} body`, modelName, schema);
  }
  return problems;
}
