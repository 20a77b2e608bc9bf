/**
 * The further values a provider asks on its sign-in form (Copper's e-mail, Freshsales' domain, Dynamics 365's
 * environment), as the API-key and the OAuth forms show them: the provider's label and help in the end user's
 * language, what is wrong with a refused value, and the value typed kept.
 */
import type { ConnectionField, FieldProblem } from '../../connectors/index.js';
import { html } from '../html.js';
import type { Translator } from '../i18n/index.js';

/** What is wrong with a refused value, in the end user's language. */
export function fieldProblemText(field: ConnectionField, problem: FieldProblem, t: Translator): string {
  const label = t.provider(field.label);
  if (problem === 'missing') return t('connect.fieldMissing', { label });
  return field.placeholder ? t('connect.fieldInvalidExample', { label, example: field.placeholder }) : t('connect.fieldInvalid', { label });
}

export function fieldInputs(
  fields: readonly ConnectionField[],
  state: { values?: Record<string, string>; problems?: Record<string, FieldProblem> },
  t: Translator,
) {
  return fields.map((f) => {
    const id = `field_${f.name}`;
    const problem = state.problems?.[f.name];
    const error = problem === undefined ? undefined : fieldProblemText(f, problem, t);
    return html`<label for="${id}"><strong>${t.provider(f.label)}</strong></label>
    <p class="muted" id="${id}_help">${t.provider(f.help)}</p>
    ${error ? html`<p class="bad" id="${id}_error" role="alert">${error}</p>` : ''}
    <p><input type="${f.type}" id="${id}" name="${f.name}" required autocomplete="off" spellcheck="false" value="${state.values?.[f.name] ?? ''}"${f.placeholder ? html` placeholder="${f.placeholder}"` : ''}
      aria-describedby="${id}_help${error ? ` ${id}_error` : ''}"${error ? html` aria-invalid="true"` : ''} style="width:100%;min-height:2.75rem;padding:.5rem;font:inherit"></p>`;
  });
}
