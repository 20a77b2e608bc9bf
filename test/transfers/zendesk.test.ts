/**
 * Zendesk end to end through Weft's API against the Zendesk fake over HTTP: connected on the session page by OAuth
 * (the subdomain typed before the consent) and by API token (the subdomain and the agent's e-mail address beside it);
 * end users, organizations, agents and ticket comments pulled with exact counts, ids, bodies and associations; a
 * contact, a company and a comment pushed and read back from the fake; what changed since a time pulled through
 * the incremental exports; a refused API token asks to connect again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['helpdesk-contact', 'helpdesk-company', 'helpdesk-user', 'helpdesk-note'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
/** Agents are read only: a session that pushes leaves them out. */
const PUSHABLE = { schema: TYPES.filter((t) => t !== 'helpdesk-user').map((t) => ({ endgrate_type: t })) };
const END_USERS = 40;
const ORGANIZATIONS = 6;
/** The sandbox's default tickets, three comments each. */
const TICKETS = 200;

describeEachDialect('Zendesk', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, {
      env: { WEFT_SANDBOX_CONTACTS: String(END_USERS), WEFT_SANDBOX_COMPANIES: String(ORGANIZATIONS), WEFT_SANDBOX_RATE_LIMIT: 'off' },
    });
  });
  afterAll(async () => h?.close());

  const zendesk = (account: string) => h.sandbox.zendesk.account(account);

  async function withToken(account: string, pull = true): Promise<string> {
    const body = { ...(pull ? SCHEMAS : PUSHABLE), provider: 'zendesk' };
    const sid = (await h.api('POST', pull ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id as string;
    const fake = zendesk(account);
    const res = await h.connectWithApiKey(sid, 'zendesk', fake.apiToken, { subdomain: 'acme', email: fake.ownerEmail });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return sid;
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=${type}&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }

  async function pushed(sid: string, type: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: type, synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  const all = (records: { list: (o: { limit: number; cursor?: string }) => { data: any[]; nextCursor: string | null } }) => {
    const out: any[] = [];
    for (let cursor: string | undefined; ;) {
      const page = records.list({ limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.data);
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
  };

  it('connects by OAuth with the subdomain typed first, and pulls with the bearer token', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'zendesk' } })).body.session_id as string;
    await h.connect(sid, 'zendesk-oauth', 'zendesk', { method: 'oauth2', fields: { subdomain: 'acme' } });
    const creds = (await readCredentials(h.services, sid))!.creds;
    expect(creds).toMatchObject({ kind: 'oauth2', accountKey: 'acme' });
    const users = await pulled(sid, 'helpdesk-user');
    expect(users.map((u) => u.id)).toEqual(['361000000001', '361000000002', '361000000003', '361000000004', '361000000005', '361000000006']);
    expect(users[0].data).toEqual({
      name: 'Ada Owner',
      email_address: 'ada.owner0@support.example.com',
      role: 'admin',
      is_active: true,
      created_at: expect.stringMatching(/^2023-03-01T/),
      updated_at: expect.any(String),
    });
    // The token expires: refreshed once, the pull goes on.
    zendesk('zendesk-oauth').resetCounters();
    expect(zendesk('zendesk-oauth').expireAccessTokens()).toBe(1);
    expect((await pulled(sid, 'helpdesk-user')).length).toBe(6);
    expect(zendesk('zendesk-oauth').counters().byKind['token']).toBe(1);
  });

  it('pulls end users, organizations and every ticket comment by API token, with their associations', async () => {
    const sid = await withToken('zendesk-pulls');
    const fake = zendesk('zendesk-pulls');
    const users = all(fake.users);
    const endUsers = users.filter((u) => u.role === 'end-user');
    const contacts = await pulled(sid, 'helpdesk-contact', { associations: { 'helpdesk-company': true } });
    expect(contacts.map((c) => c.id)).toEqual(endUsers.map((u) => String(u.id)));
    expect(contacts).toHaveLength(END_USERS);
    const first = endUsers[0];
    expect(contacts[0]).toEqual({
      id: String(first.id),
      data: {
        name: first.name,
        email_addresses: [{ email_address: first.email, email_address_type: 'WORK' }],
        phone_numbers: first.phone ? [{ phone_number: first.phone, phone_number_type: 'WORK' }] : [],
        company_id: first.organization_id === null ? null : String(first.organization_id),
        job_title: null,
        language: first.locale,
        time_zone: first.time_zone,
        description: first.notes || null,
        tags: first.tags,
        is_active: !first.suspended,
        created_at: new Date(first.created_at).toISOString(),
        updated_at: new Date(first.updated_at).toISOString(),
      },
      associations: { 'helpdesk-company': first.organization_id === null ? [] : [String(first.organization_id)] },
    });
    const withOrg = contacts.filter((c) => c.data.company_id !== null);
    expect(withOrg.length).toBeGreaterThan(END_USERS / 2);
    const companies = await pulled(sid, 'helpdesk-company');
    expect(companies.map((c) => c.id)).toEqual(['360000000001', '360000000002', '360000000003', '360000000004', '360000000005', '360000000006']);
    // An end user in an organization has an address at its domain.
    for (const c of withOrg) {
      const org = companies.find((o) => o.id === c.data.company_id);
      expect(c.data.email_addresses[0].email_address.endsWith(`@${org.data.domains[0] as string}`)).toBe(true);
    }

    const notes = await pulled(sid, 'helpdesk-note', { associations: { 'helpdesk-user': true, 'helpdesk-contact': true } });
    expect(notes).toHaveLength(TICKETS * 3);
    const tickets = all(fake.tickets);
    const ticket = tickets[0];
    const own = notes.filter((n) => n.data.ticket_id === String(ticket.id));
    expect(own.map((n) => n.id)).toEqual(fake.commentsOf(ticket.id).map((c) => String(c.id)));
    expect(own.map((n) => [n.data.author_id, n.data.contact_id, n.data.is_public])).toEqual([
      [String(ticket.requester_id), String(ticket.requester_id), true],
      [String(ticket.assignee_id ?? 361000000001), String(ticket.requester_id), true],
      [String(ticket.assignee_id ?? 361000000001), String(ticket.requester_id), false],
    ]);
    expect(own[0].data.content).toBe(ticket.description);
    expect(own[0].associations).toEqual({ 'helpdesk-user': [String(ticket.requester_id)], 'helpdesk-contact': [String(ticket.requester_id)] });
    // Read a page of 25 tickets at a time: 8 pages, each ticket's comments once.
    expect(fake.counters().byKind['list:tickets']).toBe(TICKETS / 25);
    expect(fake.counters().byKind['list:comments']).toBe(TICKETS);
  });

  it('pushes a company, a contact in it and a comment on a ticket, and reads them back from the fake', async () => {
    const sid = await withToken('zendesk-pushes', false);
    const fake = zendesk('zendesk-pushes');
    const [company] = await pushed(sid, 'helpdesk-company', [
      { data: { name: 'Globex', description: 'Power plants', domains: ['globex.test'], tags: ['energy'] } },
    ]);
    expect(company).toMatchObject({ success: true, id: '360000000007' });
    expect(fake.organizations.get(360000000007)).toMatchObject({
      name: 'Globex',
      details: 'Power plants',
      domain_names: ['globex.test'],
      tags: ['energy'],
    });

    const [contact] = await pushed(sid, 'helpdesk-contact', [
      {
        data: {
          name: 'Hank Scorpio',
          email_addresses: [{ email_address: 'hank@globex.test', email_address_type: 'WORK' }],
          phone_numbers: [{ phone_number: '+1 555 0199', phone_number_type: 'MOBILE' }],
          company_id: '360000000007',
          description: 'Met at the plant',
        },
      },
    ]);
    expect(contact).toMatchObject({ success: true, id: String(361000000001 + 6 + END_USERS) });
    expect(fake.users.get(Number(contact.id))).toMatchObject({
      name: 'Hank Scorpio',
      email: 'hank@globex.test',
      phone: '+1 555 0199',
      organization_id: 360000000007,
      role: 'end-user',
      notes: 'Met at the plant',
    });
    const [updated] = await pushed(sid, 'helpdesk-contact', [{ id: contact.id, data: { name: 'Hank S.' } }]);
    expect(updated).toMatchObject({ success: true, id: contact.id });
    expect(fake.users.get(Number(contact.id))).toMatchObject({ name: 'Hank S.', email: 'hank@globex.test' });

    const open = all(fake.tickets).find((t) => t.status !== 'closed');
    const [note] = await pushed(sid, 'helpdesk-note', [
      { data: { ticket_id: String(open.id), content: 'We shipped a fix.', is_public: false, author_id: '361000000003' } },
    ]);
    expect(note).toMatchObject({ success: true, id: String(362000000001 + TICKETS * 3) });
    expect(fake.commentsOf(open.id).at(-1)).toMatchObject({
      id: 362000000001 + TICKETS * 3,
      author_id: 361000000003,
      body: 'We shipped a fix.',
      public: false,
    });
    const closed = all(fake.tickets).find((t) => t.status === 'closed');
    const res = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'helpdesk-note',
        synchronous: true,
        transfer_data: [{ data: { ticket_id: String(closed.id), content: 'Too late' } }],
      },
    });
    const [refused] = (await h.api('GET', `/api/push/data?endgrate_type=helpdesk-note&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
    expect(refused).toMatchObject({ success: false });
    expect(JSON.stringify(refused)).toContain('Status: closed prevents ticket update');
    expect(fake.commentsOf(closed.id)).toHaveLength(3);
  });

  it("pulls only what changed since a time through Zendesk's incremental exports", async () => {
    const sid = await withToken('zendesk-changed');
    const fake = zendesk('zendesk-changed');
    const since = new Date(Date.now() - 1000).toISOString();
    fake.users.update(361000000010, { notes: 'Changed' });
    // An admin changed too: the export holds every user, the contacts' pull only end users.
    fake.users.update(361000000002, { notes: 'Admin changed' });
    fake.organizations.update(360000000002, { notes: 'Changed' });
    const open = all(fake.tickets).find((t) => t.status !== 'closed');
    fake.tickets.update(open.id, { comment: { body: 'A new reply', public: true } });
    fake.resetCounters();
    const range = (field: string) => ({ params: { [`${field}__range`]: [since, null] } });
    const contacts = await pulled(sid, 'helpdesk-contact', range('updated_at'));
    expect(contacts.map((c) => [c.id, c.data.description])).toEqual([['361000000010', 'Changed']]);
    const agents = await pulled(sid, 'helpdesk-user', range('updated_at'));
    expect(agents.map((c) => c.id)).toEqual(['361000000002']);
    const companies = await pulled(sid, 'helpdesk-company', range('updated_at'));
    expect(companies.map((c) => [c.id, c.data.notes])).toEqual([['360000000002', 'Changed']]);
    const notes = await pulled(sid, 'helpdesk-note', range('created_at'));
    expect(notes.map((n) => [n.id, n.data.ticket_id, n.data.content, n.data.author_id])).toEqual([
      [String(362000000001 + TICKETS * 3), String(open.id), 'A new reply', '361000000001'],
    ]);
    // One export page each, and only the changed ticket's comments: no list read.
    expect(fake.counters().byKind).toEqual({ 'export:users': 2, 'export:organizations': 1, 'export:tickets': 1, 'list:comments': 1 });
  });

  it('asks to connect again when Zendesk refuses the API token', async () => {
    const sid = await withToken('zendesk-refused');
    zendesk('zendesk-refused').injectFault({ status: 401, count: 1, body: { error: "Couldn't authenticate you" } });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'helpdesk-company', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe('The transfer failed: Zendesk refused the API key; the end user must connect again.');
  });
});
