/**
 * A fake's field catalogue per account, from its data file: each object's standard fields as declared, then the
 * custom fields every account has (declared by role, each naming its object), whose keys the fake derives per account
 * (providers give custom fields account-specific keys, e.g. hashes). Every field is a fresh copy, so an account may
 * change its own; the extra properties of a declaration (options, subfields, …) follow its id, key, name and type.
 */

/** A field of the table. */
export interface TableField {
  id: number;
  key: string;
  name: string;
  type: string;
  custom: boolean;
}

/** What a data file declares: the standard fields by object and the custom ones by role. */
export interface FieldTableDeclaration<O extends string> {
  standard: Readonly<Record<O, ReadonlyArray<Omit<TableField, 'custom'>>>>;
  custom: Readonly<Record<string, Omit<TableField, 'custom' | 'key'> & { entity: O }>>;
}

/** The fields of an account by object, and the keys of its custom fields by role. */
export function accountFieldTable<O extends string, F extends TableField>(
  objects: readonly O[],
  declared: FieldTableDeclaration<O>,
  keyOf: (object: O, name: string) => string,
): { fields: Record<O, F[]>; keys: Record<string, string> } {
  const roles = Object.entries(declared.custom);
  const keys = Object.fromEntries(roles.map(([role, field]) => [role, keyOf(field.entity, field.name)]));
  const table = (object: O) => [
    ...declared.standard[object].map(({ id, key, name, type, ...extras }) => ({ id, key, name, type, custom: false, ...structuredClone(extras) })),
    ...roles
      .filter(([, field]) => field.entity === object)
      .map(([role, { id, name, type, entity, ...extras }]) => ({
        id,
        key: keys[role],
        name,
        type,
        custom: entity === object,
        ...structuredClone(extras),
      })),
  ];
  return { fields: Object.fromEntries(objects.map((object) => [object, table(object)])) as Record<O, F[]>, keys };
}
