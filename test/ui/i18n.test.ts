/**
 * The languages of the connect journey (issue 15): every catalogue has exactly English's keys, placeholders and plural
 * selectors, and no empty message; the choice of language (q-values, region variants, the session's option); the
 * translator's placeholders, plurals, numbers, dates and escaping; and no English left in the journey's code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { CONNECTORS } from '../../src/connectors/index.js';
import { html } from '../../src/ui/html.js';
import { CATALOGUES, LOCALES, type MessageKey, negotiateLocale, translator } from '../../src/ui/i18n/index.js';
import { PROVIDER_TEXTS } from '../../src/ui/i18n/providers.js';

/** The placeholders of a message, plural selectors included (`{count, plural, one {…}}` → count, plural:one…). */
function placeholders(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/\{\s*(\w+)\s*(?=[},])/g)) found.add(m[1] as string);
  for (const m of text.matchAll(/\b(=\d+|zero|one|two|few|many|other)\s*\{/g))
    if (m[1] === 'other' || m[1]?.startsWith('=')) found.add(`form:${m[1]}`);
  return [...found].sort();
}

describe('catalogues', () => {
  const en = CATALOGUES.en;
  const keys = Object.keys(en).sort();

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the English keys, the same placeholders, and no empty message', (locale) => {
    const catalogue = CATALOGUES[locale];
    expect(Object.keys(catalogue).sort()).toEqual(keys);
    for (const key of keys as MessageKey[]) {
      expect(catalogue[key].trim(), `${locale} ${key} is empty`).not.toBe('');
      expect(placeholders(catalogue[key]), `${locale} ${key}`).toEqual(placeholders(en[key]));
      // Every plural message says every plural category of the language, or has "other" to fall back on.
      if (/,\s*plural\s*,/.test(en[key])) expect(catalogue[key]).toMatch(/\bother\s*\{/);
    }
  });

  it('English messages are not empty and their braces balance', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(CATALOGUES[locale])) {
        expect(text.trim(), `${locale} ${key}`).not.toBe('');
        let depth = 0;
        for (const c of text) {
          depth += c === '{' ? 1 : c === '}' ? -1 : 0;
          expect(depth, `${locale} ${key}`).toBeGreaterThanOrEqual(0);
        }
        expect(depth, `${locale} ${key}`).toBe(0);
      }
    }
  });

  it('no translation is the English text itself, except names and words the languages share', () => {
    const shared = new Set(['CRM', 'Sandbox', 'Contacts', 'Notes', 'Tickets', 'Collections', 'Deals', 'Leads', 'Connecter {provider}']);
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const same = (Object.keys(CATALOGUES.en) as MessageKey[]).filter(
        (k) => CATALOGUES[locale][k] === CATALOGUES.en[k] && !shared.has(CATALOGUES.en[k]),
      );
      expect(same, locale).toEqual([]);
    }
  });
});

describe('choosing the language', () => {
  it('follows Accept-Language with its q-values, against the languages Weft has', () => {
    expect(negotiateLocale('fr;q=0.4, de;q=0.9, en;q=0.5')).toBe('de');
    expect(negotiateLocale('ja, es;q=0.8, fr;q=0.7')).toBe('es');
    expect(negotiateLocale('en-US,en;q=0.9,fr;q=0.8')).toBe('en');
    expect(negotiateLocale('de;q=0, fr')).toBe('fr');
  });

  it('falls back from a region variant to its language', () => {
    expect(negotiateLocale('de-AT')).toBe('de');
    expect(negotiateLocale('fr-CA,fr;q=0.9')).toBe('fr');
    expect(negotiateLocale('es-419')).toBe('es');
  });

  it('is English for an unknown language, a missing or junk header, or *', () => {
    expect(negotiateLocale('ja, zh-CN;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(';;;q=x,,')).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
  });

  it("prefers the session's language option to the header; an option Weft does not have falls back to the header", () => {
    expect(negotiateLocale('fr', 'de')).toBe('de');
    expect(negotiateLocale('de', 'es-MX')).toBe('es');
    expect(negotiateLocale('fr', 'ja')).toBe('fr');
    expect(negotiateLocale(undefined, 'ja')).toBe('en');
    expect(negotiateLocale('de', 'EN')).toBe('en');
  });
});

describe('the translator', () => {
  it('fills placeholders and chooses plural forms by the locale’s rules, with numbers in the locale', () => {
    expect(translator('en')('brand.wants.CRM', { app: 'Acme' })).toBe('Acme wants to connect to your CRM');
    expect(translator('de')('brand.wants.CRM', { app: 'Acme' })).toBe('Acme möchte sich mit Ihrem CRM verbinden');
    expect(translator('en')('choose.searchCount', { count: 1 })).toBe('1 app matches');
    expect(translator('en')('choose.searchCount', { count: 1200 })).toBe('1,200 apps match');
    expect(translator('de')('choose.searchCount', { count: 1200 })).toBe('1.200 Apps passen');
    expect(translator('fr')('choose.searchCount', { count: 0 })).toBe('0 application correspond');
    expect(translator('fr')('choose.searchCount', { count: 2 })).toBe('2 applications correspondent');
    expect(translator('es')('choose.searchCount', { count: 3 })).toBe('3 aplicaciones coinciden');
    expect(translator('en').pluralForms('choose.searchCount')).toEqual({ one: '# app matches', other: '# apps match' });
  });

  it('formats numbers, dates and lists in the locale', () => {
    const when = Date.UTC(2026, 11, 6, 7, 5);
    expect([translator('en'), translator('de'), translator('fr'), translator('es')].map((t) => t.formatNumber(1234567.5))).toEqual([
      '1,234,567.5',
      '1.234.567,5',
      '1\u202f234\u202f567,5',
      '1.234.567,5',
    ]);
    expect(translator('de').formatDate(when)).toBe('6. Dez. 2026, 07:05 UTC');
    expect(translator('en').formatDate(when)).toBe('Dec 6, 2026, 7:05 AM UTC');
    expect(translator('fr').formatDate(when)).toBe('6 déc. 2026, 07:05 UTC');
    expect(translator('es').formatDate(when)).toBe('6 dic 2026, 7:05 UTC');
    expect(translator('en').formatList(['contacts', 'companies', 'deals'])).toBe('contacts, companies and deals');
    expect(translator('es').formatList(['contactos', 'empresas'])).toBe('contactos y empresas');
  });

  it('never lets a message or a value add markup: text is escaped, only SafeHtml values are inserted as they are', () => {
    const t = translator('en');
    expect(html`<h1>${t('brand.wants.CRM', { app: '<img src=x onerror=alert(1)>' })}</h1>`.value).toBe(
      '<h1>&lt;img src=x onerror=alert(1)&gt; wants to connect to your CRM</h1>',
    );
    expect(t.html('popup.waiting', { provider: html`<strong data-provider></strong>` }).value).toBe(
      'Finish signing in to <strong data-provider></strong> in the pop-up window.',
    );
    expect(t.html('connect.title', { provider: 'A & <B>' }).value).toBe('Connect A &amp; &lt;B&gt;');
  });
});

/** The files of the end user's journey, every one of which must carry no text of its own. */
function journeyFiles(): string[] {
  const root = 'src/ui/session';
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts')) out.push(path);
    }
  };
  walk(root);
  return out.sort();
}

