/** `weft sessions|transfers|errors`, `weft doctor` and `weft backup|restore` against a server's database. */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { logErrors } from '../../src/error-log/index.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { weft } from './helpers.js';

describeEachDialect('weft sessions, transfers, errors and doctor', (dialect) => {
  let h: Harness;
  let sid: string;
  let tid: string;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '7' } });
    const init = await h.api('POST', '/api/session/initiate', { body: { schema: [{ endgrate_type: 'crm-contact' }] } });
    expect(init.status).toBe(200);
    sid = init.body.session_id as string;
    await h.connect(sid, 'cli');
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);
    tid = pulled.body.transfer_id as string;
    await logErrors(h.services.database.db, [
      { projectId: h.projectId, sessionId: sid, transferId: tid, errorType: 'mapping', message: 'a test error' },
    ]);
  }, 120_000);
  afterAll(async () => h?.close());

  const where = () => (dialect === 'sqlite' ? `Using SQLite at ${h.config.dataDir}/weft.db` : /^Using PostgreSQL at 127\.0\.0\.1:5432\/test$/);

  it('lists sessions as a table and as JSON, of every project or one', async () => {
    const r = await weft(['sessions', 'list'], h.env);
    expect(r.code).toBe(0);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(where());
    expect(r.out[0]).toMatch(/^ID +MODE +KIND +PROVIDER +STATE +CREATED +LABEL$/);
    expect(r.out.slice(1)).toHaveLength(1);
    expect(r.out[1]).toMatch(new RegExp(`^${sid} {2}test +session +hubspot +connected +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
    const json = await weft(['sessions', 'list', '--json', '--project', 'default'], h.env);
    expect(JSON.parse(json.out.join('\n'))).toEqual([
      expect.objectContaining({ id: sid, project_id: h.projectId, mode: 'test', provider: 'hubspot', state: 'connected', kind: 'session' }),
    ]);
    const none = await weft(['sessions', 'list', '--project', 'nope'], h.env);
    expect(none).toMatchObject({ code: 1, out: [], err: [expect.stringMatching(where()), "weft: No project named 'nope'."] });
  });

  it('lists, shows and watches transfers', async () => {
    const list = await weft(['transfers', 'list', '--session', sid], h.env);
    expect(list.code).toBe(0);
    expect(list.out[0]).toMatch(/^ID +SESSION +METHOD +TYPE +PROVIDER +STATUS +RECORDS +ERRORS +CREATED$/);
    expect(list.out[1]).toMatch(new RegExp(`^${tid} {2}${sid} {2}IMPORT +crm-contact +hubspot +completed +7\\S* +0 +\\S+Z$`));
    const other = await weft(['transfers', 'list', '--session', 'none', '--json'], h.env);
    expect(other.out).toEqual(['[]']);
    const json = await weft(['transfers', 'show', tid, '--json'], h.env);
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({ id: tid, session_id: sid, status: 'completed', records: 7, error_count: 0 });
    const shown = await weft(['transfers', 'show', tid], h.env);
    expect(shown.out).toContain(`id:                ${tid}`);
    expect(shown.out).toContain('status:            completed');
    const watched = await weft(['transfers', 'watch', tid], h.env);
    expect(watched.code).toBe(0);
    expect(watched.out).toHaveLength(1);
    expect(watched.out[0]).toMatch(new RegExp(`^${tid} {2}(\\[#{30}\\] 100% {2}7/7|7) records {2}completed$`));
    // On a terminal: one line redrawn in place, ended by a newline.
    const tty = await weft(['transfers', 'watch', tid], h.env, { isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.out).toEqual([]);
    expect(tty.raw).toBe(`\r\x1b[2K${watched.out[0]}\n`);
    expect(await weft(['transfers', 'watch', 'nope'], h.env)).toMatchObject({
      code: 1,
      err: [expect.stringMatching(where()), 'weft: No transfer nope.'],
    });
  });

  it('lists the error log', async () => {
    const r = await weft(['errors', 'list', '--limit', '5'], h.env);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^ID +CREATED +TYPE +SESSION +TRANSFER +RESOLVED +MESSAGE$/);
    expect(r.out[1]).toMatch(new RegExp(`^\\S+ {2}\\S+Z {2}mapping {2}${sid} {2}${tid} {2}no +a test error$`));
    const json = await weft(['errors', 'list', '--json'], h.env);
    expect(JSON.parse(json.out.join('\n'))).toEqual([expect.objectContaining({ session_id: sid, transfer_id: tid, message: 'a test error' })]);
  });

  it('doctor: every check passes on a working setup, and a wrong key fails', async () => {
    const r = await weft(['doctor'], h.env);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('ok    settings load');
    expect(r.out[1]).toMatch(/^ok {4}database .* reachable, migrations applied$/);
    expect(r.out[2]).toBe(`ok    encryption key from ${h.config.dataDir}/encryption.key opens the database's sealed values`);
    expect(r.out[3]).toBe('ok    public URL http://localhost:3000');
    expect(r.out.filter((l) => l.startsWith('info  OAuth app hubspot: '))).toHaveLength(1);
    const wrong = await weft(['doctor'], { ...h.env, WEFT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(wrong.code).toBe(1);
    expect(wrong.out[2]).toBe("fail  the encryption key from WEFT_ENCRYPTION_KEY cannot open this database's sealed values");
    const prod = await weft(['doctor'], { ...h.env, NODE_ENV: 'production', WEFT_SANDBOX: 'true' });
    expect(prod.out).toContain('warn  WEFT_PUBLIC_URL is http://localhost:3000 in production: end users and providers cannot reach it');
    const plain = await weft(['doctor'], { ...h.env, WEFT_PUBLIC_URL: 'http://weft.example.com' });
    expect(plain.out).toContain('warn  WEFT_PUBLIC_URL http://weft.example.com is not https: OAuth providers refuse it and secrets travel in clear');
  });

  it.runIf(dialect === 'sqlite')('backs the live database up and restores it into a fresh data directory with the same data', async () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'weft-backup-'));
    try {
      const file = path.join(scratch, 'weft.backup');
      const backed = await weft(['backup', file], h.env);
      expect(backed.code).toBe(0);
      expect(backed.err[1]).toBe(
        `Backed up to ${file}. Its secrets are sealed with the encryption key (${h.config.dataDir}/encryption.key): keep that key with the backup.`,
      );
      expect(await weft(['backup', file], h.env)).toMatchObject({
        code: 1,
        err: [where(), `weft: ${file} already exists; give --force to overwrite it.`],
      });
      expect((await weft(['backup', file, '--force'], h.env)).code).toBe(0);

      const fresh = path.join(scratch, 'data');
      const restored = await weft(['restore', file], { WEFT_DATA_DIR: fresh });
      expect(restored).toMatchObject({ code: 0, out: [] });
      expect(existsSync(path.join(fresh, 'weft.db'))).toBe(true);
      copyFileSync(path.join(h.config.dataDir, 'encryption.key'), path.join(fresh, 'encryption.key'));
      for (const argv of [
        ['sessions', 'list', '--json'],
        ['transfers', 'list', '--json'],
        ['errors', 'list', '--json'],
        ['keys', 'list'],
      ]) {
        const before = await weft(argv, h.env);
        const after = await weft(argv, { WEFT_DATA_DIR: fresh });
        expect(after.code).toBe(0);
        expect(after.out, argv.join(' ')).toEqual(before.out);
        expect(after.out.length).toBeGreaterThan(0);
      }
      const again = await weft(['restore', file], { WEFT_DATA_DIR: fresh });
      expect(again.err[1]).toBe(
        `weft: A database already exists at ${fresh}/weft.db. Stop the server and every worker using it, then run again with --force to replace it.`,
      );
      expect((await weft(['restore', file, '--force'], { WEFT_DATA_DIR: fresh })).code).toBe(0);
      // The harness's server has its database open: a restore over it is refused even with --force, with its worker
      // and without (a server without a worker beats no heartbeat: the file's lock tells it), until it stops.
      const refused = {
        code: 1,
        err: [
          where(),
          `weft: A process has the database ${h.config.dataDir}/weft.db open (a Weft server, a worker or another weft command): stop the server and every worker before restoring.`,
        ],
      };
      expect(await weft(['restore', file, '--force'], h.env)).toMatchObject(refused);
      await h.worker?.stop();
      expect(await weft(['restore', file, '--force'], h.env)).toMatchObject(refused);
      await h.stop();
      expect(await weft(['restore', file, '--force'], h.env)).toMatchObject({ code: 0, out: [] });
      expect((await weft(['sessions', 'list', '--json'], h.env)).out.join('\n')).toContain(sid);
      const notWeft = await weft(['restore', path.join(h.config.dataDir, 'encryption.key'), '--force'], { WEFT_DATA_DIR: fresh });
      expect(notWeft.code).toBe(1);
      expect(notWeft.err[1]).toMatch(/^weft: .*encryption\.key is not a SQLite database: /);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
