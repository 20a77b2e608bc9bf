import { describe, expect, it } from 'vitest';

import { NAMED_ERROR_SHAPE, namedErrors } from './named-errors.js';
import { providerData } from './provider-data.js';

const DECLARED = providerData(
  'test.json',
  {
    gone: { status: 404, fields: { message: 'No record {id}', context: { ids: ['{id}'] }, detail: '{detail?}' } },
    empty: { status: 410, variant: 'none', fields: { message: 'gone' } },
  },
  ['record', NAMED_ERROR_SHAPE],
);

describe('namedErrors', () => {
  const build = namedErrors(DECLARED, (parts) => parts);

  it('fills the declared fields and message from the values', () => {
    expect(build('gone', { id: '7' })).toEqual({ status: 404, message: 'No record 7', fields: { context: { ids: ['7'] } }, variant: undefined });
    expect(build('gone', { id: '7', detail: 'x' }).fields['detail']).toBe('x');
  });

  it('carries the variant and refuses an undeclared name', () => {
    expect(build('empty')).toMatchObject({ status: 410, message: 'gone', variant: 'none' });
    expect(() => build('missing')).toThrow('No declared error missing');
  });
});
