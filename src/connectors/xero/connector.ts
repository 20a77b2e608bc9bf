/**
 * Xero: contacts (customers and suppliers in one list), invoices and bills, payments, items and purchase orders both
 * ways, the organisation, contact persons and the addresses of the organisation and the contacts pulled, over the
 * Accounting API of the tenant chosen at connection (`Xero-tenant-id`). The quirks are in pull.ts (`page`, `where`, `If-Modified-Since`), push.ts (batches answered per element, payments
 * created with PUT) and mapping.ts (nested values, `/Date(…)/`, exact amounts).
 */
import { defineConnector } from '../kit/connector.js';
import { probeOf, tableObject, textOf } from '../kit/field-table.js';
import { defaultClassifier, type ProviderResponse } from '../kit/http.js';
import { declaredObjects } from '../kit/objects.js';
import { xeroManifest } from './manifest.js';
import {
  ADDRESS,
  ADDRESS_OWNER,
  addressId,
  at,
  CONTACT,
  INVOICE,
  ITEM,
  ORGANISATION,
  PAYMENT,
  PERSON,
  PERSON_INDEX,
  personId,
  PURCHASE_ORDER,
  type XeroRecord,
} from './mapping.js';
import { byIds, describe, page, value, type XeroDecl } from './pull.js';
import { exceptionText, write } from './push.js';

/** A deleted invoice, payment or purchase order (`Status: "DELETED"`), which Xero still answers by id. */
const deleted = (r: Record<string, unknown>) => r['Status'] === 'DELETED';

const OBJECTS: Record<string, XeroDecl> = {
  'accounting-contact': {
    name: 'accounting-contact',
    path: '/Contacts',
    ...tableObject(CONTACT, ['name', 'email_addresses', 'updated_at']),
    associations: {},
    extra: {
      label: 'contact',
      collection: 'Contacts',
      idKey: 'ContactID',
      paged: true,
      where: true,
      query: { includeArchived: 'true' },
      fromCommon: (data) => CONTACT.write(data, undefined),
    },
  },
  'accounting-contact_people': {
    name: 'accounting-contact_people',
    path: '/Contacts',
    ...tableObject(PERSON, []),
    associations: { 'accounting-contact': 'ContactID' },
    extra: {
      label: 'contact person',
      collection: 'Contacts',
      idKey: 'ContactID',
      paged: true,
      where: false,
      query: { includeArchived: 'true' },
      people: true,
    },
  },
  'accounting-invoice': {
    name: 'accounting-invoice',
    path: '/Invoices',
    ...tableObject(INVOICE, ['contact_id', 'number', 'status', 'issue_date', 'updated_at']),
    associations: { 'accounting-contact': 'Contact.ContactID', 'accounting-product': 'LineItems' },
    extra: {
      label: 'invoice',
      collection: 'Invoices',
      idKey: 'InvoiceID',
      paged: true,
      where: true,
      always: 'Status!="DELETED"',
      gone: deleted,
      fromCommon: (data) => INVOICE.write(data, undefined),
    },
  },
  'accounting-payment': {
    name: 'accounting-payment',
    path: '/Payments',
    ...tableObject(PAYMENT, ['invoice_ids', 'payment_date', 'updated_at']),
    associations: { 'accounting-invoice': 'Invoice.InvoiceID', 'accounting-contact': 'Invoice.Contact.ContactID' },
    extra: {
      label: 'payment',
      collection: 'Payments',
      idKey: 'PaymentID',
      paged: true,
      where: true,
      // A deleted payment is left out: a sync reports it DELETED.
      always: 'Status!="DELETED"',
      gone: deleted,
      fromCommon: (data) => PAYMENT.write(data, undefined),
    },
  },
  'accounting-product': {
    name: 'accounting-product',
    path: '/Items',
    ...tableObject(ITEM, ['name', 'code', 'updated_at']),
    associations: {},
    extra: { label: 'item', collection: 'Items', idKey: 'ItemID', paged: false, where: true, fromCommon: (data) => ITEM.write(data, undefined) },
  },
  'accounting-purchase_order': {
    name: 'accounting-purchase_order',
    path: '/PurchaseOrders',
    // Xero's purchase orders take no `where`: only If-Modified-Since is pushed down.
    ...tableObject(PURCHASE_ORDER, ['updated_at']),
    associations: { 'accounting-contact': 'Contact.ContactID', 'accounting-product': 'LineItems' },
    extra: {
      label: 'purchase order',
      collection: 'PurchaseOrders',
      idKey: 'PurchaseOrderID',
      paged: true,
      where: false,
      // Xero's purchase orders take no where: deleted ones are left out here, so that a sync reports them DELETED.
      drop: deleted,
      gone: deleted,
      fromCommon: (data) => PURCHASE_ORDER.write(data, undefined),
    },
  },
  'accounting-company': {
    name: 'accounting-company',
    path: '/Organisation',
    ...tableObject(ORGANISATION, []),
    associations: {},
    extra: { label: 'organisation', collection: 'Organisation', idKey: 'OrganisationID', paged: false, where: false },
  },
  // The organisation's addresses, then each contact's (archived contacts too); placeholders left out.
  'accounting-address': {
    name: 'accounting-address',
    path: '/Contacts',
    ...tableObject(ADDRESS, []),
    associations: { 'accounting-contact': 'owner:contact', 'accounting-company': 'owner:organisation' },
    extra: { label: 'address', collection: 'Contacts', idKey: 'ContactID', paged: true, where: false, addresses: true },
  },
};

