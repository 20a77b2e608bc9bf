/**
 * Seed records laid out from data: a fake's data file gives, per object, the properties of a seed record in order
 * ({@link SEED_LAYOUT_SHAPE}, checked by `providerData`), and {@link layoutRecord} fills them from the scope its
 * generator built (the record's known values and the fields seed-rules.ts drew). A value of the layout is:
 * - `"@name"`: the scope's value (absent: undefined); `"@name?"`: the scope's value, or null when absent;
 * - an array: each item laid out, absent items dropped (`["@label"]` is `[label]` or `[]`);
 * - anything else: a constant, copied.
 */
import type { SeedScope } from './seed-rules.js';

/** The declared shape of one object's layout in a data file. */
export const SEED_LAYOUT_SHAPE = ['record', 'json'] as const;

function laidOut(spec: unknown, scope: SeedScope): unknown {
  if (Array.isArray(spec)) return spec.map((item) => laidOut(item, scope)).filter((item) => item !== undefined);
  if (typeof spec !== 'string' || !spec.startsWith('@')) return structuredClone(spec);
  return spec.endsWith('?') ? (scope[spec.slice(1, -1)] ?? null) : scope[spec.slice(1)];
}

/** A record laid out from a scope, its properties in the layout's order. */
export function layoutRecord<R>(layout: Readonly<Record<string, unknown>>, scope: SeedScope): R {
  return Object.fromEntries(Object.entries(layout).map(([key, spec]) => [key, laidOut(spec, scope)])) as R;
}
