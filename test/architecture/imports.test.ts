/**
 * The house rules, read from the import graph of `src/` (every `import`/`export … from`, type-only ones included,
 * as TypeScript's own `preProcessFile` lists them, resolved to files). A rule that holds is checked here; each rule
 * names the folders it is about.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve('src');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** File (relative to src/) → the files of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const resolved = path.resolve(path.dirname(file), ref.fileName.replace(/\.js$/, '.ts'));
      targets.push(path.relative(SRC, resolved));
    }
    graph.set(path.relative(SRC, file), targets);
  }
  return graph;
}

const graph = importGraph();
const top = (file: string) => (file.includes(path.sep) ? (file.split(path.sep)[0] as string) : file.replace(/\.ts$/, ''));

/** Imports from files under `from` to files under any of `to`, as "a → b". */
function arrows(from: string, to: string[]): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (top(file) !== from) continue;
    for (const t of targets) if (to.includes(top(t))) out.push(`${file} → ${t}`);
  }
  return out;
}

/** The import circles of the graph: its strongly connected components of more than one file (or a file importing itself). */
function circles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('the import graph of src/', () => {
  it('has every relative import resolving to a file of src/ (a source file, or a JSON data file of a fake)', () => {
    const resolves = (t: string): boolean =>
      graph.has(t) || (t.endsWith('.json') && statSync(path.join(SRC, t), { throwIfNoEntry: false })?.isFile() === true);
    const missing = [...graph].flatMap(([file, targets]) => targets.filter((t) => !resolves(t)).map((t) => `${file} → ${t}`));
    expect(missing).toEqual([]);
    expect(graph.size).toBeGreaterThan(200);
  });

  it('keeps the sandbox and the connectors apart: a fake that shares code with its client proves nothing', () => {
    expect(arrows('sandbox', ['connectors'])).toEqual([]);
    expect(arrows('connectors', ['sandbox'])).toEqual([]);
  });

  it('keeps the connectors and the model off the database', () => {
    expect(arrows('connectors', ['db'])).toEqual([]);
    expect(arrows('model', ['db'])).toEqual([]);
  });

  it("keeps routes and pages off the database: http and ui never import db (they call the tables' owners)", () => {
    expect(arrows('http', ['db'])).toEqual([]);
    expect(arrows('ui', ['db'])).toEqual([]);
  });

  it('keeps the database, the queue and the transfers below the HTTP layer', () => {
    for (const low of ['db', 'jobs', 'transfers']) expect(arrows(low, ['http', 'ui'])).toEqual([]);
  });

  it('has the queue know no task: jobs imports no domain, nor the services that hold them all', () => {
    expect(arrows('jobs', ['transfers', 'sessions', 'webhooks', 'services', 'compose', 'http', 'ui', 'admin'])).toEqual([]);
  });

  it('has the webhooks a sink that knows no transfer engine: webhooks never imports transfers', () => {
    expect(arrows('webhooks', ['transfers'])).toEqual([]);
  });

  it('has no import circle anywhere in src/ (type-only imports included)', () => {
    expect(circles()).toEqual([]);
  });

  it('has no import circle between the transfer engine and its pull and push engines', () => {
    const engines = ['transfers/pull-engine.ts', 'transfers/push-engine.ts'].map((f) => f.split('/').join(path.sep));
    for (const engine of engines) expect(graph.get(engine)).not.toContain(['transfers', 'engine.ts'].join(path.sep));
  });

  it('has the sandbox import nothing of Weft but its neutral helpers', () => {
    const allowed = ['sandbox', 'lib'];
    const out = [...graph]
      .filter(([f]) => top(f) === 'sandbox')
      .flatMap(([f, ts]) => ts.filter((t) => !allowed.includes(top(t))).map((t) => `${f} → ${t}`));
    expect(out).toEqual([]);
  });
});

