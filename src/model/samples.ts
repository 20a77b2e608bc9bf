/**
 * A full record of each common model (every field set, several emails, phones and addresses): used to probe what
 * each connector can write, for the coverage table.
 */
import type { AccountingAddress } from './schemas/accounting-address.js';
import type { AccountingCompany } from './schemas/accounting-company.js';
import type { AccountingContact } from './schemas/accounting-contact.js';
import type { AccountingContactPerson } from './schemas/accounting-contact_people.js';
import type { AccountingCustomer } from './schemas/accounting-customer.js';
import type { AccountingInvoice } from './schemas/accounting-invoice.js';
import type { AccountingPayment } from './schemas/accounting-payment.js';
import type { AccountingProduct } from './schemas/accounting-product.js';
import type { AccountingPurchaseOrder } from './schemas/accounting-purchase_order.js';
import type { CommunicationMessageHistory } from './schemas/communication-message_history.js';
import type { CommunicationUser } from './schemas/communication-user.js';
import type { CrmCompany } from './schemas/crm-company.js';
import type { CrmContact } from './schemas/crm-contact.js';
import type { EcommerceCustomer } from './schemas/ecommerce-customer.js';
import type { EcommerceOrder } from './schemas/ecommerce-order.js';
import type { EcommerceProduct } from './schemas/ecommerce-product.js';
import type { EcommerceProductCategory } from './schemas/ecommerce-product_category.js';
import type { EcommerceProductCollection } from './schemas/ecommerce-product_collection.js';
import type { EcommerceProductVariant } from './schemas/ecommerce-product_variant.js';
import type { FormsLead } from './schemas/forms-lead.js';
import type { FormsQuestion } from './schemas/forms-question.js';
import type { HelpdeskCompany } from './schemas/helpdesk-company.js';
import type { HelpdeskContact } from './schemas/helpdesk-contact.js';
import type { HelpdeskNote } from './schemas/helpdesk-note.js';
import type { HelpdeskUser } from './schemas/helpdesk-user.js';
import type { MarketingContact } from './schemas/marketing-contact.js';
import type { MarketingUser } from './schemas/marketing-user.js';
import type { WorkspaceTask } from './schemas/workspace-task.js';
import type { WorkspaceUser } from './schemas/workspace-user.js';

