/**
 * Salesforce's Contact and Account sObjects in Weft's common model, as field tables (the kit derives both mappers,
 * the fields to query and the coverage fixture). Salesforce has one email and fixed phone fields per contact and
 * compound addresses with a multi-line street; what it cannot hold is reported as a warning, not dropped in silence.
 */
import type { CrmCompany } from '../../model/schemas/crm-company.js';
import type { CommonAddress, CrmContact } from '../../model/schemas/crm-contact.js';
import type { CrmUser } from '../../model/schemas/crm-user.js';
import * as f from '../kit/field-table.js';

export type SObject = Record<string, unknown> & { Id?: string; attributes?: { type: string; url?: string } };

/** sObject fields as they are (Salesforce sends typed JSON values, takes `null` to clear). */
const dialect: f.Dialect<SObject> = {
  name: 'Salesforce',
  get: (o, field) => o[field],
  record: (values) => ({ attributes: { type: 'Record' }, Id: '001000000000001AAA', ...values }),
};

const PARTS = ['City', 'State', 'PostalCode', 'Country'] as const;

/** One compound address (`Mailing`, `Billing`, `Shipping`): a multi-line street holds street_1 and street_2. */
function readAddress(get: (field: string) => unknown, prefix: string, type: CommonAddress['address_type']): CommonAddress[] {
  const street = f.textOf(get(`${prefix}Street`));
  const [line1, ...rest] = street ? street.split(/\r?\n/) : [];
  const a: CommonAddress = {
    address_type: type,
    street_1: line1 ?? null,
    street_2: rest.length ? rest.join(', ') : null,
    city: f.textOf(get(`${prefix}City`)),
    state: f.textOf(get(`${prefix}State`)),
    postal_code: f.textOf(get(`${prefix}PostalCode`)),
    country: f.textOf(get(`${prefix}Country`)),
  };
  return Object.entries(a).some(([k, v]) => k !== 'address_type' && v !== null) ? [a] : [];
}

function writeAddress(out: f.Writer, prefix: string, a: CommonAddress | null): void {
  out.set(`${prefix}Street`, a ? [a.street_1, a.street_2].filter((x) => x).join('\n') || null : null);
  out.set(`${prefix}City`, a?.city ?? null);
  out.set(`${prefix}State`, a?.state ?? null);
  out.set(`${prefix}PostalCode`, a?.postal_code ?? null);
  out.set(`${prefix}Country`, a?.country ?? null);
}

const addressFields = (prefix: string) => [`${prefix}Street`, ...PARTS.map((p) => `${prefix}${p}`)];
const addressSample = (prefix: string, street: string) => ({
  [`${prefix}Street`]: street,
  [`${prefix}City`]: 'Boston',
  [`${prefix}State`]: 'MA',
  [`${prefix}PostalCode`]: '02110',
  [`${prefix}Country`]: 'United States',
});

export const CONTACT = f.fieldTable(
  dialect,
  {
    first_name: f.text('FirstName'),
    last_name: f.text('LastName'),
    title: f.text('Title'),
    email_addresses: f.primaryEmail('Email', 'Salesforce contacts hold one email address'),
    phone_numbers: f.phones({ WORK: 'Phone', MOBILE: 'MobilePhone', FAX: 'Fax' }, 'Salesforce contacts hold one phone, one mobile phone and one fax'),
    addresses: f.custom({
      fields: addressFields('Mailing'),
      sample: addressSample('Mailing', '1 Main St\nFloor 3'),
      read: (get) => readAddress(get, 'Mailing', 'PRIMARY'),
      write(value, out) {
        const list = (value ?? []) as CommonAddress[];
        writeAddress(out, 'Mailing', list.find((x) => x.address_type === 'PRIMARY') ?? list[0] ?? null);
        if (list.length > 1) out.warn('Weft writes one address to a Salesforce contact (its mailing address); the others were not written');
      },
    }),
    company_id: f.reference('AccountId'),
    owner_id: f.reference('OwnerId', { clear: false }),
    lifecycle_stage: f.none(null, 'Salesforce contacts have no lifecycle stage; lifecycle_stage was not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

export const ACCOUNT = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    description: f.text('Description'),
    industry: f.text('Industry'),
    website: f.text('Website'),
    number_of_employees: f.integer('NumberOfEmployees'),
    annual_revenue: f.decimal('AnnualRevenue'),
    // A billing and a shipping address; any other type is written as the billing one when there is none.
    addresses: f.custom({
      fields: [...addressFields('Billing'), ...addressFields('Shipping')],
      sample: { ...addressSample('Billing', '1 Main St'), ...addressSample('Shipping', '2 Dock St') },
      read: (get) => [...readAddress(get, 'Billing', 'BILLING'), ...readAddress(get, 'Shipping', 'SHIPPING')],
      write(value, out) {
        const list = (value ?? []) as CommonAddress[];
        const billing = list.find((a) => a.address_type === 'BILLING') ?? list.find((a) => a.address_type !== 'SHIPPING') ?? null;
        const shipping = list.find((a) => a.address_type === 'SHIPPING') ?? null;
        writeAddress(out, 'Billing', billing);
        writeAddress(out, 'Shipping', shipping);
        if (list.some((a) => a !== billing && a !== shipping))
          out.warn('Salesforce accounts hold a billing and a shipping address; the others were not written');
      },
    }),
    phone_numbers: f.phones({ WORK: 'Phone' }, 'Salesforce accounts hold one phone number'),
    owner_id: f.reference('OwnerId', { clear: false }),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

/** The org's users (read-only here: Salesforce creates users only with a licence, and never deletes them). */
export const USER = f.fieldTable(
  dialect,
  {
    name: f.text('Name'),
    first_name: f.text('FirstName'),
    last_name: f.text('LastName'),
    email_address: f.text('Email'),
    is_active: f.flag('IsActive'),
    role: f.none(null, 'Weft does not read Salesforce user roles yet; role was not written'),
    created_at: f.date('CreatedDate'),
    updated_at: f.date('LastModifiedDate'),
  },
  ['Id'],
);

export interface SalesforceWrite {
  fields: Record<string, unknown>;
  warnings: string[];
}

const salesforceWrite = (w: f.TableWrite): SalesforceWrite => ({ fields: w.body, warnings: w.warnings });

export const contactToCommon = (o: SObject) => CONTACT.read(o, undefined) as CrmContact;
export const accountToCommon = (o: SObject) => ACCOUNT.read(o, undefined) as CrmCompany;
export const userToCommon = (o: SObject) => USER.read(o, undefined) as CrmUser;
/** Only the fields present are written. */
export const contactFromCommon = (c: CrmContact) => salesforceWrite(CONTACT.write(c as Record<string, unknown>, undefined));
export const accountFromCommon = (c: CrmCompany) => salesforceWrite(ACCOUNT.write(c as Record<string, unknown>, undefined));
