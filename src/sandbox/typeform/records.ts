/**
 * The Typeform fake's records and their deterministic seed: forms (each built from one of three templates of fields,
 * with a group of questions in the first) and the responses submitted to them (spread over the forms in turn, every
 * answer drawn per response). Records are numbered in the store; the API names a form by a short base-62 id and a
 * response by a 32-character token, both computed from the record's number and read back from it.
 */
import { personName } from '../shared/names.js';
import { seedEmail } from '../shared/objects-seed.js';
import { hashString, type Rng } from '../shared/prng.js';
import { type SeedDraws, seedDraws } from '../shared/records-seed.js';
import { stampedRecordShape } from '../shared/records-shape.js';
import type { SeededObject, SeedTimeline } from '../shared/seeded-account.js';

/** A record of any object. Times are epoch ms. */
export interface TypeformRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  removedAt?: number;
  fields: Record<string, unknown>;
}

export type TypeformObject = 'forms' | 'responses';

/** The seed sizes a sandbox takes. */
export type TypeformSeed = Record<TypeformObject, number>;

/** Each object's number of seed record 0: a form's id is this number in base 62 (six characters). */
export const ID_BASE: Record<TypeformObject, number> = { forms: 1_000_000_000, responses: 1 };

/** The domain of the respondents' e-mail addresses. */
export const RESPONDENT_DOMAIN = 'example.com';

/** A question of a form template: its key (its `ref`), kind, title, whether required, choices, group members. */
export interface FieldSpec {
  key: string;
  type: string;
  title: string;
  required?: boolean;
  choices?: readonly string[];
  multiple?: boolean;
  other?: boolean;
  steps?: number;
  currency?: string;
  fields?: readonly FieldSpec[];
}

/** The three forms a sandbox account's forms are made from, in turn. */
export const TEMPLATES: ReadonlyArray<{ title: string; fields: readonly FieldSpec[] }> = [
  {
    title: 'Book a demo',
    fields: [
      { key: 'name', type: 'short_text', title: 'What is your name?', required: true },
      { key: 'email', type: 'email', title: 'What is your e-mail address?', required: true },
      { key: 'phone', type: 'phone_number', title: 'Your phone number, if we may call you' },
      {
        key: 'company',
        type: 'group',
        title: 'About your company',
        fields: [
          { key: 'company_name', type: 'short_text', title: 'Company name', required: true },
          { key: 'team_size', type: 'number', title: 'How many people work there?' },
        ],
      },
      { key: 'plan', type: 'multiple_choice', title: 'Which plan are you interested in?', required: true, choices: ['Starter', 'Team', 'Business'] },
      { key: 'deposit', type: 'payment', title: 'Deposit', currency: 'EUR' },
      { key: 'call_ok', type: 'yes_no', title: 'May we call you?' },
      { key: 'thanks', type: 'statement', title: 'Thanks, we will be in touch.' },
    ],
  },
  {
    title: 'Customer feedback',
    fields: [
      { key: 'rating', type: 'rating', title: 'How would you rate us?', required: true, steps: 5 },
      { key: 'nps', type: 'opinion_scale', title: 'How likely are you to recommend us?', steps: 11 },
      {
        key: 'liked',
        type: 'multiple_choice',
        title: 'What did you like?',
        choices: ['Speed', 'Price', 'Support', 'Design'],
        multiple: true,
        other: true,
      },
      { key: 'source', type: 'dropdown', title: 'How did you hear about us?', choices: ['Search', 'A friend', 'Newsletter', 'An event'] },
      { key: 'comments', type: 'long_text', title: 'Anything else?' },
      { key: 'email', type: 'email', title: 'Your e-mail address, if we may answer' },
      { key: 'visited', type: 'date', title: 'When did you visit?' },
    ],
  },
  {
    title: 'Event registration',
    fields: [
      { key: 'first_name', type: 'short_text', title: 'First name', required: true },
      { key: 'last_name', type: 'short_text', title: 'Last name', required: true },
      { key: 'email', type: 'email', title: 'E-mail address', required: true },
      { key: 'website', type: 'website', title: 'Your website' },
      { key: 'tickets', type: 'number', title: 'How many tickets?', required: true },
      { key: 'photo', type: 'file_upload', title: 'A photo for your badge' },
      { key: 'terms', type: 'legal', title: 'I accept the terms and conditions', required: true },
    ],
  },
];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const TIMELINES: Record<TypeformObject, SeedTimeline> = {
  forms: { epoch: Date.UTC(2023, 9, 2), spacing: 7 * DAY, maxEditAge: 30 * DAY },
  // Responses are never changed once submitted.
  responses: { epoch: Date.UTC(2024, 0, 3), spacing: 2 * HOUR, maxEditAge: 0 },
};

