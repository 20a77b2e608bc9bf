/**
 * Field rules declared as data and checked by one validator: a provider's fake
 * declares, per body field, the JSON kind and the constraints its API enforces
 * (option sets, ranges, lengths, formats) and gets its 400s with the kit's
 * reasons, so that the fake writes only the checks that need its own state
 * (does this owner exist?).
 */
import { bodyValue, type FieldKind, type Invalid } from './params.js';

/** What a field's value must satisfy beyond its kind. */
export interface FieldRule {
  kind: FieldKind;
  /** Absent or null answers "is required" (before the kind is checked). */
  required?: boolean;
  /** The allowed values ("must be one of a, b"). */
  oneOf?: readonly (string | number)[];
  /** Inclusive bounds of a number ("must be between 0 and 100"). */
  range?: readonly [number, number];
  /** The longest string ("must be at most 255 characters"). */
  maxLength?: number;
  /** Any other test a value must pass, with the reason it fails. */
  test?: readonly [(value: never) => boolean, string];
  /** The one reason for every failure, the wrong kind included (APIs that say only what they expect). */
  reason?: string;
  /** Normalises an accepted value (e.g. upper-cases a currency code). */
  map?: (value: never) => unknown;
}

/** Why a present, non-null value of the rule's kind breaks the rule, or undefined when it does not. */
export function breach(rule: FieldRule, value: unknown): string | undefined {
  if (rule.oneOf && !rule.oneOf.includes(value as string | number)) return `must be one of ${rule.oneOf.join(', ')}`;
  if (rule.range && ((value as number) < rule.range[0] || (value as number) > rule.range[1])) {
    return `must be between ${rule.range[0]} and ${rule.range[1]}`;
  }
  if (rule.maxLength !== undefined && (value as string).length > rule.maxLength) return `must be at most ${rule.maxLength} characters`;
  if (rule.test && !rule.test[0](value as never)) return rule.test[1];
  return undefined;
}

/**
 * Checks one field of a body against its rule.
 * @returns undefined when absent; null when null and the kind admits it; else the (mapped) value
 * @throws the provider's error, with the rule's `reason` when it has one
 */
export function ruledValue(body: Record<string, unknown>, name: string, rule: FieldRule, invalid: Invalid): unknown {
  const strict: Invalid = rule.reason === undefined ? invalid : (field) => invalid(field, rule.reason ?? '');
  if (rule.required && (body[name] === undefined || body[name] === null)) throw invalid(name, 'is required');
  const value = bodyValue(body, name, rule.kind, strict);
  if (value === undefined || value === null) return value;
  const reason = breach(rule, value);
  if (reason !== undefined) throw strict(name, reason);
  return rule.map ? rule.map(value as never) : value;
}

/**
 * Checks the declared fields of a body, in declaration order, into a write under their new names.
 * @param rules - wire name → [name in the write, rule]
 * @returns only the fields the body has
 */
export function readRuledFields(
  body: Record<string, unknown>,
  rules: Readonly<Record<string, readonly [string, FieldRule]>>,
  invalid: Invalid,
): Record<string, unknown> {
  const write: Record<string, unknown> = {};
  for (const [name, [to, rule]] of Object.entries(rules)) {
    const value = ruledValue(body, name, rule, invalid);
    if (value !== undefined) write[to] = value;
  }
  return write;
}
