/**
 * Typeform's mappers on recorded-shape API answers (a form with a group, a response of every kind of answer): the
 * questions flattened with their positions and groups, the leads with their answers typed, amounts exact, the
 * respondent's name, e-mail and phone; what a pull asks Typeform (the forms once, a form's definition once, responses
 * 1000 a page, the next `before` the last token, `since` from a filter); nothing written; the error text of
 * Typeform's answers.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { ProviderClient, ProviderRequest } from '../../src/connectors/kit/http.js';
import { errorText, typeformConnector } from '../../src/connectors/typeform/connector.js';
import { LEAD, nameOf, QUESTION, questionType } from '../../src/connectors/typeform/mapping.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`fixtures/typeform/${name}`, import.meta.url), 'utf8')) as T;
type Json = Record<string, any>;

const FORM = fixture<Json>('form.json');
const RESPONSES = fixture<Json>('responses.json');

/** A client answering from the fixtures (or `answers`), recording what it is asked. */
function recording(answers?: (req: ProviderRequest) => unknown): { client: ProviderClient; requests: ProviderRequest[] } {
  const requests: ProviderRequest[] = [];
  const client = {
    apiBase: 'https://api.typeform.com',
    async request(req: ProviderRequest) {
      requests.push(req);
      const own = answers?.(req);
      if (own !== undefined) return { status: 200, headers: {}, body: own };
      if (req.path === '/forms')
        return {
          status: 200,
          headers: {},
          body: { total_items: 1, page_count: 1, items: [{ id: 'Yq3Lw2', title: 'Workshop sign-up', last_updated_at: '2024-03-05T16:45:12Z' }] },
        };
      if (req.path === '/forms/Yq3Lw2') return { status: 200, headers: {}, body: FORM };
      if (req.path === '/forms/Yq3Lw2/responses') return { status: 200, headers: {}, body: RESPONSES };
      throw new Error(`Unexpected request ${req.path}`);
    },
  } as unknown as ProviderClient;
  return { client, requests };
}

const pull = (client: ProviderClient, type: string, cursor: string | null = null, filter?: unknown) =>
  typeformConnector.pull(client, { endgrateType: type, cursor, associations: [], ...(filter ? { filter: filter as never } : {}) });

describe('Typeform questions (forms-question)', () => {
  it("reads every field of a form in the respondent's order, a group's questions after it, with position, group and form", async () => {
    const { client } = recording();
    const page = await pull(client, 'forms-question');
    expect(page.next).toBeNull();
    const form = { form_id: 'Yq3Lw2', form_title: 'Workshop sign-up', updated_at: '2024-03-05T16:45:12.000Z' };
    expect(page.records.map((r) => [r.id, r.data['position'], r.data['type'], r.data['group_id']])).toEqual([
      ['nH7kPq2RtW4x', 0, 'SHORT_TEXT', null],
      ['mB2vCx8ZsL1q', 1, 'SHORT_TEXT', null],
      ['gR5tYu7IoP9a', 2, 'GROUP', null],
      ['eM4aIl6LkJ2h', 3, 'EMAIL', 'gR5tYu7IoP9a'],
      ['pH9oNe3QwE5r', 4, 'PHONE_NUMBER', 'gR5tYu7IoP9a'],
      ['sE1sSi2OnN3s', 5, 'MULTIPLE_CHOICE', null],
      ['tI7cKe8T9sCc', 6, 'NUMBER', null],
      ['pA1yMe2N3tDd', 7, 'PAYMENT', null],
      ['dA4tE5o6nEe7', 8, 'DATE', null],
      ['rA8nK9i0nGf1', 9, 'OTHER', null],
      ['yE2sN3o4Gg5h', 10, 'YES_NO', null],
      ['sT6aT7e8Mh9i', 11, 'STATEMENT', null],
    ]);
    expect(page.records[5]).toEqual({
      id: 'sE1sSi2OnN3s',
      data: {
        ...form,
        title: 'Which sessions will you join?',
        type: 'MULTIPLE_CHOICE',
        required: true,
        choices: [
          { id: 'cH1oIc2Ee3Aa', label: 'Morning: sketching' },
          { id: 'cH4oIc5Ee6Bb', label: 'Afternoon: printing' },
        ],
        position: 5,
        group_id: null,
      },
    });
    // A group and a statement ask nothing themselves: no `required`.
    expect(page.records[2]?.data).toEqual({
      ...form,
      title: 'How to reach you',
      type: 'GROUP',
      required: null,
      choices: [],
      position: 2,
      group_id: null,
    });
    expect(page.records[11]?.data['required']).toBeNull();
    expect([questionType('contact_info'), questionType('picture_choice'), questionType(''), questionType(undefined)]).toEqual([
      'OTHER',
      'PICTURE_CHOICE',
      null,
      null,
    ]);
  });

  it('writes nothing: both types are read only, and say why', async () => {
    expect(QUESTION.write({ title: 'New question' }, undefined)).toEqual({
      body: {},
      warnings: ['Typeform forms are written in its form builder; nothing was written'],
      errors: [],
    });
    expect(LEAD.write({ name: 'Ada' }, undefined).warnings).toEqual(['Typeform responses are submitted by respondents; nothing was written']);
    const { client, requests } = recording();
    expect(await typeformConnector.push(client, { endgrateType: 'forms-lead', operations: [{ index: 0, id: null, data: { name: 'Ada' } }] })).toEqual(
      [{ index: 0, success: false, id: null, errors: ["Typeform's responses are read only"], mayHaveApplied: false }],
    );
    expect(requests).toEqual([]);
  });
});

