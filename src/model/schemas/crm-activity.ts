import { dateTime, emailAddresses, objectSchema, str, timestamps } from './shared.js';

/** Endgrate's activity types, verbatim from its CRM docs. */
export const ACTIVITY_TYPES = ['CALL', 'MEETING', 'EMAIL', 'NOTE', 'TASK', 'DEADLINE', 'SEND-LETTER', 'SEND-QUOTE', 'OTHER'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export const ACTIVITY_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export type ActivityDirection = (typeof ACTIVITY_DIRECTIONS)[number];

/**
 * Weft's default `crm-activity` schema. Its first seven properties are Endgrate's, verbatim (type, title,
 * description, timestamp, user_id, contact_id, company_id); Weft adds the deal, the end, the direction, the
 * duration and the participants of calls, meetings and e-mails.
 */
export const crmActivitySchema = objectSchema('crm-activity', 'Activity', {
  type: str('Type', 'The type of the activity.', { enum: [...ACTIVITY_TYPES] }),
  title: str('Title', 'The title of the activity.'),
  description: str('Description', 'The description of the activity.'),
  timestamp: dateTime('Timestamp', 'When the activity happened or starts.'),
  user_id: str('User ID', 'The unique identifier of the user linked to the activity.'),
  contact_id: str('Contact ID', 'The unique identifier of the contact linked to the activity.'),
  company_id: str('Company ID', 'The unique identifier of the company linked to the activity.'),
  deal_id: str('Deal ID', 'The unique identifier of the deal linked to the activity.'),
  end_timestamp: dateTime('End Timestamp', 'When the activity ends (meetings, calls).'),
  direction: str('Direction', 'Whether a call or e-mail came in or went out.', { enum: [...ACTIVITY_DIRECTIONS] }),
  duration_seconds: { title: 'Duration (seconds)', type: 'integer', minimum: 0, description: 'How long a call or meeting lasted, in seconds.' },
  participants: {
    ...emailAddresses('participants'),
    title: 'Participants',
    description: 'The e-mail addresses of the people taking part (attendees, recipients).',
  },
  ...timestamps('activity'),
});

export interface CrmActivity {
  type?: ActivityType | null;
  title?: string | null;
  description?: string | null;
  timestamp?: string | null;
  user_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  deal_id?: string | null;
  end_timestamp?: string | null;
  direction?: ActivityDirection | null;
  duration_seconds?: number | null;
  participants?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  created_at?: string | null;
  updated_at?: string | null;
}
