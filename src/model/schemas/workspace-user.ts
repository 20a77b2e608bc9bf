import { emailAddresses, objectSchema, str } from './shared.js';

/** Weft's default `workspace-user` schema: a member of a task workspace (an Asana user, a Todoist collaborator), read-only. */
export const workspaceUserSchema = objectSchema('workspace-user', 'User', {
  name: str('Name', 'The full name of the user.', { readOnly: true }),
  email_addresses: { ...emailAddresses('user'), readOnly: true },
  is_active: { title: 'Is Active', type: 'boolean', description: 'Whether the user is an active member of the workspace.', readOnly: true },
});

export interface WorkspaceUser {
  name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  is_active?: boolean | null;
}