describe('Typeform responses (forms-lead)', () => {
  it('reads a response: every answer by kind, the amount as decimal text with its currency, the respondent picked from the answers', async () => {
    const { client } = recording();
    const page = await pull(client, 'forms-lead');
    expect(page.records.map((r) => r.id)).toEqual(['v2dq4ukwbpgw0k5wxnv2dq4ukp8ws0zr', 'a8zq1rkmct3vy6wpd0e9a8zq1rkm7bqe']);
    expect(page.records[0]).toEqual({
      id: 'v2dq4ukwbpgw0k5wxnv2dq4ukp8ws0zr',
      data: {
        form_id: 'Yq3Lw2',
        form_title: 'Workshop sign-up',
        name: 'Grace Hopper',
        email_addresses: [{ email_address: 'grace@navy.example.org', email_address_type: 'OTHER' }],
        phone_numbers: [{ phone_number: '+447700900123', phone_number_type: 'OTHER' }],
        answers: [
          { question_id: 'nH7kPq2RtW4x', question_title: 'What is your first name?', type: 'SHORT_TEXT', text: 'Grace' },
          { question_id: 'mB2vCx8ZsL1q', question_title: 'And your last name?', type: 'SHORT_TEXT', text: 'Hopper' },
          { question_id: 'eM4aIl6LkJ2h', question_title: 'Your e-mail address', type: 'EMAIL', text: 'grace@navy.example.org' },
          { question_id: 'pH9oNe3QwE5r', question_title: 'Your mobile number', type: 'PHONE_NUMBER', text: '+447700900123' },
          {
            question_id: 'sE1sSi2OnN3s',
            question_title: 'Which sessions will you join?',
            type: 'MULTIPLE_CHOICE',
            choices: ['Morning: sketching', 'Evening: screen printing'],
          },
          { question_id: 'tI7cKe8T9sCc', question_title: 'Tickets', type: 'NUMBER', number: '2' },
          { question_id: 'pA1yMe2N3tDd', question_title: 'Workshop fee', type: 'PAYMENT', number: '1250.50', currency: 'GBP' },
          { question_id: 'dA4tE5o6nEe7', question_title: 'When were you born?', type: 'DATE', text: '1906-12-09' },
          { question_id: 'yE2sN3o4Gg5h', question_title: 'Shall we keep you posted?', type: 'YES_NO', boolean: false },
        ],
        landed_at: '2024-03-12T10:14:03.000Z',
        submitted_at: '2024-03-12T10:17:48.000Z',
      },
    });
    // A first name alone names the respondent; a ranking is OTHER; a question deleted since keeps its answer, untitled.
    expect(page.records[1]?.data).toMatchObject({
      name: 'Alan',
      phone_numbers: [],
      answers: expect.arrayContaining([
        { question_id: 'pA1yMe2N3tDd', question_title: 'Workshop fee', type: 'PAYMENT', number: '0.00', currency: 'GBP' },
        { question_id: 'rA8nK9i0nGf1', question_title: 'Rank the topics', type: 'OTHER', choices: ['Colour'] },
        { question_id: 'zZ0gOn1eQq2r', type: 'LONG_TEXT', text: 'A question deleted since' },
      ]),
    });
  });

  it('names the respondent from a name question, never from a company name', () => {
    const a = (question_title: string, text: string) => ({ question_id: 'x', question_title, type: 'SHORT_TEXT' as const, text });
    expect(nameOf([a('Company name', 'Acme'), a('What is your name?', 'Ada Lovelace')])).toBe('Ada Lovelace');
    expect(nameOf([a('Company name', 'Acme')])).toBeNull();
    expect(nameOf([a('Surname', 'Lovelace')])).toBe('Lovelace');
  });

  it('asks for the forms once and a form once a connection, responses 1000 a page, the next before the last token, since from a filter', async () => {
    // A first page of 1000 responses (the fixture's first, repeated under other tokens), then the rest.
    const full = Array.from({ length: 1000 }, (_, i) => ({ ...RESPONSES['items'][0], token: `t${String(i).padStart(4, '0')}` }));
    const { client, requests } = recording((req) =>
      req.path === '/forms/Yq3Lw2/responses' && req.query?.['before'] === undefined ? { total_items: 1002, page_count: 2, items: full } : undefined,
    );
    const filter = [
      { kind: 'range', field: 'submitted_at', type: 'date-time', ranges: [{ min: Date.parse('2024-03-01T08:00:00.250Z'), max: null }] },
    ];
    const first = await pull(client, 'forms-lead', null, filter);
    expect([first.records.length, first.next]).toEqual([1000, '0|t0999']);
    const second = await pull(client, 'forms-lead', first.next, filter);
    expect([second.records.length, second.next]).toEqual([2, null]);
    expect(requests.map((r) => [r.path, r.query])).toEqual([
      ['/forms', { page: 1, page_size: 200 }],
      ['/forms/Yq3Lw2', undefined],
      ['/forms/Yq3Lw2/responses', { page_size: 1000, since: '2024-03-01T08:00:00' }],
      ['/forms/Yq3Lw2/responses', { page_size: 1000, before: 't0999', since: '2024-03-01T08:00:00' }],
    ]);
  });

  it("reads records by id through each form's included_response_ids", async () => {
    const { client, requests } = recording();
    const found = await typeformConnector.read(client, 'forms-lead', ['a8zq1rkmct3vy6wpd0e9a8zq1rkm7bqe', 'not a token!']);
    expect([...found.keys()]).toEqual(['a8zq1rkmct3vy6wpd0e9a8zq1rkm7bqe']);
    expect(requests.at(-1)?.query).toEqual({ page_size: 1000, included_response_ids: 'a8zq1rkmct3vy6wpd0e9a8zq1rkm7bqe' });
    const questions = await typeformConnector.read(client, 'forms-question', ['pH9oNe3QwE5r']);
    expect(questions.get('pH9oNe3QwE5r')?.data).toMatchObject({ title: 'Your mobile number', group_id: 'gR5tYu7IoP9a', position: 4 });
  });
});

describe("Typeform's error text", () => {
  it('names the code, the description and the parameters at fault, or OAuth error', () => {
    expect(errorText({ code: 'FORM_NOT_FOUND', description: 'Non existing form with uid zzzzzz' })).toBe(
      'FORM_NOT_FOUND: Non existing form with uid zzzzzz',
    );
    expect(
      errorText({
        code: 'VALIDATION_ERROR',
        description: 'The request contained invalid data',
        details: [{ code: 'INVALID_PARAMETER', description: 'page_size must be an integer between 1 and 1000', field: 'page_size', in: 'query' }],
      }),
    ).toBe('VALIDATION_ERROR: The request contained invalid data (page_size: page_size must be an integer between 1 and 1000)');
    expect(errorText({ error: 'invalid_grant', error_description: 'Invalid grant: refresh_token is invalid' })).toBe(
      'invalid_grant: Invalid grant: refresh_token is invalid',
    );
    expect(errorText('')).toBe('no details');
  });
});
