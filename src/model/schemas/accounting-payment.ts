/**
 * Weft's default `accounting-payment` schema: money received from a customer or paid to a vendor, applied to invoices
 * (QuickBooks Online's Payment and BillPayment with their linked transactions; Xero's Payment, one per invoice).
 * `invoice_ids` links it to its `accounting-invoice`s, `contact_id` to its `accounting-contact`; `allocations` says
 * how much went to each invoice when it is split (QuickBooks), and may be left out when there is one invoice.
 *
 * Endgrate names the type but its published docs give no schema: every property is inferred from what QuickBooks
 * Online and Xero share, in Endgrate's conventions. The payment date is a date without a time, as both hold it.
 */
import { INVOICE_TYPES, type InvoiceType } from './accounting-invoice.js';
import { currency, date, decimal, ids, money, objectId, objectSchema, str, timestamps } from './shared.js';

export const PAYMENT_STATUSES = ['AUTHORISED', 'VOID'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const accountingPaymentSchema = objectSchema('accounting-payment', 'Payment', {
  id: objectId(),
  type: str('Type', 'A payment received from a customer (ACCOUNTS_RECEIVABLE) or made to a vendor (ACCOUNTS_PAYABLE).', {
    enum: [...INVOICE_TYPES],
  }),
  contact_id: str('Contact ID', 'The provider id of the customer or vendor (accounting-contact) who paid or was paid.'),
  invoice_ids: ids('Invoice IDs', 'The provider ids of the invoices (accounting-invoice) the payment is applied to.'),
  allocations: {
    title: 'Allocations',
    type: 'array',
    description: 'How much of the payment is applied to each invoice (when it is split between several).',
    items: {
      type: 'object',
      properties: {
        invoice_id: str('Invoice ID', 'The provider id of the invoice.'),
        amount: money('Amount', 'The part of the payment applied to the invoice.'),
      },
      required: ['invoice_id', 'amount'],
      additionalProperties: false,
    },
  },
  payment_date: date('Payment Date', 'The date of the payment.'),
  amount: money('Amount', 'The amount paid.'),
  currency: currency('payment'),
  exchange_rate: decimal('Exchange Rate', 'Units of the home currency of the books per unit of `currency`.'),
  account_id: str('Account ID', 'The provider id or code of the bank account the money went into or came out of.'),
  payment_method: str('Payment Method', 'How it was paid (cash, cheque, card, transfer…), as the provider names it.'),
  reference: str('Reference', 'A reference of the payment (a cheque number, a transaction id).'),
  status: str('Status', 'Whether the payment stands or was voided (deleted).', { enum: [...PAYMENT_STATUSES] }),
  ...timestamps('payment'),
});

export interface AccountingPayment {
  id?: string | null;
  type?: InvoiceType | null;
  contact_id?: string | null;
  invoice_ids?: string[] | null;
  allocations?: Array<{ invoice_id: string; amount: string }> | null;
  payment_date?: string | null;
  amount?: string | null;
  currency?: string | null;
  exchange_rate?: string | null;
  account_id?: string | null;
  payment_method?: string | null;
  reference?: string | null;
  status?: PaymentStatus | null;
  created_at?: string | null;
  updated_at?: string | null;
}
