/**
 * Typeform end to end through Weft's API against the Typeform fake over HTTP: connected on the session page by OAuth
 * (refreshed when the access token expires) and by personal access token; every form's questions (a group's after
 * the group) and every response as a lead (form by form, newest first, with exact ids, answers and the respondent's
 * name, e-mail and phone); the responses submitted since a time pulled with Typeform's `since`; a session cannot push
 * them; a refused token asks to connect again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { readCredentials } from '../../src/sessions/credentials.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const TYPES = ['forms-question', 'forms-lead'];
const SCHEMAS = { schema: TYPES.map((t) => ({ endgrate_type: t })) };
/** The sandbox's default account: 3 forms, 1,000 responses (the shared contacts' size) spread over them in turn. */
const FORMS = ['15ftgG', '15ftgH', '15ftgI'];
const RESPONSES = 1000;

type Json = Record<string, any>;

describeEachDialect('Typeform', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_RATE_LIMIT: 'off' } });
  });
  afterAll(async () => h?.close());

  const typeform = (account: string) => h.sandbox.typeform.account(account);

  async function withToken(account: string): Promise<string> {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'typeform' } })).body.session_id as string;
    const res = await h.connectWithApiKey(sid, 'typeform', typeform(account).personalAccessToken);
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

  /** The fake's responses to a form, newest first (as Typeform lists them). */
  const responsesOf = (account: string, formId: string): Json[] => {
    const out: Json[] = [];
    const records = typeform(account).responses;
    for (let cursor: string | undefined; ;) {
      const page = records.list({ limit: 500, ...(cursor ? { cursor } : {}) });
      out.push(...(page.data as Json[]).filter((r) => String(r['metadata']['referer']).endsWith(`/to/${formId}`)));
      if (page.nextCursor === null) return out.reverse();
      cursor = page.nextCursor;
    }
  };

  it('connects by OAuth and pulls every question of every form, a group and its questions in order; an expired token is refreshed', async () => {
    const sid = (await h.api('POST', '/api/pull/initiate', { body: { ...SCHEMAS, provider: 'typeform' } })).body.session_id as string;
    await h.connect(sid, 'typeform-oauth', 'typeform', { method: 'oauth2' });
    const creds = (await readCredentials(h.services, sid))!.creds;
    expect(creds).toMatchObject({ kind: 'oauth2', accountKey: expect.stringMatching(/^typeform:[0-9a-f]{16}$/) });
    expect((creds as { refreshToken: string | null }).refreshToken).toEqual(expect.any(String));
    const fake = typeform('typeform-oauth');
    const questions = await pulled(sid, 'forms-question');
    const forms = FORMS.map((id) => fake.forms.get(1_000_000_000 + FORMS.indexOf(id)) as Json);
    expect(questions.map((q) => q.data.form_id)).toEqual(FORMS.flatMap((id, i) => Array(i === 0 ? 10 : 7).fill(id)));
    const demo = forms[0]!;
    const group = (demo['fields'] as Json[])[3]!;
    const plan = (demo['fields'] as Json[])[4]!;
    expect(questions.slice(3, 7)).toEqual([
      {
        id: group['id'],
        data: {
          form_id: FORMS[0],
          form_title: 'Book a demo',
          title: 'About your company',
          type: 'GROUP',
          required: null,
          choices: [],
          position: 3,
          group_id: null,
          updated_at: new Date(demo['last_updated_at']).toISOString(),
        },
      },
      {
        id: group['properties']['fields'][0]['id'],
        data: expect.objectContaining({ title: 'Company name', type: 'SHORT_TEXT', required: true, position: 4, group_id: group['id'] }),
      },
      {
        id: group['properties']['fields'][1]['id'],
        data: expect.objectContaining({ title: 'How many people work there?', type: 'NUMBER', required: false, position: 5, group_id: group['id'] }),
      },
      {
        id: plan['id'],
        data: expect.objectContaining({
          title: 'Which plan are you interested in?',
          type: 'MULTIPLE_CHOICE',
          required: true,
          choices: plan['properties']['choices'].map((c: Json) => ({ id: c['id'], label: c['label'] })),
          position: 6,
          group_id: null,
        }),
      },
    ]);
    // The token expires: refreshed once, the pull goes on.
    fake.resetCounters();
    expect(fake.expireAccessTokens()).toBe(1);
    expect(await pulled(sid, 'forms-question')).toHaveLength(24);
    expect(fake.counters().byKind['token']).toBe(1);
  });

  it('pulls every response as a lead by personal access token, form by form, newest first, with its answers and the respondent', async () => {
    const sid = await withToken('typeform-pulls');
    const fake = typeform('typeform-pulls');
    fake.resetCounters();
    const leads = await pulled(sid, 'forms-lead');
    const byForm = FORMS.map((id) => responsesOf('typeform-pulls', id));
    expect(leads.map((l) => l.id)).toEqual(byForm.flat().map((r) => r['token']));
    expect(leads).toHaveLength(RESPONSES);
    // One page of responses a form (334 at most, 1,000 a page), the forms listed once and read once each.
    expect([fake.counters().byKind['list:responses'], fake.counters().byKind['list:forms'], fake.counters().byKind['get:form']]).toEqual([3, 1, 3]);

    // A "Book a demo" response with every answer: exact, the amount as Typeform's decimal text.
    const demo = fake.forms.get(1_000_000_000) as Json;
    const flat = (fields: Json[]): Json[] => fields.flatMap((f) => [f, ...flat(f['properties']?.['fields'] ?? [])]);
    const questions = new Map(flat(demo['fields'] as Json[]).map((f) => [f['id'], f]));
    const full = byForm[0]!.find((r) => (r['answers'] as Json[]).length === 8)!;
    const answer = (ref: string) => (full['answers'] as Json[]).find((a) => a['field']['ref'] === ref)!;
    const id = (ref: string) => answer(ref)['field']['id'] as string;
    const title = (ref: string) => questions.get(id(ref))?.['title'] as string;
    expect(leads.find((l) => l.id === full['token'])).toEqual({
      id: full['token'],
      data: {
        form_id: FORMS[0],
        form_title: 'Book a demo',
        name: answer('name')['text'],
        email_addresses: [{ email_address: answer('email')['email'], email_address_type: 'OTHER' }],
        phone_numbers: [{ phone_number: answer('phone')['phone_number'], phone_number_type: 'OTHER' }],
        answers: [
          { question_id: id('name'), question_title: title('name'), type: 'SHORT_TEXT', text: answer('name')['text'] },
          { question_id: id('email'), question_title: title('email'), type: 'EMAIL', text: answer('email')['email'] },
          { question_id: id('phone'), question_title: title('phone'), type: 'PHONE_NUMBER', text: answer('phone')['phone_number'] },
          { question_id: id('company_name'), question_title: 'Company name', type: 'SHORT_TEXT', text: answer('company_name')['text'] },
          { question_id: id('team_size'), question_title: title('team_size'), type: 'NUMBER', number: String(answer('team_size')['number']) },
          { question_id: id('plan'), question_title: title('plan'), type: 'MULTIPLE_CHOICE', choices: [answer('plan')['choice']['label']] },
          { question_id: id('deposit'), question_title: 'Deposit', type: 'PAYMENT', number: answer('deposit')['payment']['amount'], currency: 'EUR' },
          { question_id: id('call_ok'), question_title: 'May we call you?', type: 'YES_NO', boolean: answer('call_ok')['boolean'] },
        ],
        landed_at: new Date(full['landed_at']).toISOString(),
        submitted_at: new Date(full['submitted_at']).toISOString(),
      },
    });
    // Registration: the name from the first and last name questions; feedback: no name, its e-mail when given.
    const registration = byForm[2]![0]!;
    const first = (registration['answers'] as Json[]).find((a) => a['field']['ref'] === 'first_name')!['text'];
    const last = (registration['answers'] as Json[]).find((a) => a['field']['ref'] === 'last_name')!['text'];
    expect(leads.find((l) => l.id === registration['token']).data.name).toBe(`${first} ${last}`);
    const feedback = leads.filter((l) => l.data.form_id === FORMS[1]);
    expect(new Set(feedback.map((l) => l.data.name))).toEqual(new Set([null]));
    expect(feedback.some((l) => l.data.email_addresses.length === 1) && feedback.some((l) => l.data.email_addresses.length === 0)).toBe(true);
  });

  it("pulls only the responses submitted since a time with Typeform's since", async () => {
    const sid = await withToken('typeform-since');
    const fake = typeform('typeform-since');
    const newest = FORMS.map((id) => responsesOf('typeform-since', id)[0]!);
    // The seed's last response, and one submitted now to the second form.
    const last = newest.reduce((a, b) => (a['submitted_at'] >= b['submitted_at'] ? a : b));
    const fresh = fake.responses.create({ form_id: FORMS[1], answers: { rating: { number: 5 }, email: { text: 'fresh@example.com' } } });
    const since = last['submitted_at'] as string;
    fake.resetCounters();
    const changed = await pulled(sid, 'forms-lead', { params: { submitted_at__range: [since, null] } });
    expect(changed.map((r) => r.id).sort()).toEqual([last['token'], fresh['token']].sort());
    expect(changed.find((r) => r.id === fresh['token']).data).toMatchObject({
      form_id: FORMS[1],
      email_addresses: [{ email_address: 'fresh@example.com', email_address_type: 'OTHER' }],
      answers: [expect.objectContaining({ type: 'RATING', number: '5' }), expect.objectContaining({ type: 'EMAIL', text: 'fresh@example.com' })],
    });
    expect(fake.counters().byKind['list:responses']).toBe(3);
  });

  it('offers nothing to push: both types are read only', async () => {
    const res = await h.api('POST', '/api/session/initiate', { body: { ...SCHEMAS, provider: 'typeform' } });
    expect([res.status, res.body.message]).toEqual([
      400,
      "Invalid request: 'schema/0/endgrate_type' no provider Weft connects serves 'forms-question' (pulling and pushing) yet.",
    ]);
  });

  it('asks to connect again when Typeform refuses the personal access token', async () => {
    const sid = await withToken('typeform-refused');
    typeform('typeform-refused').injectFault({ status: 401, count: 1 });
    const t = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'forms-question', synchronous: true } });
    expect(t.body.success).toBe(false);
    expect(t.body.message).toBe('The transfer failed: Typeform refused the API key; the end user must connect again.');
  });
});
