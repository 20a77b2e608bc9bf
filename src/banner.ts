/**
 * The few lines a person sees when Weft starts at a terminal (the pretty log format): where it runs, on which
 * database, the sandbox, the worker, and, until the first administrator exists, the dashboard's setup token. With the
 * JSON log format the same facts are log lines instead (see src/server.ts).
 */
import type { SetupState } from './admin/index.js';

export interface BannerFacts {
  url: string;
  database: string;
  sandbox: string;
  worker: string;
  setup: SetupState;
}

const ANSI = { bold: [1, 22], green: [32, 39], cyan: [36, 39], yellow: [33, 39], dim: [2, 22] } as const;

/** The banner's text (ending with a newline); `colour`: with ANSI colours. */
export function banner(facts: BannerFacts, colour: boolean): string {
  const paint = (style: keyof typeof ANSI, text: string) => (colour ? `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m` : text);
  const row = (label: string, value: string) => `  ${paint('dim', label.padEnd(10))} ${value}`;
  const indent = ' '.repeat(13);
  const lines = [
    '',
    `  ${paint('bold', paint('green', 'Weft is running at'))} ${paint('bold', paint('cyan', facts.url))}`,
    '',
    row('Database', facts.database),
    row('Sandbox', facts.sandbox),
    row('Worker', facts.worker),
  ];
  const { setup } = facts;
  if (setup.state === 'done') lines.push(row('Dashboard', paint('cyan', `${facts.url}/dashboard`)));
  else {
    lines.push(row('Dashboard', `no administrator yet: open ${paint('cyan', setup.url)}`));
    if (setup.state === 'token') {
      lines.push(`${indent}and enter this setup token (single use, valid 24 hours):`, `${indent}${paint('bold', paint('yellow', setup.token))}`);
    } else {
      lines.push(`${indent}with the setup token printed when it was made; a new one: ${paint('bold', 'npx weft admin setup-token')}`);
    }
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
