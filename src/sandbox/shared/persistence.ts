/**
 * The sandbox's own state file (SQLite, separate from Weft's database): what the fakes changed, so that a sandbox
 * restarted on the same file answers as before. It is a delta journal: seed records are deterministic from the
 * account name, so only accounts, changed records (their whole current state, archived ones included), OAuth tokens
 * and a few per-sandbox secrets are stored. Every write is one prepared upsert made with the in-memory change; the
 * writes of one synchronous stretch (a whole batch request) share one transaction, committed in a microtask queued at
 * its first write, so before the request's answer is sent (WAL, `synchronous=NORMAL`: a killed process loses nothing
 * it answered). Rate-limit windows, counters, faults, authorization codes and query cursors are not stored.
 */
import fs from 'node:fs';
import path from 'node:path';

import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sandbox_meta (provider TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (provider, name));
CREATE TABLE IF NOT EXISTS sandbox_accounts (provider TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY (provider, account));
CREATE TABLE IF NOT EXISTS sandbox_records (provider TEXT NOT NULL, account TEXT NOT NULL, object TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (provider, account, object, id));
CREATE TABLE IF NOT EXISTS sandbox_tokens (provider TEXT NOT NULL, kind TEXT NOT NULL, token TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (provider, kind, token));
`;

/** Where one object type of one account records its changes (hooked into the record stores). */
export interface RecordJournal {
  /** Stores the current state of a record (created, updated or archived/deleted). */
  put(id: string | number, record: unknown): void;
  /** Forgets every stored record of this object type of this account (a reset to the seed). */
  clear(): void;
  /** The stored records (parsed, unordered), to rebuild the store from when it is created. */
  load(): unknown[];
}

/** Where one kind of OAuth token of one provider is stored. */
export interface TokenJournal {
  put(token: string, record: unknown): void;
  delete(token: string): void;
  /** Every stored token record (parsed). */
  all(): unknown[];
}

/** A Map whose writes also go to a {@link TokenJournal} (loaded from it when created). */
export class JournaledMap<V> {
  readonly #map = new Map<string, V>();
  readonly #journal: TokenJournal | undefined;

  /** @param key - the map key of a stored record (its token) */
  constructor(journal: TokenJournal | undefined, key: (value: V) => string) {
    this.#journal = journal;
    for (const value of (journal?.all() ?? []) as V[]) this.#map.set(key(value), value);
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  set(key: string, value: V): void {
    this.#map.set(key, value);
    this.#journal?.put(key, value);
  }

  delete(key: string): boolean {
    const existed = this.#map.delete(key);
    if (existed) this.#journal?.delete(key);
    return existed;
  }

  /** Stores a value again after it was changed in place. */
  saved(key: string, value: V): void {
    this.#journal?.put(key, value);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }
}

/** The stored state of one provider fake (`hubspot`, `pipedrive`, `salesforce`). */
export class ProviderJournal {
  readonly #file: SandboxFile;
  readonly provider: string;

  constructor(file: SandboxFile, provider: string) {
    this.#file = file;
    this.provider = provider;
  }

  /**
   * Records the seed sizes the stored deltas were made with, or checks them against the stored ones: created
   * records have ids after the seed range, so a different seed size would mix them up. Sizes stored while no account
   * was used yet are simply replaced.
   * @throws Error when the file holds accounts made with other seed sizes
   */
  checkSeed(seed: Record<string, number>): void {
    const wanted = JSON.stringify(seed);
    const stored = this.#file.meta(this.provider, 'seed');
    if (stored === undefined || (stored !== wanted && this.accounts().length === 0)) this.#file.setMeta(this.provider, 'seed', wanted);
    else if (stored !== wanted) {
      throw new Error(
        `The sandbox state file ${this.#file.path} holds ${this.provider} data made with seed sizes ${stored}, not ${wanted}: start with the same sizes or move the file away`,
      );
    }
  }

  /** A stored per-sandbox value (e.g. a secret), created and stored on first use. */
  value(name: string, create: () => string): string {
    const stored = this.#file.meta(this.provider, name);
    if (stored !== undefined) return stored;
    const created = create();
    this.#file.setMeta(this.provider, name, created);
    return created;
  }

  /** Names of the stored accounts, in the order they were first used. */
  accounts(): string[] {
    return this.#file.accounts(this.provider);
  }

  /** Stores an account name (idempotent). */
  addAccount(account: string): void {
    this.#file.addAccount(this.provider, account);
  }

  recordJournal(account: string, object: string): RecordJournal {
    return {
      put: (id, record) => this.#file.putRecord(this.provider, account, object, String(id), JSON.stringify(record)),
      clear: () => this.#file.clearRecords(this.provider, account, object),
      load: () => this.#file.records(this.provider, account, object),
    };
  }

  tokenJournal(kind: string): TokenJournal {
    return {
      put: (token, record) => this.#file.putToken(this.provider, kind, token, JSON.stringify(record)),
      delete: (token) => this.#file.deleteToken(this.provider, kind, token),
      all: () => this.#file.tokens(this.provider, kind),
    };
  }
}

