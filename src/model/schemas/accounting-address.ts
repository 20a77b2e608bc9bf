/**
 * Weft's default `accounting-address` schema: an address of the connected organisation or of a contact, as a record.
 *
 * Verbatim from Endgrate's accounting docs (its complete schema and example object): every property (`id`,
 * `address_type` with its six values, `city`, `country`, `postal_code`, `state`, `street_1`, `street_2`), their
 * titles and types. The descriptions are Endgrate's too, except `city`'s, which Endgrate's page gives as "The address
 * type." (a slip), here "The address's city.". Inferred: `id` read-only (the provider sets it).
 */
import { ADDRESS_TYPES, type AddressType, objectId, objectSchema, str } from './shared.js';

export const accountingAddressSchema = objectSchema('accounting-address', 'Address', {
  id: objectId(),
  address_type: str('Address Type', 'The type of the address (primary, billing, etc.)', { enum: [...ADDRESS_TYPES] }),
  city: str('City', "The address's city."),
  country: str('Country', "The address's country."),
  postal_code: str('Postal Code', "The address's postal or ZIP code."),
  state: str('State', "The address's state or region."),
  street_1: str('Street 1', "Line 1 of the address's street."),
  street_2: str('Street 2', "Line 2 of the address's street."),
});

export interface AccountingAddress {
  id?: string | null;
  address_type?: AddressType | null;
  city?: string | null;
  country?: string | null;
  postal_code?: string | null;
  state?: string | null;
  street_1?: string | null;
  street_2?: string | null;
}
