/**
 * Records of the conformance suites made and removed as a user would: a pulled record's data as a new record of the
 * same kind (what can be written, its own value of each field the provider holds unique), and a record deleted behind
 * Weft's back at the provider.
 */
import { COMMON_MODELS } from '../../src/model/registry.js';
import type { Harness } from '../helpers/harness.js';
import { shopDomainOf, type TypesAdapter } from './adapters.js';

/**
 * Deletes a record behind Weft's back: in HubSpot's sandbox by type, in Pipedrive, Salesforce, Copper and Attio with
 * their own APIs. Where the provider cannot delete a record of the type at all (QuickBooks' customers, vendors and
 * items are only ever made inactive), the remover does what a user can and answers the change the sync sees instead;
 * where nothing a user can do takes a record of the type away (a Zendesk ticket comment is only ever redacted, a
 * change the sandbox does not serve), it answers KEPT, and the sync is expected to see only the record it created.
 */
export const REMOVERS: Record<string, (h: Harness, account: string, type: string, id: string) => Promise<void | 'UPDATED' | 'KEPT'>> = {
  xero: async (h, account, type, id) => {
    const org = h.sandbox.xero.organisation(account);
    // Xero deletes no contact (it archives one), and an approved invoice is voided, not deleted: a user's way out.
    if (type === 'accounting-contact') {
      org.write('Contacts', { ContactID: id, ContactStatus: 'ARCHIVED' }, 'POST');
      return 'UPDATED';
    }
    const collections: Record<string, string> = {
      'accounting-invoice': 'Invoices',
      'accounting-payment': 'Payments',
      'accounting-product': 'Items',
      'accounting-purchase_order': 'PurchaseOrders',
    };
    const collection = (collections[type] ?? 'Unknown') as 'Invoices';
    if (org.remove(collection, id)) return undefined;
    if (type !== 'accounting-invoice') throw new Error(`No Xero ${type} ${id} to delete`);
    // A paid invoice is voided once its payments are removed, as a user must in Xero.
    for (const p of org.records('Payments')) {
      if ((p['Invoice'] as { InvoiceID?: string } | undefined)?.InvoiceID === id && p['Status'] !== 'DELETED')
        org.remove('Payments', p['PaymentID'] as string);
    }
    org.write('Invoices', { InvoiceID: id, Status: 'VOIDED' }, 'POST');
    return 'UPDATED';
  },
  quickbooks: async (h, account, type, id) => {
    const company = h.sandbox.quickbooks.company(account);
    const [entity, qid] =
      type === 'accounting-contact'
        ? ([id.startsWith('vendor-') ? 'Vendor' : 'Customer', id.replace(/^(customer|vendor)-/, '')] as const)
        : ([({ 'accounting-customer': 'Customer', 'accounting-product': 'Item' } as const)[type as 'accounting-customer'], id] as const);
    if (entity) {
      const record = company.record(entity, qid);
      if (!record) throw new Error(`No QuickBooks ${entity} ${qid} to make inactive`);
      company.write(entity, { Id: qid, SyncToken: record['SyncToken'], sparse: true, Active: false });
      return 'UPDATED';
    }
    const transaction = ({ 'accounting-invoice': 'Invoice', 'accounting-payment': 'Payment', 'accounting-purchase_order': 'PurchaseOrder' } as const)[
      type as 'accounting-invoice'
    ];
    const record = transaction && company.record(transaction, id);
    if (!transaction || !record) throw new Error(`No QuickBooks ${type} ${id} to delete`);
    // An invoice with payments applied is deleted after them, as a user unlinks them first.
    if (transaction === 'Invoice') {
      for (const p of company.records('Payment')) {
        const lines = (p['Line'] ?? []) as Array<{ LinkedTxn?: Array<{ TxnId: string }> }>;
        if (lines.some((l) => l.LinkedTxn?.some((t) => t.TxnId === id)))
          company.write('Payment', { Id: p['Id'], SyncToken: p['SyncToken'] }, 'delete');
      }
    }
    company.write(transaction, { Id: id, SyncToken: record['SyncToken'] }, 'delete');
    return undefined;
  },
  shopify: async (h, account, type, id) => {
    const kinds = { 'ecommerce-customer': 'customers', 'ecommerce-product': 'products', 'ecommerce-product_variant': 'variants' } as const;
    const kind = kinds[type as keyof typeof kinds];
    if (!kind || !h.sandbox.shopify.shop(shopDomainOf(account))[kind].delete(Number(id))) throw new Error(`No Shopify ${type} ${id} to delete`);
  },
  woocommerce: async (h, account, type, id) => {
    const resources = {
      'ecommerce-customer': 'customers',
      'ecommerce-product': 'products',
      'ecommerce-product_category': 'categories',
      'ecommerce-order': 'orders',
    } as const;
    const resource = resources[type as keyof typeof resources];
    if (!resource || !h.sandbox.woocommerce.store(account).remove(resource, id)) throw new Error(`No WooCommerce ${type} ${id} to delete`);
  },
  bigcommerce: async (h, account, type, id) => {
    const resources = {
      'ecommerce-customer': 'customers',
      'ecommerce-product': 'products',
      'ecommerce-product_category': 'categories',
      'ecommerce-order': 'orders',
    } as const;
    const resource = resources[type as keyof typeof resources];
    // An order is archived (BigCommerce's delete), the others deleted for good.
    if (!resource || !h.sandbox.bigcommerce.store(account).remove(resource, id)) throw new Error(`No BigCommerce ${type} ${id} to delete`);
  },
  hubspot: async (h, account, type, id) => {
    const objects: Record<string, string[]> = {
      'crm-deal': ['deals'],
      'crm-ticket': ['tickets'],
      'crm-lead': ['leads'],
      'crm-product': ['products'],
      'crm-note': ['notes'],
      'crm-task': ['tasks'],
      'crm-activity': ['calls', 'meetings', 'emails'],
    };
    const handle = h.sandbox.hubspot.account(account);
    const archived = (objects[type] ?? []).some((o) => handle.objects(o as 'deals').archive(id));
    if (!archived) throw new Error(`No HubSpot ${type} ${id} to delete`);
  },
  pipedrive: async (h, account, type, id) => {
    const paths: Record<string, string> = {
      'crm-deal': '/api/v2/deals',
      'crm-lead': '/v1/leads',
      'crm-note': '/v1/notes',
      'crm-task': '/api/v2/activities',
      'crm-activity': '/api/v2/activities',
      'crm-product': '/api/v2/products',
    };
    const url = `${h.sandbox.pipedrive.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { 'x-api-token': h.sandbox.pipedrive.company(account).apiToken() } });
    if (!res.ok) throw new Error(`Pipedrive did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  copper: async (h, account, type, id) => {
    const entities: Record<string, string> = {
      'crm-deal': 'opportunities',
      'crm-lead': 'leads',
      'crm-note': 'activities',
      'crm-task': 'tasks',
    };
    const key = h.sandbox.copper.account(account);
    const url = `${h.sandbox.copper.baseUrl}/developer_api/v1/${entities[type] ?? 'unknown'}/${encodeURIComponent(id)}`;
    const headers = { 'x-pw-accesstoken': key.apiKey, 'x-pw-application': 'developer_api', 'x-pw-useremail': key.email };
    const res = await fetch(url, { method: 'DELETE', headers });
    if (!res.ok) throw new Error(`Copper did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  freshsales: async (h, account, type, id) => {
    const paths: Record<string, string> = {
      'crm-deal': '/api/deals',
      'crm-task': '/api/tasks',
      'crm-activity': '/api/appointments',
      'crm-note': '/api/notes',
    };
    const fake = h.sandbox.freshsales.account(account);
    const url = `${h.sandbox.freshsales.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Token token=${fake.apiKey}` } });
    if (!res.ok) throw new Error(`Freshsales did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  zoho: async (h, account, type, id) => {
    const modules: Record<string, string> = {
      'crm-deal': 'Deals',
      'crm-lead': 'Leads',
      'crm-note': 'Notes',
      'crm-task': 'Tasks',
      'crm-activity': 'Calls',
    };
    const org = h.sandbox.zoho.org(account);
    // An activity is a call or a meeting (Events): the module that holds it.
    const module = type === 'crm-activity' && !org.records('Calls').has(id) ? 'Events' : (modules[type] ?? 'Unknown');
    if (!org.remove(module as 'Deals', id, org.admin)) throw new Error(`No Zoho ${type} ${id} to delete`);
  },
  dynamics: async (h, account, type, id) => {
    const sets: Record<string, string> = { 'crm-deal': 'opportunities', 'crm-lead': 'leads', 'crm-note': 'annotations', 'crm-task': 'tasks' };
    if (!h.sandbox.dynamics.org(account).remove(sets[type] ?? 'unknown', id)) throw new Error(`No Dynamics 365 ${type} ${id} to delete`);
  },
  close: async (h, account, type, id) => {
    const paths: Record<string, string> = { 'crm-deal': 'opportunity', 'crm-note': 'activity/note', 'crm-task': 'task' };
    const url = `${h.sandbox.closeCrm.baseUrl}/api/v1/${paths[type] ?? 'unknown'}/${encodeURIComponent(id)}/`;
    const key = Buffer.from(`${h.sandbox.closeCrm.account(account).apiKey}:`).toString('base64');
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Basic ${key}` } });
    if (!res.ok) throw new Error(`Close did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  attio: async (h, account, type, id) => {
    const paths: Record<string, string> = { 'crm-deal': '/v2/objects/deals/records', 'crm-note': '/v2/notes', 'crm-task': '/v2/tasks' };
    const url = `${h.sandbox.attio.baseUrl}${paths[type] ?? '/unknown'}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${h.sandbox.attio.workspace(account).apiKey}` } });
    if (!res.ok) throw new Error(`Attio did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
  zendesk: async (h, account, type, id) => {
    // Zendesk deletes no comment (an agent can only redact its text), whatever its ticket.
    if (type === 'helpdesk-note') return 'KEPT';
    const zendesk = h.sandbox.zendesk.account(account);
    // End users and organizations are deleted (DELETE /api/v2/users/{id}, /organizations/{id}).
    const records = ({ 'helpdesk-contact': zendesk.users, 'helpdesk-company': zendesk.organizations } as const)[type as 'helpdesk-contact'];
    if (!records?.delete(Number(id))) throw new Error(`No Zendesk ${type} ${id} to delete`);
    return undefined;
  },
  freshdesk: async (h, account, type, id) => {
    const desk = h.sandbox.freshdesk.account(account);
    // A contact, a company or a conversation (a note or a reply) deleted as in Freshdesk's DELETE of each.
    const records = ({ 'helpdesk-contact': desk.contacts, 'helpdesk-company': desk.companies, 'helpdesk-note': desk.conversations } as const)[
      type as 'helpdesk-contact'
    ];
    if (!records?.delete(Number(id))) throw new Error(`No Freshdesk ${type} ${id} to delete`);
  },
  asana: async (h, account, type, id) => {
    // A task deleted as in Asana's DELETE /tasks/{gid} (its users are the workspace's, pulled only).
    if (type !== 'workspace-task' || !h.sandbox.asana.account(account).tasks.delete(Number(id))) throw new Error(`No Asana ${type} ${id} to delete`);
  },
  todoist: async (h, account, type, id) => {
    // A task deleted as in Todoist's DELETE /api/v1/tasks/{id} (with its subtasks).
    if (type !== 'workspace-task' || !h.sandbox.todoist.account(account).tasks.delete(Number(id)))
      throw new Error(`No Todoist ${type} ${id} to delete`);
  },
  slack: async (h, account, type, id) => {
    // A message deleted in Slack (by its channel and ts; users are pulled only).
    if (type !== 'communication-message_history' || !slackMessageOf(h, account, id, (m) => h.sandbox.slack.account(account).messages.delete(m)))
      throw new Error(`No Slack ${type} ${id} to delete`);
  },
  mailchimp: async (h, account, type, id) => {
    // A member archived as in Mailchimp's DELETE /lists/{list_id}/members/{subscriber_hash} (listed no more).
    const [list = '', hash = ''] = id.split(':');
    const fake = h.sandbox.mailchimp.account(account);
    const stored = fake.memberId(list, hash);
    if (type !== 'marketing-contact' || stored === undefined || !fake.archive(stored)) throw new Error(`No Mailchimp ${type} ${id} to archive`);
  },
  salesforce: async (h, account, type, id) => {
    const objects: Record<string, string> = {
      'crm-deal': 'Opportunity',
      'crm-lead': 'Lead',
      'crm-note': 'Note',
      'crm-task': 'Task',
      'crm-activity': 'Event',
      'crm-ticket': 'Case',
      'crm-product': 'Product2',
    };
    const tokens = h.sandbox.salesforce.org(account).issueTokens();
    // An activity is an event or a logged task, as its id's key prefix says.
    const object = type === 'crm-activity' && id.startsWith('00T') ? 'Task' : (objects[type] ?? 'Unknown');
    const url = `${tokens.instance_url}/services/data/v60.0/sobjects/${object}/${encodeURIComponent(id)}`;
    const res = await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.access_token}` } });
    if (!res.ok) throw new Error(`Salesforce did not delete ${type} ${id}: ${res.status} ${await res.text()}`);
  },
};

