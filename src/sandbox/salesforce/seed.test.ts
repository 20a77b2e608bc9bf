/**
 * Seed data and ids of the Salesforce sandbox: deterministic per org name,
 * realistic, cheap for large orgs, and with ids that follow Salesforce's format.
 */
import { describe, expect, it } from 'vitest';

import { idSuffix, makeId, parseId } from './ids.js';
import { SalesforceOrg } from './org.js';
import { ACCOUNT, ACCOUNT_TYPES, CONTACT, INDUSTRIES, LEAD_SOURCES } from './schema.js';
import { compileSoql } from './soql-compile.js';
import { runQuery } from './soql-exec.js';
import { parseSoql } from './soql-parser.js';
import { startSalesforceTestServer } from './testing.js';

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

describe('ids', () => {
  it('computes the 18-character suffix as Salesforce does', () => {
    // Ids from the REST API Developer Guide's sObject Collections examples.
    expect(idSuffix('001xx000003DGb2')).toBe('AAG');
    expect(idSuffix('003xx000004TmiQ')).toBe('AAS');
    expect(parseId('001xx000003DGb2')?.id18).toBe('001xx000003DGb2AAG');
    expect(parseId('001xx000003DGb2AAG')).toMatchObject({ prefix: '001', pod: 'xx' });
    expect(parseId('001xx000003DGb2AAH')).toBeUndefined();
    expect(parseId('001xx000003dGb2AAG')).toBeUndefined();
    expect(parseId('not-an-id')).toBeUndefined();
    const id = makeId('003', '5g', 123_456_789);
    expect(id).toHaveLength(18);
    expect(parseId(id)).toEqual({ id18: id, prefix: '003', pod: '5g', number: 123_456_789 });
  });
});

describe('seed data', () => {
  it('is identical for the same org name and different for another', async () => {
    const a = await startSalesforceTestServer({ seed: { contacts: 50, accounts: 10 } });
    const b = await startSalesforceTestServer({ seed: { contacts: 50, accounts: 10 } });
    try {
      const page = async (baseUrl: string, token: string): Promise<unknown> => {
        const soql = encodeURIComponent('SELECT FIELDS(ALL), Account.Name FROM Contact ORDER BY Id LIMIT 50');
        const response = await fetch(`${baseUrl}/services/data/v60.0/query?q=${soql}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await response.json()) as { records: unknown[] };
        return JSON.parse(JSON.stringify(body.records).replaceAll(baseUrl, ''));
      };
      const first = await page(a.baseUrl, a.salesforce.org(' Acme ').issueTokens().access_token);
      const second = await page(b.baseUrl, b.salesforce.org('ACME').issueTokens().access_token);
      const other = await page(b.baseUrl, b.salesforce.org('Globex').issueTokens().access_token);
      expect(second).toEqual(first);
      expect(other).not.toEqual(first);
      expect(a.salesforce.org('acme').orgId).toBe(b.salesforce.org('Acme').orgId);
      expect(a.salesforce.org('acme').orgId).not.toBe(b.salesforce.org('globex').orgId);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('looks like a real org: ids, accounts, picklists, datetimes, unique e-mails', () => {
    const org = new SalesforceOrg('realistic', { contacts: 2000, accounts: 150, now: () => Date.UTC(2026, 0, 1) });
    const handleRecords = [...org.contacts.scan('live')];
    const ids = handleRecords.map((record) => org.idOf(CONTACT, record));
    expect(ids.every((id) => id.startsWith(`003${org.seed.pod}`) && parseId(id)?.id18 === id)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    const withAccount = handleRecords.filter((record) => typeof record.fields['AccountId'] === 'string');
    expect(withAccount.length / handleRecords.length).toBeGreaterThan(0.85);
    expect(withAccount.every((record) => org.locate(ACCOUNT, String(record.fields['AccountId'])).kind === 'live')).toBe(true);
    const emails = handleRecords.flatMap((record) => (typeof record.fields['Email'] === 'string' ? [record.fields['Email'].toLowerCase()] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(
      handleRecords.every((record) => record.fields['LeadSource'] === undefined || LEAD_SOURCES.includes(String(record.fields['LeadSource']))),
    ).toBe(true);
    expect(handleRecords.every((record) => record.createdAt <= record.modifiedAt && record.modifiedAt <= record.modstamp)).toBe(true);
    const accounts = [...org.accounts.scan('live')];
    expect(accounts.every((record) => record.fields['Industry'] === undefined || INDUSTRIES.includes(String(record.fields['Industry'])))).toBe(true);
    expect(accounts.every((record) => record.fields['Type'] === undefined || ACCOUNT_TYPES.includes(String(record.fields['Type'])))).toBe(true);
    expect(new Set(accounts.map((record) => record.fields['Name'])).size).toBe(150);
  });

  it('serves a million-contact org without generating it', () => {
    const org = new SalesforceOrg('huge', { contacts: 1_000_000, accounts: 50_000, now: () => Date.UTC(2026, 0, 1) });
    const count = runQuery(org, compileSoql(parseSoql('SELECT COUNT() FROM Contact'), Date.UTC(2026, 0, 1)), false);
    expect(count).toEqual({ kind: 'count', total: 1_000_000 });
    const page = runQuery(org, compileSoql(parseSoql('SELECT Id FROM Contact LIMIT 5'), Date.UTC(2026, 0, 1)), false);
    expect(page.kind === 'rows' ? page.numbers : []).toHaveLength(5);
    expect(org.contacts.isInOverlay(org.contacts.numbers()[999_999] ?? 0)).toBe(false);
    const last = org.contacts.peek(org.contacts.numbers()[999_999] ?? 0);
    expect(last?.fields['LastName']).toEqual(expect.any(String));
    expect(new Date(last?.createdAt ?? 0).toISOString().replace('Z', '+0000')).toMatch(DATETIME);
    expect(org.contacts.isInOverlay(last?.num ?? 0)).toBe(false);
  });
});
