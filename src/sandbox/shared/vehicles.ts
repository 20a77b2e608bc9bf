/**
 * Vehicle seed material shared by the sandboxes' custom objects (HubSpot's
 * `cars`, Salesforce's `Vehicle__c`): makes, models, list prices and vehicle
 * identification numbers.
 *
 * VINs follow ISO 3779 / 49 CFR 565 as used in North America: 17 characters
 * without I, O and Q; a 3-character world manufacturer identifier (WMI), a
 * 5-character descriptor, a check digit in position 9 (weighted sum of the
 * transliterated characters modulo 11, 10 written as `X`), the model-year code
 * in position 10, a plant code and a 6-digit serial. The sandbox puts the seed
 * index in the serial, so a seed VIN can be traced back to its record without
 * a scan ({@link vinSerial}).
 */
import type { Rng } from './prng.js';

/** A make with its manufacturer identifier and models (name, base list price in USD). */
export interface VehicleMake {
  make: string;
  wmi: string;
  models: ReadonlyArray<readonly [string, number]>;
}

/** Makes and models the seeds draw from (list prices are rough, for plausible values only). */
export const VEHICLE_MAKES: readonly VehicleMake[] = [
  {
    make: 'Toyota',
    wmi: 'JTD',
    models: [
      ['Corolla', 22_000],
      ['Camry', 27_000],
      ['RAV4', 29_000],
      ['Prius', 28_000],
      ['Tacoma', 32_000],
    ],
  },
  {
    make: 'Honda',
    wmi: '1HG',
    models: [
      ['Civic', 24_000],
      ['Accord', 28_000],
      ['CR-V', 30_000],
      ['Pilot', 39_000],
    ],
  },
  {
    make: 'Ford',
    wmi: '1FA',
    models: [
      ['Mustang', 32_000],
      ['Escape', 28_000],
      ['Explorer', 38_000],
      ['F-150', 36_000],
    ],
  },
  {
    make: 'Chevrolet',
    wmi: '1G1',
    models: [
      ['Malibu', 25_000],
      ['Equinox', 27_000],
      ['Silverado', 38_000],
      ['Bolt EV', 27_000],
    ],
  },
  {
    make: 'Volkswagen',
    wmi: 'WVW',
    models: [
      ['Golf', 24_000],
      ['Jetta', 22_000],
      ['Tiguan', 29_000],
      ['ID.4', 40_000],
    ],
  },
  {
    make: 'BMW',
    wmi: 'WBA',
    models: [
      ['3 Series', 44_000],
      ['5 Series', 57_000],
      ['X3', 48_000],
      ['i4', 53_000],
    ],
  },
  {
    make: 'Tesla',
    wmi: '5YJ',
    models: [
      ['Model 3', 40_000],
      ['Model Y', 44_000],
      ['Model S', 75_000],
    ],
  },
  {
    make: 'Hyundai',
    wmi: 'KMH',
    models: [
      ['Elantra', 21_000],
      ['Tucson', 28_000],
      ['Ioniq 5', 42_000],
    ],
  },
  {
    make: 'Subaru',
    wmi: 'JF1',
    models: [
      ['Impreza', 22_000],
      ['Outback', 29_000],
      ['Forester', 28_000],
    ],
  },
  {
    make: 'Volvo',
    wmi: 'YV1',
    models: [
      ['XC40', 38_000],
      ['XC60', 45_000],
      ['V60', 44_000],
    ],
  },
];

/** Model years the seeds use. */
export const VEHICLE_YEARS = { first: 2012, last: 2025 } as const;

/** Seed VIN serials are the seed index: at most this many seed vehicles. */
export const MAX_SEED_VEHICLES = 1_000_000;

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const TRANSLITERATION: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
/** Model-year codes from 2010 (2001–2009 are the digits 1–9). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY';

function charValue(char: string): number {
  return /\d/.test(char) ? Number(char) : (TRANSLITERATION[char] ?? 0);
}

/** The check digit (position 9) of a 17-character VIN, computed over the other 16. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let at = 0; at < 17; at += 1) sum += charValue(vin.charAt(at)) * (WEIGHTS[at] ?? 0);
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/** Whether a text is a well-formed VIN whose check digit matches. */
export function isValidVin(text: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(text)) return false;
  return text.charAt(8) === vinCheckDigit(text);
}

function yearCode(year: number): string {
  if (year >= 2001 && year <= 2009) return String(year - 2000);
  return YEAR_CODES.charAt((year - 2010) % YEAR_CODES.length) || 'A';
}

/**
 * The VIN of seed vehicle `index`: the WMI of its make, random descriptor and
 * plant characters, the year code and the index as the 6-digit serial.
 * @throws Error when the index does not fit in a serial
 */
export function seedVin(rng: Rng, make: VehicleMake, year: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SEED_VEHICLES) throw new Error(`No seed VIN for index ${index}`);
  let descriptor = '';
  for (let k = 0; k < 5; k += 1) descriptor += rng.pick([...VIN_CHARS]);
  const plant = rng.pick([...VIN_CHARS]);
  const draft = `${make.wmi}${descriptor}0${yearCode(year)}${plant}${String(index).padStart(6, '0')}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

/** The serial (last 6 digits) of a VIN-shaped text, as a number; undefined when it has none. */
export function vinSerial(text: string): number | undefined {
  const match = /^[A-Za-z0-9]{11}(\d{6})$/.exec(text.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A seed vehicle's make, model, year, VIN and asking price. */
export interface SeedVehicle {
  make: string;
  model: string;
  year: number;
  vin: string;
  /** Asking price in USD, whole dollars. */
  price: number;
}

/** Draws a vehicle for seed index `index` (depreciated from the list price by age and a random factor). */
export function seedVehicle(rng: Rng, index: number): SeedVehicle {
  const make = rng.pick(VEHICLE_MAKES);
  const [model, listPrice] = rng.pick(make.models);
  const year = rng.between(VEHICLE_YEARS.first, VEHICLE_YEARS.last);
  const age = VEHICLE_YEARS.last - year;
  const price = Math.round((listPrice * Math.pow(0.88, age) * (0.85 + rng.next() * 0.3)) / 50) * 50;
  return { make: make.make, model, year, vin: seedVin(rng, make, year, index), price };
}
