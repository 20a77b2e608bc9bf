import { describe, expect, it } from 'vitest';

import { framePage, pageMeta } from './items.js';

describe('framePage', () => {
  it('frames a page read as bytes with a head and tail of any UTF-8', () => {
    const answer = framePage('{"é":"ü","items":[', Buffer.from('{"n":"ß"},{"n":"✓"}'), ']}');
    expect(JSON.parse(answer.toString('utf8'))).toEqual({ é: 'ü', items: [{ n: 'ß' }, { n: '✓' }] });
    expect(answer.length).toBe(Buffer.byteLength('{"é":"ü","items":[{"n":"ß"},{"n":"✓"}]}'));
  });

  it('frames a page read as text, and an empty page', () => {
    expect(framePage('{"é":[', '{"n":"✓"}', ']}').toString('utf8')).toBe('{"é":[{"n":"✓"}]}');
    expect(framePage('{"items":[', '', ']}').toString('utf8')).toBe('{"items":[]}');
    expect(framePage('{"items":[', Buffer.alloc(0), ']}').toString('utf8')).toBe('{"items":[]}');
  });

  it('frames a page read as rows: the items in order, one comma between each, any UTF-8', () => {
    const answer = framePage('{"é":[', ['{"n":"ß"}', '{"n":"✓"}', '{"n":"x"}'], ']}');
    expect(answer.toString('utf8')).toBe('{"é":[{"n":"ß"},{"n":"✓"},{"n":"x"}]}');
    expect(answer.length).toBe(Buffer.byteLength('{"é":[{"n":"ß"},{"n":"✓"},{"n":"x"}]}'));
    expect(framePage('{"items":[', [], ']}').toString('utf8')).toBe('{"items":[]}');
    expect(framePage('[', ['{}'], ']').toString('utf8')).toBe('[{}]');
  });
});

describe('pageMeta', () => {
  const link = (offset: number) => `l${offset}`;
  it('links the previous and next pages only where they exist', () => {
    expect(pageMeta(600, 0, 250, link)).toEqual({ count: 600, next: { offset: 250, link: 'l250' } });
    expect(pageMeta(600, 500, 250, link)).toEqual({ count: 600, previous: { offset: 250, link: 'l250' } });
    expect(pageMeta(600, 900, 250, link)).toEqual({ count: 600, previous: { offset: 350, link: 'l350' } });
  });
});