/** Each table's one owner folder (or top-level file) of src/: the only place its name appears in a Kysely call. */
const TABLE_OWNERS: Record<string, string> = {
  admin_sessions: 'admin',
  admin_tokens: 'admin',
  admin_users: 'admin',
  api_keys: 'projects',
  projects: 'projects',
  continuous_pulls: 'transfers',
  idempotency_keys: 'transfers',
  internal_ids: 'transfers',
  sync_records: 'transfers',
  sync_seen: 'transfers',
  transfer_inputs: 'transfers',
  transfer_items: 'transfers',
  transfer_progress: 'transfers',
  transfers: 'transfers',
  credentials: 'sessions',
  oauth_apps: 'sessions',
  oauth_states: 'sessions',
  provider_lists: 'sessions',
  session_history: 'sessions',
  session_links: 'sessions',
  sessions: 'sessions',
  errors: 'error-log',
  jobs: 'jobs',
  schedules: 'jobs',
  worker_heartbeats: 'jobs',
  rate_limit_windows: 'limits',
  webhook_deliveries: 'webhooks',
  weft_meta: 'db',
};

/**
 * Kysely calls that still name a table outside its owner (issue 11 item 4, not yet moved): each entry is "file →
 * table". The list only shrinks: a new offender fails the test, and so does an entry that no longer offends.
 */
const NOT_YET_MOVED: string[] = [];

describe('the tables and their owners', () => {
  const calls: string[] = [];
  const unknown: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file);
    if (rel.startsWith(path.join('db', 'migrations'))) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:selectFrom|insertInto|updateTable|deleteFrom)\(\s*'([a-z_]+)'/g)) {
      const table = m[1] as string;
      const owner = TABLE_OWNERS[table];
      if (owner === undefined) unknown.push(`${rel} → ${table}`);
      else if (top(rel) !== owner) calls.push(`${rel.split(path.sep).join('/')} → ${table}`);
    }
  }

  it('knows the owner of every table a Kysely call names', () => {
    expect(unknown).toEqual([]);
  });

  it("has each table named in Kysely calls only in its owner's folder (db/ migrations aside)", () => {
    expect([...new Set(calls)].sort()).toEqual(NOT_YET_MOVED);
  });
});

/**
 * Where `JSON.parse` may appear in src/ (the sandbox's own storage aside): each stored JSON column is decoded in one
 * place, its table's owner, through `storedJson` (src/lib/stored-json.ts, the one parse of stored text, checked at run
 * time); elsewhere only what is not a stored column is parsed. Each list only shrinks: a new file fails the test, and
 * so does an entry that no longer parses.
 */
const PARSES_JSON: Record<string, string> = {
  'lib/stored-json.ts': 'the one decoding of stored JSON columns (each owner calls storedJson)',
  'jobs/queue.ts': "the jobs table's owner: jobs.payload, checked against its task's schema by jobs/registry.ts",
  'connectors/kit/http.ts': 'provider responses',
  'transfers/service.ts':
    "a transfers row as PostgreSQL renders it for a data page read as rows (row_to_json: the row's columns, not a stored JSON column), in the table's owner",
  'connectors/kit/oauth.ts': 'token responses',
  'connectors/dynamics/connector.ts':
    "the claims of a Microsoft access token (a JWT: the environment and the user), for the connection's account key",
  'connectors/dynamics/push.ts': "the JSON error of a row's part inside a Dataverse $batch answer (multipart text, not parsed by the HTTP client)",
  'connectors/kit/paging.ts': 'the soql-locator cursor of a page request (opaque to Weft, which stores it inside the checkpoint)',
  'ui/session/edit-window.ts': 'the sealed edit-window cookie of a request (checked field by field)',
  'version.ts': "Weft's own package.json, for `weft --version` and the OpenAPI document",
};

/** Files that still parse a stored column outside its owner: none left, and none may come back. */
const NOT_YET_DECODED_BY_OWNER: Record<string, string> = {};

