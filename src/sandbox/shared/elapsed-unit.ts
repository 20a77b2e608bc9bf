/**
 * A span of time as a person reads it in a provider's message: its whole number of the largest unit that fits it,
 * seconds, minutes, hours or days (e.g. "expired 3 hour(s) ago" for 3 h 59 min).
 */

/** Each unit and how many of the one before make one. */
const UNITS = [
  ['minute', 60],
  ['hour', 60],
  ['day', 24],
] as const;

/** `seconds` (negative: 0) in the largest whole unit that fits it. */
export function elapsedUnit(seconds: number): { amount: number; unit: 'second' | (typeof UNITS)[number][0] } {
  let [amount, unit]: [number, 'second' | (typeof UNITS)[number][0]] = [Math.max(0, Math.floor(seconds)), 'second'];
  for (const [next, size] of UNITS) {
    if (amount < size) break;
    [amount, unit] = [Math.floor(amount / size), next];
  }
  return { amount, unit };
}