export interface SeedContext {
  draws: SeedDraws;
  counts: TypeformSeed;
}

export function seedContext(accountSeed: number, counts: TypeformSeed): SeedContext {
  return { draws: seedDraws(accountSeed), counts: { ...counts, responses: counts.forms === 0 ? 0 : counts.responses } };
}

const SALT = { form: 0x7f0, response: 0x7f1, time: 0x7ff } as const;

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A form's id: its record number in base 62. */
export function formIdOf(id: number): string {
  let out = '';
  for (let n = id; n > 0; n = Math.floor(n / 62)) out = (B62[n % 62] as string) + out;
  return out;
}

/** A form's record number from its id, or undefined for text that is none. */
export function formNumberOf(formId: string): number | undefined {
  if (!/^[0-9A-Za-z]{6}$/.test(formId)) return undefined;
  let n = 0;
  for (const c of formId) n = n * 62 + B62.indexOf(c);
  return n;
}

const hex = (text: string, salt: number, length: number) => hashString(text, salt).toString(16).padStart(14, '0').slice(0, length);

/** An id of a question or choice of a form (12 characters, as Typeform's), from the form's id and its key. */
export function fieldIdOf(formId: string, key: string): string {
  const n = hashString(`${formId}:${key}`);
  let out = '';
  for (let v = n, i = 0; i < 12; i += 1, v = Math.floor(v / 62)) out += B62[v % 62];
  return out;
}

/** A response's token (also its `response_id`): 22 hex digits keyed by the account, then its number in base 36. */
export function tokenOf(accountKey: string, id: number): string {
  const text = `typeform:${accountKey}:${id}`;
  return `${hex(text, 1, 11)}${hex(text, 2, 11)}${id.toString(36).padStart(10, '0')}`;
}

/** A response's number from its token, or undefined for a token the account never gave. */
export function responseNumberOf(accountKey: string, token: string): number | undefined {
  if (!/^[0-9a-z]{32}$/.test(token)) return undefined;
  const id = parseInt(token.slice(22), 36);
  return tokenOf(accountKey, id) === token ? id : undefined;
}

/** The template of a form record. */
export const templateOf = (form: TypeformRecord) => TEMPLATES[form.fields['template'] as number] as (typeof TEMPLATES)[number];

/** Every question of a template in the order a respondent meets them, those of a group after the group. */
export function flatFields(fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => [f, ...flatFields(f.fields ?? [])]);
}

function form(ctx: SeedContext, index: number): TypeformRecord {
  const template = index % TEMPLATES.length;
  const round = Math.floor(index / TEMPLATES.length);
  return {
    id: ID_BASE.forms + index,
    ...ctx.draws.times(TIMELINES.forms, SALT.time, index),
    fields: { title: `${(TEMPLATES[template] as (typeof TEMPLATES)[number]).title}${round ? ` ${round + 1}` : ''}`, template },
  };
}

/** A drawn answer by question key: the value stored for it (rendered by render.ts as Typeform's answer). */
export type AnswerValue =
  | { text: string }
  | { choice: number }
  | { other: string }
  | { choices: number[]; other?: string }
  | { number: number }
  | { boolean: boolean }
  | { date: string }
  | { payment: { amount: string; last4: string; name: string; success: boolean } };

const COMMENTS = ['Great service, thanks.', 'The checkout was slow.', 'I would like an annual plan.', 'Keep it up!'] as const;

