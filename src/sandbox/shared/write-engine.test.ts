import { describe, expect, it } from 'vitest';

import { providerData } from './provider-data.js';
import { applyWrite, readWrite, WRITE_SPEC_SHAPE, type WriteContext, type WriteSpec, writeSpec } from './write-engine.js';

/** A made-up ticketing API's write rules, as its data file would hold them. */
const DATA = {
  owned: { fields: { assignee_id: { kind: 'integer?', ref: 'agents', refReason: 'Agent {id} does not exist' } } },
  ticket: {
    fields: {
      beta_flag: { refuse: 'notOnPlan' },
      subject: { kind: 'string', required: 'set', test: ['nonBlank', 'must not be blank'], maxLength: 20, map: 'trim' },
      '...owned': {},
      priority: { kind: 'string', oneOf: 'priorities', reason: 'must be one of {options}', default: 'normal' },
      customer_id: { kind: 'number?', reason: 'must be an integer', test: ['positiveInteger', ''], ref: 'customers', refError: 'missing:Customer' },
      tag_ids: { kind: 'ids', ref: 'tags', refReason: 'Tag {id} not found' },
      due: { kind: 'string?', test: ['/^(\\d{4}-\\d{2}-\\d{2})?$/', 'must be a date'], map: 'emptyToNull' },
      state: { kind: 'string', oneOf: ['open', 'solved'] },
      solution: { when: { field: 'state', prop: 'state', oneOf: ['solved'], reason: 'only for solved tickets' } },
      contacts: {
        kind: 'items',
        finish: 'firstPrimary',
        fields: { value: { kind: 'string', required: 'present' }, primary: { kind: 'boolean', default: false } },
      },
      place: { kind: 'object?', fields: { value: { default: null }, city: { default: null } }, requires: ['value'] },
      parts: {
        kind: 'array',
        each: { sku: { kind: 'string', required: 'valid', requiredReason: 'needs a sku' }, qty: { kind: 'integer', default: 1 } },
      },
      note: { kind: 'string', default: '', otherwise: '' },
      score: { kind: 'number', to: 'rating', range: [0, 5] },
      custom: { reader: 'custom' },
      archived: { kind: 'boolean' },
    },
    notOnCreate: { fields: ['archived'], reason: 'cannot be set on create' },
    anyOf: { props: ['customerId', 'assigneeId'], field: 'customer_id', reason: 'needs a customer or an assignee' },
    apply: {
      merge: ['custom'],
      onChange: [
        { prop: 'state', to: 'solved', set: { solvedAt: '$now' } },
        { prop: 'assigneeId', updateOnly: true, set: { reassignedAt: '$now' } },
      ],
    },
  },
};

const SPECS = providerData('test/writes.json', DATA, WRITE_SPEC_SHAPE) as Record<string, WriteSpec>;
const TICKET = writeSpec(SPECS, 'ticket');

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The provider's dialect: 422 "<field> <reason>", a 404 for a missing linked record, a 402 for a field off the plan. */
function context(create: boolean, current?: Record<string, unknown>): WriteContext {
  return {
    invalid: (field, reason) => new ApiError(422, `${field} ${reason}`),
    create,
    current,
    refs: { agents: (id: number) => id === 7, customers: (id: number) => id < 100, tags: (id: number) => id < 3 },
    sets: { priorities: ['low', 'normal', 'high'] },
    errors: { missing: (_field, what) => new ApiError(404, `${what} not found`), notOnPlan: (field) => new ApiError(402, `${field} needs a plan`) },
    readers: { custom: (body, name) => body[name] },
  };
}

const create = (body: Record<string, unknown>) => readWrite(TICKET, body, context(true));
const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return `${(error as ApiError).status} ${(error as ApiError).message}`;
  }
  return 'no error';
};

