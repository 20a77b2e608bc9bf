/**
 * Typeform's JSON for the fake's records: a form in full (`GET /forms/{form_id}`: its fields with their properties and
 * validations, a group's fields nested in its `properties.fields`), a form in a list (`GET /forms`: id, title, times,
 * links), and a response with its answers typed by field (`text`, `email`, `choice`, `choices`, `number`, `boolean`,
 * `date`, `url`, `file_url`, `payment`, `phone_number`), each naming its field by `{id, ref, type}`.
 */
import {
  type AnswerValue,
  fieldIdOf,
  type FieldSpec,
  flatFields,
  formIdOf,
  templateOf,
  tokenOf,
  type TypeformRecord,
  typeformTime,
} from './records.js';
import type { TypeformAccount } from './service.js';

type Json = Record<string, unknown>;

/** A question of a form as `GET /forms/{form_id}` answers it. */
function field(formId: string, f: FieldSpec): Json {
  const choices = (f.choices ?? []).map((label, i) => ({ id: fieldIdOf(formId, `${f.key}:${i}`), ref: `${f.key}-${i}`, label }));
  let properties: Json = {};
  switch (f.type) {
    case 'group':
      properties = { show_button: true, button_text: 'Continue', fields: (f.fields ?? []).map((child) => field(formId, child)) };
      break;
    case 'statement':
      properties = { button_text: 'Continue', hide_marks: false };
      break;
    case 'multiple_choice':
      properties = {
        randomize: false,
        allow_multiple_selection: f.multiple === true,
        allow_other_choice: f.other === true,
        vertical_alignment: true,
        choices,
      };
      break;
    case 'dropdown':
      properties = { randomize: false, alphabetical_order: false, choices };
      break;
    case 'rating':
      properties = { steps: f.steps, shape: 'star' };
      break;
    case 'opinion_scale':
      properties = { steps: f.steps, start_at_one: false, labels: { left: 'Not likely', right: 'Very likely' } };
      break;
    case 'payment':
      properties = { currency: f.currency, price: { type: 'variable', value: 'hidden:price' }, show_button: true, button_text: 'Pay' };
      break;
    case 'phone_number':
      properties = { default_country_code: 'US' };
      break;
  }
  return {
    id: fieldIdOf(formId, f.key),
    title: f.title,
    ref: f.key,
    ...(f.type === 'group'
      ? { properties, type: 'group' }
      : { properties, ...(f.type === 'statement' ? {} : { validations: { required: f.required === true } }), type: f.type }),
  };
}

const links = (base: string, formId: string) => ({
  display: `${base}/to/${formId}`,
  responses: `${base}/forms/${formId}/responses`,
});

/** A form as `GET /forms` lists it. */
export function listedForm(form: TypeformRecord, base: string): Json {
  const id = formIdOf(form.id);
  return {
    id,
    type: 'form',
    title: form.fields['title'],
    last_updated_at: typeformTime(form.updatedAt),
    created_at: typeformTime(form.createdAt),
    settings: { is_public: true },
    self: { href: `${base}/forms/${id}` },
    theme: { href: `${base}/themes/qHWOQ7` },
    _links: links(base, id),
  };
}

/** A form as `GET /forms/{form_id}` answers it. */
export function fullForm(account: TypeformAccount, form: TypeformRecord, base: string): Json {
  const id = formIdOf(form.id);
  const template = templateOf(form);
  return {
    id,
    type: 'form',
    title: form.fields['title'],
    workspace: { href: `${base}/workspaces/${account.workspaceId}` },
    theme: { href: `${base}/themes/qHWOQ7` },
    settings: {
      language: 'en',
      progress_bar: 'proportion',
      meta: { allow_indexing: false },
      hide_navigation: false,
      is_public: true,
      is_trial: false,
      show_progress_bar: true,
      show_typeform_branding: true,
      are_uploads_public: false,
      show_time_to_complete: true,
    },
    welcome_screens: [],
    thankyou_screens: [
      {
        id: 'DefaultTyScreen',
        ref: 'default_tys',
        title: 'Thanks for completing this typeform',
        type: 'thankyou_screen',
        properties: { show_button: false, share_icons: false },
      },
    ],
    fields: template.fields.map((f) => field(id, f)),
    hidden: template.fields.some((f) => f.type === 'payment') ? ['price'] : [],
    created_at: typeformTime(form.createdAt),
    last_updated_at: typeformTime(form.updatedAt),
    published_at: typeformTime(form.createdAt),
    _links: { display: `${base}/to/${id}`, responses: `${base}/forms/${id}/responses` },
  };
}

/** One answer as a response holds it. */
function answer(formId: string, f: FieldSpec, v: AnswerValue): Json {
  const ref = { field: { id: fieldIdOf(formId, f.key), type: f.type, ref: f.key } };
  const choice = (i: number) => ({ id: fieldIdOf(formId, `${f.key}:${i}`), label: (f.choices as readonly string[])[i], ref: `${f.key}-${i}` });
  if ('text' in v) {
    const kind = { email: 'email', phone_number: 'phone_number', website: 'url', file_upload: 'file_url' }[f.type] ?? 'text';
    return { ...ref, type: kind, [kind]: v.text };
  }
  if ('choice' in v) return { ...ref, type: 'choice', choice: choice(v.choice) };
  if ('choices' in v) {
    const picked = v.choices.map(choice);
    return {
      ...ref,
      type: 'choices',
      choices: {
        ids: picked.map((c) => c.id),
        labels: picked.map((c) => c.label),
        refs: picked.map((c) => c.ref),
        ...(v.other === undefined ? {} : { other: v.other }),
      },
    };
  }
  if ('other' in v) return { ...ref, type: 'choice', choice: { other: v.other } };
  if ('number' in v) return { ...ref, type: 'number', number: v.number };
  if ('boolean' in v) return { ...ref, type: 'boolean', boolean: v.boolean };
  if ('date' in v) return { ...ref, type: 'date', date: v.date };
  return { ...ref, type: 'payment', payment: v.payment };
}

/** A response as `GET /forms/{form_id}/responses` lists it. */
export function renderResponse(account: TypeformAccount, r: TypeformRecord): Json {
  const form = account.store('forms').get(r.fields['form'] as number);
  const formId = formIdOf(r.fields['form'] as number);
  const stored = r.fields['answers'] as Record<string, AnswerValue>;
  const fields = form ? flatFields(templateOf(form).fields) : [];
  const token = tokenOf(account.key, r.id);
  const payment = fields.find((f) => f.type === 'payment' && stored[f.key] !== undefined);
  return {
    landing_id: token,
    token,
    response_id: token,
    response_type: 'completed',
    landed_at: typeformTime(r.fields['landedAt'] as number),
    submitted_at: typeformTime(r.createdAt),
    metadata: {
      user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
      platform: 'other',
      referer: `https://form.typeform.com/to/${formId}`,
      network_id: token.slice(0, 10),
      browser: 'default',
    },
    hidden: payment ? { price: (stored[payment.key] as { payment: { amount: string } }).payment.amount } : {},
    calculated: { score: 0 },
    answers: fields.flatMap((f) => (stored[f.key] === undefined ? [] : [answer(formId, f, stored[f.key] as AnswerValue)])),
  };
}