export const SAMPLE_CONTACT: Required<CrmContact> = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  title: 'Analyst',
  email_addresses: [
    { email_address: 'ada@example.com', email_address_type: 'WORK' },
    { email_address: 'ada.home@example.org', email_address_type: 'PERSONAL' },
  ],
  phone_numbers: [
    { phone_number: '+44 20 7946 0001', phone_number_type: 'WORK' },
    { phone_number: '+44 7700 900001', phone_number_type: 'MOBILE' },
    { phone_number: '+44 20 7946 0002', phone_number_type: 'FAX' },
  ],
  addresses: [
    {
      address_type: 'PRIMARY',
      street_1: '12 St James Square',
      street_2: 'Floor 2',
      city: 'London',
      state: 'England',
      postal_code: 'SW1Y 4JH',
      country: 'United Kingdom',
    },
  ],
  company_id: '1234567',
  owner_id: '7654321',
  lifecycle_stage: 'CUSTOMER',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_COMPANY: Required<CrmCompany> = {
  name: 'Analytical Engines Ltd',
  description: 'Difference and analytical engines.',
  industry: 'Machinery',
  website: 'https://engines.example.com',
  number_of_employees: 42,
  annual_revenue: 1_250_000,
  addresses: [
    {
      address_type: 'BILLING',
      street_1: '1 Babbage Road',
      street_2: null,
      city: 'London',
      state: 'England',
      postal_code: 'N1 1AA',
      country: 'United Kingdom',
    },
    {
      address_type: 'SHIPPING',
      street_1: '2 Dock Street',
      street_2: null,
      city: 'Bristol',
      state: 'England',
      postal_code: 'BS1 4RW',
      country: 'United Kingdom',
    },
  ],
  phone_numbers: [{ phone_number: '+44 20 7946 0100', phone_number_type: 'WORK' }],
  owner_id: '7654321',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_USER = {
  name: 'Grace Hopper',
  first_name: 'Grace',
  last_name: 'Hopper',
  email_address: 'grace@engines.example.com',
  is_active: true,
  role: 'Sales Manager',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_DEAL = {
  name: 'Engines - Annual Subscription',
  description: 'Two more seats',
  amount: '48250.75',
  currency: 'USD',
  pipeline_id: '1',
  pipeline_name: 'Sales Pipeline',
  stage_id: '3',
  stage_name: 'Negotiation',
  status: 'WON',
  close_date: '2024-09-30',
  probability: 90,
  owner_id: '7',
  company_id: '42',
  contact_ids: ['11', '12'],
  last_activity_at: '2024-08-01T12:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_TASK = {
  subject: 'Call about the renewal',
  content: 'Ask about the second team',
  status: 'COMPLETED',
  priority: 'HIGH',
  due_at: '2024-03-01T00:00:00.000Z',
  completed_at: '2024-02-28T16:00:00.000Z',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_NOTE = {
  title: 'Discovery call',
  content: 'Budget confirmed for Q3',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_LEAD = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  title: 'CTO',
  company_name: 'Analytical Engines',
  email_addresses: [{ email_address: 'ada@engines.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+1 555 0100', phone_number_type: 'WORK' }],
  addresses: [
    { address_type: 'PRIMARY', street_1: '1 Main St', street_2: null, city: 'Boston', state: 'MA', postal_code: '02110', country: 'United States' },
  ],
  status: 'OPEN',
  source: 'Web',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  converted_at: '2024-03-01T00:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_TICKET = {
  subject: 'Cannot sign in',
  description: 'Since the last release',
  status: 'IN_PROGRESS',
  priority: 'HIGH',
  pipeline_id: '0',
  stage_id: '1',
  stage_name: 'Waiting on us',
  owner_id: '7',
  contact_id: '11',
  company_id: '42',
  closed_at: '2024-03-01T00:00:00.000Z',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ACTIVITY = {
  type: 'MEETING',
  title: 'Product demo',
  description: 'Show the export',
  timestamp: '2024-03-01T10:00:00.000Z',
  user_id: '7',
  contact_id: '11',
  company_id: '42',
  deal_id: '99',
  end_timestamp: '2024-03-01T10:45:00.000Z',
  direction: 'OUTBOUND',
  duration_seconds: 2700,
  participants: [{ email_address: 'ada@engines.example.com', email_address_type: 'WORK' }],
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_PRODUCT = {
  name: 'Platform Licence',
  description: 'A year of the platform',
  sku: 'PLAT-001',
  unit_price: '1200.50',
  currency: 'USD',
  active: true,
  owner_id: '7',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

/** Endgrate's own example object of `accounting-address`, verbatim. */
export const SAMPLE_ACCOUNTING_ADDRESS: Required<AccountingAddress> = {
  id: '123',
  address_type: 'OTHER',
  city: 'New York',
  country: 'US',
  postal_code: '10001',
  state: 'New York',
  street_1: '20 W 34th St',
  street_2: 'Apt 101',
};

const LEDGER_ADDRESS = {
  address_type: 'BILLING',
  street_1: '1 Babbage Road',
  street_2: null,
  city: 'London',
  state: 'England',
  postal_code: 'N1 1AA',
  country: 'GB',
} as const;

export const SAMPLE_ACCOUNTING_COMPANY: Required<AccountingCompany> = {
  id: '9341452725837070',
  addresses: [{ ...LEDGER_ADDRESS, address_type: 'OFFICE' }],
  name: 'Analytical Engines',
  legal_name: 'Analytical Engines Ltd',
  tax_number: 'GB123456789',
  currency: 'GBP',
  country: 'GB',
  fiscal_year_end_month: 3,
  email_addresses: [{ email_address: 'accounts@engines.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+44 20 7946 0100', phone_number_type: 'WORK' }],
  website: 'https://engines.example.com',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ACCOUNTING_CONTACT: Required<AccountingContact> = {
  id: '58',
  name: 'Difference Works',
  company_name: 'Difference Works Ltd',
  first_name: 'Charles',
  last_name: 'Babbage',
  is_customer: true,
  is_supplier: false,
  status: 'ACTIVE',
  email_addresses: [{ email_address: 'billing@difference.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+44 20 7946 0200', phone_number_type: 'WORK' }],
  addresses: [LEDGER_ADDRESS],
  tax_number: 'GB987654321',
  currency: 'GBP',
  balance: '1832.00',
  website: 'https://difference.example.com',
  notes: 'Pays by transfer',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ACCOUNTING_CONTACT_PERSON: Required<AccountingContactPerson> = {
  id: '58-1',
  contact_id: '58',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email_addresses: [{ email_address: 'ada@difference.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+44 7700 900001', phone_number_type: 'MOBILE' }],
  is_primary: false,
  include_in_emails: true,
};

export const SAMPLE_ACCOUNTING_CUSTOMER: Required<AccountingCustomer> = {
  id: '58',
  addresses: [LEDGER_ADDRESS],
  customer_name: 'Difference Works Ltd',
  email_addresses: [{ email_address: 'billing@difference.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+44 20 7946 0200', phone_number_type: 'WORK' }],
  first_name: 'Charles',
  last_name: 'Babbage',
  status: 'ACTIVE',
  tax_number: 'GB987654321',
  currency: 'GBP',
  balance: '1832.00',
  notes: 'Pays by transfer',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ACCOUNTING_PRODUCT: Required<AccountingProduct> = {
  id: '7',
  name: 'Platform Licence',
  code: 'PLAT-001',
  type: 'SERVICE',
  description: 'A year of the platform',
  purchase_description: 'Platform licence (resale)',
  unit_price: '1200.50',
  purchase_price: '800.00',
  currency: 'GBP',
  is_sold: true,
  is_purchased: true,
  quantity_on_hand: '0',
  income_account_id: '200',
  expense_account_id: '310',
  active: true,
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

/**
 * An invoice whose figures hold together: 10.5 hours at 120.00 (1260.00) and one licence at 1200.50 less 100.50
 * (1100.00) make 2360.00; VAT at 20% is 472.00; the total 2832.00, of which 1000.00 is paid (SAMPLE_ACCOUNTING_PAYMENT).
 */
export const SAMPLE_ACCOUNTING_INVOICE: Required<AccountingInvoice> = {
  id: '130',
  type: 'ACCOUNTS_RECEIVABLE',
  number: 'INV-1001',
  reference: 'PO-4471',
  contact_id: '58',
  status: 'PARTIALLY_PAID',
  issue_date: '2024-03-01',
  due_date: '2024-03-31',
  paid_date: null,
  currency: 'GBP',
  exchange_rate: '1',
  tax_treatment: 'EXCLUSIVE',
  line_items: [
    {
      id: '1',
      product_id: null,
      description: 'Consulting (hours)',
      quantity: '10.5',
      unit_price: '120.00',
      discount_amount: '0.00',
      tax_rate_id: 'TAX001',
      tax_amount: '252.00',
      total: '1260.00',
      account_id: '200',
    },
    {
      id: '2',
      product_id: '7',
      description: 'A year of the platform',
      quantity: '1',
      unit_price: '1200.50',
      discount_amount: '100.50',
      tax_rate_id: 'TAX001',
      tax_amount: '220.00',
      total: '1100.00',
      account_id: '200',
    },
  ],
  tax_lines: [{ tax_rate_id: 'TAX001', name: 'VAT 20%', rate: '20', taxable_amount: '2360.00', amount: '472.00' }],
  subtotal: '2360.00',
  total_discount: '100.50',
  total_tax: '472.00',
  total: '2832.00',
  amount_paid: '1000.00',
  balance: '1832.00',
  memo: 'Thank you for your business.',
  created_at: '2024-03-01T09:00:00.000Z',
  updated_at: '2024-03-10T12:00:00.000Z',
};

export const SAMPLE_ACCOUNTING_PAYMENT: Required<AccountingPayment> = {
  id: '141',
  type: 'ACCOUNTS_RECEIVABLE',
  contact_id: '58',
  invoice_ids: ['130'],
  allocations: [{ invoice_id: '130', amount: '1000.00' }],
  payment_date: '2024-03-10',
  amount: '1000.00',
  currency: 'GBP',
  exchange_rate: '1',
  account_id: '090',
  payment_method: 'Bank transfer',
  reference: 'BACS 99120',
  status: 'AUTHORISED',
  created_at: '2024-03-10T12:00:00.000Z',
  updated_at: '2024-03-10T12:00:00.000Z',
};

/** A purchase order of 5 licences at 800.00 (4000.00) with VAT at 20% (800.00): 4800.00. */
export const SAMPLE_ACCOUNTING_PURCHASE_ORDER: Required<AccountingPurchaseOrder> = {
  id: '152',
  number: 'PO-0042',
  reference: 'Q2 stock',
  contact_id: '61',
  status: 'AUTHORISED',
  issue_date: '2024-04-02',
  delivery_date: '2024-04-16',
  delivery_address: { ...LEDGER_ADDRESS, address_type: 'SHIPPING' },
  currency: 'GBP',
  exchange_rate: '1',
  tax_treatment: 'EXCLUSIVE',
  line_items: [
    {
      id: '1',
      product_id: '7',
      description: 'Platform licence (resale)',
      quantity: '5',
      unit_price: '800.00',
      discount_amount: '0.00',
      tax_rate_id: 'TAX002',
      tax_amount: '800.00',
      total: '4000.00',
      account_id: '310',
    },
  ],
  tax_lines: [{ tax_rate_id: 'TAX002', name: 'VAT on purchases 20%', rate: '20', taxable_amount: '4000.00', amount: '800.00' }],
  subtotal: '4000.00',
  total_tax: '800.00',
  total: '4800.00',
  memo: 'Deliver to the back entrance.',
  created_at: '2024-04-02T08:00:00.000Z',
  updated_at: '2024-04-02T08:00:00.000Z',
};

const SHOP_SHIPPING = {
  shipping_city: 'Boston',
  shipping_country: 'US',
  shipping_postal_code: '02110',
  shipping_state: 'MA',
  shipping_street_1: '1 Main St',
  shipping_street_2: 'Apt 4',
};
const SHOP_BILLING = {
  billing_city: 'Boston',
  billing_country: 'US',
  billing_postal_code: '02110',
  billing_state: 'MA',
  billing_street_1: '1 Main St',
  billing_street_2: 'Apt 4',
};

export const SAMPLE_ECOMMERCE_CUSTOMER: Required<EcommerceCustomer> = {
  shipping_address: SHOP_SHIPPING,
  billing_address: SHOP_BILLING,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email_address: 'ada@example.com',
  phone_number: '+1 617 555 0100',
  company_name: 'Analytical Engines',
  accepts_marketing: true,
  orders_count: 3,
  total_spent: '221.97',
  currency: 'USD',
  note: 'Prefers afternoon delivery',
  tags: ['vip', 'wholesale'],
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

/**
 * An order whose figures hold together: two shirts at 25.00 (50.00, less 5.00) and a mug at 12.50 make a subtotal of
 * 62.50; less 5.00 of discounts, plus 4.99 of shipping and 11.50 of tax, 73.99.
 */
export const SAMPLE_ECOMMERCE_ORDER: Required<EcommerceOrder> = {
  order_number: '1001',
  customer_id: '207119551',
  email_address: 'ada@example.com',
  phone_number: '+1 617 555 0100',
  status: 'OPEN',
  payment_status: 'PAID',
  fulfillment_status: 'PARTIALLY_FULFILLED',
  currency: 'USD',
  line_items: [
    {
      id: '466157049',
      product_id: '632910392',
      variant_id: '808950810',
      name: 'Engine Tee - Large / Blue',
      sku: 'TEE-L-BLU',
      quantity: 2,
      unit_price: '25.00',
      total_discount: '5.00',
      total_tax: '9.00',
      total: '45.00',
    },
    {
      id: '518995019',
      product_id: '921728736',
      variant_id: '457924702',
      name: 'Engine Mug',
      sku: 'MUG-1',
      quantity: 1,
      unit_price: '12.50',
      total_discount: '0.00',
      total_tax: '2.50',
      total: '12.50',
    },
  ],
  tax_lines: [{ tax_rate_id: null, name: 'MA State Tax', rate: '20', taxable_amount: '57.50', amount: '11.50' }],
  taxes_included: false,
  discount_codes: ['SPRING5'],
  shipping_method: 'Standard',
  subtotal: '62.50',
  total_discount: '5.00',
  total_shipping: '4.99',
  total_tax: '11.50',
  total: '73.99',
  shipping_address: SHOP_SHIPPING,
  billing_address: SHOP_BILLING,
  note: 'Gift wrap, please',
  ordered_at: '2024-03-05T14:30:00.000Z',
  cancelled_at: null,
  created_at: '2024-03-05T14:30:00.000Z',
  updated_at: '2024-03-06T09:00:00.000Z',
};

export const SAMPLE_ECOMMERCE_PRODUCT: Required<EcommerceProduct> = {
  name: 'Engine Tee',
  description: '<p>A soft cotton tee.</p>',
  slug: 'engine-tee',
  status: 'ACTIVE',
  product_type: 'Shirts',
  vendor: 'Analytical Engines',
  sku: null,
  price: '25.00',
  currency: 'USD',
  tags: ['cotton', 'summer'],
  image_urls: ['https://cdn.example.com/engine-tee.png'],
  category_ids: ['18'],
  collection_ids: ['841564295'],
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ECOMMERCE_PRODUCT_VARIANT: Required<EcommerceProductVariant> = {
  product_id: '632910392',
  name: 'Large / Blue',
  sku: 'TEE-L-BLU',
  barcode: '0123456789012',
  price: '25.00',
  compare_at_price: '30.00',
  currency: 'USD',
  inventory_quantity: 40,
  weight: '0.2',
  weight_unit: 'KG',
  options: [
    { name: 'Size', value: 'Large' },
    { name: 'Colour', value: 'Blue' },
  ],
  position: 1,
  image_url: 'https://cdn.example.com/engine-tee-blue.png',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_ECOMMERCE_PRODUCT_CATEGORY: Required<EcommerceProductCategory> = {
  name: 'Shirts',
  description: 'Tees and shirts',
  slug: 'shirts',
  parent_id: '15',
  image_url: 'https://cdn.example.com/shirts.png',
  sort_order: 2,
  product_count: 12,
};

export const SAMPLE_ECOMMERCE_PRODUCT_COLLECTION: Required<EcommerceProductCollection> = {
  name: 'Summer',
  description: 'Light things for warm days',
  slug: 'summer',
  collection_type: 'MANUAL',
  image_url: 'https://cdn.example.com/summer.png',
  product_count: 8,
  published_at: '2024-05-01T00:00:00.000Z',
  created_at: '2024-04-20T10:00:00.000Z',
  updated_at: '2024-05-01T00:00:00.000Z',
};

export const SAMPLE_HELPDESK_COMPANY: Required<HelpdeskCompany> = {
  name: 'Analytical Engines',
  description: 'Makers of difference engines; premium support plan.',
  notes: 'Prefers replies by e-mail.',
  domains: ['engines.example.com'],
  tags: ['premium', 'hardware'],
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_HELPDESK_CONTACT: Required<HelpdeskContact> = {
  name: 'Ada Lovelace',
  email_addresses: [{ email_address: 'ada@engines.example.com', email_address_type: 'WORK' }],
  phone_numbers: [{ phone_number: '+44 20 7946 0000', phone_number_type: 'WORK' }],
  company_id: '360012345678',
  job_title: 'Analyst',
  language: 'en',
  time_zone: 'London',
  description: 'Reports engine faults in detail.',
  tags: ['vip'],
  is_active: true,
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_HELPDESK_NOTE: Required<HelpdeskNote> = {
  content: 'Replaced the mill; please try again.',
  is_public: true,
  ticket_id: '4521',
  author_id: '360000000001',
  contact_id: '360000000042',
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-01-02T03:04:05.000Z',
};

export const SAMPLE_HELPDESK_USER: Required<HelpdeskUser> = {
  name: 'Charles Babbage',
  email_address: 'charles@support.example.com',
  role: 'agent',
  is_active: true,
  created_at: '2024-01-02T03:04:05.000Z',
  updated_at: '2024-02-03T04:05:06.000Z',
};

export const SAMPLE_WORKSPACE_TASK: Required<WorkspaceTask> = {
  subject: 'Draft the launch announcement',
  content: 'One page: what is new, who it is for, where to read more.',
  status: 'COMPLETED',
  due_date: '2024-03-15',
  completed_date: '2024-03-14T16:30:00.000Z',
  assignee_id: '1200000000000002',
  project_id: '1200000000000101',
  project_name: 'Spring launch',
  parent_id: '1200000000000500',
  url: 'https://app.asana.com/0/1200000000000101/1200000000000501',
  created_at: '2024-03-01T09:00:00.000Z',
  updated_at: '2024-03-14T16:30:00.000Z',
};

export const SAMPLE_WORKSPACE_USER: Required<WorkspaceUser> = {
  name: 'Grace Hopper',
  email_addresses: [{ email_address: 'grace@team.example.com', email_address_type: 'WORK' }],
  is_active: true,
};

export const SAMPLE_FORMS_QUESTION: Required<FormsQuestion> = {
  form_id: 'lT4Z3j',
  form_title: 'Book a demo',
  title: 'Which plan are you interested in?',
  type: 'MULTIPLE_CHOICE',
  required: true,
  choices: [
    { id: 'VN8ULpvH8gmC', label: 'Starter' },
    { id: 'LKcmhfWIHqqs', label: 'Team' },
  ],
  position: 3,
  group_id: 'Auxb6CIELbsh',
  updated_at: '2024-03-14T16:30:00.000Z',
};

export const SAMPLE_FORMS_LEAD: Required<FormsLead> = {
  form_id: 'lT4Z3j',
  form_title: 'Book a demo',
  name: 'Ada Lovelace',
  email_addresses: [{ email_address: 'ada@example.com', email_address_type: 'OTHER' }],
  phone_numbers: [{ phone_number: '+15555550123', phone_number_type: 'OTHER' }],
  answers: [
    { question_id: 'SMEUb7VJz92Q', question_title: 'What is your name?', type: 'SHORT_TEXT', text: 'Ada Lovelace' },
    { question_id: 'Auxb6CIELbsi', question_title: 'Which plan are you interested in?', type: 'MULTIPLE_CHOICE', choices: ['Team'] },
    { question_id: 'lDXVY4KbQ6Ui', question_title: 'Deposit', type: 'PAYMENT', number: '49.90', currency: 'EUR' },
    { question_id: 'gFFf3xAkJKsr', question_title: 'May we call you?', type: 'YES_NO', boolean: true },
  ],
  landed_at: '2024-03-15T09:58:12Z',
  submitted_at: '2024-03-15T10:02:41Z',
};

export const SAMPLE_COMMUNICATION_USER: Required<CommunicationUser> = {
  name: 'Grace Hopper',
  display_name: 'grace',
  email_addresses: [{ email_address: 'grace@team.example.com', email_address_type: 'WORK' }],
  title: 'Rear admiral',
  timezone: 'America/New_York',
  is_bot: false,
  is_deleted: false,
  avatar_url: 'https://avatars.slack-edge.com/2024-01-08/grace_192.png',
};

export const SAMPLE_COMMUNICATION_MESSAGE: Required<CommunicationMessageHistory> = {
  channel_id: 'C0123456789',
  channel_name: 'launch',
  author_id: 'U0123456789',
  text: 'The announcement is ready for review.',
  sent_at: '2024-03-14T16:30:00.000Z',
  thread_parent_id: 'C0123456789:1710433800.000100',
  reply_count: 2,
  edited_at: '2024-03-14T16:35:00.000Z',
};

export const SAMPLE_MARKETING_CONTACT: Required<MarketingContact> = {
  email_address: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  phone_number: '+44 20 7946 0000',
  status: 'SUBSCRIBED',
  tags: ['Newsletter', 'Customer'],
  list_id: 'a1b2c3d4e5',
  addresses: [
    {
      address_type: 'PRIMARY',
      street_1: '12 St James Square',
      street_2: 'Floor 2',
      city: 'London',
      state: 'London',
      postal_code: 'SW1Y 4JH',
      country: 'GB',
    },
  ],
  opted_in_at: '2024-02-03T04:05:06.000Z',
  created_at: '2024-02-03T04:00:00.000Z',
  updated_at: '2024-03-01T10:00:00.000Z',
};

export const SAMPLE_MARKETING_USER: Required<MarketingUser> = {
  name: 'Grace Hopper',
  email_addresses: [{ email_address: 'grace@example.com', email_address_type: 'WORK' }],
  role: 'owner',
  is_active: true,
};

export const SAMPLES: Record<string, Record<string, unknown>> = {
  'crm-contact': SAMPLE_CONTACT,
  'crm-company': SAMPLE_COMPANY,
  'crm-deal': SAMPLE_DEAL,
  'crm-note': SAMPLE_NOTE,
  'crm-task': SAMPLE_TASK,
  'crm-lead': SAMPLE_LEAD,
  'crm-ticket': SAMPLE_TICKET,
  'crm-activity': SAMPLE_ACTIVITY,
  'crm-product': SAMPLE_PRODUCT,
  'crm-user': SAMPLE_USER,
  'accounting-address': SAMPLE_ACCOUNTING_ADDRESS,
  'accounting-company': SAMPLE_ACCOUNTING_COMPANY,
  'accounting-contact': SAMPLE_ACCOUNTING_CONTACT,
  'accounting-contact_people': SAMPLE_ACCOUNTING_CONTACT_PERSON,
  'accounting-customer': SAMPLE_ACCOUNTING_CUSTOMER,
  'accounting-invoice': SAMPLE_ACCOUNTING_INVOICE,
  'accounting-payment': SAMPLE_ACCOUNTING_PAYMENT,
  'accounting-product': SAMPLE_ACCOUNTING_PRODUCT,
  'accounting-purchase_order': SAMPLE_ACCOUNTING_PURCHASE_ORDER,
  'ecommerce-customer': SAMPLE_ECOMMERCE_CUSTOMER,
  'ecommerce-order': SAMPLE_ECOMMERCE_ORDER,
  'ecommerce-product': SAMPLE_ECOMMERCE_PRODUCT,
  'ecommerce-product_variant': SAMPLE_ECOMMERCE_PRODUCT_VARIANT,
  'ecommerce-product_category': SAMPLE_ECOMMERCE_PRODUCT_CATEGORY,
  'ecommerce-product_collection': SAMPLE_ECOMMERCE_PRODUCT_COLLECTION,
  'helpdesk-company': SAMPLE_HELPDESK_COMPANY,
  'helpdesk-contact': SAMPLE_HELPDESK_CONTACT,
  'helpdesk-note': SAMPLE_HELPDESK_NOTE,
  'helpdesk-user': SAMPLE_HELPDESK_USER,
  'workspace-task': SAMPLE_WORKSPACE_TASK,
  'workspace-user': SAMPLE_WORKSPACE_USER,
  'forms-question': SAMPLE_FORMS_QUESTION,
  'forms-lead': SAMPLE_FORMS_LEAD,
  'communication-user': SAMPLE_COMMUNICATION_USER,
  'communication-message_history': SAMPLE_COMMUNICATION_MESSAGE,
  'marketing-contact': SAMPLE_MARKETING_CONTACT,
  'marketing-user': SAMPLE_MARKETING_USER,
};