describe('the write engine', () => {
  it('reads a body by declared rules, in order, into the record props, with defaults and transforms', () => {
    const write = create({
      subject: '  Printer on fire ',
      customer_id: 4,
      tag_ids: [1, 1, 2],
      due: '',
      contacts: [{ value: 'a@b.c' }, { value: 'd@e.f' }],
      place: { value: 'HQ' },
      parts: [{ sku: 'X1', qty: 3 }],
      note: 42,
      score: 4.5,
      custom: { k: 1 },
    });
    expect(write).toEqual({
      subject: 'Printer on fire',
      priority: 'normal',
      customerId: 4,
      tagIds: [1, 2],
      due: null,
      contacts: [
        { value: 'a@b.c', primary: true },
        { value: 'd@e.f', primary: false },
      ],
      place: { value: 'HQ', city: null },
      parts: [{ sku: 'X1', qty: 3 }],
      note: '',
      rating: 4.5,
      custom: { k: 1 },
    });
  });

  it('answers the first failure in the provider dialect', () => {
    const base = { subject: 'S', customer_id: 1 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ beta_flag: null, subject: 5 }, '402 beta_flag needs a plan'],
      [{}, '422 subject is required'],
      [{ subject: null }, '422 subject is required'],
      [{ subject: 5 }, '422 subject must be a string'],
      [{ subject: '   ' }, '422 subject must not be blank'],
      [{ subject: 'x'.repeat(21) }, '422 subject must be at most 20 characters'],
      [{ ...base, assignee_id: 8 }, '422 assignee_id Agent 8 does not exist'],
      [{ ...base, priority: 3 }, '422 priority must be one of low, normal, high'],
      [{ subject: 'S', customer_id: 1.5 }, '422 customer_id must be an integer'],
      [{ subject: 'S', customer_id: 500 }, '404 Customer not found'],
      [{ ...base, tag_ids: [1, 9] }, '422 tag_ids Tag 9 not found'],
      [{ ...base, due: '5 May' }, '422 due must be a date'],
      [{ ...base, solution: 'rebooted' }, '422 solution only for solved tickets'],
      [{ ...base, contacts: [{ primary: true }] }, '422 contacts[0].value is required'],
      [{ ...base, place: { city: 'Oslo' } }, '422 place.value is required'],
      [{ ...base, parts: [{ sku: 'A' }, 5] }, '422 parts.sku needs a sku'],
      [{ ...base, score: 6 }, '422 score must be between 0 and 5'],
      [{ ...base, archived: true }, '422 archived cannot be set on create'],
      [{ subject: 'S' }, '422 customer_id needs a customer or an assignee'],
    ];
    for (const [body, expected] of cases)
      expect(
        failure(() => create(body)),
        JSON.stringify(body),
      ).toBe(expected);
  });

  it('checks an update against the current record: nothing is required or defaulted, `when` and `anyOf` see its state', () => {
    const current = { state: 'solved', customerId: null, assigneeId: 7 };
    expect(readWrite(TICKET, { solution: 'rebooted', archived: true }, context(false, current))).toEqual({ solution: 'rebooted', archived: true });
    expect(failure(() => readWrite(TICKET, { assignee_id: null }, context(false, current)))).toBe('422 customer_id needs a customer or an assignee');
  });

  it('applies a write: merges keyed objects (null deletes), stamps changes, copies the rest', () => {
    const record: Record<string, unknown> = { state: 'open', assigneeId: 7, custom: { a: 1, b: 2 }, solvedAt: null };
    applyWrite(record, { state: 'solved', assigneeId: 9, custom: { a: null, c: 3 } }, TICKET.apply ?? {}, { now: 1000, create: false });
    expect(record).toEqual({ state: 'solved', assigneeId: 9, custom: { b: 2, c: 3 }, solvedAt: 1000, reassignedAt: 1000 });
    const fresh: Record<string, unknown> = { state: 'open', custom: {} };
    applyWrite(fresh, { assigneeId: 7, state: 'open' }, TICKET.apply ?? {}, { now: 1000, create: true });
    expect(fresh).toEqual({ state: 'open', assigneeId: 7, custom: {} });
  });

  it('refuses a data file of the wrong shape, and rules naming parts the provider does not supply', () => {
    expect(() => providerData('bad.json', { ticket: { fields: { a: { kind: 5 } } } }, WRITE_SPEC_SHAPE)).toThrow(
      /Malformed sandbox data file bad.json/,
    );
    const spec = writeSpec({ t: { fields: { x: { kind: 'integer', ref: 'nowhere' } } } }, 't');
    expect(() => readWrite(spec, { x: 1 }, context(true))).toThrow('Write rules name an unknown ref nowhere');
  });
});