/** The answers of a respondent to a template, drawn from `rng`; questions not required are skipped now and then. */
export function drawAnswers(rng: Rng, template: number, index: number, submittedAt: number): Record<string, AnswerValue> {
  const { first, last } = personName(rng);
  const email = seedEmail(first, last, index, RESPONDENT_DOMAIN);
  const answers: Record<string, AnswerValue> = {};
  for (const f of flatFields((TEMPLATES[template] as (typeof TEMPLATES)[number]).fields)) {
    if (f.type === 'group' || f.type === 'statement') continue;
    if (!f.required && !rng.chance(0.7)) continue;
    let value: AnswerValue;
    switch (f.type) {
      case 'email':
        value = { text: email };
        break;
      case 'phone_number':
        value = { text: `+1555${String(rng.between(1_000_000, 9_999_999))}` };
        break;
      case 'short_text':
        value = { text: f.key === 'first_name' ? first : f.key === 'last_name' ? last : f.key === 'name' ? `${first} ${last}` : `${last} & Co` };
        break;
      case 'long_text':
        value = { text: rng.pick(COMMENTS) };
        break;
      case 'website':
        value = { text: `https://${last.toLowerCase()}.example.com` };
        break;
      case 'file_upload':
        value = { text: `https://api.typeform.com/forms/files/${index}-badge.png` };
        break;
      case 'number':
        value = { number: rng.between(1, f.key === 'tickets' ? 4 : 500) };
        break;
      case 'rating':
      case 'opinion_scale':
        value = { number: rng.between(f.type === 'rating' ? 1 : 0, (f.steps as number) - (f.type === 'rating' ? 0 : 1)) };
        break;
      case 'yes_no':
      case 'legal':
        value = { boolean: f.type === 'legal' ? true : rng.chance(0.5) };
        break;
      case 'date':
        value = { date: new Date(submittedAt - rng.between(1, 60) * DAY).toISOString().slice(0, 10) };
        break;
      case 'payment':
        value = { payment: { amount: rng.pick(['49.90', '99.00', '149.50']), last4: '4242', name: `${first} ${last}`, success: true } };
        break;
      default: {
        const count = (f.choices as readonly string[]).length;
        if (f.multiple) {
          const picked = [...new Set([rng.int(count), rng.int(count)])].sort((a, b) => a - b);
          value = f.other && rng.chance(0.2) ? { choices: picked, other: 'The people' } : { choices: picked };
        } else value = f.other && rng.chance(0.2) ? { other: 'Something else' } : { choice: rng.int(count) };
      }
    }
    answers[f.key] = value;
  }
  return answers;
}

function response(ctx: SeedContext, index: number): TypeformRecord {
  const rng = ctx.draws.rng(SALT.response, index);
  const times = ctx.draws.times(TIMELINES.responses, SALT.time ^ 1, index);
  const formIndex = index % ctx.counts.forms;
  return {
    id: ID_BASE.responses + index,
    ...times,
    fields: {
      form: ID_BASE.forms + formIndex,
      landedAt: times.createdAt - rng.between(30, 600) * 1000,
      answers: drawAnswers(rng, formIndex % TEMPLATES.length, index, times.createdAt),
    },
  };
}

const SHAPE = stampedRecordShape<TypeformRecord>({ wholeSeconds: true });

/** The fake's objects. */
export const OBJECTS = {
  forms: {
    shape: SHAPE,
    idBase: ID_BASE.forms,
    seedCount: (ctx) => ctx.counts.forms,
    generate: form,
    timeline: TIMELINES.forms,
  } satisfies SeededObject<TypeformRecord, SeedContext>,
  responses: {
    shape: SHAPE,
    idBase: ID_BASE.responses,
    seedCount: (ctx) => ctx.counts.responses,
    generate: response,
    timeline: TIMELINES.responses,
  } satisfies SeededObject<TypeformRecord, SeedContext>,
};

/** Typeform's time format: ISO 8601 in UTC to the second (`2024-01-02T03:04:05Z`). */
export const typeformTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
