import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { renderCoverage } from '../src/connectors/coverage-doc.js';

describe('generated documentation', () => {
  it('docs/coverage.md is up to date with the connectors (run `npm run docs`)', () => {
    expect(readFileSync('docs/coverage.md', 'utf8')).toBe(renderCoverage());
  });
});
