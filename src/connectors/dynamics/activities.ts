/**
 * `crm-activity` from Dataverse's activity tables, read in turn: phone calls (CALL), appointments (MEETING) and
 * e-mails (EMAIL). Each row names its table in `activitytypecode`; what it is about is `regardingobjectid` (a contact,
 * an account or an opportunity, by the lookup's table); its owner is the user. A call's direction is `directioncode`
 * (true: outgoing), its length `actualdurationminutes`; an appointment's is its scheduled length. The people taking
 * part are the activity's
 * `activityparty` rows, read with `$expand=<table>_activity_parties($select=participationtypemask,_partyid_value,
 * addressused)`: the senders, recipients, attendees and organizer, by the address each used.
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/phonecall (appointment, email),
 * https://learn.microsoft.com/power-apps/developer/data-platform/activityparty-entity
 */
import { custom, date, fieldTable, isoOf, type Row, text, textOf } from '../kit/field-table.js';
import { dialect, LOGICAL_NAME, owner, stamps } from './mapping.js';

const SAMPLE_ID = '6f1b0e55-3c2d-ef11-a000-000000000017';

/** The activity's type, from the table it was read from. */
const typeOf = (code: string, type: string): Row =>
  custom({ fields: ['activitytypecode'], sample: { activitytypecode: code }, read: (get) => (get('activitytypecode') === code ? type : null) });

/** What a `regardingobjectid` of this table points at, or null. */
const regarding = (logical: string): Row =>
  custom({
    fields: ['_regardingobjectid_value'],
    sample: { _regardingobjectid_value: SAMPLE_ID, [`_regardingobjectid_value${LOGICAL_NAME}`]: logical },
    read: (get) => (get(`_regardingobjectid_value${LOGICAL_NAME}`) === logical ? textOf(get('_regardingobjectid_value')) : null),
  });

/** `directioncode`: true for outgoing. */
const direction: Row = custom({
  fields: ['directioncode'],
  sample: { directioncode: true },
  read: (get) => (get('directioncode') === true ? 'OUTBOUND' : get('directioncode') === false ? 'INBOUND' : null),
});

/** A length in minutes, in seconds. */
const minutes = (field: string): Row =>
  custom({ fields: [field], sample: { [field]: 15 }, read: (get) => (typeof get(field) === 'number' ? (get(field) as number) * 60 : null) });

/** The first of these instants that is set. */
const firstOf = (...fields: string[]): Row =>
  custom({
    fields,
    sample: { [fields[0] as string]: '2024-01-02T03:04:05Z' },
    read: (get) => isoOf(fields.map((f) => get(f)).find((v) => v !== null && v !== undefined)),
  });

/**
 * `participationtypemask`s of the people taking part: 1 Sender, 2 To, 3 CC, 4 BCC, 5 Required attendee, 6 Optional
 * attendee, 7 Organizer (not 8 Regarding, 9 Owner, 10 Resource, 11 Customer).
 */
const PARTICIPATING = new Set([1, 2, 3, 4, 5, 6, 7]);

/** What the activity parties are read with (`$expand` of the table's collection-valued navigation property). */
export const PARTY_SELECT = 'participationtypemask,_partyid_value,addressused';

/** The navigation property to an activity table's parties. */
export const partiesOf = (logical: string) => `${logical}_activity_parties`;

/** The e-mail addresses of the people taking part (a call's may be a phone number: left out), once each, in Dataverse's order. */
const participants = (logical: string): Row => {
  const nav = partiesOf(logical);
  return custom({
    fields: [nav],
    sample: {
      [nav]: [
        { participationtypemask: 1, _partyid_value: SAMPLE_ID, [`_partyid_value${LOGICAL_NAME}`]: 'systemuser', addressused: 'ann@acme.com' },
        { participationtypemask: 2, _partyid_value: null, addressused: 'bob@acme.com' },
      ],
    },
    read: (get) => {
      const parties = get(nav);
      if (!Array.isArray(parties)) return [];
      const seen = new Set<string>();
      const out: Array<{ email_address: string; email_address_type: null }> = [];
      for (const party of parties as Array<Record<string, unknown>>) {
        const address = textOf(party['addressused'])?.trim();
        if (!address?.includes('@') || !PARTICIPATING.has(party['participationtypemask'] as number) || seen.has(address.toLowerCase())) continue;
        seen.add(address.toLowerCase());
        out.push({ email_address: address, email_address_type: null });
      }
      return out;
    },
  });
};

const about = {
  user_id: owner(),
  contact_id: regarding('contact'),
  company_id: regarding('account'),
  deal_id: regarding('opportunity'),
};

export const PHONECALL = fieldTable(dialect, {
  type: typeOf('phonecall', 'CALL'),
  title: text('subject'),
  description: text('description'),
  timestamp: firstOf('actualstart', 'scheduledstart'),
  end_timestamp: firstOf('actualend', 'scheduledend'),
  direction,
  duration_seconds: minutes('actualdurationminutes'),
  ...about,
  participants: participants('phonecall'),
  ...stamps,
});

export const APPOINTMENT = fieldTable(dialect, {
  type: typeOf('appointment', 'MEETING'),
  title: text('subject'),
  description: text('description'),
  timestamp: date('scheduledstart'),
  end_timestamp: date('scheduledend'),
  direction: custom({ fields: [], read: () => null }),
  duration_seconds: minutes('scheduleddurationminutes'),
  ...about,
  participants: participants('appointment'),
  ...stamps,
});

export const EMAIL = fieldTable(dialect, {
  type: typeOf('email', 'EMAIL'),
  title: text('subject'),
  description: text('description'),
  timestamp: firstOf('senton', 'createdon'),
  end_timestamp: custom({ fields: [], read: () => null }),
  direction,
  duration_seconds: custom({ fields: [], read: () => null }),
  ...about,
  participants: participants('email'),
  ...stamps,
});

/** The activity tables `crm-activity` reads, in turn: entity set, logical name and field table. */
export const ACTIVITY_TABLES = [
  { set: 'phonecalls', logical: 'phonecall', table: PHONECALL },
  { set: 'appointments', logical: 'appointment', table: APPOINTMENT },
  { set: 'emails', logical: 'email', table: EMAIL },
] as const;

/** A row of any activity table in the common model, by its `activitytypecode`. */
export function activityOf(row: Record<string, unknown>): Record<string, unknown> {
  const found = ACTIVITY_TABLES.find((t) => t.logical === row['activitytypecode']);
  if (!found) throw new Error(`Dynamics 365 answered an activity of an unknown table: ${String(row['activitytypecode'])}`);
  return found.table.read(row, undefined);
}
