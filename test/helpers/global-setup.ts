import type { TestProject } from 'vitest/node';

import { CHROMIUM_PATH, chromiumPresent, IN_CI, PG_URL, postgresReachable, requestedDialects } from './env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dialects: Array<'sqlite' | 'postgres'>;
    chromium: boolean;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const dialects = requestedDialects();
  if (dialects.includes('postgres')) {
    const problem = await postgresReachable();
    if (problem) {
      const msg = `PostgreSQL run SKIPPED: cannot reach ${PG_URL} (${problem}). Only the SQLite run was made.`;
      if (IN_CI) throw new Error(`${msg} Under CI a skipped part is a failure.`);
      console.warn(`\n*** ${msg}\n`);
      dialects.splice(dialects.indexOf('postgres'), 1);
    }
  }
  const chromium = chromiumPresent();
  if (!chromium) {
    const msg = `Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (install Debian's chromium package, as .ci/run does).`;
    if (IN_CI) throw new Error(`${msg} Under CI a skipped part is a failure.`);
    console.warn(`\n*** ${msg}\n`);
  }
  console.log(`Test dialects: ${dialects.join(', ') || 'none'}; browser tests: ${chromium ? 'on' : 'skipped'}`);
  project.provide('dialects', dialects);
  project.provide('chromium', chromium);
}
