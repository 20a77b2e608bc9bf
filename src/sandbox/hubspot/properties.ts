/**
 * Property definitions of the HubSpot sandbox: the subset of HubSpot's default properties the seed fills, one custom
 * property per object (hubspotDefined false) and the properties of the custom object `cars` (its own plus the `hs_`
 * defaults of every custom object). Served by the properties and schemas APIs, and used to validate writes. Names,
 * types and field types follow HubSpot's documented defaults; enumeration values are HubSpot's internal values.
 */
import { FieldCatalogue, type FieldSpec } from '../shared/fields.js';
import { providerData } from '../shared/provider-data.js';
import PROPERTIES_JSON from './data/properties.json' with { type: 'json' };

/** HubSpot's activities (engagements) the sandbox serves: each is associated with contacts, companies, deals and tickets. */
export const ENGAGEMENT_TYPES = ['notes', 'tasks', 'calls', 'meetings', 'emails'] as const;
export type EngagementTypeName = (typeof ENGAGEMENT_TYPES)[number];

/** HubSpot's standard object types the sandbox serves. */
export const STANDARD_OBJECT_TYPES = ['contacts', 'companies', 'deals', 'tickets', 'products', 'line_items', 'leads', ...ENGAGEMENT_TYPES] as const;
export type StandardObjectTypeName = (typeof STANDARD_OBJECT_TYPES)[number];

/** Every object type the sandbox serves: the standard ones and the custom object `cars`. */
export type ObjectTypeName = StandardObjectTypeName | 'cars';

const DATA = providerData('hubspot/data/properties.json', PROPERTIES_JSON, {
  definedAt: 'string',
  options: ['record', ['list', ['tuple', 'string', 'string']]],
  objects: [
    'record',
    {
      group: 'string',
      properties: [
        'list',
        {
          name: 'string',
          label: 'string',
          type: ['enum', 'string', 'number', 'datetime', 'date', 'enumeration', 'bool'],
          fieldType: 'string',
          flags: ['list', 'string'],
          'description?': 'string',
          'group?': 'string',
          'options?': 'string',
        },
      ],
    },
  ],
});

/** An option list of `data/properties.json`: [value, label] pairs, HubSpot's internal values and their labels. */
type OptionList = ReadonlyArray<readonly [string, string]>;
const OPTION_LISTS: Record<string, OptionList> = DATA.options;
const option = (name: string): OptionList => OPTION_LISTS[name] ?? [];
/** The values of an option list, by its name in the data file (undefined when there is none). */
export const optionValues = (name: string): string[] | undefined => OPTION_LISTS[name]?.map(([value]) => value);
/** Lifecycle stages (HubSpot's internal values) in pipeline order, a subset of company industries and the conditions of a car. */
export const LIFECYCLE_STAGES = option('LIFECYCLE_STAGES');
export const INDUSTRIES = option('INDUSTRIES');
export const CAR_CONDITIONS = option('CAR_CONDITIONS');

/**
 * Property definitions as data (`data/properties.json`), one property a line, with flags: `custom` (made by the
 * portal: hubspotDefined false, archivable), `readonly` (value set by HubSpot), `unique` (hasUniqueValue; implies
 * `key`), `currency`, `owner` (the owner reference: external options), `pipeline` (a pipeline or stage id, checked
 * against the portal's pipelines: external options), `schema` (created with a custom object's schema: displayOrder
 * -1); `group` (else the object's group) and `options` (an option list). The object type's traits are flags too:
 * `default` (returned when a read asks for no properties: HubSpot's documented defaults; a custom object returns only
 * its `hs_` dates and id), `query` (matched by a search's text `query`), `key` (values unique across records, usable
 * as `idProperty`) and `required` (a create must set it: a custom object's schema `requiredProperties`).
 */
type PropertyRow = (typeof DATA.objects)[string]['properties'][number];

/** One property of the data file: HubSpot's property definition (the shape its properties API returns) and its flags. */
function define(row: PropertyRow, displayOrder: number, defaultGroup: string) {
  const flags = new Set(row.flags);
  const custom = flags.has('custom');
  const readOnlyValue = flags.has('readonly');
  const options = option(row.options ?? '').map(([value, label], index) => ({ label, value, description: '', displayOrder: index, hidden: false }));
  const definition = {
    name: row.name,
    label: row.label,
    type: row.type,
    fieldType: row.fieldType,
    description: row.description ?? '',
    groupName: row.group ?? defaultGroup,
    options,
    displayOrder: flags.has('schema') ? -1 : displayOrder,
    calculated: false,
    externalOptions: flags.has('owner') || flags.has('pipeline'),
    hasUniqueValue: flags.has('unique'),
    hidden: false,
    hubspotDefined: !custom,
    modificationMetadata: { archivable: custom, readOnlyDefinition: !custom, readOnlyValue },
    formField: !readOnlyValue,
    createdAt: DATA.definedAt,
    updatedAt: DATA.definedAt,
    archived: false,
    ...(flags.has('owner') ? { referencedObjectType: 'OWNER' } : {}),
    ...(flags.has('currency') ? { showCurrencySymbol: true } : {}),
  };
  return { definition, flags };
}
type PropertyDefinition = ReturnType<typeof define>['definition'];

