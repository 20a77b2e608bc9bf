import { describe, expect, it } from 'vitest';

import { ControlError } from './control-routes.js';
import {
  cursorControlRecords,
  type CursorRecordsHandle,
  namedControlRecords,
  recordCounts,
  storeRecordsHandle,
  typedControlRecords,
  type TypedRecordsHandle,
} from './records-control.js';

/** Notes 1..5 in memory; `nextCursor` is the next id as text. */
function notes(): CursorRecordsHandle<{ id: number; text: string }> {
  const rows = new Map([1, 2, 3, 4, 5].map((id) => [id, { id, text: `n${id}`, deleted: false }]));
  const live = () => [...rows.values()].filter((row) => !row.deleted);
  return {
    count: (options) => [...rows.values()].filter((row) => row.deleted === (options?.deleted ?? false)).length,
    list: ({ limit = 100, cursor } = {}) => {
      const from = cursor === undefined ? 1 : Number(cursor);
      const page = live().filter((row) => row.id >= from);
      const next = page[limit];
      return { data: page.slice(0, limit).map(({ id, text }) => ({ id, text })), nextCursor: next ? String(next.id) : null };
    },
    get: (id) => {
      const row = rows.get(id);
      return row && { id: row.id, text: row.text };
    },
    create: (input) => {
      const id = rows.size + 1;
      rows.set(id, { id, text: String(input['text']), deleted: false });
      return { id, text: String(input['text']) };
    },
    update: (id, input) => {
      const row = rows.get(id);
      if (!row || row.deleted) throw new Error('not found');
      row.text = String(input['text']);
      return { id, text: row.text };
    },
    delete: (id) => {
      const row = rows.get(id);
      if (!row || row.deleted) return false;
      row.deleted = true;
      return true;
    },
  };
}

describe('control records over cursor-paged handles', () => {
  const handle = { notes: notes() };
  const records = cursorControlRecords<typeof handle>((account, type) => {
    if (type !== 'notes') throw new ControlError(404, `Unknown record type ${type}`);
    return account.notes;
  });

  it('lists with limit and cursor, gets, creates and updates by numeric id', () => {
    expect(records.list(handle, 'notes', { limit: '2' })).toEqual({
      data: [
        { id: 1, text: 'n1' },
        { id: 2, text: 'n2' },
      ],
      nextCursor: '3',
    });
    expect(records.list(handle, 'notes', { limit: '2', cursor: '5' })).toEqual({ data: [{ id: 5, text: 'n5' }], nextCursor: null });
    expect(records.get(handle, 'notes', '3', {})).toEqual({ id: 3, text: 'n3' });
    expect(records.create(handle, 'notes', () => ({ text: 'new' }))).toEqual({ id: 6, text: 'new' });
    expect(records.update(handle, 'notes', '6', () => ({ text: 'changed' }))).toEqual({ id: 6, text: 'changed' });
  });

  it('deletes live records once, counts them, and answers 400 and 404 as control errors', () => {
    records.remove(handle, 'notes', '2');
    expect(recordCounts(handle.notes)).toEqual({ live: 5, deleted: 1 });
    expect(() => records.remove(handle, 'notes', '2')).toThrow('No live record 2');
    expect(() => records.get(handle, 'notes', '99', {})).toThrow('No record 99');
    expect(() => records.get(handle, 'notes', 'x', {})).toThrow('id must be a positive integer');
    expect(() => records.list(handle, 'notes', { limit: '0' })).toThrow('limit must be a positive integer');
    expect(() => records.list(handle, 'cars', {})).toThrow('Unknown record type cars');
  });
});

describe('control records of named record types', () => {
  /** A made-up provider's account handle: notes and its "to-dos", which the control API calls `todo_items`. */
  interface Account {
    name: string;
    notes: CursorRecordsHandle<{ id: number; text: string }>;
    todos: CursorRecordsHandle<{ id: number; text: string }>;
  }
  const account: Account = { name: 'a', notes: notes(), todos: notes() };

  it('serves each named type from its member, counts them all, and names the known types in a 404', () => {
    const same = namedControlRecords<Account>(['notes', 'todos']);
    expect(same.records.get(account, 'todos', '2', {})).toEqual({ id: 2, text: 'n2' });
    account.todos.delete(1);
    expect(same.counts(account)).toEqual({ notes: { live: 5, deleted: 0 }, todos: { live: 4, deleted: 1 } });
    expect(() => same.records.list(account, 'name', {})).toThrow('Unknown record type name (use notes, todos)');
    const renamed = namedControlRecords<Account>({ notes: 'notes', todo_items: 'todos' }, 'notes or todo_items');
    expect(renamed.records.list(account, 'todo_items', { limit: '1' })).toEqual({ data: [{ id: 2, text: 'n2' }], nextCursor: '3' });
    expect(Object.keys(renamed.counts(account))).toEqual(['notes', 'todo_items']);
    expect(() => renamed.records.get(account, 'todos', '1', {})).toThrow('Unknown record type todos (use notes or todo_items)');
  });
});

