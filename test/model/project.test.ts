import { describe, expect, it } from 'vitest';

import { getConnector } from '../../src/connectors/index.js';
import { commonSources, coveredByCommonModel } from '../../src/model/project.js';
import { COMMON_MODELS } from '../../src/model/registry.js';

const fieldsOf = (type: string) => Object.keys(COMMON_MODELS.get(type)?.schema.properties ?? {});

describe('the common fields a custom property is read from', () => {
  it('names the common field of the same name, or the field (and the part of its first element) a derived name reads', () => {
    const contact = fieldsOf('crm-contact');
    expect(commonSources('first_name', contact)).toEqual([{ field: 'first_name' }]);
    expect(commonSources('email', contact)).toEqual([{ field: 'email_addresses', part: 'email_address' }]);
    expect(commonSources('phone', contact)).toEqual([{ field: 'phone_numbers', part: 'phone_number' }]);
    expect(commonSources('city', contact)).toEqual([{ field: 'addresses', part: 'city' }]);
    expect(commonSources('street', contact)).toEqual([{ field: 'addresses', part: 'street_1' }]);
    expect(commonSources('full_name', contact)).toEqual([{ field: 'first_name' }, { field: 'last_name' }]);
    expect(commonSources('job_title', contact)).toEqual([{ field: 'title' }]);
    // A company's name, not a contact's; a property the model does not cover.
    expect(commonSources('company_name', contact)).toEqual([]);
    expect(commonSources('company_name', fieldsOf('crm-company'))).toEqual([{ field: 'name' }]);
    expect(commonSources('favorite_color', contact)).toEqual([]);
  });

  it('covers exactly the properties coveredByCommonModel covers', () => {
    const contact = fieldsOf('crm-contact');
    for (const name of [
      'email',
      'email_address',
      'phone',
      'phone_number',
      'full_name',
      'job_title',
      'street',
      'city',
      'state',
      'postal_code',
      'country',
      'company_name',
      'domain',
      'first_name',
      'age',
    ]) {
      expect(commonSources(name, contact).length > 0, name).toBe(coveredByCommonModel(name, contact));
    }
  });

  it("connectors name the provider fields their mapping reads for them (HubSpot's and Salesforce's contacts)", () => {
    const hubspot = getConnector('hubspot')!;
    expect(hubspot.mappedFields?.('crm-contact', 'email_addresses', 'email_address')).toEqual(['email']);
    expect(hubspot.mappedFields?.('crm-contact', 'addresses', 'postal_code')).toEqual(['zip']);
    expect(hubspot.mappedFields?.('crm-company', 'website')).toEqual(['website', 'domain']);
    expect(hubspot.mappedFields?.('crm-contact', 'no_such_field')).toBeUndefined();
    expect(hubspot.mappedFields?.('no-such-type', 'name')).toBeUndefined();
    expect(getConnector('salesforce')!.mappedFields?.('crm-contact', 'title')).toEqual(['Title']);
  });
});
