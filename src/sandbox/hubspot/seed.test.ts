import { describe, expect, it } from 'vitest';

import { HubSpotAccount } from './account.js';
import { INDUSTRIES, LIFECYCLE_STAGES, propertyDefinition } from './properties.js';
import {
  ID_BASES,
  seedCompanyIndexOfContact,
  seedContactIndexesOfCompany,
  type SeedContext,
  seedContext,
  seedIndexFromEmail,
  seedOf,
} from './seed.js';

const { contacts: CONTACT_ID_BASE, companies: COMPANY_ID_BASE } = ID_BASES;
const seedContact = (ctx: SeedContext, index: number) => seedOf('contacts', ctx, index);
const seedCompany = (ctx: SeedContext, index: number) => seedOf('companies', ctx, index);

const settings = (contacts: number, companies: number, now = () => Date.UTC(2026, 0, 1)) => ({
  seed: { contacts, companies, cars: 120 },
  rateLimit: { max: 100, intervalMs: 10_000 },
  searchRateLimit: { max: 5, intervalMs: 1_000 },
  now,
});

describe('seed data', () => {
  const ctx = seedContext('acme', 1000, 200);

  it('is a pure function of account name and index', () => {
    expect(seedContact(seedContext('acme', 1000, 200), 17)).toEqual(seedContact(ctx, 17));
    expect(seedCompany(seedContext('acme', 1000, 200), 5)).toEqual(seedCompany(ctx, 5));
    expect(seedContact(seedContext('globex', 1000, 200), 17).properties['email']).not.toBe(seedContact(ctx, 17).properties['email']);
    expect(seedContext('acme', 1, 1).hubId).toBe(ctx.hubId);
    expect(seedContext('globex', 1, 1).hubId).not.toBe(ctx.hubId);
  });

  it('gives ascending ids and create dates, unique e-mails, only string values', () => {
    const contacts = Array.from({ length: 1000 }, (_, i) => seedContact(ctx, i));
    expect(contacts[0]?.id).toBe(String(CONTACT_ID_BASE));
    for (let i = 1; i < contacts.length; i += 1) {
      expect(Number(contacts[i]?.id)).toBe(Number(contacts[i - 1]?.id) + 1);
      expect(contacts[i]?.createdAt).toBeGreaterThan(contacts[i - 1]?.createdAt ?? Infinity);
    }
    const emails = new Set(contacts.map((c) => c.properties['email']));
    expect(emails.size).toBe(1000);
    for (const contact of contacts) {
      for (const [name, value] of Object.entries(contact.properties)) {
        expect(typeof value).toBe('string');
        expect(propertyDefinition('contacts', name), name).toBeDefined();
      }
      expect(contact.updatedAt).toBeGreaterThanOrEqual(contact.createdAt);
      expect(contact.properties['hs_object_id']).toBe(contact.id);
    }
  });

  it('looks realistic: most contacts have a phone and a company, stages are HubSpot values', () => {
    const contacts = Array.from({ length: 1000 }, (_, i) => seedContact(ctx, i));
    const share = (predicate: (c: (typeof contacts)[number]) => boolean) => contacts.filter(predicate).length / 1000;
    expect(share((c) => c.properties['phone'] !== undefined)).toBeGreaterThan(0.85);
    expect(share((c) => c.properties['phone'] !== undefined)).toBeLessThan(0.95);
    expect(share((c) => c.companies !== undefined)).toBeGreaterThan(0.85);
    expect(share((c) => c.properties['fax'] !== undefined)).toBeGreaterThan(0.02);
    expect(share((c) => c.properties['hs_additional_emails'] !== undefined)).toBeGreaterThan(0.02);
    expect(share((c) => c.properties['favorite_color'] !== undefined)).toBeGreaterThan(0.5);
    const stages = new Set(LIFECYCLE_STAGES.map(([value]) => value));
    expect(contacts.every((c) => c.properties['lifecyclestage'] === undefined || stages.has(c.properties['lifecyclestage']))).toBe(true);
    const industries = new Set(INDUSTRIES.map(([value]) => value));
    const companies = Array.from({ length: 200 }, (_, i) => seedCompany(ctx, i));
    expect(companies.every((c) => c.properties['industry'] === undefined || industries.has(c.properties['industry']))).toBe(true);
    expect(new Set(companies.map((c) => c.properties['domain'])).size).toBe(200);
    expect(companies[0]?.id).toBe(String(COMPANY_ID_BASE));
  });

  it('maps contacts to companies and back consistently', () => {
    const small = seedContext('small', 500, 7);
    for (let company = 0; company < 7; company += 1) {
      const expected = Array.from({ length: 500 }, (_, i) => i).filter((i) => seedCompanyIndexOfContact(small, i) === company);
      expect(seedContactIndexesOfCompany(small, company)).toEqual(expected);
    }
    const contact = seedContact(small, 3);
    const companyIndex = seedCompanyIndexOfContact(small, 3);
    if (companyIndex !== undefined) {
      expect(contact.properties['associatedcompanyid']).toBe(String(COMPANY_ID_BASE + companyIndex));
    }
    expect(seedContactIndexesOfCompany(seedContext('none', 10, 0), 0)).toEqual([]);
  });

  it('reads the seed index back from an e-mail', () => {
    const email = seedContact(ctx, 431).properties['email'] ?? '';
    expect(seedIndexFromEmail(email)).toBe(431);
    expect(seedIndexFromEmail('no-digits@example.com')).toBeUndefined();
  });
});

