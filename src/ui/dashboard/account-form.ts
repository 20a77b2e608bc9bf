/**
 * The form that creates an administrator account, shared by the setup page (with the setup token) and the
 * invitation page (the token is in the link). Passwords and tokens are never rendered back.
 */
import { emailProblem, normaliseEmail } from '../../admin/admins.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../admin/passwords.js';
import { html, type SafeHtml } from '../html.js';
import { field } from './context.js';
import { input, type Problems, problemSummary } from './parts.js';

/** What the account form posted. */
export interface AccountInput {
  email: string;
  password: string;
  confirmation: string;
}

/** Reads the account form (the email normalised, passwords as typed). */
export function readAccount(body: unknown): AccountInput {
  return {
    email: normaliseEmail(field(body, 'email')),
    password: stringField(body, 'password'),
    confirmation: stringField(body, 'password_confirmation'),
  };
}

/** A password field's value exactly as typed (not trimmed: spaces may be part of it). */
function stringField(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

/** The account form's problems, by field id. */
export function accountProblems(a: AccountInput): Problems {
  const problems: Problems = {};
  const email = emailProblem(a.email);
  if (email) problems['email'] = email;
  const password = passwordProblem(a.password, a.confirmation);
  if (password) problems[password.startsWith('The two') ? 'password_confirmation' : 'password'] = password;
  return problems;
}

/** The account form's fields (email, password, confirmation) after `before` (e.g. the setup token field). */
export function accountFields(args: { email: string; problems: Problems; before?: SafeHtml }): SafeHtml {
  const again = args.problems['email'] || args.problems['password'] || args.problems['password_confirmation'] || args.problems['setup_token'];
  return html`${problemSummary(args.problems)}
${args.before ?? ''}
${input({ id: 'email', label: 'Email', type: 'email', value: args.email, autocomplete: 'username', required: true, maxlength: 254, problems: args.problems })}
${input({ id: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, help: `At least ${MIN_PASSWORD_LENGTH} characters.${again ? ' For your safety, enter it again.' : ''}`, problems: args.problems })}
${input({ id: 'password_confirmation', label: 'Confirm password', type: 'password', autocomplete: 'new-password', required: true, problems: args.problems })}`;
}