describe('records handle over a store', () => {
  interface Row {
    id: number;
    text: string;
    gone?: boolean;
  }
  const rows = new Map<number, Row>([1, 2, 3].map((id) => [id, { id, text: `r${id}` }]));
  const live = (id: number) => (rows.get(id)?.gone ? undefined : rows.get(id));
  const handle = storeRecordsHandle<Row, string>({
    store: {
      countLive: () => [...rows.values()].filter((row) => !row.gone).length,
      countRemoved: () => [...rows.values()].filter((row) => row.gone).length,
      get: (id) => rows.get(id),
      live,
    },
    render: (row) => `${row.id}:${row.text}${row.gone ? ' (gone)' : ''}`,
    page: (limit, cursor) => {
      const from = cursor === undefined ? 1 : Number(cursor);
      const ids = [...rows.keys()].filter((id) => id >= from);
      return { ids: ids.slice(0, limit), nextCursor: ids[limit] === undefined ? null : String(ids[limit]) };
    },
    create: (input) => {
      const row = { id: rows.size + 1, text: String(input['text']) };
      rows.set(row.id, row);
      return row;
    },
    update: (id, input) => Object.assign(rows.get(id) ?? { id, text: '' }, { text: String(input['text']) }),
    delete: (id) => {
      const row = live(id);
      if (row) row.gone = true;
      return row !== undefined;
    },
  });

  it('renders pages of live records (100 unless asked), single records and writes', () => {
    expect(handle.list({ limit: 2 })).toEqual({ data: ['1:r1', '2:r2'], nextCursor: '3' });
    expect(handle.create({ text: 'new' })).toBe('4:new');
    expect(handle.update(4, { text: 'changed' })).toBe('4:changed');
    expect(handle.delete(2)).toBe(true);
    expect(handle.delete(2)).toBe(false);
    expect(handle.list()).toEqual({ data: ['1:r1', '3:r3', '4:changed'], nextCursor: null });
    expect(handle.get(2)).toBe('2:r2 (gone)');
    expect(handle.get(9)).toBeUndefined();
    expect([handle.count(), handle.count({ deleted: true })]).toEqual([3, 1]);
  });
});

describe('typed control records', () => {
  /** A made-up bakery's handle: loaves and cakes by id; a removed loaf is kept as stale, a removed cake is gone. */
  function bakery(): TypedRecordsHandle<'loaves' | 'cakes'> {
    const rows = { loaves: new Map([['1', { id: 1, name: 'rye' }]]), cakes: new Map([['7', { id: 7, name: 'plum' }]]) };
    return {
      all: (type) => [...rows[type].values()],
      find: (type, id) => rows[type].get(id),
      edit: (type, id, fields) => {
        const next = { ...rows[type].get(id), ...fields } as { id: number; name: string };
        rows[type].set(id, next);
        return next;
      },
      remove: (type, id) => {
        const row = rows[type].get(id);
        if (!row) return false;
        if (type === 'loaves') rows.loaves.set(id, { ...row, name: `stale ${row.name}` });
        else rows.cakes.delete(id);
        return true;
      },
    };
  }
  const fail = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ControlError ? [error.statusCode, error.message] : error;
    }
    return 'no error';
  };

  it('lists, reads, edits and removes records by type; creates only through the API; names the types it knows', () => {
    const records = typedControlRecords<'loaves' | 'cakes', TypedRecordsHandle<'loaves' | 'cakes'>>(['loaves', 'cakes'], 'Bake through the API');
    const shop = bakery();
    const body = () => ({ name: 'spelt' });
    expect(records.list(shop, 'loaves', {})).toEqual([{ id: 1, name: 'rye' }]);
    expect(records.get(shop, 'cakes', '7', {})).toEqual({ id: 7, name: 'plum' });
    expect(records.update(shop, 'loaves', '1', body)).toEqual({ id: 1, name: 'spelt' });
    records.remove(shop, 'loaves', '1');
    records.remove(shop, 'cakes', '7');
    expect([records.list(shop, 'loaves', {}), records.list(shop, 'cakes', {})]).toEqual([[{ id: 1, name: 'stale spelt' }], []]);
    expect([
      fail(() => records.get(shop, 'cakes', '7', {})),
      fail(() => records.remove(shop, 'cakes', '7')),
      fail(() => records.create(shop, 'loaves', body)),
      fail(() => records.create(shop, 'pies', body)),
      fail(() => records.list(shop, 'pies', {})),
      fail(() => records.get(shop, 'pies', '1', {})),
    ]).toEqual([
      [404, 'No cakes 7'],
      [404, 'No cakes 7'],
      [400, 'Bake through the API'],
      [400, 'Bake through the API'],
      [404, 'Unknown record type pies (use loaves, cakes)'],
      [404, 'Unknown record type pies (use loaves, cakes)'],
    ]);
  });
});
