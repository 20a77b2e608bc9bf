import { objectSchema, str, timestamps } from './shared.js';

/** Weft's default `crm-user` schema: a user (owner) of the CRM account, read-only. */
export const crmUserSchema = objectSchema('crm-user', 'User', {
  name: str('Name', 'The full name of the user.', { readOnly: true }),
  first_name: str('First Name', 'The first name of the user.', { readOnly: true }),
  last_name: str('Last Name', 'The last name of the user.', { readOnly: true }),
  email_address: str('Email Address', 'The e-mail address the user signs in with.', { format: 'email', readOnly: true }),
  is_active: { title: 'Is Active', type: 'boolean', description: 'Whether the user can use the CRM.', readOnly: true },
  role: str('Role', "The user's role or profile, as the provider names it.", { readOnly: true }),
  ...timestamps('user'),
});

export interface CrmUser {
  name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  email_address?: string | null;
  is_active?: boolean | null;
  role?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
