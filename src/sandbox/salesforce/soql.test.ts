/**
 * The SOQL subset: parsing, Salesforce's positioned errors, and query results
 * checked against a brute-force evaluation of the same org's records.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { SalesforceApiError } from './errors.js';
import { SalesforceOrg } from './org.js';
import type { StoredRecord } from './records.js';
import { ACCOUNT, CONTACT } from './schema.js';
import { compileSoql, likePattern } from './soql-compile.js';
import { projectRow, runQuery } from './soql-exec.js';
import { parseSoql } from './soql-parser.js';
import { formatDateTime } from './values.js';

const NOW = Date.UTC(2024, 2, 15, 10, 30);
let org: SalesforceOrg;

beforeEach(() => {
  org = new SalesforceOrg('soql org', { contacts: 400, accounts: 40, now: () => NOW });
});

function run(soql: string, scanAll = false): ReturnType<typeof runQuery> {
  return runQuery(org, compileSoql(parseSoql(soql), NOW), scanAll);
}

function ids(soql: string): string[] {
  const outcome = run(soql);
  if (outcome.kind !== 'rows') throw new Error(`expected rows, got ${outcome.kind}`);
  const def = compileSoql(parseSoql(soql), NOW).sobject;
  return outcome.numbers.map((num) => org.idOf(def, org.store(def).peek(num) as StoredRecord));
}

function contacts(): StoredRecord[] {
  return [...org.contacts.scan('live')];
}

function idOf(record: StoredRecord): string {
  return org.idOf(CONTACT, record);
}

function failure(soql: string): { errorCode: string; message: string; status: number } {
  try {
    compileSoql(parseSoql(soql), NOW);
  } catch (error) {
    if (!(error instanceof SalesforceApiError)) throw error;
    const item = error.items[0];
    return { errorCode: item?.errorCode ?? '', message: item?.message ?? '', status: error.statusCode };
  }
  return expect.fail(`expected "${soql}" to be refused`);
}

describe('parsing and errors', () => {
  it('accepts the supported grammar, case-insensitively', () => {
    const query = parseSoql(
      "select Id, Account.Name from Contact c where (LastName like 'S%' or LastName = 'Kim') and not Email = null order by LastName desc nulls last, Id limit 5 offset 2",
    );
    expect(query.from.path).toBe('Contact');
    expect(query.alias).toBe('c');
    expect(query.select.map((item) => (item.kind === 'field' ? item.path : item.kind))).toEqual(['Id', 'Account.Name']);
    expect(query.orderBy).toEqual([
      { path: 'LastName', pos: expect.any(Number), descending: true, nullsLast: true },
      { path: 'Id', pos: expect.any(Number), descending: false },
    ]);
    expect([query.limit, query.offset]).toEqual([5, 2]);
  });

  it('positions errors like Salesforce: the query line, a caret, Row and Column', () => {
    expect(failure('SELECT Id FROM Contact WHERE Foo = 1')).toEqual({
      status: 400,
      errorCode: 'INVALID_FIELD',
      message:
        "\nSELECT Id FROM Contact WHERE Foo = 1\n                             ^\nERROR at Row:1:Column:30\nNo such column 'Foo' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    expect(failure('SELECT Id FROM Contact\nWHERE LastName =').message).toBe(
      '\nWHERE LastName =\n                ^\nERROR at Row:2:Column:17\nunexpected token: <EOF>',
    );
  });

  it('refuses mixing AND and OR without parentheses', () => {
    expect(failure("SELECT Id FROM Contact WHERE LastName = 'A' AND FirstName = 'B' OR Email = null")).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
      message: expect.stringContaining('unexpected token: OR'),
    });
  });

  it('checks relationship paths, types, literals and ids', () => {
    expect(failure('SELECT Owner2.Name FROM Contact').message).toContain("Didn't understand relationship 'Owner2' in field path.");
    expect(failure('SELECT Id FROM Widget__c')).toMatchObject({
      errorCode: 'INVALID_TYPE',
      message: expect.stringContaining("sObject type 'Widget__c' is not supported."),
    });
    expect(failure("SELECT Id FROM Contact WHERE CreatedDate > '2024-01-01'").message).toContain(
      "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
    );
    expect(failure('SELECT Id FROM Contact WHERE LastName = 5').message).toContain(
      "value of filter criterion for field 'LastName' must be of type string and should be enclosed in quotes",
    );
    expect(failure("SELECT Id FROM Contact WHERE AccountId = 'abc'")).toMatchObject({
      errorCode: 'INVALID_QUERY_FILTER_OPERATOR',
      message: expect.stringContaining('invalid ID field: abc'),
    });
    expect(failure("SELECT Id FROM Account WHERE Description = 'x'").message).toContain("field 'Description' can not be filtered in query call");
    expect(failure('SELECT Id FROM Contact OFFSET 2001')).toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
    expect(failure('SELECT FIELDS(ALL) FROM Contact').message).toContain('The SOQL FIELDS function must have a LIMIT of at most 200');
    expect(failure('SELECT Id, Name, id FROM Contact').message).toContain('duplicate field selected: Id');
    expect(failure('SELECT Name, COUNT(Id) FROM Contact').message).toContain('Field must be grouped or aggregated: Name');
    expect(failure("SELECT Id FROM Contact WHERE LastName = 'unterminated")).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
  });

  it('translates LIKE patterns with escapes', () => {
    expect(likePattern('a%').test('ABC')).toBe(true);
    expect(likePattern('a_c').test('abc')).toBe(true);
    expect(likePattern('a_c').test('abbc')).toBe(false);
    expect(likePattern('100\\%').test('100%')).toBe(true);
    expect(likePattern('100\\%').test('1000')).toBe(false);
    expect(likePattern('a.b').test('axb')).toBe(false);
  });
});

describe('results', () => {
  it('filters on LastModifiedDate > a datetime literal', () => {
    const cut = Date.UTC(2024, 1, 1);
    const expected = contacts()
      .filter((record) => record.modifiedAt > cut)
      .map(idOf);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(400);
    expect(ids('SELECT Id FROM Contact WHERE LastModifiedDate > 2024-02-01T00:00:00Z')).toEqual(expected);
    expect(ids('SELECT Id FROM Contact WHERE LastModifiedDate > 2024-02-01T01:00:00+01:00')).toEqual(expected);
    const exact = contacts()[7];
    expect(ids(`SELECT Id FROM Contact WHERE CreatedDate = ${formatDateTime(exact?.createdAt ?? 0).replace('+0000', 'Z')}`)).toEqual([
      idOf(exact as StoredRecord),
    ]);
  });

  it('orders by several keys, case-insensitively, nulls first unless NULLS LAST', () => {
    const rows = contacts().map((record) => ({
      id: idOf(record),
      title: (record.fields['Title'] as string | undefined)?.toLowerCase() ?? null,
      last: String(record.fields['LastName']).toLowerCase(),
    }));
    const nullsFirst = [...rows].sort((a, b) => {
      if (a.title !== b.title) {
        if (a.title === null) return -1;
        if (b.title === null) return 1;
        return a.title < b.title ? 1 : -1;
      }
      return a.last < b.last ? -1 : a.last > b.last ? 1 : a.id < b.id ? -1 : 1;
    });
    expect(ids('SELECT Id FROM Contact ORDER BY Title DESC, LastName')).toEqual(nullsFirst.map((row) => row.id));
    const nullsLast = ids('SELECT Id FROM Contact ORDER BY Title DESC NULLS LAST, LastName');
    const nullCount = rows.filter((row) => row.title === null).length;
    expect(nullCount).toBeGreaterThan(0);
    expect(nullsLast.slice(-nullCount).sort()).toEqual(
      rows
        .filter((row) => row.title === null)
        .map((row) => row.id)
        .sort(),
    );
  });

  it('applies LIMIT and OFFSET after ordering', () => {
    const all = ids('SELECT Id FROM Contact ORDER BY CreatedDate DESC');
    expect(ids('SELECT Id FROM Contact ORDER BY CreatedDate DESC LIMIT 10 OFFSET 20')).toEqual(all.slice(20, 30));
    expect(ids('SELECT Id FROM Contact LIMIT 3')).toEqual(contacts().slice(0, 3).map(idOf));
  });

  it('matches IN, NOT IN, LIKE and != (which includes nulls)', () => {
    const sources = ['Web', 'Other'];
    expect(ids("SELECT Id FROM Contact WHERE LeadSource IN ('web', 'OTHER')")).toEqual(
      contacts()
        .filter((record) => sources.includes(String(record.fields['LeadSource'])))
        .map(idOf),
    );
    expect(ids("SELECT Id FROM Contact WHERE LeadSource NOT IN ('Web', 'Other')")).toEqual(
      contacts()
        .filter((record) => !sources.includes(String(record.fields['LeadSource'])))
        .map(idOf),
    );
    expect(ids("SELECT Id FROM Contact WHERE LastName LIKE 'sch%'")).toEqual(
      contacts()
        .filter((record) => String(record.fields['LastName']).toLowerCase().startsWith('sch'))
        .map(idOf),
    );
    const notWeb = ids("SELECT Id FROM Contact WHERE LeadSource != 'Web'");
    expect(notWeb).toEqual(
      contacts()
        .filter((record) => record.fields['LeadSource'] !== 'Web')
        .map(idOf),
    );
    expect(notWeb.length).toBeGreaterThan(
      ids('SELECT Id FROM Contact WHERE LeadSource != null').length - ids("SELECT Id FROM Contact WHERE LeadSource = 'Web'").length,
    );
    expect(ids('SELECT Id FROM Contact WHERE Email = null')).toEqual(
      contacts()
        .filter((record) => record.fields['Email'] === undefined)
        .map(idOf),
    );
  });

  it('evaluates NOT, parentheses, relationship filters and ids', () => {
    const tech = new Set(
      [...org.accounts.scan('live')].filter((record) => record.fields['Industry'] === 'Technology').map((record) => org.idOf(ACCOUNT, record)),
    );
    const expected = contacts()
      .filter((record) => tech.has(String(record.fields['AccountId'])) && !(record.fields['Title'] === 'Founder'))
      .map(idOf);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids("SELECT Id FROM Contact WHERE Account.Industry = 'technology' AND (NOT Title = 'Founder')")).toEqual(expected);
    const [first, second] = contacts().map(idOf);
    expect(ids(`SELECT Id FROM Contact WHERE Id IN ('${second}', '${String(first).slice(0, 15)}', '003000000000000AAA')`)).toEqual([first, second]);
  });

  it("follows Owner to the org's users and nests the relationship like Account", () => {
    const query = compileSoql(parseSoql('SELECT Id, Owner.Name, Owner.Email, Account.Owner.Alias FROM Contact WHERE AccountId != null LIMIT 1'), NOW);
    const outcome = runQuery(org, query, false);
    const num = outcome.kind === 'rows' ? outcome.numbers[0] : undefined;
    const row = projectRow(org, query, num ?? -1, '60.0');
    const owner = String(org.contacts.peek(num ?? -1)?.fields['OwnerId']);
    expect(row?.['Owner']).toEqual({
      attributes: { type: 'User', url: `/services/data/v60.0/sobjects/User/${owner}` },
      Name: expect.stringMatching(/^\S+ \S+/),
      Email: expect.stringContaining('@soql-org.example.com'),
    });
    expect(row?.['Account']).toEqual({
      attributes: { type: 'Account', url: expect.stringContaining('/sobjects/Account/001') },
      Owner: { attributes: { type: 'User', url: expect.stringContaining('/sobjects/User/005') }, Alias: expect.any(String) },
    });
  });

  it('supports date literals on datetime fields and date literals on date fields', () => {
    const created = org.create(CONTACT, { LastName: 'Today' });
    expect(ids('SELECT Id FROM Contact WHERE CreatedDate = TODAY')).toEqual([idOf(created)]);
    expect(ids('SELECT Id FROM Contact WHERE CreatedDate = LAST_N_DAYS:1')).toEqual([idOf(created)]);
    expect(ids('SELECT Id FROM Contact WHERE CreatedDate > TODAY')).toEqual([]);
    const born = contacts().filter((record) => typeof record.fields['Birthdate'] === 'string' && String(record.fields['Birthdate']) < '1970-01-01');
    expect(born.length).toBeGreaterThan(0);
    expect(ids('SELECT Id FROM Contact WHERE Birthdate < 1970-01-01')).toEqual(born.map(idOf));
  });

  it('counts with COUNT() and COUNT(field), and shows deleted rows to queryAll only', () => {
    expect(run('SELECT COUNT() FROM Contact')).toEqual({ kind: 'count', total: 400 });
    const withEmail = contacts().filter((record) => record.fields['Email'] !== undefined).length;
    expect(run('SELECT COUNT(Id), COUNT(Email) emails FROM Contact')).toEqual({
      kind: 'aggregate',
      row: { attributes: { type: 'AggregateResult' }, expr0: 400, emails: withEmail },
    });
    const victim = contacts()[3] as StoredRecord;
    org.delete(CONTACT, victim.num);
    expect(run('SELECT COUNT() FROM Contact')).toEqual({ kind: 'count', total: 399 });
    expect(run('SELECT COUNT() FROM Contact', true)).toEqual({ kind: 'count', total: 400 });
    const outcome = run('SELECT Id FROM Contact WHERE IsDeleted = true', true);
    expect(outcome).toEqual({ kind: 'rows', numbers: [victim.num] });
  });

  it('reads only changed records for "modified since" queries above the seed data', () => {
    org = new SalesforceOrg('soql org', { contacts: 400, accounts: 40, now: () => Date.UTC(2025, 0, 1) });
    const bound = org.seedModstampBound(CONTACT);
    expect(bound).toBeLessThan(Date.UTC(2025, 0, 1));
    const changed = org.update(CONTACT, (contacts()[5] as StoredRecord).num, { Title: 'Changed' });
    const query = `SELECT Id, Title FROM Contact WHERE SystemModstamp >= ${formatDateTime(bound + 1).replace('+0000', 'Z')}`;
    expect(compileSoql(parseSoql(query), NOW).hints.modstampFloor).toBe(bound + 1);
    expect(ids(query)).toEqual([idOf(changed)]);
  });
});
