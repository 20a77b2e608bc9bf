import { dateTime, objectSchema, str } from './shared.js';

/**
 * Weft's default `communication-message_history` schema: a message of a channel's history (a Slack message): where it
 * was posted (the channel's id and name), who wrote it (a communication-user), its text, when it was sent and last
 * edited, and its thread (the message it answers, how many answer it). A message is written as a new post: its
 * channel and text, and the thread it answers; the rest is the provider's.
 */
export const communicationMessageHistorySchema = objectSchema('communication-message_history', 'Message', {
  channel_id: str('Channel ID', 'The provider id of the channel (or conversation) the message was posted in.'),
  channel_name: str('Channel Name', 'The name of the channel the message was posted in.', { readOnly: true }),
  author_id: str('Author ID', 'The provider id of the user (communication-user) who wrote the message.', { readOnly: true }),
  text: str('Text', 'The text of the message.'),
  sent_at: dateTime('Sent At', 'When the message was posted.', { readOnly: true }),
  thread_parent_id: str('Thread Parent ID', 'The provider id of the message (communication-message_history) this one answers in its thread.'),
  reply_count: { title: 'Reply Count', type: 'integer', minimum: 0, description: 'How many messages answer this one in its thread.', readOnly: true },
  edited_at: dateTime('Edited At', 'When the message was last edited (none if it never was).', { readOnly: true }),
});

export interface CommunicationMessageHistory {
  channel_id?: string | null;
  channel_name?: string | null;
  author_id?: string | null;
  text?: string | null;
  sent_at?: string | null;
  thread_parent_id?: string | null;
  reply_count?: number | null;
  edited_at?: string | null;
}
