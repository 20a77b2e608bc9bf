/**
 * The Dataverse tables the fake serves, as metadata: each entity set's logical name, primary key and name, its
 * attributes with their types, and its lookups (the `_x_value` read, and the single-valued navigation properties a
 * write binds with `nav@odata.bind`, one per target table of a polymorphic lookup). Attribute names and option values
 * are Dataverse's own (contact, account, opportunity, lead, task, annotation, systemuser, and the activities
 * phonecall, appointment and email, each with its `activitytypecode`). What an organization adds
 * carries its solution publisher's prefix, as in Dataverse: custom columns of contacts (`new_preferredchannel`,
 * `cr3f1_loyaltypoints`) and a custom table (`new_vehicle`, entity set `new_vehicles`), reported with
 * `IsCustomAttribute` and `IsCustomEntity` by `EntityDefinitions`
 * (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
 */

export type AttributeType =
  'String' | 'Memo' | 'Integer' | 'Decimal' | 'Money' | 'DateTime' | 'DateOnly' | 'Boolean' | 'Picklist' | 'State' | 'Status';

export interface Lookup {
  /** The lookup attribute (`parentcustomerid`), read as `_parentcustomerid_value`. */
  name: string;
  /** Navigation property → the logical name of the table it points at. */
  navigation: Readonly<Record<string, string>>;
}

export interface EntityMeta {
  set: string;
  logical: string;
  key: string;
  primaryName: string;
  attributes: Readonly<Record<string, AttributeType>>;
  lookups: readonly Lookup[];
  /** Attributes computed by the platform (read-only). */
  computed: readonly string[];
  /** statecode → the statuscodes valid with it, the first one its default. */
  states?: Readonly<Record<number, readonly number[]>>;
  readOnly?: boolean;
  /** A table the organization added (`IsCustomEntity`), and its plural display name. */
  custom?: { collection: string };
  /** Columns the organization added (`IsCustomAttribute`), each with its publisher's prefix. */
  customAttributes?: readonly string[];
  /** An activity's collection-valued navigation property to its `activityparty` rows (`phonecall_activity_parties`). */
  parties?: string;
}

/**
 * An `activityparty` row: who takes part in an activity and how (`participationtypemask`: 1 Sender, 2 To recipient,
 * 3 CC, 4 BCC, 5 Required attendee, 6 Optional attendee, 7 Organizer, 8 Regarding, 9 Owner), the row it resolves to
 * (`partyid`: a contact, an account, a user or a lead; none for an unresolved address) and the address used.
 * https://learn.microsoft.com/power-apps/developer/data-platform/activityparty-entity
 */
export interface ActivityParty {
  id: string;
  mask: number;
  party: LookupValue | null;
  address: string | null;
}

/** The `activityparty` attributes a nested `$select` may name. */
export const PARTY_ATTRIBUTES = ['activitypartyid', 'participationtypemask', '_partyid_value', 'addressused'] as const;

const ADDRESS = {
  address1_line1: 'String',
  address1_line2: 'String',
  address1_line3: 'String',
  address1_city: 'String',
  address1_stateorprovince: 'String',
  address1_postalcode: 'String',
  address1_country: 'String',
} as const;

const COMMON = { createdon: 'DateTime', modifiedon: 'DateTime', versionnumber: 'Integer' } as const;
const OWNER: Lookup = { name: 'ownerid', navigation: { ownerid: 'systemuser' } };
const COMPUTED = ['createdon', 'modifiedon', 'versionnumber'];

/** What every activity table has besides its own columns: its type's logical name, its state, the stamps. */
const ACTIVITY = { activitytypecode: 'String', prioritycode: 'Picklist', statecode: 'State', statuscode: 'Status', ...COMMON } as const;

/** An activity's `regardingobjectid`, bound through `regardingobjectid_<table>_<activity>`. */
const regarding = (activity: string): Lookup => ({
  name: 'regardingobjectid',
  navigation: Object.fromEntries(['contact', 'account', 'opportunity', 'lead'].map((t) => [`regardingobjectid_${t}_${activity}`, t])),
});

