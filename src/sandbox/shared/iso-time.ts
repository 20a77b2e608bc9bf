/**
 * `new Date(ms).toISOString()` without a Date for the whole milliseconds of the years 1970 to 9999: the day's part
 * (`YYYY-MM-DDT`) is remembered, since the records of a page are close in time, and the time of day is written out.
 * Anything else goes through a Date (with its RangeError). The answer is the same string either way.
 */
import { BoundedMemo } from './bounded-memo.js';

const DAY_MS = 86_400_000;
/** The last instant before the year 10000. */
const END_MS = 253_402_300_800_000;
/** `YYYY-MM-DDT` of a day (days since the epoch), at most 4,096 kept. */
const DAY_PREFIXES = new BoundedMemo<number, string>(4_096);
const dayPrefix = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 11);
const two = (value: number) => (value < 10 ? `0${value}` : String(value));
const three = (value: number) => (value < 10 ? `00${value}` : value < 100 ? `0${value}` : String(value));

/** `new Date(ms).toISOString()`, e.g. "2024-01-02T03:04:05.678Z". */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms >= END_MS) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  const inDay = ms - day * DAY_MS;
  const [hours, minutes, seconds] = [Math.floor(inDay / 3_600_000), Math.floor(inDay / 60_000) % 60, Math.floor(inDay / 1000) % 60];
  return `${DAY_PREFIXES.get(day, dayPrefix)}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(inDay % 1000)}Z`;
}
