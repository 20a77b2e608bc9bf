import { dateTime, objectSchema, str } from './shared.js';

/**
 * The kinds of question a form asks (Typeform's field types, upper-cased; a provider's other kinds read as OTHER).
 * STATEMENT and GROUP ask nothing themselves: a statement is text shown between questions, a group holds questions.
 */
export const FORMS_QUESTION_TYPES = [
  'SHORT_TEXT',
  'LONG_TEXT',
  'EMAIL',
  'PHONE_NUMBER',
  'NUMBER',
  'MULTIPLE_CHOICE',
  'DROPDOWN',
  'PICTURE_CHOICE',
  'YES_NO',
  'LEGAL',
  'RATING',
  'OPINION_SCALE',
  'DATE',
  'WEBSITE',
  'FILE_UPLOAD',
  'PAYMENT',
  'STATEMENT',
  'GROUP',
  'OTHER',
] as const;

export type FormsQuestionType = (typeof FORMS_QUESTION_TYPES)[number];

/**
 * Weft's default `forms-question` schema (Endgrate names the type but publishes no fields): one question of a form
 * (a Typeform field), read only: its form, its title, its kind, whether it must be answered, the choices it offers and
 * where it stands in the form (questions inside a group name the group).
 */
export const formsQuestionSchema = objectSchema('forms-question', 'Question', {
  form_id: str('Form ID', 'The provider id of the form the question belongs to.', { readOnly: true }),
  form_title: str('Form Title', 'The title of the form the question belongs to.', { readOnly: true }),
  title: str('Title', 'The text of the question, as the respondent reads it.', { readOnly: true }),
  type: str('Type', 'The kind of question (SHORT_TEXT, EMAIL, MULTIPLE_CHOICE, …; OTHER for a kind Weft does not name).', {
    enum: [...FORMS_QUESTION_TYPES],
    readOnly: true,
  }),
  required: { title: 'Required', type: 'boolean', description: 'Whether the respondent must answer the question.', readOnly: true },
  choices: {
    title: 'Choices',
    type: 'array',
    description: 'The choices the question offers (multiple choice, dropdown, picture choice), in their order.',
    items: {
      type: 'object',
      properties: {
        id: str('Choice ID', 'The provider id of the choice.'),
        label: str('Label', 'The text of the choice.'),
      },
      required: ['label'],
      additionalProperties: false,
    },
    readOnly: true,
  },
  position: {
    title: 'Position',
    type: 'integer',
    minimum: 0,
    description: 'Where the question stands in its form, from 0, counting the questions inside groups in their order.',
    readOnly: true,
  },
  group_id: str('Group ID', 'The provider id of the group (forms-question of type GROUP) the question is in, if any.', { readOnly: true }),
  updated_at: dateTime('Updated At', 'When the form the question belongs to was last changed in the provider.', { readOnly: true }),
});

export interface FormsQuestion {
  form_id?: string | null;
  form_title?: string | null;
  title?: string | null;
  type?: FormsQuestionType | null;
  required?: boolean | null;
  choices?: Array<{ id?: string | null; label: string }> | null;
  position?: number | null;
  group_id?: string | null;
  updated_at?: string | null;
}
