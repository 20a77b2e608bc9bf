/**
 * Validation of property writes (create, update, upsert), the way HubSpot
 * rejects them: every bad value is collected and answered together in one
 * 400 "Property values were not valid: [...]".
 */
import { type PropertyFailure, propertyValidationError } from './errors.js';
import { type ObjectTypeName, propertyDefinition } from './properties.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Converts a JSON value to HubSpot's string form; undefined when it has none. */
function asPropertyString(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function checkValue(objectType: ObjectTypeName, name: string, value: string): PropertyFailure | string {
  const definition = propertyDefinition(objectType, name);
  if (!definition) {
    return { name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` };
  }
  if (definition.modificationMetadata.readOnlyValue) {
    return { name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` };
  }
  if (value === '') return value;
  if (name === 'email' && !EMAIL.test(value)) {
    return { name, error: 'INVALID_EMAIL', message: `Email address ${value} is invalid` };
  }
  if (definition.type === 'enumeration' && !definition.externalOptions) {
    const allowed = definition.options.map((option) => option.value);
    const chosen = definition.fieldType === 'checkbox' ? value.split(';') : [value];
    const bad = chosen.find((item) => !allowed.includes(item));
    if (bad !== undefined) {
      return { name, error: 'INVALID_OPTION', message: `${bad} was not one of the allowed options: [${allowed.join(', ')}]` };
    }
  }
  if (definition.type === 'datetime') {
    const epoch = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isFinite(epoch)) {
      return { name, error: 'INVALID_DATETIME', message: `${value} is not a valid datetime` };
    }
    return new Date(epoch).toISOString();
  }
  return value;
}

/**
 * Checks a `properties` object from a request and returns it as strings
 * (`""` means "clear this property").
 * @throws HubSpotApiError 400 with every rejected value
 */
export function normalizeWrite(objectType: ObjectTypeName, input: unknown, portalId: number): Record<string, string> {
  const failures: PropertyFailure[] = [];
  const result: Record<string, string> = {};
  if (input === undefined || input === null) return result;
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw propertyValidationError([{ name: 'properties', error: 'INVALID_VALUE', message: 'properties must be an object' }], portalId);
  }
  for (const [name, raw] of Object.entries(input)) {
    const text = asPropertyString(raw);
    if (text === undefined) {
      failures.push({ name, error: 'INVALID_VALUE', message: `${JSON.stringify(raw)} is not a valid value for "${name}"` });
      continue;
    }
    const checked = checkValue(objectType, name, text);
    if (typeof checked === 'string') result[name] = checked;
    else failures.push(checked);
  }
  if (failures.length > 0) throw propertyValidationError(failures, portalId);
  return result;
}
