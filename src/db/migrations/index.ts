import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.js';

/**
 * Every migration, in order. Forward-only: a migration that has shipped is never edited, renumbered or removed;
 * a change is a new file and a new line here.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};
