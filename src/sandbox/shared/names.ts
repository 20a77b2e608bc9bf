/**
 * Provider-neutral building blocks for realistic, deterministic CRM data:
 * people, companies, places, phone numbers. Every function takes an {@link Rng}
 * so the caller controls determinism. The word lists are invented for the
 * sandbox (no real people or companies are implied).
 */
import { BoundedMemo } from './bounded-memo.js';
import type { Rng } from './prng.js';

export const FIRST_NAMES: readonly string[] = [
  'Ada',
  'Aiko',
  'Alan',
  'Alejandro',
  'Amara',
  'Amelia',
  'Ana',
  'Anders',
  'Anika',
  'Arjun',
  'Astrid',
  'Ayla',
  'Beatriz',
  'Ben',
  'Bianca',
  'Carlos',
  'Carmen',
  'Chen',
  'Chloe',
  'Clara',
  'Daniel',
  'Dara',
  'David',
  'Diego',
  'Elena',
  'Eli',
  'Emma',
  'Erik',
  'Fatima',
  'Felix',
  'Freya',
  'Gabriel',
  'Grace',
  'Hana',
  'Hugo',
  'Ibrahim',
  'Ines',
  'Isaac',
  'Ivy',
  'Jamal',
  'Jana',
  'Javier',
  'Jin',
  'Jonas',
  'Julia',
  'Kai',
  'Karin',
  'Kenji',
  'Kofi',
  'Lara',
  'Leo',
  'Lina',
  'Luca',
  'Maya',
  'Marco',
  'Maria',
  'Mateo',
  'Mei',
  'Mia',
  'Milan',
  'Nadia',
  'Naomi',
  'Nikhil',
  'Nora',
  'Olga',
  'Omar',
  'Oscar',
  'Paula',
  'Priya',
  'Rafael',
  'Rania',
  'Ravi',
  'Rosa',
  'Ruth',
  'Sam',
  'Sara',
  'Sean',
  'Sofia',
  'Sven',
  'Tariq',
  'Tess',
  'Theo',
  'Tomas',
  'Uma',
  'Valentina',
  'Victor',
  'Vera',
  'Wei',
  'Yara',
  'Yusuf',
  'Zara',
  'Zoe',
  'Noah',
  'Liam',
  'Ella',
  'Iris',
  'Owen',
  'Ruby',
  'Emil',
  'Hanna',
];

export const LAST_NAMES: readonly string[] = [
  'Abbott',
  'Adeyemi',
  'Alvarez',
  'Andersen',
  'Bauer',
  'Bergström',
  'Bianchi',
  'Brennan',
  'Castillo',
  'Chen',
  'Costa',
  'Dahl',
  'Dubois',
  'Eriksen',
  'Fernandes',
  'Fischer',
  'Fontaine',
  'Garcia',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hartmann',
  'Ibarra',
  'Ivanova',
  'Jensen',
  'Kaur',
  'Kim',
  'Kowalski',
  'Larsen',
  'Lee',
  'Lindqvist',
  'Lopez',
  'Mahler',
  'Martin',
  'Meyer',
  'Moreau',
  'Müller',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Okafor',
  'Olsen',
  'Ortiz',
  'Park',
  'Patel',
  'Pereira',
  'Petrov',
  'Quinn',
  'Rahman',
  'Reyes',
  'Rossi',
  'Sato',
  'Schmidt',
  'Silva',
  'Singh',
  'Sørensen',
  'Suzuki',
  'Tanaka',
  'Thompson',
  'Torres',
  'Tran',
  'Ucar',
  'Vargas',
  'Vasquez',
  'Wagner',
  'Walsh',
  'Weber',
  'Wong',
  'Yamada',
  'Yilmaz',
  'Zhang',
  'Ziegler',
  'Byrne',
  'Carter',
  'Doyle',
  'Ellis',
  'Foster',
  'Grant',
  'Hughes',
  'Irving',
];

/** A place with a postal-code pattern and the phone prefix of its country. */
export interface Place {
  city: string;
  state: string;
  country: string;
  /** Postal code pattern: `#` is replaced by a digit. */
  zip: string;
  /** E.164 country calling code, e.g. "+1". */
  dial: string;
  /** Local number pattern: `#` is replaced by a digit. */
  phone: string;
}

