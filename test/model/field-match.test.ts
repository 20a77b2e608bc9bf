/**
 * The automatic matcher of custom schema properties to provider fields, as a pure function: a provider field list in
 * (fixtures from the sandboxes' objects), a mapping out.
 */
import { describe, expect, it } from 'vitest';

import { type FieldCandidate, matchFields, needsMatch, normaliseName } from '../../src/model/field-match.js';
import { COMMON_MODELS } from '../../src/model/registry.js';
import type { JsonSchemaProperty } from '../../src/model/types.js';
import { DOCS_CONTACT } from '../helpers/schemas.js';
import {
  HUBSPOT_COMPANY,
  HUBSPOT_CONTACT,
  PIPEDRIVE_ORGANIZATION,
  PIPEDRIVE_PERSON,
  SALESFORCE_ACCOUNT,
  SALESFORCE_CONTACT,
} from './fixtures/provider-fields.js';

const CONTACT_FIELDS = Object.keys(COMMON_MODELS.get('crm-contact')!.schema.properties);
const COMPANY_FIELDS = Object.keys(COMMON_MODELS.get('crm-company')!.schema.properties);

/** Endgrate's documentation example of a custom crm-contact schema: its properties. */
const DOCS_CONTACT_PROPERTIES = DOCS_CONTACT.properties as Record<string, JsonSchemaProperty>;

const PIPEDRIVE_LEAD_SOURCE = PIPEDRIVE_PERSON.find((f) => f.label === 'Lead source')!.name;
const PIPEDRIVE_LANGUAGE = PIPEDRIVE_PERSON.find((f) => f.label === 'Preferred language')!.name;

describe('normaliseName', () => {
  it('ignores case, accents, separators and a Salesforce __c suffix', () => {
    expect(normaliseName('Favorite_Color__c')).toBe('favoritecolor');
    expect(normaliseName('Lifecycle Stage')).toBe('lifecyclestage');
    expect(normaliseName('lifecycle-stage')).toBe('lifecyclestage');
    expect(normaliseName('State/Region')).toBe('stateregion');
    expect(normaliseName('Société')).toBe('societe');
    expect(normaliseName('__c')).toBe('');
  });
});

