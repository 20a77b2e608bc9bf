/**
 * Describe results: `GET /sobjects` (Describe Global), `GET /sobjects/{type}`
 * (basic information) and `GET /sobjects/{type}/describe`, with the keys the
 * REST API sends (REST API Developer Guide, "sObject Describe"; jsforce's
 * DescribeSObjectResult/DescribeGlobalResult types list the same keys).
 */
import {
  ACCOUNT,
  CONTACT,
  EXPOSED_SOBJECTS,
  type FieldDef,
  isCustomObject,
  isIdType,
  isTextType,
  OPPORTUNITY,
  soapTypeOf,
  type SObjectDef,
} from './schema.js';
import type { JsonObject } from './serialize.js';

function objectUrls(def: SObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return {
    compactLayouts: `${base}/describe/compactLayouts`,
    rowTemplate: `${base}/{ID}`,
    approvalLayouts: `${base}/describe/approvalLayouts`,
    defaultValues: `${base}/defaultValues?recordTypeId&fields`,
    listviews: `${base}/listviews`,
    describe: `${base}/describe`,
    quickActions: `${base}/quickActions`,
    layouts: `${base}/describe/layouts`,
    sobject: base,
  };
}

/**
 * The flags shared by Describe Global entries and full describes. A custom
 * object reports `custom: true`; feed tracking is off and records cannot be
 * merged unless an administrator enables them (the defaults of a new custom
 * object).
 */
function objectFlags(def: SObjectDef): JsonObject {
  const custom = isCustomObject(def);
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: true,
    custom,
    customSetting: false,
    deepCloneable: false,
    deletable: true,
    deprecatedAndHidden: false,
    feedEnabled: !custom,
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    mergeable: !custom,
    mruEnabled: true,
    name: def.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    undeletable: true,
    updateable: true,
  };
}

/** One Describe Global entry. */
export function globalEntry(def: SObjectDef, version: string): JsonObject {
  const urls = objectUrls(def, version);
  return {
    ...objectFlags(def),
    urls: { rowTemplate: urls['rowTemplate'], defaultValues: urls['defaultValues'], describe: urls['describe'], sobject: urls['sobject'] },
  };
}

/** `GET /sobjects`. */
export function describeGlobal(version: string): JsonObject {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: EXPOSED_SOBJECTS.map((def) => globalEntry(def, version)) };
}

/** `GET /sobjects/{type}`. */
export function sobjectInfo(def: SObjectDef, version: string): JsonObject {
  return { objectDescribe: { ...objectFlags(def), urls: objectUrls(def, version) }, recentItems: [] };
}

function compoundName(def: SObjectDef, field: FieldDef): string | null {
  if ((def === CONTACT && (field.name === 'FirstName' || field.name === 'LastName')) || field.name === 'Salutation') return 'Name';
  const address = /^(Mailing|Billing|Shipping)(Street|City|State|PostalCode|Country)$/.exec(field.name);
  return address ? `${address[1]}Address` : null;
}

function extraTypeInfo(def: SObjectDef, field: FieldDef): string | null {
  if (field.type === 'textarea') return 'plaintextarea';
  if (def === CONTACT && field.name === 'Name') return 'personname';
  return null;
}

function byteLength(field: FieldDef): number {
  if (isIdType(field.type)) return 18;
  return isTextType(field.type) ? field.length * 3 : 0;
}

/** One field of a describe result. */
export function describeField(def: SObjectDef, field: FieldDef): JsonObject {
  return {
    aggregatable:
      field.groupable ||
      field.type === 'int' ||
      field.type === 'double' ||
      field.type === 'currency' ||
      field.type === 'percent' ||
      field.type === 'datetime',
    aiPredictionField: false,
    autoNumber: false,
    byteLength: byteLength(field),
    calculated: field.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: false,
    compoundFieldName: compoundName(def, field),
    controllerName: null,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.type === 'boolean' ? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: field.digits,
    displayLocationInDecimal: false,
    encrypted: false,
    externalId: field.externalId,
    extraTypeInfo: extraTypeInfo(def, field),
    filterable: field.filterable,
    filteredLookupInfo: null,
    formulaTreatNullNumberAsZero: false,
    groupable: field.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: field.idLookup,
    inlineHelpText: null,
    label: field.label,
    length: field.length,
    mask: null,
    maskType: null,
    name: field.name,
    nameField: field.nameField,
    namePointing: false,
    nillable: field.nillable,
    permissionable: field.nillable && !field.nameField && field.createable,
    picklistValues: field.picklistValues.map((entry) => ({
      active: true,
      defaultValue: entry.defaultValue ?? false,
      label: entry.label,
      validFor: null,
      value: entry.value,
    })),
    polymorphicForeignKey: false,
    precision: field.precision,
    queryByDistance: false,
    referenceTargetField: null,
    referenceTo: [...field.referenceTo],
    relationshipName: field.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: false,
    scale: field.scale,
    searchPrefilterable: field.type === 'reference',
    soapType: soapTypeOf(field.type),
    sortable: field.sortable,
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
    writeRequiresMasterRead: false,
  };
}

function childRelationships(def: SObjectDef): JsonObject[] {
  const relationship = (childSObject: string, field: string, relationshipName: string, cascadeDelete: boolean): JsonObject => ({
    cascadeDelete,
    childSObject,
    deprecatedAndHidden: false,
    field,
    junctionIdListNames: [],
    junctionReferenceTo: [],
    relationshipName,
    restrictedDelete: false,
  });
  const notes = relationship('Note', 'ParentId', 'Notes', true);
  if (def === ACCOUNT) {
    return [
      relationship('Account', 'ParentId', 'ChildAccounts', false),
      relationship('Contact', 'AccountId', 'Contacts', true),
      relationship('Case', 'AccountId', 'Cases', true),
      relationship('Event', 'WhatId', 'Events', true),
      notes,
      relationship('Opportunity', 'AccountId', 'Opportunities', true),
      relationship('Task', 'WhatId', 'Tasks', true),
    ];
  }
  if (def === OPPORTUNITY) {
    return [
      relationship('Event', 'WhatId', 'Events', true),
      notes,
      relationship('OpportunityContactRole', 'OpportunityId', 'OpportunityContactRoles', true),
      relationship('Task', 'WhatId', 'Tasks', true),
    ];
  }
  if (def === CONTACT) {
    return [
      relationship('Event', 'WhoId', 'Events', true),
      notes,
      relationship('OpportunityContactRole', 'ContactId', 'OpportunityContactRoles', true),
      relationship('Task', 'WhoId', 'Tasks', true),
    ];
  }
  return [];
}

/** `GET /sobjects/{type}/describe`. */
export function describeSObject(def: SObjectDef, version: string): JsonObject {
  const urls = objectUrls(def, version);
  return {
    actionOverrides: [],
    ...objectFlags(def),
    childRelationships: childRelationships(def),
    compactLayoutable: true,
    defaultImplementation: null,
    extendedBy: null,
    extendsInterfaces: null,
    fields: def.fields.map((field) => describeField(def, field)),
    implementedBy: null,
    implementsInterfaces: null,
    listviewable: null,
    lookupLayoutable: null,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `/services/data/v${version}/sobjects/${def.name}/describe/layouts/012000000000000AAA` },
      },
    ],
    searchLayoutable: true,
    sobjectDescribeOption: 'FULL',
    supportedScopes: [
      { label: `All ${def.labelPlural.toLowerCase()}`, name: 'everything' },
      { label: `My ${def.labelPlural.toLowerCase()}`, name: 'mine' },
    ],
    urls,
  };
}
