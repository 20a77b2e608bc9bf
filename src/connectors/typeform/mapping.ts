/**
 * Typeform's records in Weft's common model, as field tables, both read only. A question is a form's field
 * (`GET /forms/{form_id}`: `title`, `type`, `validations.required`, `properties.choices`; a group's fields nested in its
 * `properties.fields`), read here with its form, its place in the form and its group (pull.ts flattens the tree). A
 * lead is one response (`GET /forms/{form_id}/responses`): its answers name their field by id and hold their value
 * under the key of their `type` (`text`, `email`, `choice`, `choices`, `number`, `boolean`, `date`, `url`,
 * `file_url`, `payment`, `phone_number`); the form's questions (their titles, kinds and a payment's currency) come
 * with it from pull.ts.
 */
import type { FormsAnswer } from '../../model/schemas/forms-lead.js';
import { FORMS_QUESTION_TYPES, type FormsQuestionType } from '../../model/schemas/forms-question.js';
import { custom, date, type Dialect, fieldTable, moneyOf, readOnly, text, textOf } from '../kit/field-table.js';

/** A Typeform record as pull.ts hands it over: a question with its form, or a response with its form's questions. */
export type TypeformItem = Record<string, unknown> & { id: string };

/** A question of a form as a lead's mapping needs it. */
export interface FormQuestion {
  id: string;
  title: string;
  type: string;
  /** A payment question's currency. */
  currency?: string;
}

