/** PostgreSQL for the scenarios that need it: is it there, and a fresh schema per run (as the tests do). */
import pg from 'pg';

/** Null when PostgreSQL answers at `url`, otherwise why not. */
export async function postgresProblem(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return `PostgreSQL unreachable at ${new URL(url).host}: ${(e as Error).message || String(e)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let counter = 0;

/** Creates a fresh schema; returns its name, the DATABASE_URL that selects it, and a function that drops it. */
export async function freshSchema(url: string): Promise<{ schema: string; databaseUrl: string; drop(): Promise<void> }> {
  const schema = `weft_bench_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
  } finally {
    await admin.end();
  }
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    databaseUrl: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}
