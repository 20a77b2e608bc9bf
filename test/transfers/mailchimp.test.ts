/**
 * Mailchimp end to end through Weft's API against the Mailchimp fake over HTTP: connected on the session page by OAuth
 * (a token that never expires) and by API key with its data center; every audience's members pulled with exact ids
 * and bodies, one audience by a `list_id` filter; what changed since a time pulled with `since_last_changed`; members
 * pushed (created into an audience, updated with tags, an address, a new status) and read back from the fake; what
 * Mailchimp cannot hold reported; a refused key asks to connect again.
 */
import { createHash } from 'node:crypto';

import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = { schema: [{ endgrate_type: 'marketing-contact' }] };
/** The sandbox's default account: 3 audiences, 300 members, every third in each. */
const LISTS = ['5a1e000001', '5a1e000002', '5a1e000003'];
const md5 = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');
const iso = (mailchimp: string) => (mailchimp === '' ? null : new Date(mailchimp).toISOString());

describeEachDialect('Mailchimp', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const fake = (account: string) => h.sandbox.mailchimp.account(account);

  async function withKey(account: string, pull = true): Promise<string> {
    const body = { ...SCHEMAS, provider: 'mailchimp' };
    const sid = (await h.api('POST', pull ? '/api/pull/initiate' : '/api/session/initiate', { body })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'mailchimp', fake(account).apiKey);
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    return sid;
  }

  async function pulled(sid: string, extra: object = {}): Promise<any[]> {
    const t = await h.api('POST', '/api/pull/transfer', {
      body: { session_id: sid, endgrate_type: 'marketing-contact', synchronous: true, ...extra },
    });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const items: any[] = [];
    for (let offset = 0; ; offset += 250) {
      const page = await h.api('GET', `/api/pull/data?endgrate_type=marketing-contact&transfer_id=${t.body.transfer_id}&offset=${offset}`);
      items.push(...page.body.transfer_data);
      if (!page.body.meta.next) return items;
    }
  }

  async function pushed(sid: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: 'marketing-contact', synchronous: true, transfer_data: items },
    });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ success: true });
    return (await h.api('GET', `/api/push/data?endgrate_type=marketing-contact&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  /** The fake's members as the lists show them (archived ones left out), audience by audience. */
  const listed = (account: string) => {
    const all = fake(account).members.list({ limit: 1000 }).data as Array<Record<string, any>>;
    return LISTS.flatMap((l) => all.filter((m) => m['list_id'] === l && m['status'] !== 'archived'));
  };

  /** A member as Weft maps it. */
  const common = (m: Record<string, any>) => {
    const a = m['merge_fields'].ADDRESS;
    return {
      id: `${m['list_id']}:${m['id']}`,
      data: {
        email_address: m['email_address'],
        first_name: m['merge_fields'].FNAME || null,
        last_name: m['merge_fields'].LNAME || null,
        phone_number: m['merge_fields'].PHONE || null,
        status: String(m['status']).toUpperCase(),
        tags: m['tags'].map((t: any) => t.name),
        list_id: m['list_id'],
        addresses:
          a === ''
            ? []
            : [
                {
                  address_type: 'PRIMARY',
                  street_1: a.addr1,
                  street_2: a.addr2 || null,
                  city: a.city,
                  state: a.state,
                  postal_code: a.zip,
                  country: a.country,
                },
              ],
        opted_in_at: iso(m['timestamp_opt']),
        created_at: iso(m['timestamp_signup']) ?? iso(m['timestamp_opt']),
        updated_at: iso(m['last_changed']),
      },
    };
  };

  it('connects by OAuth (the token never expires) and pulls every audience, member by member', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'mailchimp' } })).body.session_id as string;
    await h.connect(sid, 'mailchimp-oauth', 'mailchimp', { method: 'oauth2' });
    const creds = (await readCredentials(h.services, sid))!.creds;
    expect(creds).toMatchObject({
      kind: 'oauth2',
      expiresAt: null,
      refreshToken: null,
      accountKey: expect.stringMatching(/^mailchimp:[0-9a-f]{16}$/),
    });
    const members = listed('mailchimp-oauth');
    expect(members.length).toBeGreaterThan(250);
    fake('mailchimp-oauth').resetCounters();
    const records = await pulled(sid);
    expect(records).toEqual(members.map(common));
    // One page of up to 1000 a list, the lists read once.
    expect(fake('mailchimp-oauth').counters().byKind).toMatchObject({ 'list:lists': 1, 'list:members': 3 });
  });

  it('pulls by API key one audience by a list_id filter, and only what changed since a time', async () => {
    const sid = await withKey('mailchimp-pulls');
    const f = fake('mailchimp-pulls');
    const second = listed('mailchimp-pulls').filter((m) => m['list_id'] === LISTS[1]);
    expect((await pulled(sid, { params: { list_id: LISTS[1] } })).map((r) => r.id)).toEqual(second.map((m) => `${LISTS[1]}:${m['id']}`));

    const since = new Date(Date.now() - 1000).toISOString();
    const [a, b] = [listed('mailchimp-pulls')[3]!, listed('mailchimp-pulls')[250]!];
    f.members.update(Number(a['web_id']), { merge_fields: { FNAME: 'Changed' } });
    f.members.update(Number(b['web_id']), { status: 'unsubscribed' });
    const changed = await pulled(sid, { params: { updated_at__range: [since, null] } });
    expect(changed.map((r) => [r.id, r.data.first_name, r.data.status])).toEqual([
      [`${a['list_id']}:${a['id']}`, 'Changed', String(a['status']).toUpperCase()],
      [`${b['list_id']}:${b['id']}`, b['merge_fields'].FNAME || null, 'UNSUBSCRIBED'],
    ]);
  });

  it('pushes members into an audience and updates them by subscriber hash, reading them back from the fake', async () => {
    const sid = await withKey('mailchimp-pushes', false);
    const f = fake('mailchimp-pushes');
    const [made, pending, refused] = await pushed(sid, [
      {
        data: {
          email_address: 'Grace.Hopper@Example.com',
          first_name: 'Grace',
          last_name: 'Hopper',
          status: 'SUBSCRIBED',
          tags: ['VIP', 'Navy'],
          list_id: LISTS[1],
          addresses: [{ address_type: 'PRIMARY', street_1: '1 Navy Way', city: 'Arlington', state: 'VA', postal_code: '22202', country: 'US' }],
        },
      },
      { data: { email_address: 'ada@example.org', list_id: LISTS[0], opted_in_at: '2024-01-01T00:00:00.000Z' } },
      { data: { email_address: 'nobody@example.org' } },
    ]);
    const hash = md5('grace.hopper@example.com');
    expect(made).toMatchObject({ success: true, id: `${LISTS[1]}:${hash}` });
    const id = f.memberId(LISTS[1]!, hash)!;
    expect(f.members.get(id)).toMatchObject({
      email_address: 'Grace.Hopper@Example.com',
      status: 'subscribed',
      merge_fields: {
        FNAME: 'Grace',
        LNAME: 'Hopper',
        ADDRESS: { addr1: '1 Navy Way', addr2: '', city: 'Arlington', state: 'VA', zip: '22202', country: 'US' },
      },
      tags: [{ name: 'VIP' }, { name: 'Navy' }],
    });
    expect(pending).toMatchObject({ success: true, id: `${LISTS[0]}:${md5('ada@example.org')}` });
    expect(pending.warnings).toEqual([
      'Mailchimp stamps when a contact opted in; opted_in_at was not written',
      'Mailchimp needs a status for a new contact: PENDING was written (Mailchimp asks the contact to confirm)',
    ]);
    expect(f.members.get(f.memberId(LISTS[0]!, md5('ada@example.org'))!)).toMatchObject({ status: 'pending', timestamp_opt: '' });
    expect(refused).toMatchObject({ success: false, errors: ['A new Mailchimp contact needs a list_id: the account has 3 audiences'] });

    const [updated] = await pushed(sid, [
      { id: made.id, data: { status: 'UNSUBSCRIBED', phone_number: '+1 555 0100', tags: ['Navy', 'Speaker'], list_id: LISTS[2] } },
    ]);
    expect(updated).toMatchObject({
      success: true,
      id: made.id,
      warnings: ['Mailchimp cannot move a contact to another audience; list_id was not written'],
    });
    expect(f.members.get(id)).toMatchObject({
      status: 'unsubscribed',
      list_id: LISTS[1],
      merge_fields: { FNAME: 'Grace', PHONE: '+1 555 0100' },
      tags: [{ name: 'Navy' }, { name: 'Speaker' }],
    });
    // A new address moves the member to the new address's hash.
    const [moved] = await pushed(sid, [{ id: made.id, data: { email_address: 'grace@example.net' } }]);
    expect(moved).toMatchObject({ success: true, id: `${LISTS[1]}:${md5('grace@example.net')}` });

    const [bad] = await pushed(sid, [
      { data: { email_address: 'x@example.org', list_id: LISTS[0], status: 'SUBSCRIBED', addresses: [{ city: 'Leeds' }] } },
    ]);
    expect(bad).toMatchObject({ success: false, errors: ['Mailchimp takes a complete address only: street_1, state, postal_code missing'] });
  });

  it("pulls the account's user: the login the key acts as", async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { schema: [{ endgrate_type: 'marketing-user' }], provider: 'mailchimp' } })).body
      .session_id as string;
    const key = fake('mailchimp-users').apiKey;
    expect((await h.connectWithApiKey(sid, 'mailchimp', key)).status).toBe(200);
    const root = (await (
      await fetch(`${h.sandbox.mailchimp.baseUrl}/3.0/`, { headers: { authorization: `Basic ${Buffer.from(`any:${key}`).toString('base64')}` } })
    ).json()) as Record<string, any>;
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'marketing-user', synchronous: true } });
    expect(t.body, JSON.stringify(t.body)).toMatchObject({ success: true });
    const page = await h.api('GET', `/api/pull/data?endgrate_type=marketing-user&transfer_id=${t.body.transfer_id}`);
    expect(page.body.transfer_data).toEqual([
      {
        id: root['login_id'],
        data: {
          name: `${root['first_name']} ${root['last_name']}`,
          email_addresses: [{ email_address: root['email'], email_address_type: 'WORK' }],
          role: 'owner',
          is_active: true,
        },
      },
    ]);
  });

  it('reads the data center from the key itself, and refuses a key without one before asking Mailchimp', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'mailchimp' } })).body.session_id as string;
    const account = fake('mailchimp-key-dc');
    let asked = 0;
    account.injectFault({
      when: () => {
        asked++;
        return false;
      },
      run: () => undefined,
    });
    const cut = await h.connectWithApiKey(sid, 'mailchimp', account.apiKey.replace(/-us[0-9]+$/, ''));
    expect(cut.status).toBe(400);
    expect(cut.text).toContain('This is not a Mailchimp API key: check that you copied all of it.');
    expect(asked).toBe(0);
    expect((await h.connectWithApiKey(sid, 'mailchimp', account.apiKey)).status).toBe(200);
    expect(asked).toBe(1);
  });

  it('asks to connect again when Mailchimp refuses the API key', async () => {
    const sid = await withKey('mailchimp-refused');
    fake('mailchimp-refused').injectFault({ status: 401, count: 1 });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'marketing-contact', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe('The transfer failed: Mailchimp refused the API key; the end user must connect again.');
  });
});
