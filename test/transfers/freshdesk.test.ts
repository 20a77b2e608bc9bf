/**
 * Freshdesk end to end through Weft's API against the Freshdesk fake over HTTP: connected with the help desk's domain
 * and API key on the session page, contacts, companies, agents and conversations pulled with their associations
 * (conversations ticket by ticket), a modified-since filter pushed down, a contact, a company and notes pushed and read
 * back from the fake; a refused key asks to connect again, a duplicate e-mail fails its row with Freshdesk's message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

/** A help-desk session: its types two ways, the agents (read only) pulled. */
const SESSION = { category: 'Helpdesk', provider: 'freshdesk' };
const CONTACTS = 250;
const COMPANIES = 40;
/** The fake's seed tickets (its default) and their three conversations each. */
const TICKETS = 100;
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

describeEachDialect('Freshdesk', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: String(CONTACTS), WEFT_SANDBOX_COMPANIES: String(COMPANIES) } });
  });
  afterAll(async () => h?.close());

  async function connected(account: string): Promise<string> {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SESSION })).body.session_id as string;
    const fake = h.sandbox.freshdesk.account(account);
    const res = await h.connectWithApiKey(sid, 'freshdesk', fake.apiKey, { domain: fake.domain });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return sid;
  }

  async function transfer(sid: string, type: string, extra: object = {}) {
    return h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: type, synchronous: true, ...extra } });
  }

  async function pulled(sid: string, type: string, extra: object = {}): Promise<any[]> {
    const t = await transfer(sid, type, extra);
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
    expect(res.body).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=${type}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  it('refuses a domain off Freshdesk and a wrong key on the session page', async () => {
    const sid = (await h.api('POST', '/api/session/initiate', { body: SESSION })).body.session_id as string;
    const fake = h.sandbox.freshdesk.account('e2e refused');
    expect((await h.connectWithApiKey(sid, 'freshdesk', fake.apiKey, { domain: 'evil.example.com' })).status).toBe(400);
    const wrong = await h.connectWithApiKey(sid, 'freshdesk', 'not-the-key', { domain: fake.domain });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Freshdesk refused this API key');
  });

  it('pulls contacts, companies, agents and every conversation of every ticket, with their associations', async () => {
    const sid = await connected('e2e pulls');
    const fake = h.sandbox.freshdesk.account('e2e pulls');
    const contacts = await pulled(sid, 'helpdesk-contact', { associations: { 'helpdesk-company': true } });
    expect(contacts.map((c) => c.id)).toEqual(range(47000200001, CONTACTS));
    const raw = fake.contacts.get(47000200001) as Record<string, any>;
    expect(contacts[0].data).toMatchObject({
      name: raw['name'],
      email_addresses: [{ email_address: raw['email'], email_address_type: 'WORK' }],
      language: raw['language'],
    });
    for (const c of contacts) {
      const company = fake.contacts.get(Number(c.id))?.['company_id'];
      expect(c.data.company_id).toBe(company === null ? null : String(company));
      expect(c.associations['helpdesk-company']).toEqual(company === null ? [] : [String(company)]);
    }
    expect(contacts.filter((c) => c.data.company_id !== null).length).toBeGreaterThan(CONTACTS / 2);

    const companies = await pulled(sid, 'helpdesk-company');
    expect(companies.map((c) => c.id)).toEqual(range(47000100001, COMPANIES));
    expect(companies[0].data.domains).toEqual(fake.companies.get(47000100001)?.['domains']);

    const users = await pulled(sid, 'helpdesk-user');
    expect(users.map((u) => [u.id, u.data.name, u.data.role, u.data.is_active])).toEqual([
      ['47000000001', 'Ada Admin', 'Account Administrator', true],
      ['47000000002', 'Sam Support', 'Agent', true],
      ['47000000003', 'Toni Triage', 'Agent', true],
      ['47000000004', 'Lee Leaver', 'Agent', false],
    ]);

    fake.resetCounters();
    const notes = await pulled(sid, 'helpdesk-note', { associations: { 'helpdesk-user': true, 'helpdesk-contact': true } });
    expect(notes.map((n) => n.id)).toEqual(range(47000900001, TICKETS * 3));
    // A page of 20 tickets, then each ticket's conversations.
    expect(fake.counters().byKind).toEqual({ list: TICKETS / 20 + TICKETS });
    const [reply, note, answer] = notes;
    const ticket = fake.tickets.get(1) as Record<string, any>;
    expect([reply.data.is_public, note.data.is_public, answer.data.is_public]).toEqual([true, false, true]);
    for (const n of [reply, note, answer]) {
      expect(n.data.ticket_id).toBe('1');
      expect(n.data.contact_id).toBe(String(ticket['requester_id']));
      expect(n.associations['helpdesk-contact']).toEqual([String(ticket['requester_id'])]);
    }
    // The agent's reply and note name their author; the requester's own answer names no agent.
    expect(reply.associations['helpdesk-user']).toEqual([reply.data.author_id]);
    expect(answer.data.author_id).toBe(String(ticket['requester_id']));
    expect(answer.associations['helpdesk-user']).toEqual([]);
  });

  it("pulls the contacts changed since a time with Freshdesk's _updated_since, and conversations of tickets changed since", async () => {
    const sid = await connected('e2e since');
    const fake = h.sandbox.freshdesk.account('e2e since');
    const times = fake.contacts
      .all()
      .map((c) => String(c['updated_at']))
      .sort();
    const since = times[200] as string;
    fake.resetCounters();
    const recent = await pulled(sid, 'helpdesk-contact', { params: { updated_at__range: [since, null] } });
    expect(recent.map((c) => c.id).sort()).toEqual(
      fake.contacts
        .all()
        .filter((c) => String(c['updated_at']) >= since)
        .map((c) => String(c['id']))
        .sort(),
    );
    expect(fake.counters().byKind).toEqual({ list: 1 });
    // A note added now moves its ticket: only that ticket's conversations are read.
    fake.conversations.create({ ticket_id: 7, body: 'Late note', user_id: 47000000002 });
    fake.resetCounters();
    const notes = await pulled(sid, 'helpdesk-note', { params: { updated_at__range: [new Date(Date.now() - 60_000).toISOString(), null] } });
    expect(notes.map((n) => n.data.content)).toEqual(['Late note']);
    expect(fake.counters().byKind).toEqual({ list: 2 });
  });

  it('creates and updates a company and a contact, adds a private note and a public reply, all read back from the fake', async () => {
    const sid = await connected('e2e pushes');
    const fake = h.sandbox.freshdesk.account('e2e pushes');
    const [company] = await pushed(sid, 'helpdesk-company', [{ data: { name: 'Hooli', domains: ['hooli.example'], notes: 'Big account' } }]);
    expect(company).toMatchObject({ success: true });
    expect(fake.companies.get(Number(company.id))).toMatchObject({ name: 'Hooli', domains: ['hooli.example'], note: 'Big account' });
    const [contact] = await pushed(sid, 'helpdesk-contact', [
      {
        data: {
          name: 'Gavin Belson',
          email_addresses: [{ email_address: 'gavin@hooli.example', email_address_type: 'WORK' }],
          phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'WORK' }],
          company_id: company.id,
          job_title: 'CEO',
          tags: ['vip'],
        },
      },
    ]);
    expect(contact).toMatchObject({ success: true });
    expect(fake.contacts.get(Number(contact.id))).toMatchObject({
      name: 'Gavin Belson',
      email: 'gavin@hooli.example',
      phone: '+1 555 0100',
      company_id: Number(company.id),
      job_title: 'CEO',
      tags: ['vip'],
    });
    const [updated] = await pushed(sid, 'helpdesk-contact', [{ id: contact.id, data: { job_title: 'Chairman' } }]);
    expect(updated).toMatchObject({ success: true, id: contact.id });
    expect(fake.contacts.get(Number(contact.id))).toMatchObject({ job_title: 'Chairman', email: 'gavin@hooli.example' });

    const notes = await pushed(sid, 'helpdesk-note', [
      { data: { ticket_id: '5', content: '<p>Called the customer.</p>', author_id: '47000000002' } },
      { data: { ticket_id: '5', content: 'Fixed in the latest version.', is_public: true } },
      { data: { content: 'Nowhere' } },
    ]);
    expect(notes.map((n) => n.success)).toEqual([true, true, false]);
    expect(notes[2].errors).toEqual(['A Freshdesk note needs the ticket_id of its ticket']);
    expect(fake.conversations.get(Number(notes[0].id))).toMatchObject({
      body: '<p>Called the customer.</p>',
      private: true,
      user_id: 47000000002,
      ticket_id: 5,
    });
    expect(fake.conversations.get(Number(notes[1].id))).toMatchObject({
      body: 'Fixed in the latest version.',
      private: false,
      source: 0,
      ticket_id: 5,
    });
    const [edited] = await pushed(sid, 'helpdesk-note', [{ id: notes[0].id, data: { content: 'Called twice.' } }]);
    expect(edited).toMatchObject({ success: true, id: notes[0].id });
    expect(fake.conversations.get(Number(notes[0].id))).toMatchObject({ body: 'Called twice.', private: true });
  });

  it("says a note's contact_id is not written, and that a public reply cannot be edited (only notes are)", async () => {
    const sid = await connected('e2e note limits');
    const fake = h.sandbox.freshdesk.account('e2e note limits');
    const [note, reply] = await pushed(sid, 'helpdesk-note', [
      { data: { ticket_id: '7', content: 'Escalated.', contact_id: '47000200009' } },
      { data: { ticket_id: '7', content: 'We are on it.', is_public: true } },
    ]);
    expect(note).toEqual({
      index: 0,
      id: note.id,
      internal_id: null,
      success: true,
      errors: [],
      warnings: ["A Freshdesk conversation's contact is its ticket's requester; contact_id was not written"],
    });
    expect(fake.conversations.get(Number(note.id))).toMatchObject({ body: 'Escalated.', private: true, ticket_id: 7 });
    expect(reply).toMatchObject({ success: true });
    const [edited] = await pushed(sid, 'helpdesk-note', [{ id: reply.id, data: { content: 'We are still on it.' } }]);
    expect(edited).toEqual({
      index: 0,
      id: reply.id,
      internal_id: null,
      success: false,
      errors: [`404: Freshdesk edits only notes: conversation ${reply.id} is a reply to the customer, or no longer exists`],
    });
    expect(fake.conversations.get(Number(reply.id))).toMatchObject({ body: 'We are on it.', private: false, source: 0 });
  });

  it("fails the row of a duplicate e-mail with Freshdesk's message, and writes the others", async () => {
    const sid = await connected('e2e duplicate');
    const fake = h.sandbox.freshdesk.account('e2e duplicate');
    const taken = fake.contacts.get(47000200003) as Record<string, unknown>;
    const results = await pushed(sid, 'helpdesk-contact', [
      { data: { name: 'Copy Cat', email_addresses: [{ email_address: taken['email'] as string }] } },
      { data: { name: 'New Person', email_addresses: [{ email_address: 'new.person@example.org' }] } },
    ]);
    expect(results[0]).toMatchObject({ success: false, errors: ['409: Validation failed: email: It should be a unique value'] });
    expect(results[1]).toMatchObject({ success: true });
    expect(fake.contacts.get(Number(results[1].id))).toMatchObject({ name: 'New Person', email: 'new.person@example.org' });
  });

  it('asks to connect again when Freshdesk refuses the API key (a key cannot be renewed)', async () => {
    const sid = await connected('e2e revoked');
    const fake = h.sandbox.freshdesk.account('e2e revoked');
    fake.injectFault({ status: 401, count: 1 });
    const res = await transfer(sid, 'helpdesk-company');
    expect(res.body).toMatchObject({ success: false });
    expect(res.body.message).toMatch(/Freshdesk refused the API key; the end user must connect again/);
  });
});

