/**
 * What HubSpot's search API can filter on, and the search filters for Weft's predicates. Each filter is as loose as
 * its condition or looser: Weft checks every record it gets back.
 */
import type { Predicate } from '../kit/pushdown.js';

/** The search API's filters per group (one is Weft's own paging filter). */
const SEARCH_FILTERS = 9;
/** Values an IN filter carries at most (HubSpot documents no higher limit; longer lists stay Weft's to apply). */
const SEARCH_IN_VALUES = 100;

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'IN' | 'BETWEEN' | 'GT' | 'GTE' | 'LTE' | 'HAS_PROPERTY';
  value?: string;
  highValue?: string;
  values?: string[];
}

/** Search filters for the predicates (ANDed in one group); each as loose as its condition or looser. */
export function searchFilters(predicates: Predicate[]): SearchFilter[] {
  const out: SearchFilter[] = [];
  for (const p of predicates) {
    const propertyName = p.field.name;
    if (p.op === 'in') {
      if (p.values.length === 1) out.push({ propertyName, operator: 'EQ', value: String(p.values[0]) });
      else if (p.field.type !== 'datetime' && p.values.length <= SEARCH_IN_VALUES) {
        // HubSpot compares text in IN filters in lower case.
        out.push({ propertyName, operator: 'IN', values: p.values.map((v) => (p.field.type === 'string' ? String(v).toLowerCase() : String(v))) });
      }
      continue;
    }
    if (p.ranges.length !== 1) continue; // ORed ranges would need one filter group each, times the other filters
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    if (min !== null && max !== null) out.push({ propertyName, operator: 'BETWEEN', value: String(min), highValue: String(max) });
    else if (min !== null) out.push({ propertyName, operator: 'GTE', value: String(min) });
    else if (max !== null) out.push({ propertyName, operator: 'LTE', value: String(max) });
    else out.push({ propertyName, operator: 'HAS_PROPERTY' });
  }
  return out.slice(0, SEARCH_FILTERS);
}
