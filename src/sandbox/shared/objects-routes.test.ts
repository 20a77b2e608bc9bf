import { describe, expect, it } from 'vitest';

import { checkBatchUnique, findByKey, idCursorParam, jsonObject, offsetParam, pageSizeParam, textList } from './objects-routes.js';
import { RecordStore } from './record-store.js';

const refuse = (raw: string) => new Error(`bad ${raw}`);

describe('object route readers', () => {
  it('reads JSON object bodies and lists of names', () => {
    expect(jsonObject({ a: 1 }, () => new Error('no'))).toEqual({ a: 1 });
    for (const body of [null, [], 'text', undefined]) expect(() => jsonObject(body, () => new Error('no'))).toThrow('no');
    expect(textList(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(textList('a')).toBeUndefined();
  });

  it('reads page sizes under clamping and rejecting rules', () => {
    const clamp = { fallback: 10, maximum: 100, over: 'clamp' as const };
    expect(pageSizeParam(undefined, clamp, refuse)).toBe(10);
    expect(pageSizeParam('', clamp, refuse)).toBe(10);
    expect(pageSizeParam('250', clamp, refuse)).toBe(100);
    expect(() => pageSizeParam('0', clamp, refuse)).toThrow('bad 0');
    expect(() => pageSizeParam('2.5', clamp, refuse)).toThrow('bad 2.5');
    expect(() => pageSizeParam('250', { ...clamp, over: 'reject' }, refuse)).toThrow('bad 250');
  });

  it('reads id cursors and offsets', () => {
    expect(idCursorParam(undefined, refuse)).toBeUndefined();
    expect(idCursorParam('42', refuse)).toBe(42);
    expect(() => idCursorParam('-1', refuse)).toThrow('bad -1');
    expect(offsetParam('', refuse)).toBe(0);
    expect(offsetParam('30', refuse)).toBe(30);
    expect(() => offsetParam('x', refuse)).toThrow('bad x');
  });

  it('finds records by id (removed ones too) or by their unique field', () => {
    interface Item {
      id: number;
      code: string;
      gone?: number;
    }
    const store = new RecordStore<Item>({
      shape: {
        idOf: (item) => item.id,
        clone: (item) => ({ ...item }),
        removedAt: (item) => item.gone,
        setRemovedAt: (copy, at) => {
          if (at === undefined) delete copy.gone;
          else copy.gone = at;
        },
      },
      idBase: 1,
      seedCount: 3,
      generate: (index) => ({ id: 1 + index, code: `c${index}` }),
      unique: { valueOf: (item) => item.code, seedIndexOf: (value) => (/^c\d$/.test(value) ? Number(value.slice(1)) : undefined) },
      now: () => 1,
    });
    const keys = { idNames: ['record_id'], unique: 'code', notAKey: (key: string) => new Error(`not a key: ${key}`) };
    expect(findByKey(store, '2', undefined, keys)?.code).toBe('c1');
    expect(findByKey(store, '2', 'record_id', keys)?.code).toBe('c1');
    expect(findByKey(store, 'c2', 'code', keys)?.id).toBe(3);
    expect(() => findByKey(store, 'x', 'name', keys)).toThrow('not a key: name');
    store.remove(2);
    expect(findByKey(store, '2', undefined, keys)).toBeUndefined();
    expect(findByKey(store, '2', '', keys, true)?.code).toBe('c1');
    expect(findByKey(store, 'c1', 'code', keys, true)).toBeUndefined();

    const refuse = { taken: (holder: Item) => new Error(`taken by ${holder.id}`), repeated: (value: string) => new Error(`twice: ${value}`) };
    expect(() => checkBatchUnique(store, ['new1', undefined, '', 'new2'], refuse)).not.toThrow();
    expect(() => checkBatchUnique(store, ['new1', 'C2'], refuse)).toThrow('taken by 3');
    expect(() => checkBatchUnique(store, ['New1', 'new1', 'c2'], refuse)).toThrow('twice: new1');
    expect(() => checkBatchUnique(store, ['c1'], refuse)).not.toThrow();
  });
});
