import { FORMS_QUESTION_TYPES, type FormsQuestionType } from './forms-question.js';
import { currency, dateTime, DECIMAL_PATTERN, emailAddresses, objectSchema, phoneNumbers, str } from './shared.js';

/**
 * Weft's default `forms-lead` schema (Endgrate names the type but publishes no fields): one submitted response to a
 * form, read only: its form, when it was submitted, every answer (by question, its value by kind: text, choices, a
 * number or amount as an exact decimal string, a yes or no), and the respondent's name, e-mail addresses and phone
 * numbers picked from the answers where the form asks for them.
 */
export const formsLeadSchema = objectSchema('forms-lead', 'Lead', {
  form_id: str('Form ID', 'The provider id of the form the response was submitted to.', { readOnly: true }),
  form_title: str('Form Title', 'The title of the form the response was submitted to.', { readOnly: true }),
  name: str('Name', "The respondent's name, from the form's name question (or contact question), if it has one.", { readOnly: true }),
  email_addresses: { ...emailAddresses('respondent'), readOnly: true },
  phone_numbers: { ...phoneNumbers('respondent'), readOnly: true },
  answers: {
    title: 'Answers',
    type: 'array',
    description: 'The answers of the response, in the order of the questions. Each holds its value in the field its kind uses.',
    items: {
      type: 'object',
      properties: {
        question_id: str('Question ID', 'The provider id of the question (forms-question) answered.'),
        question_title: str('Question Title', 'The text of the question answered.'),
        type: str('Type', 'The kind of question answered.', { enum: [...FORMS_QUESTION_TYPES] }),
        text: str('Text', 'A written answer: text, an e-mail address, a phone number, an address, a day (YYYY-MM-DD), a file link.'),
        choices: {
          title: 'Choices',
          type: 'array',
          description: 'The labels of the choices picked (or the text written as "other").',
          items: { type: 'string' },
        },
        number: str('Number', 'A number answered (a number, a rating, a scale) or the amount paid, as an exact decimal string.', {
          pattern: DECIMAL_PATTERN,
        }),
        boolean: { title: 'Boolean', type: 'boolean', description: 'A yes or no answer (yes/no, legal acceptance).' },
        currency: currency('payment'),
      },
      required: ['question_id'],
      additionalProperties: false,
    },
    readOnly: true,
  },
  landed_at: dateTime('Landed At', 'When the respondent opened the form.', { readOnly: true }),
  submitted_at: dateTime('Submitted At', 'When the response was submitted.', { readOnly: true }),
});

export interface FormsAnswer {
  question_id: string;
  question_title?: string | null;
  type?: FormsQuestionType | null;
  text?: string | null;
  choices?: string[] | null;
  number?: string | null;
  boolean?: boolean | null;
  currency?: string | null;
}

export interface FormsLead {
  form_id?: string | null;
  form_title?: string | null;
  name?: string | null;
  email_addresses?: Array<{ email_address: string; email_address_type?: 'WORK' | 'PERSONAL' | 'OTHER' | null }> | null;
  phone_numbers?: Array<{ phone_number: string; phone_number_type?: 'WORK' | 'MOBILE' | 'HOME' | 'FAX' | 'OTHER' | null }> | null;
  answers?: FormsAnswer[] | null;
  landed_at?: string | null;
  submitted_at?: string | null;
}
