import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { providersTable, renderCoverage } from '../src/connectors/coverage-doc.js';

describe('generated documentation', () => {
  it('docs/coverage.md is up to date with the connectors (run `npm run docs`)', () => {
    expect(readFileSync('docs/coverage.md', 'utf8')).toBe(renderCoverage());
  });

  it("the README's table of categories, providers and types is the connectors' own (paste providersTable() there)", () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`\n${providersTable()}\n`);
  });
});
