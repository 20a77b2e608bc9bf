import { objectSchema, str, timestamps } from './shared.js';

/**
 * Weft's default `helpdesk-note` schema: a comment on a ticket, public (a reply the customer sees) or private (an
 * internal note): a Zendesk ticket comment, a Freshdesk conversation.
 */
export const helpdeskNoteSchema = objectSchema('helpdesk-note', 'Note', {
  content: str('Content', 'The text of the note (plain text or the HTML the provider keeps).'),
  is_public: {
    title: 'Is Public',
    type: 'boolean',
    description: 'Whether the customer sees the note (a reply) or only agents do (an internal note).',
  },
  ticket_id: str('Ticket ID', 'The provider id of the ticket the note is on.'),
  author_id: str('Author ID', 'The provider id of who wrote the note: an agent (helpdesk-user) or the customer (helpdesk-contact).'),
  contact_id: str('Contact ID', 'The provider id of the contact (helpdesk-contact) who raised the ticket.', { readOnly: true }),
  ...timestamps('note'),
});

export interface HelpdeskNote {
  content?: string | null;
  is_public?: boolean | null;
  ticket_id?: string | null;
  author_id?: string | null;
  contact_id?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
