/**
 * Error bodies by template. A provider declares its error shape once, as a
 * JSON template whose string values may hold placeholders, and the kit fills
 * it from the error's fields and the request's context:
 *
 * - a value that is exactly `'{name}'` is replaced by the field's value, of any
 *   JSON type; `'{name?}'` is left out of the body when the field is undefined
 *   (`'{name}'` becomes null);
 * - a placeholder inside a longer string is interpolated as text;
 * - nested objects and arrays are filled the same way; other values are copied.
 *
 * E.g. a body `{success:false, error:'{message}', code:'{code?}'}` or
 * `{status:'error', message:'{message}', correlationId:'{correlationId}', category:'{category}', context:'{context?}'}`.
 */

/** A JSON template (see the module comment). */
export type ErrorTemplate = Readonly<Record<string, unknown>>;

/** Values a template is filled from. */
export type TemplateValues = Readonly<Record<string, unknown>>;

const WHOLE = /^\{([A-Za-z_][A-Za-z0-9_]*)(\?)?\}$/;
const INLINE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Marks a value left out of its object. */
const OMIT = Symbol('omit');

function fillValue(template: unknown, values: TemplateValues): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) {
      const value = values[whole[1] ?? ''];
      if (value !== undefined) return value;
      return whole[2] === '?' ? OMIT : null;
    }
    return template.replace(INLINE, (_match, name: string) => {
      const value = values[name];
      return value === undefined || value === null ? '' : String(value as string | number | boolean);
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillValue(item, values)).filter((item) => item !== OMIT);
  if (typeof template === 'object' && template !== null) return fillTemplate(template as ErrorTemplate, values);
  return template;
}

/** Fills a template (see the module comment). */
export function fillTemplate(template: ErrorTemplate, values: TemplateValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    const filled = fillValue(value, values);
    if (filled !== OMIT) body[key] = filled;
  }
  return body;
}

/** A provider's error dialect: its template plus the fields it derives from the status when an error does not set them. */
export interface ErrorDialectSpec {
  template: ErrorTemplate;
  /** Other body shapes of the dialect by name, chosen by an error's `variant` (null: an empty body). */
  variants?: Readonly<Record<string, ErrorTemplate | null>>;
  /** Fields derived from the status (e.g. a default error code), overridden by the error's own fields. */
  defaults?: (status: number) => TemplateValues;
}

/** What a templated error is built from. */
export interface TemplateErrorSpec {
  status: number;
  message: string;
  /** Fields the dialects' templates name besides `message` and `status`. */
  fields?: TemplateValues;
  /** Replaces the dialect's body entirely (a gateway's fixed body). */
  body?: Readonly<Record<string, unknown>>;
  /** Names the dialect's variant template the body is filled from. */
  variant?: string;
  /** Builds the body from the per-request context instead (undefined: an empty body). */
  renderBody?: (context: TemplateValues) => Record<string, unknown> | undefined;
  headers?: Readonly<Record<string, string>>;
}

/** An error answered with a body filled from a dialect's template. */
export class TemplateError extends Error {
  readonly statusCode: number;
  readonly fields: TemplateValues;
  readonly fixedBody: Readonly<Record<string, unknown>> | undefined;
  readonly headers: Record<string, string>;
  readonly variant: string | undefined;
  readonly #renderBody: TemplateErrorSpec['renderBody'];

  constructor(spec: TemplateErrorSpec) {
    super(spec.message);
    this.name = 'TemplateError';
    this.statusCode = spec.status;
    this.fields = spec.fields ?? {};
    this.fixedBody = spec.body;
    this.headers = { ...spec.headers };
    this.variant = spec.variant;
    this.#renderBody = spec.renderBody;
  }

  /**
   * The body in a dialect, undefined when it is empty (a variant declared null, or a body function's choice).
   * @param context - per-request values (e.g. a correlation id), under the error's own fields
   */
  bodyIn(dialect: ErrorDialectSpec, context: TemplateValues = {}): Record<string, unknown> | undefined {
    if (this.fixedBody) return { ...this.fixedBody };
    if (this.#renderBody) return this.#renderBody(context);
    const template = this.variant === undefined ? dialect.template : dialect.variants?.[this.variant];
    if (template === null) return undefined;
    if (template === undefined) throw new Error(`error dialect has no variant ${String(this.variant)}`);
    const values = { ...dialect.defaults?.(this.statusCode), ...context, ...this.fields, message: this.message, status: this.statusCode };
    return fillTemplate(template, values);
  }

  /**
   * The body in a dialect.
   * @param context - per-request values (e.g. a correlation id), under the error's own fields
   */
  renderIn(dialect: ErrorDialectSpec, context: TemplateValues = {}): Record<string, unknown> {
    return this.bodyIn(dialect, context) ?? {};
  }
}

/** Picks a value by status: an exact entry, else the `5xx` entry for server errors, else `default`. */
export function byStatus<T>(status: number, table: Readonly<Record<number | '5xx' | 'default', T>>): T {
  const exact = (table as Readonly<Record<number, T | undefined>>)[status];
  if (exact !== undefined) return exact;
  return status >= 500 ? table['5xx'] : table.default;
}
