import { describe, expect, it } from 'vitest';

import { batchCreate, type BatchDialect, batchRead, batchUpdate, batchUpsert, eachInput } from './batch-actions.js';

// A made-up ticketing API: tickets keyed by id with a unique `code`; an input's error is a BadInput.
class BadInput extends Error {}
interface Ticket {
  id: string;
  code: string;
  title: string;
}
function desk() {
  const tickets = new Map<string, Ticket>([['1', { id: '1', code: 'A', title: 'first' }]]);
  let next = 2;
  const dialect: BatchDialect<BadInput> = {
    isInputError: (error): error is BadInput => error instanceof BadInput,
    failure: (error, input) => ({ error: error.message, ref: input['ref'] ?? null }),
    result: (result, input) => (input['ref'] === undefined ? result : { ...result, ref: input['ref'] }),
    missing: (ids) => (ids.length === 0 ? [] : [{ notFound: [...ids] }]),
  };
  const check = (input: Record<string, unknown>) => {
    const title = input['title'];
    if (typeof title !== 'string' || title === '') throw new BadInput('title required');
    return title;
  };
  const byCode = (code: string) => [...tickets.values()].find((ticket) => ticket.code === code);
  const records = {
    idOf: (input: Record<string, unknown>) => String(input['id']),
    find: (id: string, input: Record<string, unknown>) => (input['by'] === 'code' ? byCode(id) : tickets.get(id)),
    check,
    create: (title: string, input: Record<string, unknown>) => {
      const ticket = { id: String(next++), code: String(input['id'] ?? `T${next}`), title };
      tickets.set(ticket.id, ticket);
      return ticket;
    },
    update: (ticket: Ticket, title: string) => {
      const changed = { ...ticket, title };
      tickets.set(ticket.id, changed);
      return changed;
    },
  };
  return { tickets, dialect, records, answer: (ticket: Ticket) => ({ ...ticket }) };
}

describe('batch actions', () => {
  it('reads each distinct id once and reports the missing ones together', () => {
    const { dialect, tickets, answer } = desk();
    const outcome = batchRead(dialect, ['1', '9', '1', '8'], (id) => tickets.get(id), answer);
    expect(outcome).toEqual({ results: [{ id: '1', code: 'A', title: 'first' }], failures: [{ notFound: ['9', '8'] }] });
  });

  it('checks every input before creating any, then creates the valid ones with their echoed reference', () => {
    const { dialect, records, tickets, answer } = desk();
    const created: string[] = [];
    const outcome = batchCreate(
      dialect,
      [{ title: 'a', ref: 'r1' }, { title: '' }, { title: 'b' }],
      { check: records.check, create: (title: string, input) => (created.push(title), records.create(title, input)) },
      answer,
    );
    expect(created).toEqual(['a', 'b']);
    expect(outcome.failures).toEqual([{ error: 'title required', ref: null }]);
    expect(outcome.results).toEqual([
      { id: '2', code: 'T3', title: 'a', ref: 'r1' },
      { id: '3', code: 'T4', title: 'b' },
    ]);
    expect(tickets.size).toBe(3);
  });

  it('refuses repeated ids as a whole and reports missing records after the inputs’ failures', () => {
    const { dialect, records } = desk();
    const repeated = (ids: string[]) => new Error(`repeated ${ids.join(',')}`);
    const answer = (ticket: Ticket, title: string) => ({ id: ticket.id, title });
    expect(() => batchUpdate(dialect, [{ id: '1' }, { id: '1' }], records, answer, repeated)).toThrow('repeated 1');
    const outcome = batchUpdate(
      dialect,
      [
        { id: '5', title: 'x' },
        { id: '1', title: '' },
        { id: 'A', by: 'code', title: 'new' },
      ],
      records,
      answer,
      repeated,
    );
    expect(outcome).toEqual({ results: [{ id: '1', title: 'new' }], failures: [{ error: 'title required', ref: null }, { notFound: ['5'] }] });
  });

  it('upserts by key: updates what exists, creates when the key allows it, else the input fails as not found', () => {
    const { dialect, records, tickets } = desk();
    const upsert = {
      ...records,
      key: (input: Record<string, unknown>) => ({ id: String(input['id']), creates: input['by'] === 'code' }),
      notFound: (id: string) => new BadInput(`no ${id}`),
    };
    const answer = (ticket: Ticket, _title: string, created: boolean) => ({ id: ticket.id, created });
    const outcome = batchUpsert(
      dialect,
      [
        { id: 'A', by: 'code', title: 'again' },
        { id: 'Z', by: 'code', title: 'zed' },
        { id: '7', title: 'none' },
      ],
      upsert,
      answer,
    );
    expect(outcome).toEqual({
      results: [
        { id: '1', created: false },
        { id: '2', created: true },
      ],
      failures: [{ error: 'no 7', ref: null }],
    });
    expect(tickets.get('2')).toEqual({ id: '2', code: 'Z', title: 'zed' });
  });

  it('lets errors that are not an input’s own fail the whole batch', () => {
    const { dialect } = desk();
    expect(() =>
      eachInput(dialect, [{}], () => {
        throw new TypeError('boom');
      }),
    ).toThrow('boom');
  });
});
