/** Runs the `weft` command in-process with its output captured and the environment it reads set for the call. */
import type { Io } from '../../src/cli/context.js';
import { run } from '../../src/cli/index.js';

export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

/** `weft <argv>` with `env` replacing the database settings (WEFT_DATA_DIR, DATABASE_URL, WEFT_ENCRYPTION_KEY unset unless given). */
export async function weft(argv: string[], env: Record<string, string>, options: { isTTY?: boolean } = {}): Promise<CliResult & { raw: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let raw = '';
  const io: Io = {
    out: (line) => void out.push(...line.split('\n')),
    err: (line) => void err.push(...line.split('\n')),
    isTTY: options.isTTY ?? false,
    write: (text) => void (raw += text),
  };
  const keys = ['WEFT_DATA_DIR', 'DATABASE_URL', 'WEFT_ENCRYPTION_KEY', 'WEFT_LOG_LEVEL', ...Object.keys(env)];
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) delete process.env[k];
  process.env['WEFT_LOG_LEVEL'] = 'warn';
  Object.assign(process.env, env);
  try {
    const code = await run(argv, io);
    return { code, out, err, raw };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