/** A value per object type. */
function byType<T>(make: (objectType: ObjectTypeName) => T): Record<ObjectTypeName, T> {
  return Object.fromEntries([...STANDARD_OBJECT_TYPES, 'cars' as const].map((objectType) => [objectType, make(objectType)])) as Record<
    ObjectTypeName,
    T
  >;
}

const ROWS = byType((objectType) => {
  const { group, properties } = DATA.objects[objectType] ?? { group: '', properties: [] };
  return properties.map((row, index) => define(row, index, group));
});
const DEFINITIONS = byType((objectType) => ROWS[objectType].map((row) => row.definition));
const BY_NAME = byType((objectType) => new Map(DEFINITIONS[objectType].map((definition) => [definition.name, definition])));

/** The names of an object type's properties with one of the flags, in table order. */
function flagged(objectType: ObjectTypeName, ...flags: string[]): string[] {
  return ROWS[objectType].filter((row) => flags.some((flag) => row.flags.has(flag))).map((row) => row.definition.name);
}

/** What the flags declare: the properties a read returns by default (sorted, as HubSpot lists them) and the ones a text query matches. */
const TRAITS = byType((objectType) => ({ defaults: flagged(objectType, 'default').sort(), queryable: flagged(objectType, 'query') }));

/** An object type's property definitions (in display order), one of them, its defaults (returned when a read asks for none) and the ones a text `query` matches. */
export const propertyDefinitions = (objectType: ObjectTypeName): readonly PropertyDefinition[] => DEFINITIONS[objectType];
export const propertyDefinition = (objectType: ObjectTypeName, name: string): PropertyDefinition | undefined => BY_NAME[objectType].get(name);
export const defaultProperties = (objectType: ObjectTypeName): readonly string[] => TRAITS[objectType].defaults;
export const queryableProperties = (objectType: ObjectTypeName): readonly string[] => TRAITS[objectType].queryable;

/** The "last modified" property: `lastmodifieddate` on contacts, `hs_lastmodifieddate` elsewhere. */
export const lastModifiedProperty = (objectType: ObjectTypeName): string => (objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate');

/** The "create date" property: `hs_createdate` on leads, activities and custom objects, `createdate` elsewhere. */
export function createDateProperty(objectType: ObjectTypeName): string {
  return objectType === 'cars' || objectType === 'leads' || (ENGAGEMENT_TYPES as readonly string[]).includes(objectType)
    ? 'hs_createdate'
    : 'createdate';
}

/** Properties HubSpot always adds to a response, whatever was requested. */
export function alwaysReturnedProperties(objectType: ObjectTypeName): readonly string[] {
  return [createDateProperty(objectType), 'hs_object_id', lastModifiedProperty(objectType)];
}

/**
 * A property as the kit's field: enumerations with options of their own are checked against them (checkbox values
 * `;`-separated), datetimes are normalised to ISO, `email` must look like one; numbers and other types are taken as
 * text, as the sandbox always has.
 */
function fieldOf(objectType: ObjectTypeName, definition: PropertyDefinition): FieldSpec {
  const { name, type, fieldType, options, externalOptions, modificationMetadata } = definition;
  const field: FieldSpec = {
    name,
    kind: type === 'datetime' ? 'datetime' : type === 'enumeration' && !externalOptions ? 'enum' : 'text',
    readOnly: modificationMetadata.readOnlyValue,
    required: flagged(objectType, 'required').includes(name),
    unique: flagged(objectType, 'key', 'unique').includes(name),
  };
  if (field.kind === 'enum') field.options = options.map((option) => option.value);
  if (fieldType === 'checkbox') field.separator = ';';
  if (name === 'email') field.format = 'email';
  return field;
}

const CATALOGUES = byType((objectType) => new FieldCatalogue(DEFINITIONS[objectType].map((definition) => fieldOf(objectType, definition))));

/** An object type's properties as the kit's field catalogue (write checks, required properties) and its unique one (contacts' `email`, cars' `vin`). */
export const catalogueOf = (objectType: ObjectTypeName): FieldCatalogue => CATALOGUES[objectType];
export const uniqueProperty = (objectType: ObjectTypeName): string | undefined => CATALOGUES[objectType].unique;
