/**
 * The languages of the end user's connect journey (issue 15): message catalogues (English is the source of the keys),
 * the choice of language (the session's `language` option, else the browser's Accept-Language, else English), and a
 * Translator that fills a message's placeholders and formats numbers, dates and lists in the locale.
 *
 * Catalogue text is plain text: `t()` returns a string the `html` template escapes; `t.html()` escapes the text and
 * inserts only the SafeHtml values it is given (a link, a <strong>). A translation can never add markup.
 */
import Negotiator from 'negotiator';

import { html, SafeHtml } from '../html.js';
import { de } from './de.js';
import { type Catalogue, en, type MessageKey } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { PROVIDER_TEXTS } from './providers.js';

export type { Catalogue, MessageKey } from './en.js';

/** The journey's languages; the first is the default. */
export const LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, de, fr, es };

/** Whether a string is a key of the catalogues (for keys made of data, such as a schema's type). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

type Params = Readonly<Record<string, string | number | SafeHtml>>;

export interface Translator {
  readonly locale: Locale;
  /** The message in this locale, its placeholders filled (plain text: the html template escapes it). */
  (key: MessageKey, params?: Params): string;
  /** The message as HTML: its text escaped, SafeHtml values (a link, a <strong>) inserted as they are. */
  html(key: MessageKey, params?: Params): SafeHtml;
  /** A plural message's form for each of the locale's plural categories, `#` left in (for the page's script). */
  pluralForms(key: MessageKey): Record<string, string>;
  formatNumber(value: number): string;
  formatDate(value: Date | number): string;
  /** "a, b and c" in the locale. */
  formatList(items: readonly string[]): string;
  /** A data kind's name inside a sentence ("your contacts"): lower-cased where the language does so (not German). */
  noun(label: string): string;
  /** A provider's own text (a sign-in field's label or help, from its manifest) in this language, else as it is. */
  provider(text: string): string;
}

/**
 * The locale of a page: the session's `language` option when Weft has it (de-AT → de), else the best of the
 * Accept-Language header (q-values, region variants falling back to their language), else English.
 */
export function negotiateLocale(acceptLanguage: string | undefined, option?: string): Locale {
  if (option !== undefined) {
    const chosen = best(option);
    if (chosen) return chosen;
  }
  return (acceptLanguage && best(acceptLanguage)) || 'en';
}

function best(header: string): Locale | undefined {
  const found = new Negotiator({ headers: { 'accept-language': header } }).languages([...LOCALES]);
  // A bare "*" matches every locale: the first, English, is the answer then.
  return found.find((l): l is Locale => (LOCALES as readonly string[]).includes(l));
}

/** Splits `{name, plural, one {…} other {…}}` into its forms; undefined when the text is not one. */
function pluralParts(body: string): { name: string; forms: Record<string, string> } | undefined {
  const head = /^\s*(\w+)\s*,\s*plural\s*,/.exec(body);
  if (!head) return undefined;
  const forms: Record<string, string> = {};
  let rest = body.slice(head[0].length);
  for (;;) {
    const sel = /^\s*(=\d+|\w+)\s*\{/.exec(rest);
    if (!sel) break;
    let depth = 1;
    let i = sel[0].length;
    for (; i < rest.length && depth > 0; i++) {
      if (rest[i] === '{') depth++;
      else if (rest[i] === '}') depth--;
    }
    forms[sel[1] as string] = rest.slice(sel[0].length, i - 1);
    rest = rest.slice(i);
  }
  return { name: head[1] as string, forms };
}

/** The message's parts: text and placeholder values, plural forms chosen (and `#` filled) by `count`. */
function parts(text: string, params: Params, plural: (n: number) => string, num: (n: number) => string, forced?: string): (string | SafeHtml)[] {
  const out: (string | SafeHtml)[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      out.push(text.slice(i));
      break;
    }
    out.push(text.slice(i, open));
    let depth = 1;
    let j = open + 1;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    const body = text.slice(open + 1, j - 1);
    const p = pluralParts(body);
    if (p) {
      const value = params[p.name];
      const n = typeof value === 'number' ? value : Number(value);
      const form = forced ?? (p.forms[`=${n}`] !== undefined ? `=${n}` : plural(n));
      const chosen = p.forms[form] ?? p.forms['other'] ?? '';
      const shown = forced ? '#' : num(n);
      out.push(
        ...parts(chosen.replaceAll('#', '\u0000'), params, plural, num, forced).map((x) =>
          typeof x === 'string' ? x.replaceAll('\u0000', shown) : x,
        ),
      );
    } else {
      const value = params[body.trim()];
      if (value === undefined) throw new Error(`The message needs a value for {${body}}`);
      out.push(value instanceof SafeHtml ? value : typeof value === 'number' ? num(value) : value);
    }
    i = j;
  }
  return out;
}

const cache = new Map<Locale, Translator>();

/** The translator of a locale. */
export function translator(locale: Locale): Translator {
  const cached = cache.get(locale);
  if (cached) return cached;
  const catalogue = CATALOGUES[locale];
  const rules = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  // The server does not know the end user's time zone: times are in UTC, and say so.
  const dates = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  // English lists as the journey always wrote them ("a, b and c"), without the serial comma.
  const lists = new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { type: 'conjunction' });
  const num = (n: number) => numbers.format(n);
  const plural = (n: number) => rules.select(n);
  const t = ((key: MessageKey, params: Params = {}) =>
    parts(catalogue[key], params, plural, num)
      .map((p) => (p instanceof SafeHtml ? p.value : p))
      .join('')) as Translator;
  Object.assign(t, {
    locale,
    html: (key: MessageKey, params: Params = {}) => html`${parts(catalogue[key], params, plural, num)}`,
    pluralForms: (key: MessageKey) =>
      Object.fromEntries(rules.resolvedOptions().pluralCategories.map((c) => [c, parts(catalogue[key], {}, plural, num, c).map(String).join('')])),
    formatNumber: num,
    formatDate: (value: Date | number) => dates.format(value),
    formatList: (items: readonly string[]) => lists.format(items),
    noun: (label: string) => (locale === 'de' ? label : label.toLocaleLowerCase(locale)),
    provider: (text: string) => (locale === 'en' ? text : (PROVIDER_TEXTS[locale][text] ?? text)),
  });
  cache.set(locale, t);
  return t;
}

/** The translator of a request (and of its session, whose `language` option wins over the browser's). */
export function translatorFor(
  request: { headers: Record<string, string | string[] | undefined> },
  session?: { options: { language?: string | undefined } } | null,
): Translator {
  const header = request.headers['accept-language'];
  return translator(negotiateLocale(Array.isArray(header) ? header.join(',') : header, session?.options.language));
}

/**
 * The messages the session page's script shows, as attributes of a hidden element it reads (escaped like any text;
 * no script of the page's own): a closed pop-up's reason, the unfinished sign-in's, and the search's count per plural
 * category (`#` the number), with the locale to choose and format by.
 */
export function scriptMessages(t: Translator): SafeHtml {
  const forms = Object.entries(t.pluralForms('choose.searchCount')).map(([category, text]) => html` data-matches-${category}="${text}"`);
  return html`<span id="weft-messages" hidden data-locale="${t.locale}" data-closed="${t('popup.closed', { provider: '{provider}' })}" data-unfinished="${t('popup.unfinished')}"${forms}></span>`;
}
