import { describe, expect, it } from 'vitest';

import { batchInputs, perInput, repeatedValues } from './batch.js';

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

describe('batchInputs and repeatedValues', () => {
  const rules = {
    key: 'inputs',
    max: 2,
    missing: () => new Error('missing'),
    tooMany: (max: number) => new Error(`more than ${max}`),
  };

  it('reads the listed inputs as objects and refuses a missing list or too many inputs', () => {
    expect(batchInputs({ inputs: [{ id: '1' }, 'x'] }, rules)).toEqual([{ id: '1' }, {}]);
    expect(() => batchInputs({ other: [] }, rules)).toThrow('missing');
    expect(() => batchInputs({ inputs: [1, 2, 3] }, rules)).toThrow('more than 2');
  });

  it('lists repeated values once, in order', () => {
    expect(repeatedValues(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual(['a', 'b']);
    expect(repeatedValues(['a', 'b'])).toEqual([]);
  });
});
