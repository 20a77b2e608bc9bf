/** Custom schemas the tests share. */

/** Endgrate's documentation example of a custom schema ("Schema variants"), as written there. */
export const DOCS_CONTACT = {
  endgrate_type: 'crm-contact',
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    full_name: { type: 'string' },
    company: { type: 'string' },
    age: { type: 'number' },
    is_employed: { type: 'boolean' },
    lifecyclestage: { title: 'Lifecycle Stage', type: 'string' },
  },
  required: ['email'],
  title: 'Contact',
};
