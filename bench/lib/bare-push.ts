/**
 * The baseline of a push: the least any implementation must do to create the same contacts in each provider's
 * sandbox, from records already in the provider's own format. HubSpot: batch create, 100 a call, one call after
 * another. Salesforce: sObject Collections, 200 a call. Pipedrive: API v2 has no batch write, so one POST per person,
 * 5 at a time (as many as Weft sends at once). Keep-alive connections; no mapping, no validation, no bookkeeping.
 */
import { Agent, request } from 'undici';

import { SALESFORCE_API_VERSION } from '../../src/connectors/salesforce/manifest.js';
import { authorizePipedrive } from '../../src/sandbox/pipedrive/testing.js';
import { authorizeSalesforce } from '../../src/sandbox/salesforce/testing.js';
import { authorizeHubSpot } from '../../src/sandbox/testing.js';
import type { Provider } from './sandbox-counters.js';
import { msSince } from './stats.js';

export interface BareContact {
  first: string;
  last: string;
  email: string;
  phone: string;
  title: string;
}

export interface BarePushResult {
  records: number;
  requests: number;
  ms: number;
}

async function send(agent: Agent, url: string, token: string, body: unknown): Promise<unknown> {
  const res = await request(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    dispatcher: agent,
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`POST ${new URL(url).pathname} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

export async function barePush(provider: Provider, sandboxUrl: string, account: string, contacts: BareContact[]): Promise<BarePushResult> {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 8 });
  let requests = 0;
  try {
    if (provider === 'hubspot') {
      const grant = await authorizeHubSpot({ sandboxUrl, account, scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'] });
      const url = `${sandboxUrl}/hubspot/crm/v3/objects/contacts/batch/create`;
      const start = process.hrtime.bigint();
      for (let i = 0; i < contacts.length; i += 100) {
        const inputs = contacts
          .slice(i, i + 100)
          .map((c) => ({ properties: { firstname: c.first, lastname: c.last, email: c.email, phone: c.phone, jobtitle: c.title } }));
        const body = (await send(agent, url, grant.access_token, { inputs })) as { results: unknown[] };
        requests++;
        if (body.results.length !== inputs.length) throw new Error(`HubSpot created ${body.results.length} of ${inputs.length}`);
      }
      return { records: contacts.length, requests, ms: msSince(start) };
    }
    if (provider === 'salesforce') {
      const grant = await authorizeSalesforce({ baseUrl: `${sandboxUrl}/salesforce`, org: account });
      const url = `${grant.instance_url}/services/data/${SALESFORCE_API_VERSION}/composite/sobjects`;
      const start = process.hrtime.bigint();
      for (let i = 0; i < contacts.length; i += 200) {
        const records = contacts
          .slice(i, i + 200)
          .map((c) => ({ attributes: { type: 'Contact' }, FirstName: c.first, LastName: c.last, Email: c.email, Phone: c.phone, Title: c.title }));
        const body = (await send(agent, url, grant.access_token, { allOrNone: false, records })) as Array<{ success: boolean }>;
        requests++;
        if (body.filter((r) => r.success).length !== records.length)
          throw new Error(`Salesforce refused some of ${records.length}: ${JSON.stringify(body.find((r) => !r.success))}`);
      }
      return { records: contacts.length, requests, ms: msSince(start) };
    }
    const grant = await authorizePipedrive({ sandboxUrl, account });
    const url = `${grant.api_domain.replace(/\/+$/, '')}/api/v2/persons`;
    let next = 0;
    const start = process.hrtime.bigint();
    const lane = async () => {
      for (let i = next++; i < contacts.length; i = next++) {
        const c = contacts[i] as BareContact;
        await send(agent, url, grant.access_token, {
          name: `${c.first} ${c.last}`,
          emails: [{ value: c.email, primary: true, label: 'work' }],
          phones: [{ value: c.phone, primary: true, label: 'work' }],
        });
        requests++;
      }
    };
    await Promise.all(Array.from({ length: 5 }, lane));
    return { records: contacts.length, requests, ms: msSince(start) };
  } finally {
    await agent.close();
  }
}
