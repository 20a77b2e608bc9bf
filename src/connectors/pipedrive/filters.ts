/** What Pipedrive's v2 list endpoints filter on (one value each, and the update-time range), and their parameters. */
import { type Predicate, wholeSecond } from '../kit/pushdown.js';

/** Pipedrive's RFC 3339 form, to the second. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Query parameters of a list for the predicates, each as loose as its condition or looser: single ids, and one
 * update-time range (`updated_since` is inclusive, `updated_until` exclusive, both to the second).
 */
export function listFilters(predicates: Predicate[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of predicates) {
    if (p.op === 'in') {
      const [v] = p.values;
      if (p.field.type === 'id' && p.values.length === 1 && /^\d{1,15}$/.test(String(v))) out[p.field.name] = String(v);
      continue;
    }
    if (p.field.name !== 'update_time' || p.ranges.length !== 1) continue;
    const { min, max } = p.ranges[0] as { min: number | null; max: number | null };
    if (min !== null) out['updated_since'] = rfc3339(wholeSecond(min, 'min'));
    if (max !== null) out['updated_until'] = rfc3339(wholeSecond(max, 'min') + 1000); // the first whole second after max
  }
  return out;
}
