import { describe, expect, it } from 'vitest';

import { perInput } from './batch.js';

describe('perInput', () => {
  class InputError extends Error {}
  const isInputError = (error: unknown): error is InputError => error instanceof InputError;

  it('collects results in input order, skips undefined ones and reports input errors as failures', () => {
    const outcome = perInput(
      [1, 2, 3, 4],
      (n) => {
        if (n === 2) throw new InputError(`bad ${n}`);
        return n === 3 ? undefined : n * 10;
      },
      isInputError,
      (error, n) => `${n}: ${error.message}`,
    );
    expect(outcome).toEqual({ results: [10, 40], failures: ['2: bad 2'] });
  });

  it('fails the whole batch on any other error', () => {
    expect(() =>
      perInput(
        [1],
        () => {
          throw new TypeError('boom');
        },
        isInputError,
        () => 'never',
      ),
    ).toThrow('boom');
  });
});
