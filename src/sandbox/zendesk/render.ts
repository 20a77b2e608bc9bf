/**
 * Zendesk's JSON for the fake's records, with every field of the reference's example objects (users, organizations,
 * tickets, ticket comments): times as `2024-01-02T03:04:05Z`, each record's API `url` on the fake's base.
 */
import { ID_BASE, type ZendeskObject, type ZendeskRecord, zendeskTime } from './records.js';

/** Zendesk's locale ids of the locales the seed uses. */
const LOCALE_IDS: Readonly<Record<string, number>> = { 'en-US': 1, es: 2, de: 8, fr: 16 };
/** The IANA zone of each of Zendesk's time-zone names the seed uses. */
const IANA: Readonly<Record<string, string>> = {
  'Eastern Time (US & Canada)': 'America/New_York',
  'Pacific Time (US & Canada)': 'America/Los_Angeles',
  London: 'Europe/London',
  Berlin: 'Europe/Berlin',
  'Europe/London': 'Europe/London',
};

const PATHS: Record<ZendeskObject, string> = { organizations: 'organizations', users: 'users', tickets: 'tickets', comments: 'tickets' };

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
/** The text of an HTML body (tags dropped, entities read), as Zendesk's `plain_body`. */
export const plainOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** A comment's HTML as Zendesk renders a plain body. */
export const htmlOf = (body: string) => `<div class="zd-comment" dir="auto"><p dir="auto">${escape(body).replace(/\n/g, '<br>')}</p></div>`;

export function render(base: string, object: ZendeskObject, r: ZendeskRecord): Record<string, unknown> {
  const f = r.fields;
  const url = `${base}/api/v2/${PATHS[object]}/${r.id}.json`;
  switch (object) {
    case 'organizations':
      return {
        url,
        id: r.id,
        name: f['name'],
        shared_tickets: f['shared_tickets'] ?? false,
        shared_comments: f['shared_comments'] ?? false,
        external_id: f['external_id'] ?? null,
        created_at: zendeskTime(r.createdAt),
        updated_at: zendeskTime(r.updatedAt),
        domain_names: f['domain_names'] ?? [],
        details: f['details'] ?? '',
        notes: f['notes'] ?? '',
        group_id: f['group_id'] ?? null,
        tags: f['tags'] ?? [],
        organization_fields: {},
      };
    case 'users': {
      const role = f['role'] as string;
      const zone = (f['time_zone'] as string | null) ?? 'Eastern Time (US & Canada)';
      const locale = (f['locale'] as string | null) ?? 'en-US';
      return {
        id: r.id,
        url,
        name: f['name'],
        email: f['email'] ?? null,
        created_at: zendeskTime(r.createdAt),
        updated_at: zendeskTime(r.updatedAt),
        time_zone: zone,
        iana_time_zone: IANA[zone] ?? 'America/New_York',
        phone: f['phone'] ?? null,
        shared_phone_number: f['phone'] ? false : null,
        photo: null,
        locale_id: LOCALE_IDS[locale] ?? 1,
        locale,
        organization_id: f['organization_id'] ?? null,
        role,
        verified: f['verified'] ?? false,
        external_id: null,
        tags: f['tags'] ?? [],
        alias: '',
        active: f['active'] ?? true,
        shared: false,
        shared_agent: false,
        last_login_at: role === 'end-user' ? null : zendeskTime(r.updatedAt),
        two_factor_auth_enabled: false,
        signature: role === 'end-user' ? null : '',
        details: f['details'] ?? '',
        notes: f['notes'] ?? '',
        role_type: role === 'end-user' ? null : 0,
        custom_role_id: null,
        moderator: role !== 'end-user',
        ticket_restriction: role === 'end-user' ? 'requested' : null,
        only_private_comments: false,
        restricted_agent: role === 'agent',
        suspended: f['suspended'] ?? false,
        default_group_id: null,
        report_csv: role === 'admin',
        user_fields: {},
      };
    }
    case 'tickets':
      return {
        url,
        id: r.id,
        external_id: null,
        via: f['via'] ?? { channel: 'api', source: { from: {}, to: {}, rel: null } },
        created_at: zendeskTime(r.createdAt),
        updated_at: zendeskTime(r.updatedAt),
        generated_timestamp: Math.floor(r.updatedAt / 1000),
        type: f['type'] ?? null,
        subject: f['subject'] ?? null,
        raw_subject: f['subject'] ?? null,
        description: f['description'] ?? '',
        priority: f['priority'] ?? null,
        status: f['status'],
        recipient: null,
        requester_id: f['requester_id'],
        submitter_id: f['submitter_id'],
        assignee_id: f['assignee_id'] ?? null,
        organization_id: f['organization_id'] ?? null,
        group_id: null,
        collaborator_ids: [],
        follower_ids: [],
        email_cc_ids: [],
        forum_topic_id: null,
        problem_id: null,
        has_incidents: false,
        is_public: true,
        due_at: null,
        tags: f['tags'] ?? [],
        custom_fields: [],
        satisfaction_rating: null,
        sharing_agreement_ids: [],
        fields: [],
        followup_ids: [],
        ticket_form_id: null,
        brand_id: null,
        allow_channelback: false,
        allow_attachments: true,
        from_messaging_channel: false,
      };
    case 'comments': {
      const html = (f['html_body'] as string | null) ?? htmlOf(typeof f['body'] === 'string' ? f['body'] : '');
      return {
        id: r.id,
        type: 'Comment',
        author_id: f['author_id'],
        body: f['body'] ?? plainOf(html),
        html_body: html,
        plain_body: plainOf(html),
        public: f['public'] === true,
        attachments: [],
        audit_id: auditIdOf(r.id),
        via: { channel: (f['via'] as { channel?: unknown } | undefined)?.channel ?? 'api', source: { from: {}, to: {}, rel: null } },
        created_at: zendeskTime(r.createdAt),
        metadata: { system: {}, custom: {} },
      };
    }
  }
}

/** The id of the audit that added a comment. */
export const auditIdOf = (commentId: number) => commentId - ID_BASE.comments + 363_000_000_001;
