/**
 * Validation of property writes (create, update, upsert), the way HubSpot
 * rejects them: every bad value is collected and answered together in one
 * 400 "Property values were not valid: [...]". The checks are the kit's field
 * catalogue's; HubSpot's codes and messages are declared here.
 */
import type { FieldFailure, FieldFailureCode } from '../shared/fields.js';
import { type PropertyFailure, propertyValidationError } from './errors.js';
import { catalogueOf, type ObjectTypeName } from './properties.js';

/** HubSpot's code and message of each kind of refused value. */
const FAILURES: Record<FieldFailureCode, (failure: FieldFailure) => Omit<PropertyFailure, 'name'>> = {
  NOT_SCALAR: ({ name, raw }) => ({ error: 'INVALID_VALUE', message: `${JSON.stringify(raw)} is not a valid value for "${name}"` }),
  UNKNOWN_FIELD: ({ name }) => ({ error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` }),
  READ_ONLY: ({ name }) => ({ error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` }),
  INVALID_EMAIL: ({ text }) => ({ error: 'INVALID_EMAIL', message: `Email address ${text} is invalid` }),
  INVALID_OPTION: ({ text, allowed = [] }) => ({
    error: 'INVALID_OPTION',
    message: `${text} was not one of the allowed options: [${allowed.join(', ')}]`,
  }),
  INVALID_NUMBER: ({ text }) => ({ error: 'INVALID_INTEGER', message: `${text} is not a valid number` }),
  INVALID_DATETIME: ({ text }) => ({ error: 'INVALID_DATETIME', message: `${text} is not a valid datetime` }),
};

/**
 * Checks a `properties` object from a request and returns it as strings
 * (`""` means "clear this property").
 * @throws HubSpotApiError 400 with every rejected value
 */
export function normalizeWrite(objectType: ObjectTypeName, input: unknown, portalId: number): Record<string, string> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw propertyValidationError([{ name: 'properties', error: 'INVALID_VALUE', message: 'properties must be an object' }], portalId);
  }
  const { values, failures } = catalogueOf(objectType).check(input as Record<string, unknown>);
  if (failures.length > 0)
    throw propertyValidationError(
      failures.map((failure) => ({ name: failure.name, ...FAILURES[failure.code](failure) })),
      portalId,
    );
  return values;
}
