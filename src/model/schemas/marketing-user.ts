import { emailAddresses, objectSchema, str } from './shared.js';

/** Weft's default `marketing-user` schema: a user of an e-mail marketing account (a Mailchimp login), read-only. */
export const marketingUserSchema = objectSchema('marketing-user', 'User', {
  name: str('Name', 'The full name of the user.', { readOnly: true }),
  email_addresses: { ...emailAddresses('user'), readOnly: true },
  role: str('Role', "The user's role in the account, as the provider names it (owner, admin, manager, author, viewer).", { readOnly: true }),
  is_active: { title: 'Is Active', type: 'boolean', description: 'Whether the user may sign in to the account.', readOnly: true },
});

export interface MarketingUser {
  name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  role?: string | null;
  is_active?: boolean | null;
}
