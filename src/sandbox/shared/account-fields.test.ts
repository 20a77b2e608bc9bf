import { describe, expect, it } from 'vitest';

import { accountFieldTable, type FieldTableDeclaration } from './account-fields.js';

describe('account field tables', () => {
  const declared: FieldTableDeclaration<'contact' | 'company'> = {
    standard: { contact: [{ id: 1, key: 'name', name: 'Name', type: 'text' }], company: [] },
    custom: {
      tier: {
        entity: 'company',
        id: 40,
        name: 'Tier',
        type: 'enum',
        options: [{ id: 1, label: 'Gold' }],
      } as FieldTableDeclaration<'company'>['custom'][string],
      source: { entity: 'contact', id: 41, name: 'Source', type: 'text' },
    },
  };

  it('lists the standard fields, then the custom ones with per-account keys, as copies', () => {
    const { fields, keys } = accountFieldTable(['contact', 'company'], declared, (object, name) => `${object}:${name}`);
    expect(keys).toEqual({ tier: 'company:Tier', source: 'contact:Source' });
    expect(fields.contact).toEqual([
      { id: 1, key: 'name', name: 'Name', type: 'text', custom: false },
      { id: 41, key: 'contact:Source', name: 'Source', type: 'text', custom: true },
    ]);
    expect(fields.company).toEqual([{ id: 40, key: 'company:Tier', name: 'Tier', type: 'enum', custom: true, options: [{ id: 1, label: 'Gold' }] }]);
    expect(Object.keys(fields.company[0] ?? {})).toEqual(['id', 'key', 'name', 'type', 'custom', 'options']);
    const again = accountFieldTable(['contact', 'company'], declared, () => 'k');
    expect(again.fields.company[0]).not.toBe(fields.company[0]);
  });
});