const ID_KEYS = ['InvoiceID', 'PaymentID', 'PurchaseOrderID', 'ItemID', 'OrganisationID', 'ContactID'];

/** The ids a record links to through `via`: a reference's path, or its lines' items. */
function associated(record: XeroRecord, via: string): string[] {
  if (via.startsWith('owner:')) {
    const [owner = '', id = ''] = String(record[ADDRESS_OWNER]).split('/');
    return owner === via.slice('owner:'.length) ? [id] : [];
  }
  if (via === 'LineItems') {
    const ids = ((record['LineItems'] ?? []) as XeroRecord[]).map((l) => textOf(at(l, 'Item.ItemID')));
    return [...new Set(ids.filter((v) => v !== null))];
  }
  const id = textOf(at(record, via));
  return id === null ? [] : [id];
}

export const xeroConnector = defineConnector({
  manifest: xeroManifest,
  coverage: probeOf(
    {
      'accounting-contact': CONTACT,
      'accounting-contact_people': PERSON,
      'accounting-invoice': INVOICE,
      'accounting-payment': PAYMENT,
      'accounting-product': ITEM,
      'accounting-purchase_order': PURCHASE_ORDER,
      'accounting-company': ORGANISATION,
      'accounting-address': ADDRESS,
    },
    undefined,
  ),

  // Lists paged by page number; a record read by id is one the lists show (a deleted invoice, payment or purchase
  // order is not returned: see `gone`; archived contacts and voided invoices are listed and read alike).
  liveReads: true,

  classify(res: ProviderResponse) {
    const message = `${res.status}: ${exceptionText(res.body)}`;
    // 401: the token expired (30 minutes); 403: the user removed the app's connection to the tenant.
    if (res.status === 401) return { kind: 'auth_expired', message };
    if (res.status === 403) return { kind: 'auth_invalid', message };
    if (res.status === 429) {
      // The day's 5,000 are spent: nothing to do until the day ends.
      const problem = res.headers['x-rate-limit-problem'];
      if ((Array.isArray(problem) ? problem[0] : problem) === 'day') return { kind: 'quota_exhausted', message };
      return { kind: 'rate_limited', message };
    }
    return { ...defaultClassifier(res), message };
  },

  // Limits are per tenant: the tenant named by GET /connections after the token.
  accountKey: (_tokens, fields) => fields?.['tenantId'] ?? 'unknown',

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
          : PERSON_INDEX in raw
            ? personId(raw)
            : String(ID_KEYS.map((k) => raw[k]).find((v) => typeof v === 'string') ?? ''),
      associated,
    },
    'Xero',
  ),
});
