import { describe, expect, it } from 'vitest';

import { plainRecordShape, type StampedRecord, stampedRecordShape } from './records-shape.js';

interface Note {
  id: number;
  text: string;
  tags: string[];
  deletedAt?: number;
}

describe('plain record shape', () => {
  const shape = plainRecordShape<Note>('deletedAt');

  it('reads the id and copies deeply', () => {
    const note: Note = { id: 7, text: 'a', tags: ['x'] };
    const copy = shape.clone(note);
    copy.tags.push('y');
    expect(shape.idOf(note)).toBe(7);
    expect(note.tags).toEqual(['x']);
  });

  it('marks a copy removed under the named property and live again without it', () => {
    const copy: Note = { id: 1, text: 'a', tags: [] };
    expect(shape.removedAt(copy)).toBeUndefined();
    shape.setRemovedAt(copy, 1_000);
    expect(copy.deletedAt).toBe(1_000);
    expect(shape.removedAt(copy)).toBe(1_000);
    shape.setRemovedAt(copy, undefined);
    expect('deletedAt' in copy).toBe(false);
  });
});

describe('stamped record shape', () => {
  interface Ticket extends StampedRecord {
    subject: string;
    tags: string[];
  }
  const ticket = (): Ticket => ({ id: 9, subject: 's', tags: ['x'], createdAt: 1, updatedAt: 2 });

  it('reads the id, copies deeply and marks a copy removed under removedAt, then live again', () => {
    const shape = stampedRecordShape<Ticket>();
    const original = ticket();
    const copy = shape.clone(original);
    copy.tags.push('y');
    expect(shape.idOf(original)).toBe(9);
    expect(original.tags).toEqual(['x']);
    shape.setRemovedAt(copy, 5_000);
    expect([copy.removedAt, shape.removedAt(copy)]).toEqual([5_000, 5_000]);
    shape.setRemovedAt(copy, undefined);
    expect('removedAt' in copy).toBe(false);
  });

  it('stamps the creation on a create and the last change on every write, to the millisecond or the whole second', () => {
    const exact = stampedRecordShape<Ticket>();
    const created = ticket();
    exact.stamp!(created, 1_234_567, true);
    expect([created.createdAt, created.updatedAt]).toEqual([1_234_567, 1_234_567]);
    exact.stamp!(created, 1_300_001, false);
    expect([created.createdAt, created.updatedAt]).toEqual([1_234_567, 1_300_001]);
    const whole = ticket();
    stampedRecordShape<Ticket>({ wholeSeconds: true }).stamp!(whole, 1_234_567, true);
    expect([whole.createdAt, whole.updatedAt]).toEqual([1_234_000, 1_234_000]);
  });
});
