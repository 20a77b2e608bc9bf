import { describe, expect, it } from 'vitest';

import { seedSizesOption } from './sandbox-options.js';

describe('seed sizes option', () => {
  /** A made-up provider "Kennelly" seeding dogs and owners. */
  const defaults = { dogs: 300, owners: 40 };

  it('takes each given size and the default of the others, in the defaults order', () => {
    expect(seedSizesOption('Kennelly', undefined, defaults)).toEqual({ dogs: 300, owners: 40 });
    const sizes = seedSizesOption('Kennelly', { owners: 0 }, defaults);
    expect([Object.keys(sizes), sizes]).toEqual([['dogs', 'owners'], { dogs: 300, owners: 0 }]);
  });

  it('refuses a size that is not a non-negative integer, naming the provider and the option', () => {
    expect(() => seedSizesOption('Kennelly', { dogs: -1 }, defaults)).toThrow('Kennelly sandbox option seed.dogs must be a non-negative integer');
    expect(() => seedSizesOption('Kennelly', { dogs: 2.5, owners: -1 }, defaults)).toThrow('seed.dogs');
  });
});
