import { accountingAddressSchema } from './schemas/accounting-address.js';
import { accountingCompanySchema } from './schemas/accounting-company.js';
import { accountingContactSchema } from './schemas/accounting-contact.js';
import { accountingContactPeopleSchema } from './schemas/accounting-contact_people.js';
import { accountingCustomerSchema } from './schemas/accounting-customer.js';
import { accountingInvoiceSchema } from './schemas/accounting-invoice.js';
import { accountingPaymentSchema } from './schemas/accounting-payment.js';
import { accountingProductSchema } from './schemas/accounting-product.js';
import { accountingPurchaseOrderSchema } from './schemas/accounting-purchase_order.js';
import { crmActivitySchema } from './schemas/crm-activity.js';
import { crmCompanyAliases, crmCompanySchema } from './schemas/crm-company.js';
import { crmContactSchema } from './schemas/crm-contact.js';
import { crmDealSchema } from './schemas/crm-deal.js';
import { crmLeadSchema } from './schemas/crm-lead.js';
import { crmNoteSchema } from './schemas/crm-note.js';
import { crmProductSchema } from './schemas/crm-product.js';
import { crmTaskSchema } from './schemas/crm-task.js';
import { crmTicketSchema } from './schemas/crm-ticket.js';
import { crmUserSchema } from './schemas/crm-user.js';
import { ecommerceCustomerSchema } from './schemas/ecommerce-customer.js';
import { ecommerceOrderSchema } from './schemas/ecommerce-order.js';
import { ecommerceProductSchema } from './schemas/ecommerce-product.js';
import { ecommerceProductCategorySchema } from './schemas/ecommerce-product_category.js';
import { ecommerceProductCollectionSchema } from './schemas/ecommerce-product_collection.js';
import { ecommerceProductVariantSchema } from './schemas/ecommerce-product_variant.js';
import type { JsonSchemaObject } from './types.js';

/** Every `endgrate_type` Endgrate defines (its SDK's enum, plus accounting-customer from its docs). */
export const ENDGRATE_TYPES: readonly string[] = Object.freeze([
  'accounting-address',
  'accounting-company',
  'accounting-contact',
  'accounting-contact_people',
  'accounting-customer',
  'accounting-invoice',
  'accounting-payment',
  'accounting-product',
  'accounting-purchase_order',
  'analytics-lead',
  'analytics-note',
  'analytics-page_analytics',
  'analytics-page_views',
  'analytics-user',
  'analytics-user_count',
  'ats-candidate',
  'calendar-event',
  'communication-meeting',
  'communication-message_history',
  'communication-user',
  'crm-activity',
  'crm-company',
  'crm-contact',
  'crm-deal',
  'crm-lead',
  'crm-customer',
  'crm-note',
  'crm-policy',
  'crm-product',
  'crm-task',
  'crm-ticket',
  'crm-user',
  'database-user',
  'ecommerce-customer',
  'ecommerce-order',
  'ecommerce-product',
  'ecommerce-product_category',
  'ecommerce-product_collection',
  'ecommerce-product_variant',
  'forms-lead',
  'forms-question',
  'helpdesk-company',
  'helpdesk-contact',
  'helpdesk-note',
  'helpdesk-user',
  'marketing-contact',
  'marketing-customer',
  'marketing-lead',
  'marketing-user',
  'prospecting-company',
  'prospecting-contact',
  'workspace-task',
  'workspace-user',
]);

export interface CommonModel {
  endgrateType: string;
  /** Human name shown to end users and in `GET /api/integrations`. */
  displayName: string;
  schema: JsonSchemaObject;
  /** Accepted alternative names of properties in pushed data. */
  aliases: Readonly<Record<string, string>>;
}

