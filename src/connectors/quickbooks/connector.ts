/**
 * QuickBooks Online: customers and vendors (accounting-contact), customers, invoices, payments, items and purchase
 * orders both ways, the company and the addresses of the company, customers and vendors pulled, over the Accounting
 * API v3 of the connected company (`realmId`). The quirks are in pull.ts (the query language and its paging), push.ts
 * (sparse updates with SyncToken) and mapping.ts (nested values, exact amounts).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject, textOf } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import { declaredObjects } from '../kit/objects.js';
import { quickbooksManifest } from './manifest.js';
import {
  ADDRESS,
  ADDRESS_OWNER,
  addressId,
  at,
  COMPANY,
  contactId,
  CUSTOMER,
  CUSTOMER_CONTACT,
  INVOICE,
  ITEM,
  KIND,
  PAYMENT,
  PURCHASE_ORDER,
  type QboRecord,
  VENDOR_CONTACT,
} from './mapping.js';
import { byIds, describe, faultCodes, page, type QboDecl, value } from './pull.js';
import { write } from './push.js';

const contactTable = (raw: QboRecord) => (raw[KIND] === 'Vendor' ? VENDOR_CONTACT : CUSTOMER_CONTACT);

const OBJECTS: Record<string, QboDecl> = {
  'accounting-contact': {
    name: 'accounting-contact',
    path: '/query',
    properties: [...new Set([...CUSTOMER_CONTACT.fields, ...VENDOR_CONTACT.fields])],
    filters: CUSTOMER_CONTACT.pushable(['name', 'updated_at']),
    mapper: { toCommon: (raw) => contactTable(raw).read(raw, undefined) },
    associations: {},
    extra: {
      label: 'contact',
      entities: ['Customer', 'Vendor'],
      nameList: true,
      fromCommon: (data, entity) => (entity === 'Vendor' ? VENDOR_CONTACT : CUSTOMER_CONTACT).write(data, undefined),
    },
  },
  'accounting-customer': {
    name: 'accounting-customer',
    path: '/query',
    ...tableObject(CUSTOMER, ['customer_name', 'updated_at']),
    associations: {},
    extra: { label: 'customer', entities: ['Customer'], nameList: true, fromCommon: (data) => CUSTOMER.write(data, undefined) },
  },
  'accounting-invoice': {
    name: 'accounting-invoice',
    path: '/query',
    ...tableObject(INVOICE, ['contact_id', 'number', 'issue_date', 'updated_at']),
    associations: { 'accounting-contact': 'CustomerRef:contact', 'accounting-customer': 'CustomerRef', 'accounting-product': 'Line' },
    extra: { label: 'invoice', entities: ['Invoice'], nameList: false, fromCommon: (data) => INVOICE.write(data, undefined) },
  },
  'accounting-payment': {
    name: 'accounting-payment',
    path: '/query',
    ...tableObject(PAYMENT, ['contact_id', 'payment_date', 'updated_at']),
    associations: { 'accounting-invoice': 'Line', 'accounting-contact': 'CustomerRef:contact', 'accounting-customer': 'CustomerRef' },
    extra: { label: 'payment', entities: ['Payment'], nameList: false, fromCommon: (data) => PAYMENT.write(data, undefined) },
  },
  'accounting-product': {
    name: 'accounting-product',
    path: '/query',
    ...tableObject(ITEM, ['name', 'updated_at']),
    associations: {},
    extra: { label: 'item', entities: ['Item'], nameList: true, fromCommon: (data) => ITEM.write(data, undefined) },
  },
  'accounting-purchase_order': {
    name: 'accounting-purchase_order',
    path: '/query',
    ...tableObject(PURCHASE_ORDER, ['contact_id', 'updated_at']),
    associations: { 'accounting-contact': 'VendorRef:vendor', 'accounting-product': 'Line' },
    extra: { label: 'purchase order', entities: ['PurchaseOrder'], nameList: false, fromCommon: (data) => PURCHASE_ORDER.write(data, undefined) },
  },
  'accounting-company': {
    name: 'accounting-company',
    path: '/query',
    ...tableObject(COMPANY, []),
    associations: {},
    extra: { label: 'company', entities: ['CompanyInfo'], nameList: false },
  },
  // The company's, the customers' and the vendors' addresses, read with their owners (inactive customers and vendors too).
  'accounting-address': {
    name: 'accounting-address',
    path: '/query',
    ...tableObject(ADDRESS, []),
    associations: { 'accounting-contact': 'owner:contact', 'accounting-customer': 'owner:customer', 'accounting-company': 'owner:company' },
    extra: { label: 'address', entities: ['CompanyInfo', 'Customer', 'Vendor'], nameList: true, addresses: true },
  },
};

/** The owner of an address record an association names: its customer or vendor as a contact, its customer, its company. */
function addressOwner(record: QboRecord, as: string | undefined): string[] {
  const [entity = '', id = ''] = String(record[ADDRESS_OWNER]).split('/');
  if (as === 'contact') return entity === 'customer' || entity === 'vendor' ? [`${entity}-${id}`] : [];
  return entity === as ? [id] : [];
}

