import { describe, expect, it } from 'vitest';

import { byStatus, type ErrorDialectSpec, fillTemplate, TemplateError } from './error-template.js';

const envelope: ErrorDialectSpec = {
  template: { success: false, error: '{message}', error_info: 'See the docs.', data: null, additional_data: null },
};
const coded: ErrorDialectSpec = {
  template: { success: false, error: '{message}', code: '{code}' },
  defaults: (status) => ({ code: byStatus(status, { 404: 'ERR_NOT_FOUND', '5xx': 'ERR_INTERNAL', default: 'ERR_BAD_REQUEST' }) }),
};
const categorized: ErrorDialectSpec = {
  template: {
    status: 'error',
    message: '{message}',
    correlationId: '{correlationId}',
    category: '{category}',
    context: '{context?}',
    errors: '{errors?}',
  },
};

describe('error templates', () => {
  it('fills whole-value placeholders with any JSON value and interpolates inline ones', () => {
    expect(fillTemplate({ a: '{n}', b: 'n is {n}.', c: ['{n}', { d: '{s}' }], e: 3 }, { n: 7, s: { x: 1 } })).toEqual({
      a: 7,
      b: 'n is 7.',
      c: [7, { d: { x: 1 } }],
      e: 3,
    });
  });

  it('leaves out optional placeholders without a value and writes null for required ones', () => {
    expect(fillTemplate({ a: '{missing?}', b: '{missing}', c: 'x{missing}y', d: ['{missing?}'] }, {})).toEqual({ b: null, c: 'xy', d: [] });
  });

  it('renders one error in several dialects, the dialect defaults under the error fields', () => {
    const notFound = new TemplateError({ status: 404, message: 'Deal not found' });
    expect(notFound.renderIn(envelope)).toEqual({
      success: false,
      error: 'Deal not found',
      error_info: 'See the docs.',
      data: null,
      additional_data: null,
    });
    expect(notFound.renderIn(coded)).toEqual({ success: false, error: 'Deal not found', code: 'ERR_NOT_FOUND' });
    const own = new TemplateError({ status: 400, message: 'bad', fields: { code: 'ERR_SCHEMA' } });
    expect(own.renderIn(coded)).toEqual({ success: false, error: 'bad', code: 'ERR_SCHEMA' });
    expect(new TemplateError({ status: 503, message: 'down' }).renderIn(coded)['code']).toBe('ERR_INTERNAL');
    expect(new TemplateError({ status: 409, message: 'x' }).renderIn(coded)['code']).toBe('ERR_BAD_REQUEST');
  });

  it('takes per-request context (a correlation id) and optional fields', () => {
    const error = new TemplateError({
      status: 400,
      message: 'Property values were not valid',
      fields: { category: 'VALIDATION_ERROR', context: { p: ['x'] } },
    });
    expect(error.renderIn(categorized, { correlationId: 'c-1' })).toEqual({
      status: 'error',
      message: 'Property values were not valid',
      correlationId: 'c-1',
      category: 'VALIDATION_ERROR',
      context: { p: ['x'] },
    });
  });

  it('answers a fixed body as given, with its headers and status', () => {
    const error = new TemplateError({ status: 401, message: 'unauthorized', body: { ok: false }, headers: { 'x-gw': 'true' } });
    expect(error.renderIn(coded)).toEqual({ ok: false });
    expect(error.statusCode).toBe(401);
    expect(error.headers).toEqual({ 'x-gw': 'true' });
    expect(error).toBeInstanceOf(Error);
  });

  it('fills a named variant of the dialect, answers no body for a null one, and lets a body function decide', () => {
    const dialect: ErrorDialectSpec = { ...categorized, variants: { token: { status: '{code}', message: '{message}' }, empty: null } };
    const token = new TemplateError({ status: 400, message: 'bad code', fields: { code: 'BAD_AUTH_CODE' }, variant: 'token' });
    expect(token.bodyIn(dialect)).toEqual({ status: 'BAD_AUTH_CODE', message: 'bad code' });
    expect(new TemplateError({ status: 404, message: 'gone', variant: 'empty' }).bodyIn(dialect)).toBeUndefined();
    expect(new TemplateError({ status: 404, message: 'gone', variant: 'empty' }).renderIn(dialect)).toEqual({});
    expect(() => new TemplateError({ status: 400, message: 'x', variant: 'nope' }).bodyIn(dialect)).toThrow('no variant nope');
    const own = new TemplateError({ status: 401, message: 'x', renderBody: (context) => ({ id: context['correlationId'] }) });
    expect(own.bodyIn(dialect, { correlationId: 'c-2' })).toEqual({ id: 'c-2' });
    expect(new TemplateError({ status: 404, message: 'x', renderBody: () => undefined }).bodyIn(dialect)).toBeUndefined();
  });
});
