/** Building blocks shared by the common data model schemas (Endgrate's conventions: snake_case, UPPERCASE enums). */
import type { JsonSchemaObject, JsonSchemaProperty } from '../types.js';

export const str = (title: string, description: string, extra: Partial<JsonSchemaProperty> = {}): JsonSchemaProperty => ({
  title,
  type: 'string',
  description,
  ...extra,
});

export const EMAIL_ADDRESS_TYPES = ['WORK', 'PERSONAL', 'OTHER'] as const;
export const PHONE_NUMBER_TYPES = ['WORK', 'MOBILE', 'HOME', 'FAX', 'OTHER'] as const;
export const ADDRESS_TYPES = ['PRIMARY', 'SECONDARY', 'OFFICE', 'SHIPPING', 'BILLING', 'OTHER'] as const;

export type EmailAddressType = (typeof EMAIL_ADDRESS_TYPES)[number];
export type PhoneNumberType = (typeof PHONE_NUMBER_TYPES)[number];
export type AddressType = (typeof ADDRESS_TYPES)[number];

export function emailAddresses(owner: string): JsonSchemaProperty {
  return {
    title: 'Email Addresses',
    type: 'array',
    description: `The email addresses of the ${owner}.`,
    items: {
      type: 'object',
      properties: {
        email_address: str('Email Address', `An email address of the ${owner}.`, { format: 'email' }),
        email_address_type: str('Email Address Type', 'The type of the email address.', { enum: [...EMAIL_ADDRESS_TYPES] }),
      },
      required: ['email_address'],
      additionalProperties: false,
    },
  };
}

export function phoneNumbers(owner: string): JsonSchemaProperty {
  return {
    title: 'Phone Numbers',
    type: 'array',
    description: `The phone numbers of the ${owner}.`,
    items: {
      type: 'object',
      properties: {
        phone_number: str('Phone Number', `A phone number of the ${owner}.`),
        phone_number_type: str('Phone Number Type', 'The type of the phone number.', { enum: [...PHONE_NUMBER_TYPES] }),
      },
      required: ['phone_number'],
      additionalProperties: false,
    },
  };
}

export function addresses(owner: string): JsonSchemaProperty {
  return {
    title: 'Addresses',
    type: 'array',
    description: `The addresses of the ${owner}.`,
    items: {
      type: 'object',
      properties: {
        address_type: str('Address Type', 'The type of the address.', { enum: [...ADDRESS_TYPES] }),
        street_1: str('Street 1', `The first line of the street address of the ${owner}.`),
        street_2: str('Street 2', `The second line of the street address of the ${owner}.`),
        city: str('City', `The city of the address of the ${owner}.`),
        state: str('State', `The state or region of the address of the ${owner}.`),
        postal_code: str('Postal Code', `The postal code of the address of the ${owner}.`),
        country: str('Country', `The country of the address of the ${owner}.`),
      },
      additionalProperties: false,
    },
  };
}

export const timestamps = (owner: string): Record<string, JsonSchemaProperty> => ({
  created_at: str('Created At', `When the ${owner} was created in the provider.`, { format: 'date-time', readOnly: true }),
  updated_at: str('Updated At', `When the ${owner} was last changed in the provider.`, { format: 'date-time', readOnly: true }),
});

export function objectSchema(endgrateType: string, title: string, properties: Record<string, JsonSchemaProperty>): JsonSchemaObject {
  return { type: 'object', title, endgrate_type: endgrateType, properties, required: [] };
}

/** A decimal amount as a string (never a float): an optional minus, digits, an optional fraction. */
export const DECIMAL_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';

export const money = (title: string, description: string, extra: Partial<JsonSchemaProperty> = {}): JsonSchemaProperty =>
  str(title, `${description} A decimal string (e.g. "1250.50"), never a number, in the currency of \`currency\`.`, {
    pattern: DECIMAL_PATTERN,
    ...extra,
  });

export const currency = (owner: string): JsonSchemaProperty =>
  str('Currency', `The ISO 4217 code of the currency of the ${owner}'s amounts (e.g. "USD").`, { pattern: '^[A-Z]{3}$' });

export const dateTime = (title: string, description: string, extra: Partial<JsonSchemaProperty> = {}): JsonSchemaProperty =>
  str(title, description, { format: 'date-time', ...extra });

export const ids = (title: string, description: string): JsonSchemaProperty => ({
  title,
  type: 'array',
  description,
  items: { type: 'string' },
});

/** A calendar date without a time or zone (`YYYY-MM-DD`), as the providers hold an invoice's issue and due dates. */
export const date = (title: string, description: string, extra: Partial<JsonSchemaProperty> = {}): JsonSchemaProperty =>
  str(title, `${description} A date without a time (YYYY-MM-DD).`, { format: 'date', ...extra });

/** A decimal number that is not money (a quantity, a rate, an exchange rate), as a string like money. */
export const decimal = (title: string, description: string, extra: Partial<JsonSchemaProperty> = {}): JsonSchemaProperty =>
  str(title, `${description} A decimal string (e.g. "1.5"), never a number.`, { pattern: DECIMAL_PATTERN, ...extra });

/** The provider id of the record itself, in the data: Endgrate's accounting schemas start with it (read-only). */
export const objectId = (): JsonSchemaProperty => str('ID', 'The unique identifier of the object.', { readOnly: true });

/** The taxes of a document, one entry per tax (rate) applied, as QuickBooks' TaxLine, Shopify's and WooCommerce's tax lines. */
export function taxLines(owner: string): JsonSchemaProperty {
  return {
    title: 'Tax Lines',
    type: 'array',
    description: `The taxes charged on the ${owner}, one entry per tax rate.`,
    items: {
      type: 'object',
      properties: {
        tax_rate_id: str('Tax Rate ID', 'The provider id or code of the tax rate (a QuickBooks TaxRate, a Xero TaxType).'),
        name: str('Name', 'The name of the tax (e.g. "VAT 20%").'),
        rate: decimal('Rate', 'The rate of the tax, in percent (e.g. "20" for 20%).'),
        taxable_amount: money('Taxable Amount', 'The amount the tax is charged on.'),
        amount: money('Amount', 'The amount of the tax.'),
      },
      additionalProperties: false,
    },
  };
}