describe('the decoding of stored JSON', () => {
  const parsing: string[] = [];
  const decoders: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (rel.startsWith('sandbox/')) continue;
    const text = readFileSync(file, 'utf8');
    if (/\bJSON\.parse\b/.test(text)) parsing.push(rel);
    for (const m of text.matchAll(/\bstoredJson\(\s*'([a-z_]+)\.([a-z_]+)'/g)) decoders.push(`${rel} → ${m[1]}.${m[2]}`);
  }

  it('parses JSON only where it decodes no stored column, or in the one decoder of stored columns', () => {
    expect(parsing.sort()).toEqual(Object.keys({ ...PARSES_JSON, ...NOT_YET_DECODED_BY_OWNER }).sort());
  });

  it("declares each stored column's decoder in its table's owner", () => {
    const outside = decoders.filter((d) => {
      const [file, column] = d.split(' → ') as [string, string];
      const owner = TABLE_OWNERS[column.split('.')[0] as string];
      return owner === undefined || top(file.split('/').join(path.sep)) !== owner;
    });
    expect(outside).toEqual([]);
    expect(decoders.length).toBeGreaterThanOrEqual(10);
    const fileOf = new Map<string, Set<string>>();
    for (const d of decoders) {
      const [file, column] = d.split(' → ') as [string, string];
      fileOf.set(column, (fileOf.get(column) ?? new Set()).add(file));
    }
    // One file decodes each column (transfers.request has a decoder for each method's shape, side by side).
    expect([...fileOf].filter(([, files]) => files.size > 1)).toEqual([]);
  });
});

describe('the dialect rule', () => {
  it('holds: code outside src/db/dialect.ts asks the profile and never tests the dialect name', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (file.endsWith(path.join('db', 'dialect.ts'))) continue;
      const text = readFileSync(file, 'utf8');
      if (/\.name\s*[!=]==?\s*'(postgres|sqlite)'|'(postgres|sqlite)'\s*[!=]==?\s*[\w.]*profile/.test(text)) offenders.push(path.relative(SRC, file));
    }
    expect(offenders).toEqual([]);
  });
});

/**
 * File (relative to src/) → the files of src/ it loads when it is loaded: static `import`/`export … from` that are
 * not type-only (a dynamic `import()` loads its module later, when it runs).
 */
function runtimeGraph(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const targets: string[] = [];
    for (const node of source.statements) {
      let spec: ts.Expression | undefined;
      if (ts.isImportDeclaration(node)) {
        const clause = node.importClause;
        const named = clause?.namedBindings;
        const typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)));
        if (!typeOnly) spec = node.moduleSpecifier;
      } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) spec = node.moduleSpecifier;
      if (spec === undefined || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
      targets.push(path.relative(SRC, path.resolve(path.dirname(file), spec.text.replace(/\.js$/, '.ts'))));
    }
    out.set(path.relative(SRC, file), targets);
  }
  return out;
}

describe('loading the sandbox', () => {
  it('happens only where it is mounted: the rest of Weft loads of it only its endpoints (sandbox/endpoints.ts)', () => {
    const runtime = runtimeGraph();
    // What a process that loads none of the sandbox's entry points on purpose gets of it: the closure, inside
    // src/sandbox, of the static imports into it from the rest of src/.
    const reached = new Set<string>();
    const queue = [...runtime].filter(([file]) => top(file) !== 'sandbox').flatMap(([, targets]) => targets.filter((t) => top(t) === 'sandbox'));
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (reached.has(file)) continue;
      reached.add(file);
      queue.push(...(runtime.get(file) ?? []).filter((t) => top(t) === 'sandbox'));
    }
    const endpoints = (file: string) => /^sandbox\/(\w+\/)?endpoints\.ts$/.test(file.split(path.sep).join('/'));
    expect([...reached].filter((file) => !endpoints(file))).toEqual([]);
    expect(reached.has(path.join('sandbox', 'endpoints.ts'))).toBe(true);
  });
});
