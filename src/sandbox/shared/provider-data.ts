/**
 * A provider's own data kept as JSON beside its fake (property and field catalogues, pipelines, association type ids,
 * seed vocabularies, error texts), imported with `with { type: 'json' }` and checked once when the fake loads against
 * the shape it declares: a file that does not match fails the import loudly, naming the file and the first mismatch.
 *
 * Shapes: `'string'`, `'number'`, `'boolean'`; `['list', S]` an array of S; `['record', S]` an object whose every
 * value is S; `['tuple', S1, S2, …]` an array of exactly those; `['enum', 'a', 'b']` one of the strings; an object
 * `{key: S}` has exactly those keys (a key written `name?` may be left out); `'json'` any JSON value (an answer's
 * template). The checked value is typed from its shape.
 */
export type DataShape =
  | 'string'
  | 'number'
  | 'boolean'
  | 'json'
  | readonly ['list' | 'record', DataShape]
  | readonly ['tuple', ...DataShape[]]
  | readonly ['enum', ...string[]]
  | { readonly [key: string]: DataShape };

type Fields<S> = { -readonly [K in keyof S as K extends `${string}?` ? never : K]: DataOf<S[K]> } & {
  -readonly [K in keyof S as K extends `${infer N}?` ? N : never]?: DataOf<S[K]>;
};

/** The value a shape describes. */
export type DataOf<S> = S extends 'string'
  ? string
  : S extends 'number'
    ? number
    : S extends 'boolean'
      ? boolean
      : S extends readonly ['list', infer E]
        ? Array<DataOf<E>>
        : S extends readonly ['record', infer E]
          ? Record<string, DataOf<E>>
          : S extends readonly ['tuple', ...infer E]
            ? { -readonly [K in keyof E]: DataOf<E[K]> }
            : S extends readonly ['enum', ...infer E extends string[]]
              ? E[number]
              : S extends readonly unknown[]
                ? never
                : S extends 'json'
                  ? unknown
                  : Fields<S>;

/** Where the value first differs from the shape ('' when it matches). */
function mismatch(value: unknown, shape: DataShape, path: string): string {
  const is = (ok: boolean, what: string): string => (ok ? '' : `${path || 'the file'} is not ${what}`);
  if (shape === 'json') return '';
  if (typeof shape === 'string') return is(typeof value === shape, `a ${shape}`);
  if (Array.isArray(shape)) {
    const [kind, ...rest] = shape as readonly [string, ...DataShape[]];
    if (kind === 'enum') return is((rest as unknown[]).includes(value), `one of ${(rest as string[]).join(', ')}`);
    if (kind === 'record') return is(isObject(value), 'an object') || each(Object.entries(value as object), rest[0] as DataShape, path);
    if (!Array.isArray(value)) return is(false, 'an array');
    if (kind === 'list') return each([...value.entries()], rest[0] as DataShape, path);
    return is(value.length === rest.length, `a list of ${rest.length}`) || each([...value.entries()], (k) => rest[Number(k)] as DataShape, path);
  }
  if (!isObject(value)) return is(false, 'an object');
  const fields = shape as Readonly<Record<string, DataShape>>;
  const names = new Map(Object.keys(fields).map((key) => [key.replace(/\?$/, ''), key]));
  const unknown = Object.keys(value).find((key) => !names.has(key));
  if (unknown !== undefined) return `${path || 'the file'} has an unknown key ${unknown}`;
  for (const [name, key] of names) {
    if (!(name in value)) {
      if (key.endsWith('?')) continue;
      return `${path || 'the file'} lacks ${name}`;
    }
    const found = mismatch((value as Record<string, unknown>)[name], fields[key] as DataShape, `${path}.${name}`);
    if (found) return found;
  }
  return '';
}

function each(entries: Array<[string | number, unknown]>, shape: DataShape | ((key: string | number) => DataShape), path: string): string {
  for (const [key, item] of entries) {
    const found = mismatch(item, typeof shape === 'function' ? shape(key) : shape, `${path}[${JSON.stringify(key)}]`);
    if (found) return found;
  }
  return '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A data file's value checked against its shape, typed from it; throws naming the file and the first mismatch. */
export function providerData<const S extends DataShape>(file: string, value: unknown, shape: S): DataOf<S> {
  const found = mismatch(value, shape, '');
  if (found) throw new Error(`Malformed sandbox data file ${file}: ${found}`);
  return value as DataOf<S>;
}