describe('a huge account', () => {
  it('serves a million contacts lazily: pages from anywhere, finds by e-mail, creates after the seed', () => {
    const account = new HubSpotAccount('huge', settings(1_000_000, 200));
    expect(account.contacts.countLive()).toBe(1_000_000);
    const last = account.contacts.page(100, CONTACT_ID_BASE + 999_950);
    expect(last.records).toHaveLength(50);
    expect(last.nextAfter).toBeUndefined();
    const middle = account.contacts.page(100, CONTACT_ID_BASE + 500_000);
    expect(middle.records[0]?.id).toBe(String(CONTACT_ID_BASE + 500_000));
    expect(middle.nextAfter).toBe(CONTACT_ID_BASE + 500_100);
    const target = account.contacts.get(String(CONTACT_ID_BASE + 765_432));
    expect(account.contacts.findByUnique(target?.properties['email']?.toUpperCase() ?? '')?.id).toBe(target?.id);
    const created = account.create('contacts', { email: 'new.person@example.com', firstname: 'New' });
    expect(created.id).toBe(String(CONTACT_ID_BASE + 1_000_000));
    expect(account.contacts.page(10, CONTACT_ID_BASE + 999_999).records.map((r) => r.id)).toEqual([String(CONTACT_ID_BASE + 999_999), created.id]);
    // Only the created record lives in memory.
    expect([...account.contacts.overlayRecords()]).toHaveLength(1);
  });
});

describe('HubSpotAccount writes', () => {
  it('keeps e-mail unique, stamps modification times and skips archived records in lists', () => {
    let now = Date.UTC(2026, 5, 1);
    const account = new HubSpotAccount(
      'writes',
      settings(20, 3, () => now),
    );
    const first = account.contacts.get(String(CONTACT_ID_BASE)) ?? expect.fail('seed contact missing');
    expect(() => account.create('contacts', { email: first.properties['email'] ?? '' })).toThrow(/Contact already exists/);
    now += 1000;
    const updated = account.update('contacts', first.id, { firstname: 'Renamed', phone: '' });
    expect(updated.properties['firstname']).toBe('Renamed');
    expect(updated.properties['phone']).toBeUndefined();
    expect(updated.properties['lastmodifieddate']).toBe(new Date(now).toISOString());
    expect(account.archive('contacts', String(CONTACT_ID_BASE + 1))).toBe(true);
    expect(account.archive('contacts', String(CONTACT_ID_BASE + 1))).toBe(false);
    const page = account.contacts.page(100);
    expect(page.records.map((r) => r.id)).not.toContain(String(CONTACT_ID_BASE + 1));
    expect(page.records).toHaveLength(19);
    expect(account.contacts.page(100, undefined, true).records.map((r) => r.id)).toEqual([String(CONTACT_ID_BASE + 1)]);
    // The archived contact's e-mail can be used again.
    const archivedEmail = account.contacts.removed(String(CONTACT_ID_BASE + 1))?.properties['email'] ?? '';
    expect(account.create('contacts', { email: archivedEmail }).properties['email']).toBe(archivedEmail);
    account.reset();
    expect(account.contacts.countLive()).toBe(20);
    expect(account.contacts.get(first.id)?.properties['firstname']).toBe(first.properties['firstname']);
  });

  it('keeps contact↔company associations in sync both ways', () => {
    const account = new HubSpotAccount('assoc', settings(50, 5));
    const company = account.companies.get(String(COMPANY_ID_BASE + 2)) ?? expect.fail('company missing');
    const before = account.associationsOf('companies', company).map((link) => link.id);
    const contact = account.create('contacts', { email: 'linked@example.com' }, [
      { to: { id: company.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] },
    ]);
    expect(contact.properties['associatedcompanyid']).toBe(company.id);
    expect(account.associationsOf('companies', company).map((link) => link.id)).toEqual([...before, contact.id]);
    // Moving the primary company moves the contact.
    const other = String(COMPANY_ID_BASE + 3);
    account.update('contacts', contact.id, { associatedcompanyid: other });
    const moved = account.contacts.get(contact.id) ?? expect.fail('contact missing');
    expect(account.associationsOf('contacts', moved)).toEqual([
      { id: company.id, primary: false },
      { id: other, primary: true },
    ]);
    // A company created with a contact association adds itself to the contact.
    const created = account.create('companies', { name: 'New Co' }, [
      { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 280 }] },
    ]);
    expect(account.associationsOf('companies', created)).toEqual([{ id: contact.id, primary: false }]);
    expect(() =>
      account.create('contacts', {}, [{ to: { id: '42' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 }] }]),
    ).toThrow(/associations are invalid/);
  });
});
