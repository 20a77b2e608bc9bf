/**
 * A provider's errors declared as data: each named error of its data file has a status, the variant of its dialect's
 * body (else the standard one) and the fields that body names, as a template (`shared/error-template.ts`) filled from
 * the values the error is built with: `{"status": 404, "fields": {"message": "No record {id}", "category": "NOT_FOUND"}}`.
 * The filled `message` is the error's message.
 */
import { type ErrorTemplate, fillTemplate, type TemplateValues } from './error-template.js';
import type { DataOf } from './provider-data.js';

/** The declared shape of one named error, for `providerData`. */
export const NAMED_ERROR_SHAPE = { status: 'number', 'variant?': 'string', fields: 'json' } as const;

/** What a named error is built into: its status, filled message and other fields, and its variant. */
export interface NamedErrorParts {
  status: number;
  message: string;
  fields: Record<string, unknown>;
  variant: string | undefined;
}

/**
 * A builder of the declared errors by name, each made by `make` from its filled parts.
 * @throws Error for a name the data file does not declare
 */
export function namedErrors<E>(declared: Record<string, DataOf<typeof NAMED_ERROR_SHAPE>>, make: (parts: NamedErrorParts) => E) {
  return (name: string, values: TemplateValues = {}): E => {
    const entry = declared[name];
    if (entry === undefined) throw new Error(`No declared error ${name}`);
    const { message, ...fields } = fillTemplate(entry.fields as ErrorTemplate, values);
    return make({ status: entry.status, message: typeof message === 'string' ? message : '', fields, variant: entry.variant });
  };
}
