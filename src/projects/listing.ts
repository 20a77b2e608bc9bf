/** Projects and API keys as the dashboard shows them. Keys are created and revoked by `src/projects`. */
import type { Kysely } from 'kysely';

import type { DB, KeyMode } from '../db/schema.js';
import { ensureProject, findProject, type Project } from '../projects/index.js';

/** A project as the dashboard shows it (its webhook secrets: src/webhooks/secrets.ts). */
export interface ProjectDetails extends Project {
  createdAt: number;
}

/** An API key as the dashboard lists it: never the key, only its first characters. */
export interface ApiKeyRow {
  id: string;
  /** test: its sessions use the sandbox; live: real providers only. */
  mode: KeyMode;
  prefix: string;
  label: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** Every project, oldest first. */
export async function listProjects(db: Kysely<DB>): Promise<Project[]> {
  return db.selectFrom('projects').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
}

/** The project of this id, or undefined. */
export async function projectDetails(db: Kysely<DB>, id: string): Promise<ProjectDetails | undefined> {
  const row = await db.selectFrom('projects').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, createdAt: row.created_at };
}

/** Why a project name is refused, or null. */
export function projectNameProblem(name: string): string | null {
  if (!name) return 'Enter a name.';
  if (name.length > 64 || !/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/.test(name)) {
    return 'Use up to 64 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit.';
  }
  return null;
}

/** Creates a project; 'taken' when the name is in use. */
export async function createProject(db: Kysely<DB>, name: string, now = Date.now()): Promise<Project | 'taken'> {
  if (await findProject(db, name)) return 'taken';
  return ensureProject(db, name, now);
}

/** The project's keys, newest first. */
export async function listApiKeys(db: Kysely<DB>, projectId: string): Promise<ApiKeyRow[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'mode', 'prefix', 'label', 'created_at', 'last_used_at', 'revoked_at'])
    .where('project_id', '=', projectId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    mode: r.mode,
    prefix: r.prefix,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

/** One of the project's keys, or undefined. */
export async function findApiKey(db: Kysely<DB>, projectId: string, keyId: string): Promise<ApiKeyRow | undefined> {
  return (await listApiKeys(db, projectId)).find((k) => k.id === keyId);
}