/** The ids a record links to through `via`: a reference (`CustomerRef`, as a contact id with `:contact`), or its lines' items or invoices. */
function associated(record: QboRecord, via: string): string[] {
  const [field, as] = via.split(':') as [string, string | undefined];
  if (field === 'owner') return addressOwner(record, as);
  if (field === 'Line') {
    const lines = (record['Line'] ?? []) as QboRecord[];
    const ids = lines.flatMap((l) => [
      ...((l['LinkedTxn'] ?? []) as QboRecord[]).filter((t) => t['TxnType'] === 'Invoice').map((t) => t['TxnId']),
      at(l, 'SalesItemLineDetail.ItemRef.value'),
      at(l, 'ItemBasedExpenseLineDetail.ItemRef.value'),
    ]);
    return [...new Set(ids.map((v) => textOf(v)).filter((v) => v !== null))];
  }
  const id = textOf(at(record, `${field}.value`));
  if (id === null) return [];
  if (as === 'contact') return [contactId('Customer', id) as string];
  if (as === 'vendor') return [contactId('Vendor', id) as string];
  return [id];
}

export const quickbooksConnector = defineConnector({
  manifest: quickbooksManifest,
  coverage: probeOf(
    {
      'accounting-contact': CUSTOMER_CONTACT,
      'accounting-customer': CUSTOMER,
      'accounting-invoice': INVOICE,
      'accounting-payment': PAYMENT,
      'accounting-product': ITEM,
      'accounting-purchase_order': PURCHASE_ORDER,
      'accounting-company': COMPANY,
      'accounting-address': ADDRESS,
    },
    undefined,
  ),

  // Queries paged by STARTPOSITION; a record read by id is one the queries show (a deleted transaction is gone, a
  // Fault 610; an inactive name is read as the queries list it, with `Active IN (true, false)`).
  liveReads: true,

  classify(res: ProviderResponse) {
    const message = `${res.status}: ${faultText(res.body)}`;
    const type = (res.body as { Fault?: { type?: unknown } } | null)?.Fault?.type;
    if (res.status === 401) return { kind: 'auth_expired', message };
    // A company whose subscription lapsed, or a user no longer its admin: the end user must act.
    if (res.status === 403 || type === 'AuthorizationFault') return { kind: 'auth_invalid', message };
    if (res.status === 429 || faultCodes(res.body).includes('003001')) return { kind: 'rate_limited', message };
    return { ...defaultClassifier(res), message };
  },

  // Limits are per company: the realmId named at the callback.
  accountKey: (_tokens, fields) => fields?.['realmId'] ?? 'unknown',

  ...declaredObjects(
    {
      objects: OBJECTS,
      page,
      byIds,
      write,
      describe,
      value,
      id: (raw) =>
        ADDRESS_OWNER in raw
          ? addressId(raw)
          : raw[KIND] === 'Vendor' || raw[KIND] === 'Customer'
            ? (contactId(raw[KIND], raw['Id']) as string)
            : String(raw['Id'] as string),
      associated,
    },
    'QuickBooks Online',
  ),
});

/** A Fault's errors as text (`code: Message: Detail`), or the body's text. */
export function faultText(body: unknown): string {
  const fault = (body as { Fault?: { Error?: Array<Record<string, unknown>>; type?: unknown } } | null)?.Fault;
  if (fault?.Error?.length) {
    return fault.Error.map((e) => [e['code'], e['Message'], e['Detail']].filter((p) => typeof p === 'string' && p).join(': ')).join('; ');
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}