/** The common fields a provider sets itself or derives (never compared after a write). */
function readOnlyFields(type: string): Set<string> {
  const properties = (COMMON_MODELS.get(type)?.schema as { properties?: Record<string, { readOnly?: boolean }> }).properties ?? {};
  const fields = Object.entries(properties)
    .filter(([, p]) => p.readOnly)
    .map(([name]) => name);
  // Set by the provider on its own, or derived from other fields at the provider.
  return new Set([...fields, 'created_at', 'updated_at', 'completed_at', 'closed_at', 'converted_at', 'stage_name', 'pipeline_name']);
}

type Schema = { readOnly?: boolean; items?: { properties?: Record<string, Schema> } };

/** A value without the parts its schema marks read-only (the ids of an invoice's or an order's lines). */
function withoutReadOnly(value: unknown, schema: Schema | undefined): unknown {
  const inner = schema?.items?.properties;
  if (!inner || !Array.isArray(value)) return value;
  return value.map((v) => (v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !inner[k]?.readOnly)) : v));
}

/** A value of a field the provider holds unique, made the copy's own: an e-mail address, a phone number, a name or code. */
function distinct(value: unknown, tag: string): unknown {
  if (Array.isArray(value)) return value.map((v, i) => (i === 0 ? distinct(v, tag) : v));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const key = Object.keys(o).find((k) => /^(email_address|phone_number|number)$/.test(k));
    return key ? { ...o, [key]: distinct(o[key], tag) } : o;
  }
  if (typeof value !== 'string') return value;
  if (value.includes('@')) return value.replace('@', `+${tag}@`);
  // A phone number: its last four digits from the tag's.
  if (/^\+?[\d\s().-]{7,}$/.test(value)) return value.slice(0, -4) + tag.replace(/\D/g, '').padStart(4, '0').slice(-4);
  return `${value} ${tag}`;
}