/** One open sandbox state file. */
export class SandboxFile {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #statements: {
    meta: Database.Statement<[string, string]>;
    setMeta: Database.Statement<[string, string, string]>;
    accounts: Database.Statement<[string]>;
    addAccount: Database.Statement<[string, string]>;
    records: Database.Statement<[string, string, string]>;
    putRecord: Database.Statement<[string, string, string, string, string]>;
    clearRecords: Database.Statement<[string, string, string]>;
    tokens: Database.Statement<[string, string]>;
    putToken: Database.Statement<[string, string, string, string]>;
    deleteToken: Database.Statement<[string, string, string]>;
  };

  /**
   * Opens (or creates) the file: its directory is created with mode 0700 and the file gets mode 0600.
   * @throws Error when the file cannot be opened or is not a sandbox state file
   */
  constructor(file: string) {
    this.path = path.resolve(file);
    fs.mkdirSync(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(this.path, fs.constants.O_CREAT | fs.constants.O_RDWR, 0o600);
    fs.closeSync(fd);
    fs.chmodSync(this.path, 0o600);
    this.#db = new Database(this.path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    this.#db.exec(SCHEMA);
    const db = this.#db;
    this.#statements = {
      meta: db.prepare('SELECT value FROM sandbox_meta WHERE provider = ? AND name = ?'),
      setMeta: db.prepare('INSERT INTO sandbox_meta (provider, name, value) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value'),
      accounts: db.prepare('SELECT account FROM sandbox_accounts WHERE provider = ? ORDER BY rowid'),
      addAccount: db.prepare('INSERT INTO sandbox_accounts (provider, account) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      records: db.prepare('SELECT data FROM sandbox_records WHERE provider = ? AND account = ? AND object = ?'),
      putRecord: db.prepare(
        'INSERT INTO sandbox_records (provider, account, object, id, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET data = excluded.data',
      ),
      clearRecords: db.prepare('DELETE FROM sandbox_records WHERE provider = ? AND account = ? AND object = ?'),
      tokens: db.prepare('SELECT data FROM sandbox_tokens WHERE provider = ? AND kind = ?'),
      putToken: db.prepare(
        'INSERT INTO sandbox_tokens (provider, kind, token, data) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET data = excluded.data',
      ),
      deleteToken: db.prepare('DELETE FROM sandbox_tokens WHERE provider = ? AND kind = ? AND token = ?'),
    };
  }

  /** The stored state of one provider fake. */
  provider(name: string): ProviderJournal {
    return new ProviderJournal(this, name);
  }

  meta(provider: string, name: string): string | undefined {
    const row = this.#statements.meta.get(provider, name) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(provider: string, name: string, value: string): void {
    this.#begin();
    this.#statements.setMeta.run(provider, name, value);
  }

  accounts(provider: string): string[] {
    return (this.#statements.accounts.all(provider) as { account: string }[]).map((row) => row.account);
  }

  addAccount(provider: string, account: string): void {
    this.#begin();
    this.#statements.addAccount.run(provider, account);
  }

  records(provider: string, account: string, object: string): unknown[] {
    return (this.#statements.records.all(provider, account, object) as { data: string }[]).map((row) => JSON.parse(row.data) as unknown);
  }

  putRecord(provider: string, account: string, object: string, id: string, data: string): void {
    this.#begin();
    this.#statements.putRecord.run(provider, account, object, id, data);
  }

  clearRecords(provider: string, account: string, object: string): void {
    this.#begin();
    this.#statements.clearRecords.run(provider, account, object);
  }

  tokens(provider: string, kind: string): unknown[] {
    return (this.#statements.tokens.all(provider, kind) as { data: string }[]).map((row) => JSON.parse(row.data) as unknown);
  }

  putToken(provider: string, kind: string, token: string, data: string): void {
    this.#begin();
    this.#statements.putToken.run(provider, kind, token, data);
  }

  deleteToken(provider: string, kind: string, token: string): void {
    this.#begin();
    this.#statements.deleteToken.run(provider, kind, token);
  }

  /** Opens the transaction of the current synchronous stretch, committed by a microtask queued now. */
  #begin(): void {
    if (this.#db.inTransaction) return;
    this.#db.exec('BEGIN');
    queueMicrotask(() => this.#commit());
  }

  /**
   * Commits the stretch's writes. A commit the disk refuses (full, read-only) must not take the process down with it
   * (Weft's server embeds the sandbox): the writes are rolled back in the file, the sandbox goes on with them in memory
   * only, and a process warning says so.
   */
  #commit(): void {
    if (!this.#db.open || !this.#db.inTransaction) return;
    try {
      this.#db.exec('COMMIT');
    } catch (e) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      process.emitWarning(`The sandbox state file could not store a write (${(e as Error).message}); the sandbox keeps it in memory only.`, {
        code: 'WEFT_SANDBOX_STATE',
      });
    }
  }

  /** Commits what is pending and closes the file (idempotent). */
  close(): void {
    this.#commit();
    if (this.#db.open) this.#db.close();
  }
}