export const PLACES: readonly Place[] = [
  { city: 'Boston', state: 'MA', country: 'United States', zip: '021##', dial: '+1', phone: '617-555-0###' },
  { city: 'Cambridge', state: 'MA', country: 'United States', zip: '021##', dial: '+1', phone: '857-555-0###' },
  { city: 'New York', state: 'NY', country: 'United States', zip: '100##', dial: '+1', phone: '212-555-0###' },
  { city: 'Austin', state: 'TX', country: 'United States', zip: '787##', dial: '+1', phone: '512-555-0###' },
  { city: 'Denver', state: 'CO', country: 'United States', zip: '802##', dial: '+1', phone: '303-555-0###' },
  { city: 'Seattle', state: 'WA', country: 'United States', zip: '981##', dial: '+1', phone: '206-555-0###' },
  { city: 'San Francisco', state: 'CA', country: 'United States', zip: '941##', dial: '+1', phone: '415-555-0###' },
  { city: 'Chicago', state: 'IL', country: 'United States', zip: '606##', dial: '+1', phone: '312-555-0###' },
  { city: 'Atlanta', state: 'GA', country: 'United States', zip: '303##', dial: '+1', phone: '404-555-0###' },
  { city: 'Toronto', state: 'ON', country: 'Canada', zip: 'M5V #A#', dial: '+1', phone: '416-555-0###' },
  { city: 'Vancouver', state: 'BC', country: 'Canada', zip: 'V6B #C#', dial: '+1', phone: '604-555-0###' },
  { city: 'London', state: 'England', country: 'United Kingdom', zip: 'EC1A #BB', dial: '+44', phone: '20 7946 0###' },
  { city: 'Manchester', state: 'England', country: 'United Kingdom', zip: 'M1 #AE', dial: '+44', phone: '161 496 0###' },
  { city: 'Dublin', state: 'Dublin', country: 'Ireland', zip: 'D02 X###', dial: '+353', phone: '1 555 0###' },
  { city: 'Berlin', state: 'Berlin', country: 'Germany', zip: '10###', dial: '+49', phone: '30 5550###' },
  { city: 'Munich', state: 'Bavaria', country: 'Germany', zip: '80###', dial: '+49', phone: '89 5550###' },
  { city: 'Paris', state: 'Île-de-France', country: 'France', zip: '750##', dial: '+33', phone: '1 55 55 0# ##' },
  { city: 'Lyon', state: 'Auvergne-Rhône-Alpes', country: 'France', zip: '690##', dial: '+33', phone: '4 55 55 0# ##' },
  { city: 'Madrid', state: 'Madrid', country: 'Spain', zip: '280##', dial: '+34', phone: '91 555 0###' },
  { city: 'Amsterdam', state: 'North Holland', country: 'Netherlands', zip: '10## AB', dial: '+31', phone: '20 555 0###' },
  { city: 'Stockholm', state: 'Stockholm', country: 'Sweden', zip: '111 ##', dial: '+46', phone: '8 555 0###' },
  { city: 'Copenhagen', state: 'Capital Region', country: 'Denmark', zip: '1###', dial: '+45', phone: '55 55 0###' },
  { city: 'Sydney', state: 'NSW', country: 'Australia', zip: '2###', dial: '+61', phone: '2 5550 0###' },
  { city: 'Melbourne', state: 'VIC', country: 'Australia', zip: '3###', dial: '+61', phone: '3 5550 0###' },
  { city: 'Singapore', state: 'Singapore', country: 'Singapore', zip: '0#####', dial: '+65', phone: '6555 0###' },
  { city: 'São Paulo', state: 'SP', country: 'Brazil', zip: '01###-000', dial: '+55', phone: '11 5555-0###' },
];

const STREET_NAMES: readonly string[] = [
  'Maple',
  'Oak',
  'Cedar',
  'Harbor',
  'Mill',
  'River',
  'Park',
  'Church',
  'Station',
  'Market',
  'Highland',
  'Lake',
  'Meadow',
  'Orchard',
  'Summit',
  'Willow',
  'King',
  'Queen',
  'Bridge',
  'Garden',
];
const STREET_SUFFIXES: readonly string[] = ['Street', 'Avenue', 'Road', 'Lane', 'Way', 'Boulevard', 'Drive', 'Place'];

const COMPANY_PREFIXES: readonly string[] = [
  'Blue',
  'Bright',
  'Cedar',
  'Clear',
  'Copper',
  'Crest',
  'Delta',
  'Ember',
  'Falcon',
  'Fjord',
  'Granite',
  'Harbor',
  'Helix',
  'Iron',
  'Juniper',
  'Keystone',
  'Lumen',
  'Maple',
  'Meridian',
  'Nimbus',
  'North',
  'Nova',
  'Oak',
  'Orbit',
  'Pine',
  'Polar',
  'Prism',
  'Quartz',
  'Quill',
  'Redwood',
  'River',
  'Sage',
  'Silver',
  'Solar',
  'Summit',
  'Tidal',
  'Vertex',
  'Willow',
  'Zenith',
  'Atlas',
];
const COMPANY_CORES: readonly string[] = [
  'Analytics',
  'Apparel',
  'Bakery',
  'Biotech',
  'Capital',
  'Cloud',
  'Consulting',
  'Data',
  'Design',
  'Dynamics',
  'Energy',
  'Engineering',
  'Foods',
  'Freight',
  'Health',
  'Holdings',
  'Insights',
  'Labs',
  'Learning',
  'Logistics',
  'Media',
  'Medical',
  'Metrics',
  'Mobility',
  'Networks',
  'Outfitters',
  'Partners',
  'Pharma',
  'Robotics',
  'Security',
  'Software',
  'Solutions',
  'Studios',
  'Systems',
  'Technologies',
  'Telecom',
  'Textiles',
  'Travel',
  'Ventures',
  'Works',
];
const COMPANY_SUFFIXES: readonly string[] = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'Group', 'Co.', 'AB', 'SA'];
const TLDS: readonly string[] = ['com', 'com', 'com', 'io', 'co', 'net', 'eu', 'tech'];

