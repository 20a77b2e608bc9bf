/**
 * The `weft` command (commander): each command group in its own file. `run(argv)` returns the exit code instead of
 * exiting: 0 done, 1 a failure (`weft: <message>` on stderr; the stack trace only with WEFT_DEBUG=1), 2 a usage error
 * (an unknown command or option, a missing or invalid argument). Settings come from the same environment variables as
 * the server.
 */
import { Command, CommanderError } from 'commander';

import { weftVersion } from '../version.js';
import { registerAdmin } from './admin.js';
import { registerBackup } from './backup.js';
import { consoleIo, type Io } from './context.js';
import { registerDoctor } from './doctor.js';
import { registerEncryptionKey } from './encryption-key.js';
import { registerErrors } from './errors.js';
import { registerKeys } from './keys.js';
import { registerServer } from './server.js';
import { registerSessions } from './sessions.js';
import { registerTransfers } from './transfers.js';
import { registerWebhooks } from './webhooks.js';

/** The program, its output going to `io`; `done` receives each action's exit code. */
export function buildProgram(io: Io, done: (code: number) => void): Command {
  const program = new Command('weft')
    .description('Weft, a self-hosted unified integration API. Settings are read from the environment; see docs/configuration.md.')
    .version(weftVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (of a command: weft <command> --help)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      outputError: (s, write) => write(`weft: ${s.replace(/^error: /, '').replace(/\n$/, '')}`),
    })
    .showSuggestionAfterError(true);
  registerServer(program, io, done);
  registerKeys(program, io, done);
  registerAdmin(program, io, done);
  registerWebhooks(program, io, done);
  registerSessions(program, io, done);
  registerTransfers(program, io, done);
  registerErrors(program, io, done);
  registerBackup(program, io, done);
  registerDoctor(program, io, done);
  registerEncryptionKey(program, io, done);
  // Groups without a subcommand show their help and fail (commander's default for a group is help on stderr, exit 1).
  return program;
}

export async function run(argv: string[], io: Io = consoleIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; help shown because no command was given exits 1; usage errors exit 2.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help' || e.code === 'commander.executeSubCommandAsync') return e.exitCode;
      return 2;
    }
    if (process.env['WEFT_DEBUG'] === '1' && e instanceof Error && e.stack) io.err(e.stack);
    io.err(`weft: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
