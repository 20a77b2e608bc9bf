import { emailAddresses, objectSchema, str } from './shared.js';

const flag = (title: string, description: string) => ({ title, type: 'boolean' as const, description, readOnly: true });

/**
 * Weft's default `communication-user` schema: a member of a team chat workspace (a Slack user), read only: the names
 * people see, an e-mail address, a job title, the time zone, whether it is a bot or was deactivated, and the picture.
 */
export const communicationUserSchema = objectSchema('communication-user', 'User', {
  name: str('Name', 'The full (real) name of the user.', { readOnly: true }),
  display_name: str('Display Name', 'The name the user chose to be shown by in messages.', { readOnly: true }),
  email_addresses: { ...emailAddresses('user'), readOnly: true },
  title: str('Title', 'The job title of the user.', { readOnly: true }),
  timezone: str('Timezone', 'The IANA time zone of the user (e.g. "Europe/Paris").', { readOnly: true }),
  is_bot: flag('Is Bot', 'Whether the user is an app (a bot) rather than a person.'),
  is_deleted: flag('Is Deleted', 'Whether the user was deactivated in the workspace.'),
  avatar_url: str('Avatar URL', 'The address of the picture of the user.', { readOnly: true }),
});

export interface CommunicationUser {
  name?: string | null;
  display_name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  title?: string | null;
  timezone?: string | null;
  is_bot?: boolean | null;
  is_deleted?: boolean | null;
  avatar_url?: string | null;
}
