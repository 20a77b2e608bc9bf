/**
 * What of a pull filter a connector can hand to the provider: simple predicates (a field in a list of values, or in
 * one or more ranges) on provider fields that hold exactly one common-model field. A connector declares which
 * common fields it can filter on (`PushTable`) and renders the predicates in its provider's language (SOQL, HubSpot
 * search filters, query parameters).
 *
 * Every predicate must let through at least the records the condition selects: Weft checks each returned record
 * against the whole filter, so a predicate may be looser than the condition (a provider comparing text without
 * regard to case, a bound rounded outwards), never stricter. Conditions that cannot be rendered that way (a `null`
 * value, alternatives across list elements) are simply not pushed down.
 */
import type { Condition, EqCondition, RangeCondition, Scalar } from '../../model/filter.js';

export interface PushField {
  /** The provider's field. */
  name: string;
  /** How values are written: text, numbers, provider ids, or instants (date-times, compared as epoch ms). */
  type: 'string' | 'number' | 'id' | 'datetime';
}

/** Common field (or `list.field` for a field of the elements of a list) → the provider field that holds it alone. */
export type PushTable = Readonly<Record<string, PushField>>;

export type Predicate =
  | { field: PushField; op: 'in'; values: Array<string | number> }
  | { field: PushField; op: 'range'; ranges: Array<{ min: number | null; max: number | null }> };

function inPredicate(c: EqCondition, field: PushField): Predicate | undefined {
  if (c.values.some((v) => v === null)) return undefined;
  const values: Array<string | number> = [];
  for (const v of c.values as Exclude<Scalar, null>[]) {
    if (field.type === 'number') {
      if (typeof v !== 'number') return undefined;
      values.push(v);
    } else if (field.type === 'datetime') {
      const t = typeof v === 'string' ? Date.parse(v) : Number.NaN;
      if (Number.isNaN(t)) return undefined;
      values.push(t);
    } else {
      if (typeof v === 'boolean') return undefined;
      values.push(String(v));
    }
  }
  return { field, op: 'in', values };
}

function rangePredicate(c: RangeCondition, field: PushField): Predicate | undefined {
  const wanted = field.type === 'datetime' ? 'date-time' : field.type === 'number' ? 'number' : undefined;
  if (!wanted || c.type !== wanted) return undefined;
  const ranges = c.ranges.map(({ min, max }) => ({ min: min as number | null, max: max as number | null }));
  return { field, op: 'range', ranges };
}

/** The predicates of `conditions` the table can express (each one at least as loose as its condition). */
export function predicatesFor(conditions: readonly Condition[] | undefined, table: PushTable): Predicate[] {
  const out: Predicate[] = [];
  const add = (c: Condition, key: string) => {
    const field = table[key];
    if (!field) return;
    const p = c.kind === 'eq' ? inPredicate(c, field) : c.kind === 'range' ? rangePredicate(c, field) : undefined;
    if (p) out.push(p);
  };
  for (const c of conditions ?? []) {
    // Alternative parameter sets are not pushed down: reading everything is the superset.
    if (c.kind === 'any') continue;
    if (c.kind !== 'nested') {
      add(c, c.field);
      continue;
    }
    // One alternative: each of its conditions holds for some element, so each alone is a looser predicate.
    if (c.alternatives.length !== 1) continue;
    for (const sub of c.alternatives[0] ?? []) if (sub.kind !== 'nested') add(sub, `${c.field}.${sub.field}`);
  }
  return out;
}

/** An instant widened outwards to a whole second (for providers whose date-times have no milliseconds). */
export function wholeSecond(ms: number, side: 'min' | 'max'): number {
  return (side === 'min' ? Math.floor(ms / 1000) : Math.ceil(ms / 1000)) * 1000;
}