export const ENTITIES: Readonly<Record<string, EntityMeta>> = {
  contacts: {
    set: 'contacts',
    logical: 'contact',
    key: 'contactid',
    primaryName: 'fullname',
    attributes: {
      firstname: 'String',
      lastname: 'String',
      fullname: 'String',
      jobtitle: 'String',
      emailaddress1: 'String',
      emailaddress2: 'String',
      emailaddress3: 'String',
      telephone1: 'String',
      telephone2: 'String',
      telephone3: 'String',
      mobilephone: 'String',
      fax: 'String',
      description: 'Memo',
      ...ADDRESS,
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
      new_preferredchannel: 'String',
      cr3f1_loyaltypoints: 'Integer',
    },
    customAttributes: ['new_preferredchannel', 'cr3f1_loyaltypoints'],
    lookups: [{ name: 'parentcustomerid', navigation: { parentcustomerid_account: 'account', parentcustomerid_contact: 'contact' } }, OWNER],
    computed: [...COMPUTED, 'fullname'],
    states: { 0: [1], 1: [2] },
  },
  accounts: {
    set: 'accounts',
    logical: 'account',
    key: 'accountid',
    primaryName: 'name',
    attributes: {
      name: 'String',
      description: 'Memo',
      industrycode: 'Picklist',
      websiteurl: 'String',
      numberofemployees: 'Integer',
      revenue: 'Money',
      telephone1: 'String',
      fax: 'String',
      ...ADDRESS,
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
    },
    lookups: [{ name: 'primarycontactid', navigation: { primarycontactid: 'contact' } }, OWNER],
    computed: COMPUTED,
    states: { 0: [1], 1: [2] },
  },
  opportunities: {
    set: 'opportunities',
    logical: 'opportunity',
    key: 'opportunityid',
    primaryName: 'name',
    attributes: {
      name: 'String',
      description: 'Memo',
      estimatedvalue: 'Money',
      estimatedclosedate: 'DateOnly',
      actualclosedate: 'DateOnly',
      closeprobability: 'Integer',
      stepname: 'String',
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
    },
    lookups: [
      { name: 'parentaccountid', navigation: { parentaccountid: 'account' } },
      { name: 'parentcontactid', navigation: { parentcontactid: 'contact' } },
      { name: 'customerid', navigation: { customerid_account: 'account', customerid_contact: 'contact' } },
      OWNER,
    ],
    computed: COMPUTED,
    // Open: In Progress, On Hold; Won; Lost: Canceled, Out-Sold.
    states: { 0: [1, 2], 1: [3], 2: [4, 5] },
  },
  leads: {
    set: 'leads',
    logical: 'lead',
    key: 'leadid',
    primaryName: 'fullname',
    attributes: {
      subject: 'String',
      firstname: 'String',
      lastname: 'String',
      fullname: 'String',
      companyname: 'String',
      jobtitle: 'String',
      emailaddress1: 'String',
      telephone1: 'String',
      mobilephone: 'String',
      ...ADDRESS,
      leadsourcecode: 'Picklist',
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
    },
    lookups: [
      { name: 'parentaccountid', navigation: { parentaccountid: 'account' } },
      { name: 'parentcontactid', navigation: { parentcontactid: 'contact' } },
      OWNER,
    ],
    computed: [...COMPUTED, 'fullname'],
    // Open: New, Contacted; Qualified; Disqualified: Lost, Cannot Contact, No Longer Interested, Canceled.
    states: { 0: [1, 2], 1: [3], 2: [4, 5, 6, 7] },
  },
  tasks: {
    set: 'tasks',
    logical: 'task',
    key: 'activityid',
    primaryName: 'subject',
    attributes: {
      subject: 'String',
      description: 'Memo',
      scheduledend: 'DateTime',
      actualend: 'DateTime',
      prioritycode: 'Picklist',
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
    },
    lookups: [
      {
        name: 'regardingobjectid',
        navigation: {
          regardingobjectid_contact_task: 'contact',
          regardingobjectid_account_task: 'account',
          regardingobjectid_opportunity_task: 'opportunity',
          regardingobjectid_lead_task: 'lead',
        },
      },
      OWNER,
    ],
    computed: [...COMPUTED, 'actualend'],
    // Open: Not Started, In Progress, Waiting on someone else, Deferred; Completed; Canceled.
    states: { 0: [2, 3, 4, 7], 1: [5], 2: [6] },
  },
  annotations: {
    set: 'annotations',
    logical: 'annotation',
    key: 'annotationid',
    primaryName: 'subject',
    attributes: { subject: 'String', notetext: 'Memo', objecttypecode: 'String', isdocument: 'Boolean', ...COMMON },
    lookups: [
      {
        name: 'objectid',
        navigation: { objectid_contact: 'contact', objectid_account: 'account', objectid_opportunity: 'opportunity', objectid_lead: 'lead' },
      },
      OWNER,
    ],
    computed: [...COMPUTED, 'objecttypecode'],
  },
  systemusers: {
    set: 'systemusers',
    logical: 'systemuser',
    key: 'systemuserid',
    primaryName: 'fullname',
    attributes: {
      firstname: 'String',
      lastname: 'String',
      fullname: 'String',
      internalemailaddress: 'String',
      title: 'String',
      isdisabled: 'Boolean',
      ...COMMON,
    },
    lookups: [],
    computed: [...COMPUTED, 'fullname'],
    readOnly: true,
  },
  new_vehicles: {
    set: 'new_vehicles',
    logical: 'new_vehicle',
    key: 'new_vehicleid',
    primaryName: 'new_name',
    attributes: {
      new_name: 'String',
      new_vin: 'String',
      new_make: 'String',
      new_model: 'String',
      new_year: 'Integer',
      new_price: 'Money',
      statecode: 'State',
      statuscode: 'Status',
      ...COMMON,
    },
    lookups: [OWNER],
    computed: COMPUTED,
    states: { 0: [1], 1: [2] },
    custom: { collection: 'Vehicles' },
    customAttributes: ['new_name', 'new_vin', 'new_make', 'new_model', 'new_year', 'new_price'],
  },
  phonecalls: {
    set: 'phonecalls',
    logical: 'phonecall',
    key: 'activityid',
    primaryName: 'subject',
    attributes: {
      subject: 'String',
      description: 'Memo',
      phonenumber: 'String',
      directioncode: 'Boolean',
      scheduledstart: 'DateTime',
      scheduledend: 'DateTime',
      actualstart: 'DateTime',
      actualend: 'DateTime',
      actualdurationminutes: 'Integer',
      ...ACTIVITY,
    },
    lookups: [regarding('phonecall'), OWNER],
    parties: 'phonecall_activity_parties',
    computed: [...COMPUTED, 'activitytypecode'],
    // Open: Open; Completed: Made, Received; Canceled.
    states: { 0: [1], 1: [2, 4], 2: [3] },
  },
  appointments: {
    set: 'appointments',
    logical: 'appointment',
    key: 'activityid',
    primaryName: 'subject',
    attributes: {
      subject: 'String',
      description: 'Memo',
      location: 'String',
      scheduledstart: 'DateTime',
      scheduledend: 'DateTime',
      scheduleddurationminutes: 'Integer',
      isalldayevent: 'Boolean',
      ...ACTIVITY,
    },
    lookups: [regarding('appointment'), OWNER],
    parties: 'appointment_activity_parties',
    computed: [...COMPUTED, 'activitytypecode'],
    // Open: Free, Tentative; Completed; Canceled; Scheduled: Busy, Out of Office.
    states: { 0: [1, 2], 1: [3], 2: [4], 3: [5, 6] },
  },
  emails: {
    set: 'emails',
    logical: 'email',
    key: 'activityid',
    primaryName: 'subject',
    attributes: {
      subject: 'String',
      description: 'Memo',
      directioncode: 'Boolean',
      sender: 'String',
      torecipients: 'String',
      senton: 'DateTime',
      ...ACTIVITY,
    },
    lookups: [regarding('email'), OWNER],
    parties: 'email_activity_parties',
    computed: [...COMPUTED, 'activitytypecode'],
    // Open: Draft, Failed; Completed: Completed, Sent, Received, Pending Send, Sending; Canceled.
    states: { 0: [1, 8], 1: [2, 3, 4, 6, 7], 2: [5] },
  },
};

export const SET_OF_LOGICAL: Readonly<Record<string, string>> = Object.fromEntries(Object.values(ENTITIES).map((e) => [e.logical, e.set]));

/** A lookup's stored value: the row it points at, and that row's table. */
export interface LookupValue {
  id: string;
  logical: string;
}

/** A row as the fake keeps it: attribute values (null for none) and lookups. */
export interface Row {
  id: string;
  values: Record<string, unknown>;
  lookups: Record<string, LookupValue | null>;
}

/** The lookup (and its target table) a navigation property binds, for a table. */
export function navigationOf(meta: EntityMeta, nav: string): { lookup: Lookup; logical: string } | undefined {
  for (const lookup of meta.lookups) {
    const logical = Object.hasOwn(lookup.navigation, nav) ? lookup.navigation[nav] : undefined;
    if (logical !== undefined) return { lookup, logical };
  }
  return undefined;
}

/** Whether a name is an attribute of the table as a query sees it (its key, an attribute, a lookup's `_x_value`). */
export function isQueryable(meta: EntityMeta, name: string): boolean {
  if (name === meta.key || Object.hasOwn(meta.attributes, name)) return true;
  return meta.lookups.some((l) => `_${l.name}_value` === name);
}
