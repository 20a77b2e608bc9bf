/**
 * Weft's default `accounting-invoice` schema: a sales invoice to a customer, or a bill from a vendor (Xero's Invoice of
 * type ACCREC or ACCPAY; QuickBooks Online's Invoice and Bill), linked to its `accounting-contact` by `contact_id`.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what QuickBooks
 * Online and Xero share, in Endgrate's conventions. The statuses are Xero's (QuickBooks has none: a connector reads
 * PAID, PARTIALLY_PAID or AUTHORISED from the balance, VOID from a voided invoice). Issue and due dates are dates
 * without a time, as both providers hold them; amounts are decimal strings in `currency`.
 */
import type { JsonSchemaProperty } from '../types.js';
import { currency, date, decimal, money, objectId, objectSchema, str, taxLines, timestamps } from './shared.js';

export const INVOICE_TYPES = ['ACCOUNTS_RECEIVABLE', 'ACCOUNTS_PAYABLE'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];
export const INVOICE_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PARTIALLY_PAID', 'PAID', 'VOID', 'DELETED'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** Whether line amounts include tax (Xero's LineAmountTypes, QuickBooks' GlobalTaxCalculation). */
export const TAX_TREATMENTS = ['EXCLUSIVE', 'INCLUSIVE', 'NO_TAX'] as const;
export type TaxTreatment = (typeof TAX_TREATMENTS)[number];

/** The lines of an invoice, a bill or a purchase order (QuickBooks' SalesItemLine, Xero's LineItems). */
export function accountingLineItems(owner: string): JsonSchemaProperty {
  return {
    title: 'Line Items',
    type: 'array',
    description: `The lines of the ${owner}.`,
    items: {
      type: 'object',
      properties: {
        id: str('Line ID', 'The provider id of the line.', { readOnly: true }),
        product_id: str('Product ID', 'The provider id of the item (accounting-product) sold or bought on the line.'),
        description: str('Description', 'The description of the line.'),
        quantity: decimal('Quantity', 'How many units (may be fractional, e.g. hours).'),
        unit_price: money('Unit Price', 'The price of one unit.'),
        discount_amount: money('Discount Amount', 'The discount taken off the line.'),
        tax_rate_id: str('Tax Rate ID', 'The provider id or code of the tax rate of the line (a QuickBooks TaxCode, a Xero TaxType).'),
        tax_amount: money('Tax Amount', 'The tax charged on the line.'),
        total: money('Total', 'The amount of the line: quantity × unit price less the discount (including tax when `tax_treatment` is INCLUSIVE).'),
        account_id: str('Account ID', 'The provider id or code of the account the line is posted to.'),
      },
      additionalProperties: false,
    },
  };
}

export const accountingInvoiceSchema = objectSchema('accounting-invoice', 'Invoice', {
  id: objectId(),
  type: str('Type', 'A sales invoice to a customer (ACCOUNTS_RECEIVABLE) or a bill from a vendor (ACCOUNTS_PAYABLE).', {
    enum: [...INVOICE_TYPES],
  }),
  number: str('Number', 'The number of the invoice (QuickBooks DocNumber, Xero InvoiceNumber).'),
  reference: str('Reference', "A reference of the invoice, such as the customer's purchase order number."),
  contact_id: str('Contact ID', 'The provider id of the customer or vendor (accounting-contact) of the invoice.'),
  status: str('Status', 'Where the invoice is in its life: draft, awaiting approval, approved (open), paid, voided or deleted.', {
    enum: [...INVOICE_STATUSES],
  }),
  issue_date: date('Issue Date', 'The date of the invoice.'),
  due_date: date('Due Date', 'The date payment is due.'),
  paid_date: date('Paid Date', 'The date the invoice was paid in full.', { readOnly: true }),
  currency: currency('invoice'),
  exchange_rate: decimal('Exchange Rate', 'Units of the home currency of the books per unit of `currency`.'),
  tax_treatment: str('Tax Treatment', 'Whether line amounts exclude tax, include it, or carry none.', { enum: [...TAX_TREATMENTS] }),
  line_items: accountingLineItems('invoice'),
  tax_lines: taxLines('invoice'),
  subtotal: money('Subtotal', 'The sum of the lines, before tax.'),
  total_discount: money('Total Discount', 'The sum of the discounts of the lines.'),
  total_tax: money('Total Tax', 'The tax of the invoice.'),
  total: money('Total', 'The total of the invoice, tax included.'),
  amount_paid: money('Amount Paid', 'The sum of the payments (and credits) applied to the invoice.', { readOnly: true }),
  balance: money('Balance', 'What is still owed on the invoice: total less amount paid.', { readOnly: true }),
  memo: str('Memo', 'A note printed on, or kept with, the invoice.'),
  ...timestamps('invoice'),
});

export interface AccountingLineItem {
  id?: string | null;
  product_id?: string | null;
  description?: string | null;
  quantity?: string | null;
  unit_price?: string | null;
  discount_amount?: string | null;
  tax_rate_id?: string | null;
  tax_amount?: string | null;
  total?: string | null;
  account_id?: string | null;
}

export interface TaxLine {
  tax_rate_id?: string | null;
  name?: string | null;
  rate?: string | null;
  taxable_amount?: string | null;
  amount?: string | null;
}

export interface AccountingInvoice {
  id?: string | null;
  type?: InvoiceType | null;
  number?: string | null;
  reference?: string | null;
  contact_id?: string | null;
  status?: InvoiceStatus | null;
  issue_date?: string | null;
  due_date?: string | null;
  paid_date?: string | null;
  currency?: string | null;
  exchange_rate?: string | null;
  tax_treatment?: TaxTreatment | null;
  line_items?: AccountingLineItem[] | null;
  tax_lines?: TaxLine[] | null;
  subtotal?: string | null;
  total_discount?: string | null;
  total_tax?: string | null;
  total?: string | null;
  amount_paid?: string | null;
  balance?: string | null;
  memo?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
