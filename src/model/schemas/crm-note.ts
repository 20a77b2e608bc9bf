import { objectSchema, str, timestamps } from './shared.js';

/** Weft's default `crm-note` schema: a note on a contact, company or deal. */
export const crmNoteSchema = objectSchema('crm-note', 'Note', {
  title: str('Title', 'The title of the note, where the provider has one.'),
  content: str('Content', 'The text of the note (plain text or the HTML the provider keeps).'),
  owner_id: str('Owner ID', 'The provider id of the user who wrote or owns the note.'),
  contact_id: str('Contact ID', 'The provider id of the contact the note is on.'),
  company_id: str('Company ID', 'The provider id of the company the note is on.'),
  deal_id: str('Deal ID', 'The provider id of the deal the note is on.'),
  ...timestamps('note'),
});

export interface CrmNote {
  title?: string | null;
  content?: string | null;
  owner_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  deal_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
