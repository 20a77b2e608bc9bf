/**
 * What differs between the embedded SQLite database and PostgreSQL, declared once as capabilities. Code elsewhere
 * asks the profile; it never tests the dialect's name.
 */
export interface DialectProfile {
  readonly name: 'sqlite' | 'postgres';
  /** `FOR UPDATE SKIP LOCKED` exists, so concurrent workers can claim jobs without blocking each other. */
  readonly skipLocked: boolean;
  /** Write transactions must start as `BEGIN IMMEDIATE` to take the single writer lock up front (SQLite). */
  readonly beginImmediate: boolean;
  /** Largest number of bound parameters in one statement. */
  readonly maxParameters: number;
}

export const SQLITE_PROFILE: DialectProfile = Object.freeze({
  name: 'sqlite',
  skipLocked: false,
  beginImmediate: true,
  maxParameters: 32_766,
});

export const POSTGRES_PROFILE: DialectProfile = Object.freeze({
  name: 'postgres',
  skipLocked: true,
  beginImmediate: false,
  maxParameters: 65_535,
});
