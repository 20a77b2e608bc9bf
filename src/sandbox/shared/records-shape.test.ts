import { describe, expect, it } from 'vitest';

import { plainRecordShape } from './records-shape.js';

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