describe('matchFields', () => {
  it("matches the docs' custom contact on HubSpot: company and lifecyclestage by name; the rest is the common model's or nothing", () => {
    expect(matchFields(DOCS_CONTACT_PROPERTIES, HUBSPOT_CONTACT, CONTACT_FIELDS)).toEqual({
      company: { source: 'company', by: 'name' },
      lifecyclestage: { source: 'lifecyclestage', by: 'name' },
    });
  });

  it('matches Salesforce contact fields by API name (without __c), by label, and through synonyms', () => {
    const props: Record<string, JsonSchemaProperty> = {
      lead_source: { type: 'string' },
      birthdate: { type: 'string', format: 'date' },
      favorite_color: { type: 'string' },
      mobile: { type: 'string' },
      position: { type: 'string' },
      business_fax: { type: 'string' },
      company: { type: 'string' },
      age: { type: 'number' },
    };
    expect(matchFields(props, SALESFORCE_CONTACT, CONTACT_FIELDS)).toEqual({
      lead_source: { source: 'LeadSource', by: 'name' },
      birthdate: { source: 'Birthdate', by: 'name' },
      favorite_color: { source: 'Favorite_Color__c', by: 'name' },
      mobile: { source: 'MobilePhone', by: 'synonym' },
      position: { source: 'Title', by: 'synonym' },
      business_fax: { source: 'Fax', by: 'label' },
    });
  });

  it("matches Pipedrive's hash-keyed custom fields by label, and never a reference field (a person's organization)", () => {
    const props: Record<string, JsonSchemaProperty> = {
      preferred_language: { type: 'string' },
      lead_source: { type: 'string' },
      language: { type: 'string' },
      company: { type: 'string' },
      organization: { type: 'string' },
    };
    expect(matchFields(props, PIPEDRIVE_PERSON, CONTACT_FIELDS)).toEqual({
      preferred_language: { source: PIPEDRIVE_LANGUAGE, by: 'label' },
      lead_source: { source: PIPEDRIVE_LEAD_SOURCE, by: 'label' },
    });
  });

  it("uses a property's title as well as its name", () => {
    expect(matchFields({ stage: { title: 'Lifecycle Stage', type: 'string' } }, HUBSPOT_CONTACT, CONTACT_FIELDS)).toEqual({
      stage: { source: 'lifecyclestage', by: 'name' },
    });
    expect(matchFields({ tier: { title: 'Customer Tier', type: 'string' } }, SALESFORCE_ACCOUNT, COMPANY_FIELDS)).toEqual({
      tier: { source: 'Customer_Tier__c', by: 'name' },
    });
    expect(matchFields({ tier: { title: 'Customer tier' } }, PIPEDRIVE_ORGANIZATION, COMPANY_FIELDS)).toEqual({
      tier: { source: PIPEDRIVE_ORGANIZATION.find((f) => f.label === 'Customer tier')!.name, by: 'label' },
    });
  });

  it('takes only fields whose type holds the property: numbers for numbers, booleans for booleans, no checkbox for text', () => {
    const props: Record<string, JsonSchemaProperty> = {
      employees: { type: 'integer' },
      zip: { type: 'number' },
      revenue: { type: ['number', 'null'] },
      website_url: { type: 'boolean' },
    };
    expect(matchFields(props, HUBSPOT_COMPANY, COMPANY_FIELDS)).toEqual({
      employees: { source: 'numberofemployees', by: 'synonym' },
      revenue: { source: 'annualrevenue', by: 'synonym' },
    });
    const fields: FieldCandidate[] = [{ name: 'is_active', label: 'Active', type: 'boolean' }];
    expect(matchFields({ is_active: { type: 'string' } }, fields, [])).toEqual({});
    expect(matchFields({ is_active: { type: 'boolean' } }, fields, [])).toEqual({ is_active: { source: 'is_active', by: 'name' } });
    expect(matchFields({ is_active: {} }, fields, [])).toEqual({ is_active: { source: 'is_active', by: 'name' } });
  });

  it('leaves alone what the common model covers, by name or by a derived name of that model, and arrays and objects', () => {
    const props: Record<string, JsonSchemaProperty> = {
      email: { type: 'string' },
      phone: { type: 'string' },
      city: { type: 'string' },
      full_name: { type: 'string' },
      job_title: { type: 'string' },
      website: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
      address: { type: 'object', properties: {} },
    };
    expect(matchFields(props, HUBSPOT_CONTACT, CONTACT_FIELDS)).toEqual({ website: { source: 'website', by: 'name' } });
    // company_name is a company's name (covered there), but nothing of a contact's common model: matched by label.
    expect(needsMatch('company_name', { type: 'string' }, COMPANY_FIELDS)).toBe(false);
    expect(matchFields({ company_name: { type: 'string' } }, HUBSPOT_CONTACT, CONTACT_FIELDS)).toEqual({
      company_name: { source: 'company', by: 'label' },
    });
  });

  it('gives each field to one property, the first declared, and prefers a writable field', () => {
    expect(matchFields({ company: { type: 'string' }, company_name: { type: 'string' } }, HUBSPOT_CONTACT, CONTACT_FIELDS)).toEqual({
      company: { source: 'company', by: 'name' },
    });
    const fields: FieldCandidate[] = [
      { name: 'score_calc', label: 'Score', type: 'number', writable: false },
      { name: 'score_manual', label: 'Score', type: 'number', writable: true },
    ];
    expect(matchFields({ score: { type: 'number' }, rating: { title: 'Score', type: 'number' } }, fields, [])).toEqual({
      score: { source: 'score_manual', by: 'label' },
      rating: { source: 'score_calc', by: 'label' },
    });
  });

  it('matches nothing in an empty field list, and nothing for a name with no letters or digits', () => {
    expect(matchFields(DOCS_CONTACT_PROPERTIES, [], CONTACT_FIELDS)).toEqual({});
    expect(matchFields({ '--': { type: 'string' } }, [{ name: 'x', label: '', type: 'string' }], [])).toEqual({});
  });
});
