/**
 * The connect journey in the end user's language, over HTTP (issue 15): the first screen in German, French and
 * Spanish by Accept-Language and by the session's `language` option (which wins), `<html lang>`, the page script's
 * words; the statistics screen's numbers and dates in the locale; a malformed `language` refused (400), a
 * well-formed one Weft does not have falling back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { loadSession } from '../../src/sessions/sessions.js';
import { textOf } from '../dashboard/helpers.js';
import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';

const SCHEMAS = [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }];

describeEachDialect('the connect journey in German, French and Spanish', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '1234', WEFT_SANDBOX_COMPANIES: '20' } });
    await h.services.database.db.updateTable('projects').set({ display_name: 'Acme' }).where('id', '=', h.projectId).execute();
  });
  afterAll(async () => h?.close());

  async function initiate(options: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, ...options } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.session_id as string;
  }
  const page = async (path: string, language?: string) => {
    const res = await fetch(`${h.url}${path}`, { redirect: 'manual', headers: language ? { 'accept-language': language } : {} });
    const text = await res.text();
    return { status: res.status, html: text, text: textOf(text), lang: /<html lang="([^"]*)">/.exec(text)?.[1] };
  };

  const FIRST = {
    en: [
      'Acme wants to connect to your CRM',
      'Acme will be able to: Read and write your contacts Read and write your companies',
      'Step 1 of 3: Choose your app',
    ],
    de: [
      'Acme möchte sich mit Ihrem CRM verbinden',
      'Acme erhält folgenden Zugriff: Ihre Kontakte lesen und schreiben Ihre Unternehmen lesen und schreiben',
      'Schritt 1 von 3: App auswählen',
      'Es wird nichts geteilt, bevor Sie sich anmelden und den Zugriff erlauben.',
      'Wählen Sie Ihr CRM',
    ],
    fr: [
      'Acme souhaite se connecter à votre CRM',
      'Acme pourra : Lire et écrire vos contacts Lire et écrire vos entreprises',
      'Étape 1 sur 3 : Choisir votre application',
      'Choisissez votre CRM',
      'Sécurisé par Weft',
    ],
    es: [
      'Acme quiere conectarse a tu CRM',
      'Acme podrá: Leer y escribir tus contactos Leer y escribir tus empresas',
      'Paso 1 de 3: Elige tu aplicación',
      'Elige tu CRM',
      'Protegido por Weft',
    ],
  } as const;

  it('follows Accept-Language: the first screen in each language, with <html lang> and the script’s words', async () => {
    const sid = await initiate();
    for (const [header, locale] of [
      ['de-AT,de;q=0.9,en;q=0.5', 'de'],
      ['fr-CH, fr;q=0.9', 'fr'],
      ['ja, es;q=0.8', 'es'],
      ['', 'en'],
    ] as const) {
      const first = await page(`/session?session_id=${sid}`, header);
      expect(first.status).toBe(200);
      expect(first.lang).toBe(locale);
      for (const sentence of FIRST[locale]) expect(first.text, locale).toContain(sentence);
      if (locale !== 'en') expect(first.text).not.toContain('wants to connect');
    }
    const de = await page(`/session?session_id=${sid}`, 'de');
    expect(de.html).toContain('<nav class="journey" aria-label="Fortschritt">');
    expect(de.html).toContain('<span class="visually-hidden">App auswählen</span>');
    expect(de.html).toContain(`<a href="/session/exit?session_id=${sid}" class="exit">Beenden</a>`);
    expect(de.html).toContain(
      '<span id="weft-messages" hidden data-locale="de" data-closed="Das Fenster von {provider} wurde geschlossen, bevor die Anmeldung abgeschlossen war. Es wurde nichts verbunden." data-unfinished="Die Anmeldung wurde nicht abgeschlossen. Es wurde nichts verbunden." data-matches-one="# App passt" data-matches-other="# Apps passen"></span>',
    );
  });

  it('the language option wins over the header and is kept with the session; one Weft does not have falls back', async () => {
    for (const [language, header, locale] of [
      ['de', 'fr', 'de'],
      ['fr-CA', 'es', 'fr'],
      ['es', 'de', 'es'],
      ['ja', 'fr;q=0.9, de;q=0.1', 'fr'],
      ['ja', '', 'en'],
    ] as const) {
      const sid = await initiate({ language });
      expect((await loadSession(h.services.database.db, null, sid)).options.language).toBe(language);
      const first = await page(`/session?session_id=${sid}`, header);
      expect(first.lang, language).toBe(locale);
      for (const sentence of FIRST[locale]) expect(first.text, language).toContain(sentence);
    }
    // The exit page too.
    const sid = await initiate({ language: 'fr' });
    const exit = await page(`/session/exit?session_id=${sid}`);
    expect(exit.lang).toBe('fr');
    expect(exit.text).toContain(
      'Non connecté Vous êtes parti avant de connecter une application, rien n’a donc été partagé. Vous pouvez fermer cette fenêtre.',
    );
    expect(exit.text).toContain('Recommencer');
  });

  it('an unknown link answers in the browser’s language', async () => {
    const gone = await page('/session?session_id=nope', 'es-ES');
    expect(gone.status).toBe(404);
    expect(gone.lang).toBe('es');
    expect(gone.text).toContain('Enlace caducado Este enlace no es válido o ha caducado. Pide uno nuevo a la aplicación que te envió aquí.');
  });

  it('a browser’s 404 page answers in its language', async () => {
    const res = await fetch(`${h.url}/no/such/page`, { headers: { accept: 'text/html', 'accept-language': 'fr-FR,fr;q=0.9' } });
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(text).toContain('<html lang="fr">');
    expect(textOf(text)).toContain(
      'Page introuvable Il n’y a aucune page à cette adresse. Si vous avez suivi un lien depuis une application, demandez-lui-en un nouveau.',
    );
  });

  it('refuses a malformed language (400, Endgrate’s error shape) and stores nothing', async () => {
    for (const language of ['de_DE', '<script>', 'x', 'de-', 'a'.repeat(36), 'de--AT', 42]) {
      const res = await h.api('POST', '/api/session/initiate', { body: { schema: SCHEMAS, language } });
      expect(res.status, String(language)).toBe(400);
      expect(res.body.errors, JSON.stringify(res.body)).toHaveProperty('language');
      if (language === 'de_DE') {
        expect(res.body).toEqual({
          success: false,
          code: 'WEFT_ERR_VALIDATION',
          message: 'Invalid request: \'language\' must match pattern "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$".',
          errors: { language: 'must match pattern "^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"' },
        });
      }
    }
  });

  it('the field step in each language: its words, the provider fields spelt out, the advanced control', async () => {
    const sid = await initiate({ field_selection: true });
    await h.connect(sid, 'fields-languages', 'hubspot');
    const expected = {
      en: [
        'Map your fields',
        'Each field shows the HubSpot field Weft uses for it.',
        'Advanced: when a record already exists in HubSpot',
        'First Name (firstname) · standard',
      ],
      de: [
        'Felder zuordnen',
        'Jedes Feld zeigt das HubSpot-Feld, das Weft dafür verwendet.',
        'Erweitert: wenn ein Datensatz in HubSpot bereits existiert',
        'First Name (firstname) · Standard',
        'Überschreiben',
      ],
      fr: [
        'Associez vos champs',
        'Chaque champ indique le champ HubSpot que Weft utilise.',
        'Avancé : quand un enregistrement existe déjà dans HubSpot',
        'First Name (firstname) · par défaut',
        'Écraser',
      ],
      es: [
        'Asigna tus campos',
        'Cada campo muestra el campo de HubSpot que Weft usa para él.',
        'Avanzado: cuando un registro ya existe en HubSpot',
        'First Name (firstname) · estándar',
        'Sobrescribir',
      ],
    } as const;
    for (const [language, sentences] of Object.entries(expected)) {
      const got = await page(`/session/fields?session_id=${sid}`, language);
      expect(got.status, language).toBe(200);
      expect(got.lang).toBe(language);
      for (const sentence of sentences) expect(got.text, `${language}: ${sentence}`).toContain(sentence);
    }
  });

  it("the provider's own words on its sign-in form, and what is wrong with a value, in the end user's language", async () => {
    const sid = await initiate();
    const de = await page(`/session/api-key?session_id=${sid}&provider=pipedrive`, 'de');
    expect(de.text).toContain('API-Token');
    expect(de.text).toContain('Öffnen Sie in Pipedrive Settings → Personal preferences → API und kopieren Sie Ihr persönliches API-Token.');
    const form = new URLSearchParams({ session_id: sid, provider: 'copper', api_key: 'k', email: 'not an e-mail' });
    const refused = await fetch(`${h.url}/session/api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
      body: form,
      redirect: 'manual',
    });
    expect(refused.status).toBe(400);
    const text = textOf(await refused.text());
    expect(text).toContain('Votre adresse e-mail Copper');
    expect(text).toContain("Ce n'est pas une valeur valide pour « Votre adresse e-mail Copper »");
  });

  it('the statistics screen says numbers and dates in the locale', async () => {
    const sid = await initiate({ statistics: true });
    await h.connect(sid, 'stats-languages', 'hubspot');
    const pulled = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: 'crm-contact', synchronous: true } });
    expect(pulled.status, JSON.stringify(pulled.body)).toBe(200);
    const row = await h.services.database.db
      .selectFrom('transfers')
      .select(['records', 'created_at'])
      .where('session_id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(row.records).toBe(1234);
    const when = (locale: string) =>
      new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'UTC',
        timeZoneName: 'short',
      }).format(row.created_at);
    const iso = new Date(row.created_at).toISOString();
    const cells = (html: string) => /<tbody>\s*<tr>(.*?)<\/tr>/s.exec(html)?.[1] ?? '';
    const cellTexts = (html: string) => [...cells(html).matchAll(/<td>(.*?)<\/td>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, ''));

    const en = await page(`/session/statistics?session_id=${sid}`, 'en');
    expect(cellTexts(en.html)).toEqual(['Contacts', 'Read', 'completed', '1,234', `${when('en')}`]);
    const de = await page(`/session/statistics?session_id=${sid}`, 'de');
    expect(de.lang).toBe('de');
    expect(de.text).toContain(
      'Sie sind mit HubSpot verbunden. Daten werden übertragen, wenn die App sie braucht; diese Seite zeigt jede Übertragung.',
    );
    expect(de.text).toContain('Daten Richtung Status Datensätze Gestartet');
    expect(cellTexts(de.html)).toEqual(['Kontakte', 'Gelesen', 'abgeschlossen', '1.234', `${when('de')}`]);
    expect(cells(de.html)).toContain(`<time datetime="${iso}">${when('de')}</time>`);
    const fr = await page(`/session/statistics?session_id=${sid}`, 'fr');
    expect(cellTexts(fr.html)).toEqual(['Contacts', 'Lues', 'terminé', '1\u202f234', `${when('fr')}`]);
    // Spanish groups thousands from five digits on.
    const es = await page(`/session/statistics?session_id=${sid}`, 'es');
    expect(cellTexts(es.html)).toEqual(['Contactos', 'Leídos', 'completada', '1234', `${when('es')}`]);
    expect(when('de')).toMatch(/^\d{1,2}\. [A-Z][a-zä]+\.? \d{4}, \d\d:\d\d UTC$/);
  });
});