/**
 * A sync pull over a list paged by page number while a record is deleted: every later record moves a place up, and
 * the one that crosses into the page already read is never listed. It is still there, so it must not be reported
 * DELETED (the sync engine reads the records the list did not show by id before concluding); the deleted one is, by
 * the next pull.
 */
describeEachDialect('Freshdesk sync while records move between pages', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '250', WEFT_SANDBOX_COMPANIES: '10' } });
  });
  afterAll(async () => h?.close());

  async function syncPull(sid: string): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'helpdesk-contact', synchronous: true } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=helpdesk-contact&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }

  it('reports the deleted contact DELETED, never the one the pages moved past', async () => {
    const account = 'e2e moving pages';
    const fake = h.sandbox.freshdesk.account(account);
    const body = { schema: [{ endgrate_type: 'helpdesk-contact' }], sync: true, provider: 'freshdesk' };
    const sid = (await h.api('POST', '/api/pull/initiate', { body })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'freshdesk', fake.apiKey, { domain: fake.domain });
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    const first = await syncPull(sid);
    expect(first).toHaveLength(250);
    const ids = fake.contacts.all().map((c) => String(c['id']));
    // The second pull: once the first page (100 contacts) is served, before the second is read, the tenth contact is
    // deleted, so the 101st is listed first on page 2... of the list as it now is, page 1 of which was read before:
    // it is never listed. The step runs exactly between the two requests.
    const deleted: string[] = [];
    fake.injectFault({
      when: (r) => /\/api\/v2\/contacts\?(.*&)?page=2(&|$)/.test(r.url),
      run: () => {
        fake.contacts.delete(Number(ids[9]));
        deleted.push(ids[9] as string);
      },
    });
    // Listed on page 1 before it went, the deleted contact was seen; the 101st, never listed, is still there: no change.
    expect(await syncPull(sid)).toEqual([]);
    expect(deleted).toEqual([ids[9]]);
    // The next pull lists every contact but the deleted one: that one is DELETED, and only it.
    expect(await syncPull(sid)).toEqual([{ id: ids[9], data: null, sync_status: 'DELETED' }]);
    expect(await syncPull(sid)).toEqual([]);
  });
});