/** Personal e-mail domains (reserved example domains, so no real mailbox is implied). */
export const FREE_MAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

export const JOB_TITLES: readonly string[] = [
  'Account Executive',
  'Chief Executive Officer',
  'Chief Technology Officer',
  'Customer Success Manager',
  'Data Analyst',
  'Director of Marketing',
  'Director of Sales',
  'Engineering Manager',
  'Finance Manager',
  'Head of Operations',
  'HR Business Partner',
  'Marketing Specialist',
  'Office Manager',
  'Product Designer',
  'Product Manager',
  'Procurement Lead',
  'Sales Development Representative',
  'Software Engineer',
  'Solutions Architect',
  'VP of Engineering',
  'VP of Sales',
  'Operations Analyst',
  'Founder',
  'Consultant',
];

/** Number of distinct "prefix + core" company stems. */
export const COMPANY_STEM_COUNT = COMPANY_PREFIXES.length * COMPANY_CORES.length;

/** Replaces every `#` in a pattern with a random digit. */
export function fillDigits(rng: Rng, pattern: string): string {
  let text = '';
  let from = 0;
  for (let at = pattern.indexOf('#'); at !== -1; at = pattern.indexOf('#', from)) {
    text += pattern.slice(from, at) + String(rng.int(10));
    from = at + 1;
  }
  return text + pattern.slice(from);
}

/** Slugs already made, by separator and text (names repeat: a bounded memo of a pure function). */
const SLUGS = new BoundedMemo<string, string>(10_000);

/** Lower-case ASCII slug: strips accents, keeps [a-z0-9], joins words with `sep`. */
export function slugify(text: string, sep = ''): string {
  return SLUGS.get(`${sep}\u0000${text}`, () => slugOf(text, sep));
}

function slugOf(text: string, sep: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length > 0)
    .join(sep);
}

/** A random first and last name. */
export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** A street address line such as "42 Maple Street". */
export function streetAddress(rng: Rng): string {
  return `${rng.between(1, 2999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
}

/** A secondary address line such as "Suite 300". */
export function secondaryAddress(rng: Rng): string {
  return rng.chance(0.5) ? `Suite ${rng.between(1, 40) * 10}` : `Floor ${rng.between(2, 30)}`;
}

/** A phone number in the place's national style, prefixed by its calling code. */
export function phoneNumber(rng: Rng, place: Place): string {
  return `${place.dial} ${fillDigits(rng, place.phone)}`;
}

/** A postal code for the place. */
export function postalCode(rng: Rng, place: Place): string {
  return fillDigits(rng, place.zip);
}

/**
 * A street address split the way a geocoder answers it (Google's address components, which CRMs such as Pipedrive
 * keep): the whole text, country, state, city, route, street number and postal code, the parts a street address
 * does not give null. Draws a street, then a postal code.
 */
export function geocodedAddress(rng: Rng, place: Place) {
  const street = streetAddress(rng);
  const [number = '', ...route] = street.split(' ');
  const zip = postalCode(rng, place);
  return {
    value: `${street}, ${place.city}, ${place.state} ${zip}, ${place.country}`,
    country: place.country,
    admin_area_level_1: place.state,
    admin_area_level_2: null,
    locality: place.city,
    sublocality: null,
    route: route.join(' '),
    street_number: number,
    subpremise: null,
    postal_code: zip,
  };
}

/**
 * A company name and web domain for a "stem" number. Stems below
 * {@link COMPANY_STEM_COUNT} are all distinct; larger ones get a numeric tail so
 * that names and domains stay unique.
 */
export function companyIdentity(rng: Rng, stem: number): { name: string; domain: string } {
  const base = stem % COMPANY_STEM_COUNT;
  const round = Math.floor(stem / COMPANY_STEM_COUNT);
  const prefix = COMPANY_PREFIXES[base % COMPANY_PREFIXES.length] ?? 'Acme';
  const core = COMPANY_CORES[Math.floor(base / COMPANY_PREFIXES.length)] ?? 'Works';
  const tail = round > 0 ? ` ${round + 1}` : '';
  const name = `${prefix} ${core}${tail} ${rng.pick(COMPANY_SUFFIXES)}`;
  const domain = `${slugify(`${prefix} ${core}${tail}`)}.${rng.pick(TLDS)}`;
  return { name, domain };
}