/** A pulled record's data as a new record: only what can be written, nothing the provider sets (a line's id neither). */
export function writableOf(type: string, data: Record<string, unknown>): Record<string, unknown> {
  const skip = readOnlyFields(type);
  const properties = (COMMON_MODELS.get(type)?.schema as { properties?: Record<string, Schema> }).properties ?? {};
  return Object.fromEntries(
    Object.entries(data)
      .filter(([k, v]) => !skip.has(k) && v !== null && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, withoutReadOnly(v, properties[k])]),
  );
}

let copies = 0;
/**
 * A pulled record's data as a user would enter a second record like it: what can be written, with its own value of
 * each field the provider holds unique, and without what the provider would refuse to take twice.
 */
export function copyOfRecord(adapter: TypesAdapter, type: string, data: Record<string, unknown>): Record<string, unknown> {
  const tag = `c${++copies}x${Date.now() % 100_000}`;
  const out = writableOf(type, data);
  for (const field of adapter.notCopied?.[type] ?? []) delete out[field];
  for (const field of adapter.unique?.[type] ?? []) if (out[field] != null) out[field] = distinct(out[field], tag);
  return out;
}

/**
 * Runs `act` on the fake's record id of a Slack message named `{channel}:{ts}` (false when there is none or `accept`
 * refuses it, e.g. a reply or a thread's parent, whose deletion changes another message's reply count).
 */
export function slackMessageOf(
  h: Harness,
  account: string,
  id: string,
  act: (recordId: number) => boolean,
  accept: (message: Record<string, unknown>) => boolean = () => true,
): boolean {
  const fake = h.sandbox.slack.account(account);
  const [channel = '', ts = ''] = id.split(':');
  const recordId = fake.findMessage(channel, ts);
  if (recordId === undefined) return false;
  const message = fake.messages.get(recordId);
  return message !== undefined && accept(message) && act(recordId);
}
