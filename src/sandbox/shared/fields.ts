/**
 * A provider object's field catalogue (what each field holds, its options, whether it is read-only, required or
 * unique) and the generic checks of a write against it. Values travel as text (`""` clears a field); the provider
 * turns the kit's failures into its own error bodies.
 */

/** How a field's written values are checked: `text` is taken as it is. */
export type FieldKind = 'text' | 'number' | 'datetime' | 'enum';

/** One field of a catalogue. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Allowed values of an `enum`. */
  options?: readonly string[];
  /** Separator of a multi-valued `enum` (each part must be an option). */
  separator?: string;
  /** A format text values must have. */
  format?: 'email';
  readOnly?: boolean;
  required?: boolean;
  unique?: boolean;
}

/** Why a written value was refused. */
export type FieldFailureCode =
  'UNKNOWN_FIELD' | 'NOT_SCALAR' | 'READ_ONLY' | 'INVALID_EMAIL' | 'INVALID_OPTION' | 'INVALID_NUMBER' | 'INVALID_DATETIME';

/** A refused value: the field, why, what was sent, and (for an option) the offending part and the allowed values. */
export interface FieldFailure {
  name: string;
  code: FieldFailureCode;
  raw: unknown;
  /** The refused text (the offending part for a multi-valued enum). */
  text?: string;
  allowed?: readonly string[];
}

/** A checked write: the accepted values as text, and every refused one. */
export interface CheckedWrite {
  values: Record<string, string>;
  failures: FieldFailure[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A written JSON value as text: null clears (`""`), strings, finite numbers and booleans as text; undefined otherwise. */
export function writeText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

/** A provider object's fields by name. */
export class FieldCatalogue {
  readonly fields: readonly FieldSpec[];
  readonly #byName: ReadonlyMap<string, FieldSpec>;

  constructor(fields: readonly FieldSpec[]) {
    this.fields = fields;
    this.#byName = new Map(fields.map((field) => [field.name, field]));
  }

  /** One field, or undefined when there is none of that name. */
  get(name: string): FieldSpec | undefined {
    return this.#byName.get(name);
  }

  /** The names of the fields a create must set. */
  get required(): string[] {
    return this.fields.filter((field) => field.required).map((field) => field.name);
  }

  /** The name of the unique field (usable as an alternate id), if any. */
  get unique(): string | undefined {
    return this.fields.find((field) => field.unique)?.name;
  }

  /**
   * The fields a read answers, sorted by name, unset ones as null: the `defaults` when none are requested, else the
   * requested ones that exist plus the `always` ones.
   */
  project(
    values: Readonly<Record<string, string>>,
    requested: readonly string[] | undefined,
    { defaults, always }: { defaults: readonly string[]; always: readonly string[] },
  ): Record<string, string | null> {
    const names =
      requested === undefined || requested.length === 0 ? [...defaults] : [...new Set([...requested.filter((name) => this.get(name)), ...always])];
    return Object.fromEntries(names.sort().map((name) => [name, values[name] ?? null]));
  }

  /** The required fields that `values` leaves unset or empty. */
  missingRequired(values: Readonly<Record<string, string>>): string[] {
    return this.required.filter((name) => (values[name] ?? '') === '');
  }

  /** Checks one written value; returns its stored text (datetimes as ISO) or the failure. */
  checkValue(name: string, raw: unknown): string | FieldFailure {
    const text = writeText(raw);
    if (text === undefined) return { name, code: 'NOT_SCALAR', raw };
    const field = this.get(name);
    if (!field) return { name, code: 'UNKNOWN_FIELD', raw, text };
    if (field.readOnly) return { name, code: 'READ_ONLY', raw, text };
    if (text === '') return text;
    if (field.format === 'email' && !EMAIL.test(text)) return { name, code: 'INVALID_EMAIL', raw, text };
    if (field.kind === 'enum') {
      const allowed = field.options ?? [];
      const parts = field.separator === undefined ? [text] : text.split(field.separator);
      const bad = parts.find((part) => !allowed.includes(part));
      if (bad !== undefined) return { name, code: 'INVALID_OPTION', raw, text: bad, allowed };
    }
    if (field.kind === 'number' && !Number.isFinite(Number(text))) return { name, code: 'INVALID_NUMBER', raw, text };
    if (field.kind === 'datetime') {
      const epoch = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (!Number.isFinite(epoch)) return { name, code: 'INVALID_DATETIME', raw, text };
      return new Date(epoch).toISOString();
    }
    return text;
  }

  /** Checks every value of a write, collecting all failures. */
  check(input: Readonly<Record<string, unknown>>): CheckedWrite {
    const checked: CheckedWrite = { values: {}, failures: [] };
    for (const [name, raw] of Object.entries(input)) {
      const result = this.checkValue(name, raw);
      if (typeof result === 'string') checked.values[name] = result;
      else checked.failures.push(result);
    }
    return checked;
  }
}
