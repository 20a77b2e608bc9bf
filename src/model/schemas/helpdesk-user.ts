import { objectSchema, str, timestamps } from './shared.js';

/** Weft's default `helpdesk-user` schema: an agent or administrator of the help desk, read-only. */
export const helpdeskUserSchema = objectSchema('helpdesk-user', 'User', {
  name: str('Name', 'The full name of the agent.', { readOnly: true }),
  email_address: str('Email Address', 'The e-mail address the agent signs in with.', { format: 'email', readOnly: true }),
  role: str('Role', 'The agent\'s role, as the provider names it (e.g. "agent", "admin").', { readOnly: true }),
  is_active: { title: 'Is Active', type: 'boolean', description: 'Whether the agent can use the help desk.', readOnly: true },
  ...timestamps('user'),
});

export interface HelpdeskUser {
  name?: string | null;
  email_address?: string | null;
  role?: string | null;
  is_active?: boolean | null;
  created_at?: string | null;
  updated_at?: string | null;
}
