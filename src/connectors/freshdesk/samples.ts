/**
 * A Freshdesk record of each kind, in the shapes of the API v2 reference's example answers
 * (developers.freshdesk.com/api/: View a Contact, View a Company, View an Agent, View a Ticket, List All Conversations
 * of a Ticket), with made-up values: the field lists `describe` answers.
 */
const times = { created_at: '2015-08-18T16:18:14Z', updated_at: '2015-08-24T09:25:19Z' };

export const CONTACT_SAMPLE = {
  active: false,
  address: 'Breaking Bad Street, Albuquerque',
  company_id: 23,
  view_all_tickets: false,
  description: 'Likes her coffee strong.',
  email: 'superman@freshdesk.com',
  id: 432,
  job_title: 'Journalist',
  language: 'en',
  mobile: '1234567890',
  name: 'Clark Kent',
  phone: '1234500000',
  time_zone: 'Chennai',
  twitter_id: 'superman',
  other_emails: ['lex@freshdesk.com'],
  tags: ['vip'],
  custom_fields: {},
  ...times,
};

export const COMPANY_SAMPLE = {
  id: 8,
  name: 'SuperNova',
  description: 'Spaceship Manufacturing Company',
  note: 'Pays on time.',
  domains: ['supernova', 'nova'],
  health_score: 'Happy',
  account_tier: 'Premium',
  renewal_date: '2020-12-31',
  industry: 'Manufacturing',
  custom_fields: {},
  ...times,
};

export const AGENT_SAMPLE = {
  available: false,
  occasional: false,
  id: 1,
  ticket_scope: 1,
  signature: null,
  group_ids: [],
  role_ids: [1],
  skill_ids: [],
  available_since: null,
  type: 'support_agent',
  contact: {
    active: true,
    email: 'sample@freshdesk.com',
    job_title: null,
    language: 'en',
    last_login_at: '2015-08-21T14:54:46Z',
    mobile: null,
    name: 'Support',
    phone: null,
    time_zone: 'Chennai',
    ...times,
  },
  ...times,
};

export const TICKET_SAMPLE = {
  cc_emails: ['user@cc.com'],
  fwd_emails: [],
  reply_cc_emails: ['user@cc.com'],
  email_config_id: null,
  fr_escalated: false,
  group_id: null,
  priority: 1,
  requester_id: 1,
  responder_id: null,
  source: 2,
  spam: false,
  status: 2,
  subject: 'Support needed..',
  company_id: 1,
  id: 20,
  type: null,
  to_emails: null,
  product_id: null,
  due_by: '2015-08-27T11:30:00Z',
  fr_due_by: '2015-08-25T11:30:00Z',
  is_escalated: false,
  custom_fields: {},
  tags: [],
  ...times,
};

export const CONVERSATION_SAMPLE = {
  body: '<div>We are working on it.</div>',
  body_text: 'We are working on it.',
  id: 3,
  incoming: false,
  private: true,
  user_id: 1,
  support_email: null,
  source: 2,
  ticket_id: 20,
  to_emails: [],
  from_email: null,
  cc_emails: [],
  bcc_emails: [],
  attachments: [],
  ...times,
};
