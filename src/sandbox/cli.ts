/**
 * Runs the sandbox as its own process (for benchmarks):
 *
 *   node dist/src/sandbox/cli.js --port 0 --contacts 100000 --rate-limit off
 *
 * Prints one JSON line `{"url":"http://127.0.0.1:PORT/sandbox"}` once it
 * listens, and closes on SIGINT/SIGTERM.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { type SandboxServerOptions, startSandboxServer } from './index.js';

const USAGE = `Usage: cli [--host 127.0.0.1] [--port 0] [--contacts 1000] [--companies 200] [--custom-objects 120] [--deals 200]
  [--rate-limit MAX/INTERVAL_MS|off] [--search-rate-limit MAX/INTERVAL_MS|off]
  [--latency-ms 0] [--token-lifetime 1800] [--data-file PATH] [--control-token TOKEN]
The control API (/_sandbox) is off unless a control token is given (--control-token, else the environment's
WEFT_SANDBOX_CONTROL_TOKEN); then it needs "authorization: Bearer TOKEN".`;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer\n${USAGE}`);
  return parsed;
}

function limit(value: string | undefined, name: string): { max: number; intervalMs: number } | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'off') return null;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new Error(`--${name} must be MAX/INTERVAL_MS or off\n${USAGE}`);
  return { max: Number(match[1]), intervalMs: Number(match[2]) };
}

/**
 * Turns command-line arguments into {@link startSandboxServer} options.
 * @throws Error with the usage text for invalid arguments
 */
export function parseSandboxArgs(argv: readonly string[], env: Record<string, string | undefined> = process.env): SandboxServerOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      contacts: { type: 'string' },
      companies: { type: 'string' },
      'custom-objects': { type: 'string' },
      deals: { type: 'string' },
      'rate-limit': { type: 'string' },
      'search-rate-limit': { type: 'string' },
      'latency-ms': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'data-file': { type: 'string' },
      'control-token': { type: 'string' },
    },
  });
  const options: SandboxServerOptions = {};
  const set = <K extends keyof SandboxServerOptions>(key: K, value: SandboxServerOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('host', values.host);
  set('port', integer(values.port, 'port'));
  const contacts = integer(values.contacts, 'contacts');
  const companies = integer(values.companies, 'companies');
  const customObjects = integer(values['custom-objects'], 'custom-objects');
  const deals = integer(values.deals, 'deals');
  if (contacts !== undefined || companies !== undefined || customObjects !== undefined || deals !== undefined) {
    options.seed = {};
    if (contacts !== undefined) options.seed.contacts = contacts;
    if (companies !== undefined) options.seed.companies = companies;
    if (customObjects !== undefined) options.seed.customObjects = customObjects;
    if (deals !== undefined) options.seed.deals = deals;
  }
  set('hubspotRateLimit', limit(values['rate-limit'], 'rate-limit'));
  // `--rate-limit off` switches every provider's limits off, not only HubSpot's window.
  if (values['rate-limit'] === 'off') set('rateLimits', false);
  set('hubspotSearchRateLimit', limit(values['search-rate-limit'], 'search-rate-limit'));
  set('latencyMs', integer(values['latency-ms'], 'latency-ms'));
  set('tokenLifetimeSeconds', integer(values['token-lifetime'], 'token-lifetime'));
  if (values['data-file'] === '') throw new Error(`--data-file must be a path\n${USAGE}`);
  set('dataFile', values['data-file']);
  const controlToken = values['control-token'] ?? (env['WEFT_SANDBOX_CONTROL_TOKEN'] || undefined);
  if (controlToken !== undefined && !/^[\x21-\x7e]{16,512}$/.test(controlToken)) {
    throw new Error(`--control-token must be 16 to 512 printable characters without spaces\n${USAGE}`);
  }
  set('controlToken', controlToken);
  return options;
}

/** Starts the server and keeps it running until a termination signal. */
export async function runSandboxCli(argv: readonly string[]): Promise<void> {
  const server = await startSandboxServer(parseSandboxArgs(argv));
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: failed to close: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
}

if (isMain()) {
  runSandboxCli(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