/** The common data models Weft ships, by endgrate_type. */
export const COMMON_MODELS: ReadonlyMap<string, CommonModel> = new Map([
  ['crm-contact', { endgrateType: 'crm-contact', displayName: 'Contact', schema: crmContactSchema, aliases: {} }],
  ['crm-company', { endgrateType: 'crm-company', displayName: 'Company', schema: crmCompanySchema, aliases: crmCompanyAliases }],
  // Offered by a provider once its connector maps them (a session's category adds them where the provider has them).
  ['crm-deal', { endgrateType: 'crm-deal', displayName: 'Deal', schema: crmDealSchema, aliases: {} }],
  ['crm-lead', { endgrateType: 'crm-lead', displayName: 'Lead', schema: crmLeadSchema, aliases: {} }],
  ['crm-note', { endgrateType: 'crm-note', displayName: 'Note', schema: crmNoteSchema, aliases: {} }],
  ['crm-task', { endgrateType: 'crm-task', displayName: 'Task', schema: crmTaskSchema, aliases: {} }],
  ['crm-activity', { endgrateType: 'crm-activity', displayName: 'Activity', schema: crmActivitySchema, aliases: {} }],
  ['crm-user', { endgrateType: 'crm-user', displayName: 'User', schema: crmUserSchema, aliases: {} }],
  ['crm-ticket', { endgrateType: 'crm-ticket', displayName: 'Ticket', schema: crmTicketSchema, aliases: {} }],
  ['crm-product', { endgrateType: 'crm-product', displayName: 'Product', schema: crmProductSchema, aliases: {} }],
  // Accounting and ecommerce (issue 14): no provider serves them yet, so a session naming one is refused at initiate.
  ...[
    model('accounting-address', 'Address', accountingAddressSchema),
    model('accounting-company', 'Company', accountingCompanySchema),
    model('accounting-contact', 'Contact', accountingContactSchema),
    model('accounting-contact_people', 'Contact Person', accountingContactPeopleSchema),
    model('accounting-customer', 'Customer', accountingCustomerSchema),
    model('accounting-invoice', 'Invoice', accountingInvoiceSchema),
    model('accounting-payment', 'Payment', accountingPaymentSchema),
    model('accounting-product', 'Product', accountingProductSchema),
    model('accounting-purchase_order', 'Purchase Order', accountingPurchaseOrderSchema),
    model('ecommerce-customer', 'Customer', ecommerceCustomerSchema),
    model('ecommerce-order', 'Order', ecommerceOrderSchema),
    model('ecommerce-product', 'Product', ecommerceProductSchema),
    model('ecommerce-product_variant', 'Product Variant', ecommerceProductVariantSchema),
    model('ecommerce-product_category', 'Product Category', ecommerceProductCategorySchema),
    model('ecommerce-product_collection', 'Product Collection', ecommerceProductCollectionSchema),
  ],
]);

function model(endgrateType: string, displayName: string, schema: JsonSchemaObject): [string, CommonModel] {
  return [endgrateType, { endgrateType, displayName, schema, aliases: {} }];
}

export function isKnownEndgrateType(type: string): boolean {
  return ENDGRATE_TYPES.includes(type);
}

/**
 * How one common model points at another: the field that holds the associated record's provider id (a contact's
 * `company_id`, a note's `deal_id`, a deal's `contact_ids`), by associated type. Pushed associations fill these fields.
 */
export const ASSOCIATION_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  'crm-contact': Object.freeze({ 'crm-company': 'company_id' }),
  // A list field (contact_ids) takes every associated record; the others one.
  'crm-deal': Object.freeze({ 'crm-company': 'company_id', 'crm-contact': 'contact_ids', 'crm-user': 'owner_id' }),
  'crm-note': Object.freeze({ 'crm-contact': 'contact_id', 'crm-company': 'company_id', 'crm-deal': 'deal_id', 'crm-user': 'owner_id' }),
  'crm-task': Object.freeze({ 'crm-contact': 'contact_id', 'crm-company': 'company_id', 'crm-deal': 'deal_id', 'crm-user': 'owner_id' }),
  'crm-activity': Object.freeze({ 'crm-contact': 'contact_id', 'crm-company': 'company_id', 'crm-deal': 'deal_id', 'crm-user': 'user_id' }),
  'crm-ticket': Object.freeze({ 'crm-contact': 'contact_id', 'crm-company': 'company_id', 'crm-user': 'owner_id' }),
  'crm-lead': Object.freeze({ 'crm-user': 'owner_id' }),
  'accounting-contact_people': Object.freeze({ 'accounting-contact': 'contact_id' }),
  // An invoice's or payment's customer may be given as an accounting-customer too: both providers keep customers as contacts.
  'accounting-invoice': Object.freeze({ 'accounting-contact': 'contact_id', 'accounting-customer': 'contact_id' }),
  'accounting-payment': Object.freeze({
    'accounting-contact': 'contact_id',
    'accounting-customer': 'contact_id',
    'accounting-invoice': 'invoice_ids',
  }),
  'accounting-purchase_order': Object.freeze({ 'accounting-contact': 'contact_id' }),
  // An order's products and variants are named by its lines (line_items[].product_id, variant_id), not by a field of the order.
  'ecommerce-order': Object.freeze({ 'ecommerce-customer': 'customer_id' }),
  'ecommerce-product': Object.freeze({ 'ecommerce-product_category': 'category_ids', 'ecommerce-product_collection': 'collection_ids' }),
  'ecommerce-product_variant': Object.freeze({ 'ecommerce-product': 'product_id' }),
});

/**
 * Records created after a pushed one, pointing at it: for each type, the types whose link field points at it and that
 * it does not point at itself (a deal's notes and tasks: `deal_id`; a company's contacts: `company_id`), with that
 * field. Pushed as `associations` of the item, they are created once the item is written, holding its new id.
 */
export const DEPENDENT_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze(
  Object.fromEntries(
    [...new Set(Object.values(ASSOCIATION_FIELDS).flatMap((links) => Object.keys(links)))].map((parent) => [
      parent,
      Object.freeze(
        Object.fromEntries(
          Object.entries(ASSOCIATION_FIELDS).flatMap(([child, links]) =>
            links[parent] !== undefined && ASSOCIATION_FIELDS[parent]?.[child] === undefined ? [[child, links[parent]]] : [],
          ),
        ),
      ),
    ]),
  ),
);