/** A field's value; a dotted name reads into objects (`form.title`, `validations.required`). */
function get(record: object, field: string): unknown {
  let v: unknown = record;
  for (const part of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

const dialect: Dialect<object> = {
  name: 'Typeform',
  get,
  record: (values) => {
    const out: Record<string, unknown> = { id: 'SMEUb7VJz92Q' };
    for (const [path, value] of Object.entries(values)) {
      const parts = path.split('.');
      let at = out;
      for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
      at[parts.at(-1) as string] = value;
    }
    return out;
  },
};

const KINDS = new Set<string>(FORMS_QUESTION_TYPES);

/** Typeform's field type as Weft's question type (`short_text` → SHORT_TEXT; a kind Weft does not name: OTHER). */
export function questionType(type: unknown): FormsQuestionType | null {
  if (typeof type !== 'string' || type === '') return null;
  const upper = type.toUpperCase();
  return KINDS.has(upper) ? (upper as FormsQuestionType) : 'OTHER';
}

const nothing = 'Typeform forms are written in its form builder; nothing was written';

/** Questions (forms-question), read only. */
export const QUESTION = fieldTable<object>(dialect, {
  form_id: readOnly(text('form.id'), nothing),
  form_title: readOnly(text('form.title'), nothing),
  title: readOnly(text('title'), nothing),
  type: readOnly(custom({ fields: ['type'], sample: { type: 'multiple_choice' }, read: (get) => questionType(get('type')) }), nothing),
  required: readOnly(
    custom({
      fields: ['validations.required'],
      sample: { 'validations.required': true },
      read: (get) => (typeof get('validations.required') === 'boolean' ? get('validations.required') : null),
    }),
    nothing,
  ),
  choices: readOnly(
    custom({
      fields: ['properties.choices'],
      sample: { 'properties.choices': [{ id: 'VN8ULpvH8gmC', ref: 'starter', label: 'Starter' }] },
      read: (get) => {
        const choices = get('properties.choices');
        if (!Array.isArray(choices)) return [];
        return choices.flatMap((c: unknown) => {
          const label = textOf((c as Record<string, unknown> | null)?.['label']);
          return label === null ? [] : [{ id: textOf((c as Record<string, unknown>)['id']), label }];
        });
      },
    }),
    nothing,
  ),
  position: readOnly(
    custom({ fields: ['position'], sample: { position: 3 }, read: (get) => (typeof get('position') === 'number' ? get('position') : null) }),
    nothing,
  ),
  group_id: readOnly(text('group'), nothing),
  updated_at: readOnly(date('form.last_updated_at'), nothing),
});

/** The form's questions a response came with, by id. */
function questionsOf(get: (field: string) => unknown): Map<string, FormQuestion> {
  const list = get('form.fields');
  return new Map((Array.isArray(list) ? (list as FormQuestion[]) : []).map((q) => [q.id, q]));
}

const answersOf = (get: (field: string) => unknown): Array<Record<string, unknown>> => {
  const a = get('answers');
  return Array.isArray(a) ? (a as Array<Record<string, unknown>>) : [];
};

/** One of Typeform's answers in Weft's shape: the value under the field its kind uses. */
export function answerOf(a: Record<string, unknown>, questions: ReadonlyMap<string, FormQuestion>): FormsAnswer | null {
  const field = (a['field'] ?? {}) as Record<string, unknown>;
  const id = textOf(field['id']);
  if (id === null) return null;
  const q = questions.get(id);
  const out: FormsAnswer = { question_id: id, question_title: q?.title ?? null, type: questionType(q?.type ?? field['type']) };
  const kind = a['type'];
  const value = typeof kind === 'string' ? a[kind] : undefined;
  switch (kind) {
    case 'text':
    case 'email':
    case 'phone_number':
    case 'url':
    case 'file_url':
      out.text = textOf(value);
      break;
    case 'date':
      out.text = textOf(value)?.slice(0, 10) ?? null;
      break;
    case 'choice': {
      const c = (value ?? {}) as Record<string, unknown>;
      const label = textOf(c['label']) ?? textOf(c['other']);
      out.choices = label === null ? [] : [label];
      break;
    }
    case 'choices': {
      const c = (value ?? {}) as Record<string, unknown>;
      const labels = Array.isArray(c['labels']) ? (c['labels'] as unknown[]).flatMap((l) => textOf(l) ?? []) : [];
      const other = textOf(c['other']);
      out.choices = other === null ? labels : [...labels, other];
      break;
    }
    case 'number':
      out.number = moneyOf(value);
      break;
    case 'boolean':
      out.boolean = typeof value === 'boolean' ? value : null;
      break;
    case 'payment': {
      const p = (value ?? {}) as Record<string, unknown>;
      // The amount is a decimal string in Typeform's answer: kept as it is.
      out.number = moneyOf(p['amount']);
      if (q?.currency && /^[A-Z]{3}$/.test(q.currency)) out.currency = q.currency;
      break;
    }
    default:
      // A kind Weft does not read (a matrix, a ranking): its text if it is one.
      out.text = typeof value === 'string' ? value : null;
  }
  return out;
}

/** The answers of questions of one kind whose title matches, as text, in the form's order. */
const textsOf = (answers: readonly FormsAnswer[], type: FormsQuestionType, title?: RegExp) =>
  answers.filter((a) => a.type === type && (title === undefined || title.test(a.question_title ?? ''))).flatMap((a) => a.text ?? []);

/** The respondent's name: first and last name questions joined, else a question asking for a name (not a company's). */
export function nameOf(answers: readonly FormsAnswer[]): string | null {
  const first = textsOf(answers, 'SHORT_TEXT', /\bfirst\s*name\b/i)[0];
  const last = textsOf(answers, 'SHORT_TEXT', /\b(last\s*name|surname)\b/i)[0];
  if (first !== undefined || last !== undefined) return [first, last].filter((x) => x !== undefined).join(' ');
  const named = answers.find(
    (a) =>
      a.type === 'SHORT_TEXT' &&
      /\bname\b/i.test(a.question_title ?? '') &&
      !/\b(company|business|organi[sz]ation|team|event)\b/i.test(a.question_title ?? ''),
  );
  return named?.text ?? null;
}

const readAnswers = (get: (field: string) => unknown): FormsAnswer[] => {
  const questions = questionsOf(get);
  return answersOf(get).flatMap((a) => answerOf(a, questions) ?? []);
};

const SAMPLE_ANSWERS = {
  answers: [
    { field: { id: 'SMEUb7VJz92Q', type: 'short_text', ref: 'name' }, type: 'text', text: 'Ada Lovelace' },
    { field: { id: 'k6TP9oLGgHjl', type: 'email', ref: 'email' }, type: 'email', email: 'ada@example.com' },
    { field: { id: 'QHSN5mMTvGfx', type: 'phone_number', ref: 'phone' }, type: 'phone_number', phone_number: '+15555550123' },
  ],
  'form.fields': [
    { id: 'SMEUb7VJz92Q', title: 'What is your name?', type: 'short_text' },
    { id: 'k6TP9oLGgHjl', title: 'Your e-mail address?', type: 'email' },
    { id: 'QHSN5mMTvGfx', title: 'Your phone number?', type: 'phone_number' },
  ],
};

const nothingLead = 'Typeform responses are submitted by respondents; nothing was written';

/** Leads (forms-lead): submitted responses, read only. */
export const LEAD = fieldTable<object>(dialect, {
  form_id: readOnly(text('form.id'), nothingLead),
  form_title: readOnly(text('form.title'), nothingLead),
  name: readOnly(custom({ fields: ['answers', 'form.fields'], sample: SAMPLE_ANSWERS, read: (get) => nameOf(readAnswers(get)) }), nothingLead),
  email_addresses: readOnly(
    custom({
      fields: ['answers', 'form.fields'],
      sample: SAMPLE_ANSWERS,
      read: (get) => [...new Set(textsOf(readAnswers(get), 'EMAIL'))].map((email_address) => ({ email_address, email_address_type: 'OTHER' })),
    }),
    nothingLead,
  ),
  phone_numbers: readOnly(
    custom({
      fields: ['answers', 'form.fields'],
      sample: SAMPLE_ANSWERS,
      read: (get) => [...new Set(textsOf(readAnswers(get), 'PHONE_NUMBER'))].map((phone_number) => ({ phone_number, phone_number_type: 'OTHER' })),
    }),
    nothingLead,
  ),
  answers: readOnly(
    custom({
      fields: ['answers', 'form.fields'],
      sample: SAMPLE_ANSWERS,
      // Only the keys a kind fills (no nulls in the list's items).
      read: (get) => readAnswers(get).map((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== null && v !== undefined))),
    }),
    nothingLead,
  ),
  landed_at: readOnly(date('landed_at'), nothingLead),
  submitted_at: readOnly(date('submitted_at'), nothingLead),
});
