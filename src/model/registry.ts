import type { ValueField } from './money.js';
import { accountingAddressSchema } from './schemas/accounting-address.js';
import { accountingCompanySchema } from './schemas/accounting-company.js';
import { accountingContactSchema } from './schemas/accounting-contact.js';
import { accountingContactPeopleSchema } from './schemas/accounting-contact_people.js';
import { accountingCustomerSchema } from './schemas/accounting-customer.js';
import { accountingInvoiceSchema } from './schemas/accounting-invoice.js';
import { accountingPaymentSchema } from './schemas/accounting-payment.js';
import { accountingProductSchema } from './schemas/accounting-product.js';
import { accountingPurchaseOrderSchema } from './schemas/accounting-purchase_order.js';
import { communicationMessageHistorySchema } from './schemas/communication-message_history.js';
import { communicationUserSchema } from './schemas/communication-user.js';
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
import { formsLeadSchema } from './schemas/forms-lead.js';
import { formsQuestionSchema } from './schemas/forms-question.js';
import { helpdeskCompanySchema } from './schemas/helpdesk-company.js';
import { helpdeskContactSchema } from './schemas/helpdesk-contact.js';
import { helpdeskNoteSchema } from './schemas/helpdesk-note.js';
import { helpdeskUserSchema } from './schemas/helpdesk-user.js';
import { marketingContactSchema } from './schemas/marketing-contact.js';
import { marketingUserSchema } from './schemas/marketing-user.js';
import { workspaceTaskSchema } from './schemas/workspace-task.js';
import { workspaceUserSchema } from './schemas/workspace-user.js';
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
  /** What many of its records are called on the pages ("invoices", "purchase orders"). */
  plural: string;
  /** Where a record holds its value, for the types whose records are worth money: transfers sum it by currency. */
  value?: ValueField;
}

/** The value of a record in its `total` and `currency` (invoices, purchase orders, orders). */
const TOTAL: ValueField = { amount: 'total', currency: 'currency' };
/** The value of a deal or a payment: its `amount` in its `currency`. */
const AMOUNT: ValueField = { amount: 'amount', currency: 'currency' };

/** The common data models Weft ships, by endgrate_type. */
export const COMMON_MODELS: ReadonlyMap<string, CommonModel> = new Map([
  ...[
    model('crm-contact', 'Contact', crmContactSchema, 'contacts'),
    model('crm-company', 'Company', crmCompanySchema, 'companies', undefined, crmCompanyAliases),
    // Offered by a provider once its connector maps them (a session's category adds them where the provider has them).
    model('crm-deal', 'Deal', crmDealSchema, 'deals', AMOUNT),
    model('crm-lead', 'Lead', crmLeadSchema, 'leads'),
    model('crm-note', 'Note', crmNoteSchema, 'notes'),
    model('crm-task', 'Task', crmTaskSchema, 'tasks'),
    model('crm-activity', 'Activity', crmActivitySchema, 'activities'),
    model('crm-user', 'User', crmUserSchema, 'users'),
    model('crm-ticket', 'Ticket', crmTicketSchema, 'tickets'),
    model('crm-product', 'Product', crmProductSchema, 'products'),
  ],
  // Accounting and ecommerce (issue 14): a session naming one no provider serves is refused at initiate.
  ...[
    model('accounting-address', 'Address', accountingAddressSchema, 'addresses'),
    model('accounting-company', 'Company', accountingCompanySchema, 'companies'),
    model('accounting-contact', 'Contact', accountingContactSchema, 'contacts'),
    model('accounting-contact_people', 'Contact Person', accountingContactPeopleSchema, 'contact people'),
    model('accounting-customer', 'Customer', accountingCustomerSchema, 'customers'),
    model('accounting-invoice', 'Invoice', accountingInvoiceSchema, 'invoices', TOTAL),
    model('accounting-payment', 'Payment', accountingPaymentSchema, 'payments', AMOUNT),
    model('accounting-product', 'Product', accountingProductSchema, 'products'),
    model('accounting-purchase_order', 'Purchase Order', accountingPurchaseOrderSchema, 'purchase orders', TOTAL),
    model('ecommerce-customer', 'Customer', ecommerceCustomerSchema, 'customers'),
    model('ecommerce-order', 'Order', ecommerceOrderSchema, 'orders', TOTAL),
    model('ecommerce-product', 'Product', ecommerceProductSchema, 'products'),
    model('ecommerce-product_variant', 'Product Variant', ecommerceProductVariantSchema, 'product variants'),
    model('ecommerce-product_category', 'Product Category', ecommerceProductCategorySchema, 'product categories'),
    model('ecommerce-product_collection', 'Product Collection', ecommerceProductCollectionSchema, 'product collections'),
  ],
  // Help desks: customers, their companies, the agents and the notes on tickets (Endgrate names no ticket type).
  ...[
    model('helpdesk-company', 'Company', helpdeskCompanySchema, 'companies'),
    model('helpdesk-contact', 'Contact', helpdeskContactSchema, 'contacts'),
    model('helpdesk-note', 'Note', helpdeskNoteSchema, 'notes'),
    model('helpdesk-user', 'User', helpdeskUserSchema, 'users'),
  ],
  // Task workspaces: tasks and the members they are assigned to.
  ...[model('workspace-task', 'Task', workspaceTaskSchema, 'tasks'), model('workspace-user', 'User', workspaceUserSchema, 'users')],
  // Forms: their questions and the responses submitted to them, read only.
  ...[model('forms-question', 'Question', formsQuestionSchema, 'questions'), model('forms-lead', 'Lead', formsLeadSchema, 'leads')],
  // Communication: a team chat's members and the messages of its channels.
  ...[
    model('communication-user', 'User', communicationUserSchema, 'users'),
    model('communication-message_history', 'Message', communicationMessageHistorySchema, 'messages'),
  ],
  // E-mail marketing: the contacts of an audience and the account's users.
  ...[model('marketing-contact', 'Contact', marketingContactSchema, 'contacts'), model('marketing-user', 'User', marketingUserSchema, 'users')],
]);

function model(
  endgrateType: string,
  displayName: string,
  schema: JsonSchemaObject,
  plural: string,
  value?: ValueField,
  aliases: Readonly<Record<string, string>> = {},
): [string, CommonModel] {
  return [endgrateType, { endgrateType, displayName, schema, aliases, plural, ...(value ? { value } : {}) }];
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
  'helpdesk-contact': Object.freeze({ 'helpdesk-company': 'company_id' }),
  // A note is written by an agent; its contact (the ticket's requester) is read only, so it is no link to push.
  'helpdesk-note': Object.freeze({ 'helpdesk-user': 'author_id' }),
  // A subtask's parent_id is a plain id, not a link: a type linking to itself would make a push wait on itself.
  'workspace-task': Object.freeze({ 'workspace-user': 'assignee_id' }),
  // A message's author; its thread parent is a plain id (a message linking to its own type would wait on itself).
  'communication-message_history': Object.freeze({ 'communication-user': 'author_id' }),
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
