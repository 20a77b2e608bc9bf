/**
 * List filters declared by their query parameters: each parameter is read (in the declared order, so the first bad one
 * is the one refused) by the fake's own reader, and a record passes when every parameter given holds for it: equal to a
 * property (by default the parameter's camel-cased name), the record's property among the listed values, or a
 * property at or after the given value (`updated_since`), or before it (`updated_until`).
 */
import type { Query } from './params.js';
import { camel } from './snake-json.js';

/** One filtering parameter: its reader (undefined: not given) and how it tests a record. */
export interface ParamFilter {
  param: string;
  read: (query: Query, name: string) => unknown;
  /** The property compared. @defaultValue the camel-cased parameter name */
  prop?: string;
  /** @defaultValue 'equals' */
  test?: 'equals' | 'in' | 'atLeast' | 'below';
}

/** The test of a list request's filters (reading them now, so a bad parameter throws the reader's error). */
export function paramFilter<R extends object>(query: Query, filters: readonly ParamFilter[]): (record: R) => boolean {
  const given = filters.flatMap((filter) => {
    const wanted = filter.read(query, filter.param);
    return wanted === undefined ? [] : [{ prop: filter.prop ?? camel(filter.param), test: filter.test ?? 'equals', wanted }];
  });
  return (record) =>
    given.every(({ prop, test, wanted }) => {
      const value = (record as Record<string, unknown>)[prop];
      if (test === 'in') return (wanted as readonly unknown[]).includes(value);
      if (test === 'below') return (value as number) < (wanted as number);
      return test === 'atLeast' ? (value as number) >= (wanted as number) : value === wanted;
    });
}
