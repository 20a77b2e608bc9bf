/**
 * What a connector reads and writes of each common-model field, found by probing its own mappers (not declared by
 * hand, so it cannot drift): a field is pulled when the mapper fills it from a full provider record, and pushed
 * when writing that field alone produces something to send, "in part" when the mapper warns that some of it cannot
 * be written.
 */
export type Support = 'yes' | 'partial' | 'no';

export interface CoverageProbe {
  /** A provider record with every field the connector reads set, by endgrate_type. */
  fixtures: Record<string, unknown>;
  read(endgrateType: string, raw: unknown): Record<string, unknown>;
  /** A provider record with only one field's provider fields set, for a field the full fixture cannot fill. */
  fieldFixture?(endgrateType: string, field: string): unknown;
  /** What the connector would send for `data` (empty when nothing), and its warnings. */
  write(endgrateType: string, data: Record<string, unknown>): { fields: Record<string, unknown>; warnings: string[] };
}

const READ_ONLY = new Set(['created_at', 'updated_at']);

/** Whether a read value is empty: no value, or an empty list. */
export const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

export function coverageOf(
  probe: CoverageProbe,
  endgrateType: string,
  sample: Record<string, unknown>,
): Record<string, { pull: Support; push: Support | 'read-only' }> {
  const read = probe.read(endgrateType, probe.fixtures[endgrateType]);
  const out: Record<string, { pull: Support; push: Support | 'read-only' }> = {};
  for (const [field, value] of Object.entries(sample)) {
    // A field sharing its provider field with another (a note's parent: a contact, company or deal) is read alone.
    const alone = empty(read[field]) ? probe.fieldFixture?.(endgrateType, field) : undefined;
    const got = alone === undefined ? read[field] : probe.read(endgrateType, alone)[field];
    const pull: Support = empty(got) ? 'no' : 'yes';
    if (READ_ONLY.has(field)) {
      out[field] = { pull, push: 'read-only' };
      continue;
    }
    const written = probe.write(endgrateType, { [field]: value });
    const push: Support = Object.keys(written.fields).length === 0 ? 'no' : written.warnings.length ? 'partial' : 'yes';
    out[field] = { pull, push };
  }
  return out;
}

/**
 * A probe whose writes of `endgrateType` are also tried under each of its `types` (a field one kind of record holds,
 * such as a meeting's end, is written when the record is of that kind): what the field adds to the type's own write.
 */
export function withKindWrites(probe: CoverageProbe, endgrateType: string, types: readonly string[]): CoverageProbe {
  return {
    ...probe,
    write(type, data) {
      const plain = probe.write(type, data);
      if (type !== endgrateType || 'type' in data || Object.keys(plain.fields).length > 0) return plain;
      for (const kind of types) {
        const base = probe.write(type, { type: kind }).fields;
        const written = probe.write(type, { type: kind, ...data });
        const added = Object.keys(written.fields).filter((k) => !(k in base) || base[k] !== written.fields[k]);
        if (added.length) return { fields: Object.fromEntries(added.map((k) => [k, written.fields[k]])), warnings: written.warnings };
      }
      return plain;
    },
  };
}
