/**
 * Custom schema properties the common model does not cover are matched to the provider's own fields when the
 * session is configured: pulls return the provider's values, pushes write them (converted to the field's type, with
 * no warning), and `field_mapping` in the configuration reports each source and that Weft chose it. Against each
 * provider's sandbox, over HTTP.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { describeEachDialect, type Harness, startHarness } from '../helpers/harness.js';
import { DOCS_CONTACT } from '../helpers/schemas.js';

const WEFT = { upsert: 'OVERWRITE', automatic: true } as const;

describeEachDialect('custom schema fields mapped to provider fields', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(dialect, { env: { WEFT_SANDBOX_CONTACTS: '60', WEFT_SANDBOX_COMPANIES: '10' } });
  });
  afterAll(async () => h?.close());

  async function session(schema: unknown[], account: string, provider: string): Promise<string> {
    const res = await h.api('POST', '/api/session/initiate', { body: { schema } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const sid = res.body.session_id as string;
    await h.connect(sid, account, provider);
    return sid;
  }

  async function pull(sid: string, name: string): Promise<any[]> {
    const res = await h.api('POST', '/api/pull/transfer', { body: { session_id: sid, endgrate_type: name, synchronous: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = await h.api('GET', `/api/pull/data?endgrate_type=${name}&transfer_id=${res.body.transfer_id}`);
    expect(page.body.transfer_errors).toBe(false);
    return page.body.transfer_data;
  }

  async function push(sid: string, name: string, items: unknown[]): Promise<any[]> {
    const res = await h.api('POST', '/api/push/transfer', {
      body: { session_id: sid, endgrate_type: name, synchronous: true, transfer_data: items },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (await h.api('GET', `/api/push/data?endgrate_type=${name}&transfer_id=${res.body.transfer_id}`)).body.transfer_data;
  }

  async function fieldMapping(sid: string, key: string) {
    return (await h.api('GET', `/api/session/configuration?session_id=${sid}`)).body.schemas[key].field_mapping;
  }

  it("HubSpot: the docs' custom Contact gets HubSpot's company and lifecyclestage, both ways, without a warning", async () => {
    const sid = await session([DOCS_CONTACT], 'docs-contact', 'hubspot');
    expect(await fieldMapping(sid, 'Contact')).toEqual({
      email: { source: null, ...WEFT },
      first_name: { source: null, ...WEFT },
      last_name: { source: null, ...WEFT },
      full_name: { source: null, ...WEFT },
      company: { source: 'company', ...WEFT },
      age: { source: null, ...WEFT },
      is_employed: { source: null, ...WEFT },
      lifecyclestage: { source: 'lifecyclestage', ...WEFT },
    });

    const account = h.sandbox.hubspot.account('docs-contact');
    const items = await pull(sid, 'Contact');
    expect(items).toHaveLength(60);
    for (const item of items) {
      const p = account.contacts.get(item.id)!.properties;
      expect(item.data).toEqual({
        email: p['email'] ?? null,
        first_name: p['firstname'] ?? null,
        last_name: p['lastname'] ?? null,
        full_name: [p['firstname'], p['lastname']].filter(Boolean).join(' ') || null,
        company: p['company'] || null,
        age: null,
        is_employed: null,
        lifecyclestage: p['lifecyclestage'] || null,
      });
    }
    expect(items.filter((i) => i.data.company !== null).length).toBeGreaterThan(10);
    expect(items.filter((i) => i.data.lifecyclestage !== null).length).toBeGreaterThan(40);

    const [created] = await push(sid, 'Contact', [
      { data: { email: 'grace@docs.example', first_name: 'Grace', last_name: 'Hopper', company: 'US Navy', lifecyclestage: 'customer' } },
    ]);
    expect(created).toEqual({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] });
    expect(account.contacts.get(created.id)!.properties).toMatchObject({
      email: 'grace@docs.example',
      firstname: 'Grace',
      lastname: 'Hopper',
      company: 'US Navy',
      lifecyclestage: 'customer',
    });
    const [updated] = await push(sid, 'Contact', [
      { id: created.id, data: { email: 'grace@docs.example', company: 'Remington Rand', lifecyclestage: 'evangelist' } },
    ]);
    expect(updated).toEqual({ id: created.id, internal_id: null, index: 0, success: true, errors: [] });
    expect(account.contacts.get(created.id)!.properties).toMatchObject({
      company: 'Remington Rand',
      lifecyclestage: 'evangelist',
      firstname: 'Grace',
    });
    // What matches nothing is still said, not dropped in silence.
    const [aged] = await push(sid, 'Contact', [{ id: created.id, data: { email: 'grace@docs.example', age: 85 } }]);
    expect(aged).toMatchObject({ success: true, warnings: ["No crm-contact field matches 'age'; not written"] });
  });

  it('Salesforce: Lead Source, Birthdate, Favorite Color (a __c field) and Mobile Phone by name or synonym; no company field', async () => {
    const person = {
      endgrate_type: 'crm-contact',
      title: 'Person',
      type: 'object',
      properties: {
        email: { type: 'string' },
        last_name: { type: 'string' },
        lead_source: { type: 'string' },
        birthdate: { type: 'string', format: 'date' },
        favorite_color: { type: 'string' },
        mobile: { type: 'string' },
        company: { type: 'string' },
        name: { type: 'string' },
      },
    };
    const sid = await session([person], 'sf-custom', 'salesforce');
    expect(await fieldMapping(sid, 'Person')).toEqual({
      email: { source: null, ...WEFT },
      last_name: { source: null, ...WEFT },
      lead_source: { source: 'LeadSource', ...WEFT },
      birthdate: { source: 'Birthdate', ...WEFT },
      favorite_color: { source: 'Favorite_Color__c', ...WEFT },
      mobile: { source: 'MobilePhone', ...WEFT },
      // A contact's company is its Account (a reference): no text field holds it.
      company: { source: null, ...WEFT },
      // Salesforce computes a contact's Name: read, never written.
      name: { source: 'Name', ...WEFT },
    });
    const org = h.sandbox.salesforce.org('sf-custom');
    const items = await pull(sid, 'Person');
    expect(items).toHaveLength(60);
    for (const item of items) {
      const c = org.contacts.get(item.id)!;
      expect(item.data).toEqual({
        email: c['Email'] ?? null,
        last_name: c['LastName'] ?? null,
        lead_source: c['LeadSource'] ?? null,
        birthdate: c['Birthdate'] ?? null,
        favorite_color: c['Favorite_Color__c'] ?? null,
        mobile: c['MobilePhone'] ?? null,
        company: null,
        name: c['Name'] ?? null,
      });
    }
    expect(items.filter((i) => i.data.lead_source !== null).length).toBeGreaterThan(20);

    const [created] = await push(sid, 'Person', [
      {
        data: {
          email: 'grace@sf.example',
          last_name: 'Hopper',
          lead_source: 'Web',
          birthdate: '1906-12-09',
          favorite_color: 'Blue',
          mobile: '+1 555 0100',
        },
      },
    ]);
    expect(created).toEqual({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] });
    expect(org.contacts.get(created.id)).toMatchObject({
      Email: 'grace@sf.example',
      LastName: 'Hopper',
      LeadSource: 'Web',
      Birthdate: '1906-12-09',
      Favorite_Color__c: 'Blue',
      MobilePhone: '+1 555 0100',
    });
    const [renamed] = await push(sid, 'Person', [{ id: created.id, data: { name: 'Amazing Grace', mobile: '+1 555 0199' } }]);
    expect(renamed).toEqual({
      id: created.id,
      internal_id: null,
      index: 0,
      success: true,
      errors: [],
      warnings: ["Salesforce cannot write 'Name', which 'name' is read from; not written"],
    });
    expect(org.contacts.get(created.id)).toMatchObject({ Name: 'Hopper', MobilePhone: '+1 555 0199' });
  });

  it("Pipedrive: a custom field by its label (a hash key), and an organization's number field written from text", async () => {
    const person = {
      endgrate_type: 'crm-contact',
      title: 'Person',
      type: 'object',
      properties: { first_name: { type: 'string' }, last_name: { type: 'string' }, preferred_language: { type: 'string' } },
    };
    const organization = {
      endgrate_type: 'crm-company',
      title: 'Organization',
      type: 'object',
      properties: { name: { type: 'string' }, employees: { type: 'string' }, linkedin: { type: 'string' } },
    };
    const sid = await session([person, organization], 'pd-custom', 'pipedrive');
    const company = h.sandbox.pipedrive.company('pd-custom');
    const personMapping = await fieldMapping(sid, 'Person');
    const languageKey = personMapping.preferred_language.source as string;
    expect(languageKey).toMatch(/^[0-9a-f]{40}$/);
    expect(personMapping.preferred_language).toEqual({ source: languageKey, ...WEFT });
    expect(await fieldMapping(sid, 'Organization')).toEqual({
      name: { source: null, ...WEFT },
      employees: { source: 'employee_count', ...WEFT },
      linkedin: { source: 'linkedin', ...WEFT },
    });

    const persons = await pull(sid, 'Person');
    expect(persons).toHaveLength(60);
    for (const item of persons) {
      const p = company.persons.get(Number(item.id)) as Record<string, any>;
      expect(item.data.preferred_language).toBe(p['custom_fields']?.[languageKey] ?? null);
    }
    expect(persons.filter((i) => i.data.preferred_language !== null).length).toBeGreaterThan(10);
    const orgs = await pull(sid, 'Organization');
    for (const item of orgs) {
      const o = company.organizations.get(Number(item.id)) as Record<string, any>;
      // A number field into a text property: as text.
      expect(item.data).toEqual({
        name: o['name'],
        employees: o['employee_count'] === null ? null : String(o['employee_count']),
        linkedin: o['linkedin'] ?? null,
      });
    }

    const [created] = await push(sid, 'Person', [{ data: { first_name: 'Ada', last_name: 'Lovelace', preferred_language: 'French' } }]);
    expect(created).toEqual({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] });
    expect((company.persons.get(Number(created.id)) as Record<string, any>)['custom_fields'][languageKey]).toBe('French');
    // Pipedrive refuses text in a number field: "45" is written as 45.
    const [org] = await push(sid, 'Organization', [
      { data: { name: 'Analytical Engines', employees: '45', linkedin: 'https://www.linkedin.com/company/analytical' } },
    ]);
    expect(org).toEqual({ id: expect.any(String), internal_id: null, index: 0, success: true, errors: [] });
    expect(company.organizations.get(Number(org.id))).toMatchObject({
      name: 'Analytical Engines',
      employee_count: 45,
      linkedin: 'https://www.linkedin.com/company/analytical',
    });
  });
});
