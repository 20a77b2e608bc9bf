import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { allErrorCodes } from '../src/errors.js';

describe('error code registry', () => {
  const doc = readFileSync('docs/errors.md', 'utf8');

  it('documents every code with its status', () => {
    for (const { code, statusCode } of allErrorCodes()) {
      expect(doc, code).toContain(`| <a id="${code.toLowerCase()}">${code}</a> | ${statusCode} |`);
    }
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/<a id="[a-z_]+">(WEFT_ERR_[A-Z_]+)<\/a>/g)].map((m) => m[1]);
    expect(documented.sort()).toEqual(
      allErrorCodes()
        .map((c) => c.code)
        .sort(),
    );
  });

  it('uses each code once', () => {
    const codes = allErrorCodes().map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
