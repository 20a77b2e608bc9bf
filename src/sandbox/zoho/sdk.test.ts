/**
 * The vendor's own client as the referee: @zohocrm/nodejs-sdk-8.0, pointed at the fake's EU data centre with the
 * SDK's custom environment (`DataCenter.setEnvironment(apiDomain, tokenUrl, fileUploadUrl)`), refreshes its token
 * at the fake's accounts server and reads, creates, updates and deletes records, queries COQL and lists users.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as ZOHO from '@zohocrm/nodejs-sdk-8.0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEFAULT_ZOHO_CLIENT } from './oauth-store.js';
import { authorizeZoho, startZohoTestServer, TEST_REDIRECT, type ZohoTestServer } from './testing.js';

const SDK = ZOHO as any;
const ACCOUNT = 'sdk-org.eu';
let server: ZohoTestServer;
let dir: string;

beforeAll(async () => {
  server = await startZohoTestServer({ seed: { contacts: 30, companies: 5, deals: 4 }, concurrency: null });
  const tokens = await authorizeZoho(server.baseUrl, ACCOUNT);
  dir = mkdtempSync(join(tmpdir(), 'weft-zoho-sdk-'));
  const environment = SDK.DataCenter.setEnvironment(tokens.api_domain, `${server.baseUrl}/accounts/eu/oauth/v2/token`, `${tokens.api_domain}/files`);
  const token = new SDK.OAuthBuilder()
    .clientId(DEFAULT_ZOHO_CLIENT.clientId)
    .clientSecret(DEFAULT_ZOHO_CLIENT.clientSecret)
    .refreshToken(tokens.refresh_token)
    .redirectURL(TEST_REDIRECT)
    .build();
  const logger = new SDK.LogBuilder().level(SDK.Levels.OFF).filePath(join(dir, 'sdk.log')).build();
  await (
    await new SDK.InitializeBuilder()
  )
    .environment(environment)
    .token(token)
    .store(new SDK.FileStore(join(dir, 'tokens.txt')))
    .SDKConfig(new SDK.SDKConfigBuilder().pickListValidation(false).autoRefreshFields(false).build())
    .resourcePath(dir)
    .logger(logger)
    .initialize();
});

afterAll(async () => {
  await server?.app.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('@zohocrm/nodejs-sdk-8.0 against the fake', () => {
  it('reads contacts with their fields, after refreshing at the EU accounts server', async () => {
    const ops = new SDK.Record.RecordOperations('Contacts');
    const params = new SDK.ParameterMap();
    await params.add(SDK.Record.GetRecordsParam.FIELDS, 'Last_Name,Email,Account_Name');
    await params.add(SDK.Record.GetRecordsParam.PER_PAGE, 10);
    const response = await ops.getRecords(params, new SDK.HeaderMap());
    expect(response.getStatusCode()).toBe(200);
    const wrapper = response.getObject();
    const records = wrapper.getData();
    expect(records).toHaveLength(10);
    const held = server.sandbox.zoho.record(ACCOUNT, 'Contacts', String(records[0].getId()));
    expect(records[0].getKeyValue('Last_Name')).toBe(held?.['Last_Name']);
    expect(wrapper.getInfo().getMoreRecords()).toBe(true);
    // The code's redemption, then the SDK's refresh at the EU accounts server.
    expect(server.sandbox.zoho.org(ACCOUNT).counters.snapshot().byKind['token']).toBe(2);
  });

  it('creates, updates and deletes a record, each answered per record', async () => {
    const ops = new SDK.Record.RecordOperations('Contacts');
    const record = new SDK.Record.Record();
    record.addKeyValue('Last_Name', 'Referee');
    record.addKeyValue('First_Name', 'Sdk');
    const body = new SDK.Record.BodyWrapper();
    body.setData([record]);
    const created = await ops.createRecords(body, new SDK.HeaderMap());
    expect(created.getStatusCode()).toBe(201);
    const answer = created.getObject().getData()[0];
    expect(answer.getStatus().getValue()).toBe('success');
    const id = String(answer.getDetails().get('id'));
    expect(server.sandbox.zoho.record(ACCOUNT, 'Contacts', id)).toMatchObject({ Last_Name: 'Referee', Full_Name: 'Sdk Referee' });

    const change = new SDK.Record.Record();
    change.setId(BigInt(id));
    change.addKeyValue('Title', 'Umpire');
    const update = new SDK.Record.BodyWrapper();
    update.setData([change]);
    const updated = await ops.updateRecords(update, new SDK.HeaderMap());
    expect(updated.getObject().getData()[0].getMessage().getValue()).toBe('record updated');
    expect(server.sandbox.zoho.record(ACCOUNT, 'Contacts', id)?.['Title']).toBe('Umpire');

    const params = new SDK.ParameterMap();
    await params.add(SDK.Record.DeleteRecordsParam.IDS, id);
    const deleted = await ops.deleteRecords(params, new SDK.HeaderMap());
    expect(deleted.getObject().getData()[0].getStatus().getValue()).toBe('success');
    expect(server.sandbox.zoho.record(ACCOUNT, 'Contacts', id)).toBeUndefined();
  });

  it('answers a refused record with its code and the field', async () => {
    const ops = new SDK.Record.RecordOperations('Contacts');
    const body = new SDK.Record.BodyWrapper();
    const record = new SDK.Record.Record();
    record.addKeyValue('First_Name', 'No last name');
    body.setData([record]);
    const refused = await ops.createRecords(body, new SDK.HeaderMap());
    const answer = refused.getObject().getData()[0];
    expect(answer.getCode().getValue()).toBe('MANDATORY_NOT_FOUND');
    expect(answer.getDetails().get('api_name')).toBe('Last_Name');
  });

  it('runs a COQL query', async () => {
    const ops = new SDK.Coql.CoqlOperations();
    const body = new SDK.Coql.BodyWrapper();
    body.setSelectQuery('select Last_Name, Email from Contacts where Last_Name is not null order by id asc limit 0, 5');
    const response = await ops.getRecords(body);
    expect(response.getStatusCode()).toBe(200);
    const rows = response.getObject().getData();
    expect(rows).toHaveLength(5);
    const ids = [...server.sandbox.zoho.org(ACCOUNT).records('Contacts').keys()].sort().slice(0, 5);
    expect(rows.map((r: any) => String(r.getId()))).toEqual(ids);
  });

  it('lists the users', async () => {
    const ops = new SDK.Users.UsersOperations();
    const params = new SDK.ParameterMap();
    await params.add(SDK.Users.GetUsersParam.TYPE, 'AllUsers');
    const response = await ops.getUsers(params, new SDK.HeaderMap());
    const users = response.getObject().getUsers();
    expect(users.map((u: any) => u.getEmail()).sort()).toEqual(
      server.sandbox.zoho
        .org(ACCOUNT)
        .users.map((u) => u.email)
        .sort(),
    );
  });
});