/** Words (3+ letters) in the text an html`` template writes itself: between tags, and in alt/title/aria-label/placeholder. */
function literalWords(template: string): string[] {
  const words: string[] = [];
  for (const m of template.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"\uFFFC]*)"/g))
    words.push(...((m[1] ?? '').match(/[A-Za-z]{3,}/g) ?? []));
  // A fragment of attributes (` checked`, ` aria-current="step"`) has no text between tags.
  if (/^\s+[\w-]+(?:=|\s|$)/.test(template) && !template.includes('<')) return words;
  const text = template
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ' ')
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
  words.push(...(text.match(/[A-Za-z]{3,}/g) ?? []));
  return words;
}

describe('the providers’ own words on the sign-in forms', () => {
  it('every label and help of every connector’s sign-in fields has a translation in each language', () => {
    const texts = new Set<string>();
    for (const c of CONNECTORS) {
      for (const m of [c.manifest.auth.apiKey, c.manifest.auth.oauth2]) {
        if (!m) continue;
        if ('label' in m) texts.add(m.label);
        if ('help' in m) texts.add(m.help);
        for (const f of m.fields ?? []) texts.add(f.label).add(f.help);
      }
    }
    expect(texts.size).toBeGreaterThan(20);
    for (const locale of ['de', 'fr', 'es'] as const) {
      const t = translator(locale);
      const missing = [...texts].filter((text) => !Object.hasOwn(PROVIDER_TEXTS[locale], text));
      expect(missing, locale).toEqual([]);
      for (const text of texts) expect(t.provider(text), `${locale}: ${text}`).not.toBe(text);
    }
    expect(translator('en').provider('API token')).toBe('API token');
    expect(translator('de').provider('API token')).toBe('API-Token');
    // A text no one translated shows as it is.
    expect(translator('fr').provider('Some new label')).toBe('Some new label');
  });
});

describe('no English in the journey’s code', () => {
  const files = journeyFiles();

  it('finds the journey’s files', () => {
    expect(files).toContain('src/ui/session/frame.ts');
    expect(files).toContain('src/ui/session/steps/statistics.ts');
    expect(files).toContain('src/ui/session/steps/fields.ts');
  });

  it('html`` templates write no words: all text comes from the catalogues', () => {
    const found: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node) => {
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'html') {
          const t = node.template;
          // The template's own text, a NUL where a value goes (a value is never literal text).
          const own = ts.isNoSubstitutionTemplateLiteral(t) ? t.text : [t.head.text, ...t.templateSpans.map((s) => s.literal.text)].join('\uFFFC');
          for (const word of literalWords(own)) {
            found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} "${word}"`);
          }
        }
        // Titles, Back labels and message pages take catalogue text, not literals.
        if (ts.isPropertyAssignment(node) && ['title', 'backLabel'].includes(node.name.getText()) && ts.isStringLiteralLike(node.initializer)) {
          found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText()}`);
        }
        if (ts.isCallExpression(node) && ['messagePage', 'stepError', 'notConnected'].includes(node.expression.getText())) {
          for (const arg of node.arguments) {
            if (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg)) {
              found.push(`${file}:${source.getLineAndCharacterOfPosition(arg.getStart()).line + 1} ${arg.getText()}`);
            }
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found).toEqual([]);
  });

  it('the session page’s script writes no sentence of its own (its words come in the page’s weft-messages block)', () => {
    const script = readFileSync('src/ui/session/popup.ts', 'utf8').split('String.raw`')[1]?.split('\n`;')[0] ?? '';
    expect(script).toContain('weft-messages');
    // A quoted string of three words or more is a sentence.
    expect(script.match(/'[^'\n]*[A-Za-z]+ [A-Za-z]+ [A-Za-z]+[^'\n]*'/g) ?? []).toEqual([]);
  });
});
