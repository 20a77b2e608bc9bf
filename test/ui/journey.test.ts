/**
 * The hosted session journey's options, over HTTP: schema, resource and field selection (with upsert settings and
 * passthrough fields), the statistics screen, redirect_url, edit, reauthenticate, provider lists; and that what the
 * end user chose is what the configuration says and what transfers do.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { cookieJar, describeEachDialect, type Harness, openEditLink, startHarness } from '../helpers/harness.js';
import { DOCS_CONTACT } from '../helpers/schemas.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];

/** Posts a form of the hosted pages (no redirects followed). */
async function post(h: Harness, path: string, form: Array<[string, string]>, cookie?: string) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form),
  });
  return { status: res.status, location: res.headers.get('location'), cookie: cookieJar(res), text: await res.text() };
}

async function get(h: Harness, path: string, cookie?: string) {
  const res = await fetch(`${h.url}${path}`, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describeEachDialect('session journey', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '120', WEFT_SANDBOX_COMPANIES: '20' } });
  });
  afterAll(async () => h?.close());

  async function initiate(options: Record<string, unknown>, schema: unknown[] = SCHEMAS): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema, ...options } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id;
  }

  /** Connects through OAuth and returns where the journey went next (a step, or the end). */
  async function connectAndFollow(sid: string, account: string, editCookie?: string): Promise<string | null> {
    const start = await post(
      h,
      '/session/connect',
      [
        ['session_id', sid],
        ['provider', 'hubspot'],
      ],
      editCookie,
    );
    const authorize = new URL(start.location!);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('account', account);
    form.set('decision', 'authorize');
    const granted = await fetch(authorize.origin + authorize.pathname, { method: 'POST', redirect: 'manual', body: form });
    const cookie = [start.cookie, editCookie].filter(Boolean).join('; ');
    const callback = await fetch(granted.headers.get('location')!, { redirect: 'manual', headers: { cookie } });
    return callback.status === 303 ? callback.headers.get('location') : null;
  }

  it('without selection options, ends on the success screen and selects every schema both ways', async () => {
    const sid = await initiate({});
    expect(await connectAndFollow(sid, 'plain')).toBeNull();
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-contact']).toMatchObject({ selected: { pull: true, push: true }, schema: { session_method: 'IMPORT_EXPORT' } });
  });

  it('schema selection: the configuration and the transfers follow what the end user chose', async () => {
    const sid = await initiate({ schema_selection: true });
    expect(await connectAndFollow(sid, 'selective')).toBe(`/session/schemas?session_id=${sid}`);
    // Not configured until the journey ends.
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
    const page = await get(h, `/session/schemas?session_id=${sid}`);
    expect(page.text).toContain('Read contacts from HubSpot');
    expect(page.text).toContain('Write companies to HubSpot');
    const none = await post(h, '/session/schemas', [['session_id', sid]]);
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose at least one kind of data to share.');
    const done = await post(h, '/session/schemas', [
      ['session_id', sid],
      ['pull', 'crm-contact'],
      ['push', 'crm-company'],
    ]);
    expect(done.status).toBe(200);
    expect(done.text).toContain('You&#39;re connected to HubSpot');
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-contact']).toMatchObject({ selected: { pull: true, push: false }, schema: { session_method: 'IMPORT' } });
    expect(config.schemas['crm-company']).toMatchObject({ selected: { pull: false, push: true }, schema: { session_method: 'EXPORT' } });
    const refused = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      success: false,
      code: 'WEFT_ERR_SCHEMA_NOT_SELECTED',
      message: "The end user did not select 'crm-company' for pulling on the session page.",
      errors: {},
    });
    expect(
      (await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } })).body.success,
    ).toBe(true);
  });

  it("schema selection of a category's schemas: only what the provider serves is shown, and a forged choice of the rest is not kept", async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { category: 'CRM', schema_selection: true } });
    const sid = res.body.session_id as string;
    expect(await connectAndFollow(sid, 'category')).toBe(`/session/schemas?session_id=${sid}`);
    const page = await get(h, `/session/schemas?session_id=${sid}`);
    expect(page.text).toContain('Read contacts from HubSpot');
    expect(page.text).toContain('Write companies to HubSpot');
    expect(page.text).toContain('Read deals from HubSpot');
    // HubSpot's owners are read only: not offered for writing, and a forged choice to write them is not kept.
    expect(page.text).toContain('Read users from HubSpot');
    expect(page.text).not.toContain('Write users to HubSpot');
    const done = await post(h, '/session/schemas', [
      ['session_id', sid],
      ['pull', 'crm-contact'],
      ['push', 'crm-user'],
    ]);
    expect(done.status).toBe(200);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-contact'].selected).toEqual({ pull: true, push: false });
    expect(config.schemas['crm-deal'].selected).toEqual({ pull: false, push: false });
    expect(config.schemas['crm-user'].selected).toEqual({ pull: false, push: false });
  });

  it('resource selection maps a schema named by its title to a provider resource, and pulls project onto it', async () => {
    const sid = await initiate({ resource_selection: true }, [
      { title: 'Person', type: 'object', properties: { email: { type: 'string' }, full_name: { type: 'string' }, city: { type: 'string' } } },
    ]);
    expect(await connectAndFollow(sid, 'resourceful')).toBe(`/session/resources?session_id=${sid}`);
    const page = await get(h, `/session/resources?session_id=${sid}`);
    expect(page.text).toContain('HubSpot Contacts');
    expect(page.text).toContain('HubSpot Companies');
    expect(
      (
        await post(h, '/session/resources', [
          ['session_id', sid],
          ['resource:Person', 'crm-policy'],
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await post(h, '/session/resources', [
          ['session_id', sid],
          ['resource:Person', 'crm-contact'],
        ])
      ).status,
    ).toBe(200);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['Person']).toMatchObject({ integration: 'hubspot-contacts', schema: { endgrate_type: 'crm-contact' } });
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'Person', synchronous: true } });
    const data = await h.api('GET', `/api/pull/data?endgrate_type=Person&transfer_id=${pull.body.transfer_id}&limit=1`);
    const c = h.sandbox.hubspot.account('resourceful').contacts.get(data.body.transfer_data[0].id)!;
    expect(data.body.transfer_data[0].data).toEqual({
      email: c.properties['email'] ?? null,
      full_name: [c.properties['firstname'], c.properties['lastname']].filter(Boolean).join(' ') || null,
      city: c.properties['city'] ?? null,
    });
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'Person',
        synchronous: true,
        transfer_data: [{ data: { email: 'ada@person.example', full_name: 'Ada Byron King', city: 'London' } }],
      },
    });
    const result = (await h.api('GET', `/api/push/data?endgrate_type=Person&transfer_id=${push.body.transfer_id}`)).body.transfer_data[0];
    expect(result.success).toBe(true);
    expect(h.sandbox.hubspot.account('resourceful').contacts.get(result.id)!.properties).toMatchObject({
      email: 'ada@person.example',
      firstname: 'Ada Byron',
      lastname: 'King',
      city: 'London',
    });
  });

  it('field selection: an override, passthrough fields and upsert settings, used by pulls and pushes', async () => {
    const sid = await initiate({ field_selection: true, passthrough_fields: true, default_upsert_setting: 'OVERWRITE' });
    expect(await connectAndFollow(sid, 'fielder')).toBe(`/session/fields?session_id=${sid}`);
    const page = await get(h, `/session/fields?session_id=${sid}`);
    expect(page.text).toContain('favorite_color');
    expect(page.text).toContain('<summary>Advanced: when a record already exists in HubSpot</summary>');
    const bad = await post(h, '/session/fields', [
      ['session_id', sid],
      ['source:crm-contact:title', 'no_such_property'],
    ]);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('&#39;no_such_property&#39; is not a field of your account');
    const done = await post(h, '/session/fields', [
      ['session_id', sid],
      ['source:crm-contact:title', 'favorite_color'],
      ['upsert:crm-contact:first_name', 'DO_NOT_UPDATE'],
      ['upsert:crm-contact:last_name', 'SET_IF_NOT_SET'],
      ['passthrough:crm-contact', 'favorite_color'],
    ]);
    expect(done.status).toBe(200);
    const config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-contact'].field_mapping).toMatchObject({
      title: { source: 'favorite_color', upsert: 'OVERWRITE' },
      first_name: { source: null, upsert: 'DO_NOT_UPDATE' },
      last_name: { source: null, upsert: 'SET_IF_NOT_SET' },
    });
    expect(config.schemas['crm-contact'].passthrough_fields.properties).toEqual({ favorite_color: { title: 'favorite_color', type: 'string' } });

    const account = h.sandbox.hubspot.account('fielder');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    const items = (await h.api('GET', `/api/pull/data?endgrate_type=crm-contact&transfer_id=${pull.body.transfer_id}`)).body.transfer_data;
    const withColour = items.find((i: any) => account.contacts.get(i.id)!.properties['favorite_color']);
    const colour = account.contacts.get(withColour.id)!.properties['favorite_color'];
    expect(withColour.data.title).toBe(colour);
    expect(withColour.data.favorite_color).toBe(colour);

    const target = account.contacts.get(withColour.id)!;
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [{ id: target.id, data: { first_name: 'Changed', last_name: 'Changed', title: 'purple', favorite_color: 'purple' } }],
      },
    });
    expect((await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${push.body.transfer_id}`)).body.transfer_data[0].success).toBe(
      true,
    );
    const after = account.contacts.get(target.id)!.properties;
    expect(after['firstname']).toBe(target.properties['firstname']); // DO_NOT_UPDATE
    expect(after['lastname']).toBe(target.properties['lastname']); // SET_IF_NOT_SET, and it had one
    expect(after['favorite_color']).toBe('purple'); // title is written to favorite_color
    expect(after['jobtitle']).toBe(target.properties['jobtitle']);
    // A new record gets every field.
    const created = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'crm-contact',
        synchronous: true,
        transfer_data: [{ data: { first_name: 'New', last_name: 'Person' } }],
      },
    });
    const id = (await h.api('GET', `/api/push/data?endgrate_type=crm-contact&transfer_id=${created.body.transfer_id}`)).body.transfer_data[0].id;
    expect(account.contacts.get(id)!.properties).toMatchObject({ firstname: 'New', lastname: 'Person' });
  });

  it('field selection of a custom schema: the automatic match is preselected; the end user may keep it, change it or choose none', async () => {
    const sid = await initiate({ field_selection: true }, [DOCS_CONTACT]);
    expect(await connectAndFollow(sid, 'matcher')).toBe(`/session/fields?session_id=${sid}`);
    const page = await get(h, `/session/fields?session_id=${sid}`);
    const select = (p: string) => page.text.match(new RegExp(`<select id="source-Contact-${p}"[\\s\\S]*?</select>`))![0];
    const selected = (p: string) => [...select(p).matchAll(/<option value="([^"]*)" selected>([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(selected('company')).toEqual([['company', 'Company Name (company) · automatic match']]);
    expect(selected('lifecyclestage')).toEqual([['lifecyclestage', 'Lifecycle Stage (lifecyclestage) · automatic match']]);
    expect(select('company')).toContain('<option value="(none)">None</option>');
    expect(selected('first_name')).toEqual([['', 'First Name (firstname) · standard']]);
    expect(selected('age')).toEqual([['', 'None (no matching field found)']]);
    // Keep lifecyclestage's match, read company from the job title instead, and leave first_name out.
    const done = await post(h, '/session/fields', [
      ['session_id', sid],
      ['source:Contact:company', 'jobtitle'],
      ['source:Contact:lifecyclestage', 'lifecyclestage'],
      ['source:Contact:first_name', '(none)'],
      ['source:Contact:age', ''],
    ]);
    expect(done.status).toBe(200);
    const mapping = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['Contact'].field_mapping;
    expect(mapping).toMatchObject({
      company: { source: 'jobtitle', automatic: false },
      lifecyclestage: { source: 'lifecyclestage', automatic: true },
      first_name: { source: null, automatic: false },
      email: { source: null, automatic: true },
      age: { source: null, automatic: true },
    });

    const account = h.sandbox.hubspot.account('matcher');
    const pull = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'Contact', synchronous: true } });
    const items = (await h.api('GET', `/api/pull/data?endgrate_type=Contact&transfer_id=${pull.body.transfer_id}`)).body.transfer_data;
    for (const item of items) {
      const p = account.contacts.get(item.id)!.properties;
      expect(item.data).toMatchObject({ company: p['jobtitle'] || null, lifecyclestage: p['lifecyclestage'] || null, first_name: null });
    }
    const push = await h.api('POST', '/api/push/transfer', {
      body: {
        session_id: sid,
        endgrate_type: 'Contact',
        synchronous: true,
        transfer_data: [{ data: { email: 'kay@matcher.example', first_name: 'Kay', last_name: 'Lee', company: 'CTO' } }],
      },
    });
    const [result] = (await h.api('GET', `/api/push/data?endgrate_type=Contact&transfer_id=${push.body.transfer_id}`)).body.transfer_data;
    expect(result).toMatchObject({ success: true, warnings: ["'first_name' is mapped to no HubSpot field in this session; not written"] });
    const stored = account.contacts.get(result.id)!.properties;
    expect(stored).toMatchObject({ email: 'kay@matcher.example', lastname: 'Lee', jobtitle: 'CTO' });
    expect(stored['firstname'] ?? null).toBeNull();
    expect(stored['company'] ?? null).toBeNull();

    // Editing (through an edit link) shows the end user's choices, not the automatic match.
    expect((await get(h, `/session/fields?session_id=${sid}`)).status).toBe(403);
    const again = await get(h, `/session/fields?session_id=${sid}`, await openEditLink(h, sid, 'edit'));
    expect(again.text).toMatch(/<option value="jobtitle" selected>Job Title \(jobtitle\)</);
    expect(again.text).toMatch(/<select id="source-Contact-first_name"[^>]*>[\s\S]*?<option value="\(none\)" selected>None</);
  });

  /** The rows of a schema's field step, in order: the field's label (as text) and the text of its selected option. */
  function fieldRows(text: string, schemaKey: string, kind: 'source' | 'upsert' = 'source'): Array<[string, string]> {
    const rows = text.matchAll(/<div class="field-row[^"]*">\s*<label for="([^"]+)">([\s\S]*?)<\/label>[\s\S]*?<\/select>/g);
    const plain = (h: string) =>
      h
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    return [...rows]
      .filter((m) => m[1]!.startsWith(`${kind}-${schemaKey}-`))
      .map((m) => [plain(m[2]!), plain(m[0].match(/<option value="[^"]*" selected>([^<]*)</)?.[1] ?? '')]);
  }

  it('the field step: one row per field naming the HubSpot field it uses, required first; Advanced holds the upsert settings', async () => {
    const sid = await initiate({ field_selection: true, default_upsert_setting: 'DO_NOT_UPDATE' }, [DOCS_CONTACT]);
    expect(await connectAndFollow(sid, 'rows')).toBe(`/session/fields?session_id=${sid}`);
    const page = await get(h, `/session/fields?session_id=${sid}`);
    expect(page.text).not.toContain('>Automatic<');
    expect(page.text).not.toMatch(/ style="/);
    const source = page.text.slice(0, page.text.indexOf('<details'));
    expect(fieldRows(source, 'Contact')).toEqual([
      ['email required', 'Email (email) · standard'],
      ['first_name', 'First Name (firstname) · standard'],
      ['last_name', 'Last Name (lastname) · standard'],
      ['full_name', 'First Name (firstname) and Last Name (lastname) · standard'],
      ['company', 'Company Name (company) · automatic match'],
      ['age', 'None (no matching field found)'],
      ['is_employed', 'None (no matching field found)'],
      ['Lifecycle Stage', 'Lifecycle Stage (lifecyclestage) · automatic match'],
    ]);
    // The required field under its own heading, before the others.
    expect(source.indexOf('<h3>Required fields</h3>')).toBeLessThan(source.indexOf('id="source-Contact-email"'));
    expect(source.indexOf('id="source-Contact-email"')).toBeLessThan(source.indexOf('<h3>Other fields</h3>'));
    expect(source.indexOf('<h3>Other fields</h3>')).toBeLessThan(source.indexOf('id="source-Contact-first_name"'));
    // Advanced: "All fields" at the session's default, and each field the same as all fields.
    const advanced = page.text.slice(page.text.indexOf('<details class="field-advanced">'), page.text.indexOf('</details>'));
    expect(advanced).toContain('<summary>Advanced: when a record already exists in HubSpot</summary>');
    expect(advanced).toMatch(
      /<select id="upsert-all-Contact" name="upsert:Contact">\s*<option value="OVERWRITE">Overwrite<\/option><option value="DO_NOT_UPDATE" selected>Do not update<\/option>/,
    );
    expect(fieldRows(advanced, 'Contact', 'upsert').map(([label, choice]) => [label, choice])).toEqual(
      ['email', 'first_name', 'last_name', 'full_name', 'company', 'age', 'is_employed', 'Lifecycle Stage'].map((l) => [
        `${l} (when the record already exists in HubSpot)`,
        'Same as all fields',
      ]),
    );

    // "All fields" applies to every field left the same as all fields; a field's own setting wins.
    const done = await post(h, '/session/fields', [
      ['session_id', sid],
      ['upsert:Contact', 'SET_IF_NOT_SET'],
      ['upsert:Contact:first_name', 'OVERWRITE'],
      ['upsert:Contact:last_name', ''],
    ]);
    expect(done.status).toBe(200);
    const mapping = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['Contact'].field_mapping;
    expect(Object.fromEntries(Object.entries(mapping).map(([p, m]) => [p, (m as { upsert: string }).upsert]))).toEqual({
      email: 'SET_IF_NOT_SET',
      first_name: 'OVERWRITE',
      last_name: 'SET_IF_NOT_SET',
      full_name: 'SET_IF_NOT_SET',
      company: 'SET_IF_NOT_SET',
      age: 'SET_IF_NOT_SET',
      is_employed: 'SET_IF_NOT_SET',
      lifecyclestage: 'SET_IF_NOT_SET',
    });
    // Editing shows them so: most fields' setting as "All fields", the other as its own.
    const again = (await get(h, `/session/fields?session_id=${sid}`, await openEditLink(h, sid, 'edit'))).text;
    expect(again).toMatch(/name="upsert:Contact">[^]*?<option value="SET_IF_NOT_SET" selected>Set only if empty</);
    const edited = fieldRows(again.slice(again.indexOf('<details')), 'Contact', 'upsert');
    expect(edited[0]).toEqual(['email (when the record already exists in HubSpot)', 'Same as all fields']);
    expect(edited[1]).toEqual(['first_name (when the record already exists in HubSpot)', 'Overwrite']);
  });

  it('the field step of data only read: the standard schemas name their HubSpot fields, and there is no Advanced', async () => {
    const sid = await initiate({ schema_selection: true, field_selection: true });
    expect(await connectAndFollow(sid, 'reader')).toBe(`/session/schemas?session_id=${sid}`);
    const chosen = await post(h, '/session/schemas', [
      ['session_id', sid],
      ['pull', 'crm-contact'],
      ['pull', 'crm-company'],
    ]);
    expect(chosen.location).toBe(`/session/fields?session_id=${sid}`);
    const page = await get(h, `/session/fields?session_id=${sid}`);
    expect(page.text).not.toContain('<details');
    expect(page.text).not.toContain('name="upsert:');
    expect(fieldRows(page.text, 'crm-contact')).toEqual([
      ['First Name', 'First Name (firstname) · standard'],
      ['Last Name', 'Last Name (lastname) · standard'],
      ['Title', 'Job Title (jobtitle) · standard'],
      ['Email Addresses', 'Email (email) and Additional email addresses (hs_additional_emails) · standard'],
      ['Phone Numbers', 'Phone Number (phone) + 2 more · standard'],
      ['Addresses', 'Street Address (address) + 4 more · standard'],
      ['Company ID', 'Primary Associated Company ID (associatedcompanyid) · standard'],
      ['Owner ID', 'Contact owner (hubspot_owner_id) · standard'],
      ['Lifecycle Stage', 'Lifecycle Stage (lifecyclestage) · standard'],
      ['Created At', 'Create Date (createdate) · standard'],
      ['Updated At', 'Last Modified Date (lastmodifieddate) · standard'],
    ]);
    expect(fieldRows(page.text, 'crm-company').map(([label]) => label)).toEqual([
      'Company Name',
      'Description',
      'Industry',
      'Website',
      'Number of Employees',
      'Annual Revenue',
      'Addresses',
      'Phone Numbers',
      'Owner ID',
      'Created At',
      'Updated At',
    ]);
  });

  it('does not configure a session whose provider did not list its fields for the automatic matches; trying again does', async () => {
    const sid = await initiate({ field_selection: true }, [DOCS_CONTACT]);
    expect(await connectAndFollow(sid, 'unlisted')).toBe(`/session/fields?session_id=${sid}`);
    // The step reads the fields once; matching them when the session is configured, a second time, fails.
    h.sandbox.hubspot
      .account('unlisted')
      .injectFault({ status: 400, after: 1, body: { status: 'error', message: 'Bad request', category: 'VALIDATION_ERROR' } });
    const failed = await post(h, '/session/fields', [['session_id', sid]]);
    expect(failed.status).toBe(502);
    expect(failed.text).toContain('HubSpot did not list its fields. Please try again.');
    expect((await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.message).toBe('Session not yet configured.');
    expect((await post(h, '/session/fields', [['session_id', sid]])).status).toBe(200);
    const mapping = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas['Contact'].field_mapping;
    expect(mapping.company).toEqual({ source: 'company', upsert: 'OVERWRITE', automatic: true });
  });

  it('ends on the statistics screen for an unsaved session with statistics, and on redirect_url when given', async () => {
    const sid = await initiate({ statistics: true });
    expect(await connectAndFollow(sid, 'stats')).toBe(`/session/statistics?session_id=${sid}`);
    await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-company', synchronous: true } });
    const screen = await get(h, `/session/statistics?session_id=${sid}`);
    expect(screen.text).toContain('You&#39;re connected to HubSpot');
    expect(screen.text).toContain('/statistics?transfer_id=');
    // With save_session, the success screen instead.
    const saved = await initiate({ statistics: true, save_session: true });
    expect(await connectAndFollow(saved, 'stats')).toBeNull();
    const redirected = await initiate({ redirect_url: 'https://app.example.com/done?check_id=42', schema_selection: true });
    expect(await connectAndFollow(redirected, 'redir')).toBe(`/session/schemas?session_id=${redirected}`);
    const end = await post(h, '/session/schemas', [
      ['session_id', redirected],
      ['pull', 'crm-contact'],
    ]);
    expect(end).toMatchObject({ status: 303, location: 'https://app.example.com/done?check_id=42' });
  });

  it('edit runs the selection steps again; reauthenticate connects again and keeps the choices', async () => {
    const sid = await initiate({ schema_selection: true });
    await connectAndFollow(sid, 'editor');
    await post(h, '/session/schemas', [
      ['session_id', sid],
      ['pull', 'crm-contact'],
    ]);
    // Configured: the plain edit link only says that a fresh link is needed.
    const plain = await get(h, `/session/edit?session_id=${sid}`);
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('you need a fresh link');
    const editCookie = await openEditLink(h, sid, 'edit');
    const edit = await get(h, `/session/edit?session_id=${sid}`, editCookie);
    expect(edit).toMatchObject({ status: 303, location: `/session/schemas?session_id=${sid}` });
    const form = await get(h, edit.location!, editCookie);
    expect(form.text).toMatch(/value="crm-contact" checked/);
    await post(
      h,
      '/session/schemas',
      [
        ['session_id', sid],
        ['pull', 'crm-company'],
      ],
      editCookie,
    );
    let config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-company'].selected.pull).toBe(true);
    expect(config.schemas['crm-contact'].selected.pull).toBe(false);
    expect((await get(h, `/session/reauthenticate?session_id=${sid}`)).text).toContain('you need a fresh link');
    const reauthCookie = await openEditLink(h, sid, 'reauthenticate');
    const reauth = await get(h, `/session/reauthenticate?session_id=${sid}`, reauthCookie);
    expect(reauth.status).toBe(303);
    expect(reauth.location).toContain('/sandbox/hubspot/oauth/authorize');
    const version = (await h.services.database.db.selectFrom('credentials').select('version').where('session_id', '=', sid).executeTakeFirstOrThrow())
      .version;
    expect(await connectAndFollow(sid, 'editor', reauthCookie)).toBeNull();
    expect(
      (await h.services.database.db.selectFrom('credentials').select('version').where('session_id', '=', sid).executeTakeFirstOrThrow()).version,
    ).toBe(version + 1);
    config = (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body;
    expect(config.schemas['crm-company'].selected.pull).toBe(true);
    expect(config.schemas['crm-contact'].selected.pull).toBe(false);
    // Not connected yet: edit and reauthenticate lead to the provider choice.
    const fresh = await initiate({});
    expect((await get(h, `/session/edit?session_id=${fresh}`)).location).toBe(`/session?session_id=${fresh}`);
    expect((await get(h, `/session/reauthenticate?session_id=${fresh}`)).location).toBe(`/session?session_id=${fresh}`);
  });

  it('offers only the providers of an integration provider list, and the preset provider goes straight to it', async () => {
    await h.services.database.db
      .insertInto('provider_lists')
      .values({
        id: 'list-pd-only-000000000000',
        project_id: h.projectId,
        name: 'Pipedrive only',
        providers: '["pipedrive"]',
        created_at: Date.now(),
      })
      .execute();
    const listed = await initiate({ integration_provider_list_id: 'list-pd-only-000000000000' });
    const page = await get(h, `/session?session_id=${listed}`);
    expect(page.text).toContain('value="pipedrive"');
    expect(page.text).not.toContain('value="hubspot"');
    const unknown = await h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, integration_provider_list_id: 'nope' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual({ integration_provider_list_id: "is not the id of one of this project's provider lists" });
    const preset = await initiate({ provider: 'hubspot' });
    const straight = await get(h, `/session?session_id=${preset}`);
    expect(straight.status).toBe(303);
    expect(straight.location).toContain('/sandbox/hubspot/oauth/authorize');
    // Only providers that support every schema of the session are offered.
    const tasks = await initiate({}, [{ endgrate_type: 'crm-contact' }]);
    expect((await get(h, `/session?session_id=${tasks}`)).text).toContain('value="salesforce"');
  });
});
