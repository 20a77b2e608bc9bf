/** The subset of JSON Schema that Weft's schemas use, with Endgrate's extra keys. */
export interface JsonSchemaProperty {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null' | Array<string>;
  title?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  items?: JsonSchemaProperty;
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
  additionalProperties?: boolean;
  readOnly?: boolean;
  [keyword: string]: unknown;
}

export interface JsonSchemaObject {
  type: 'object';
  title?: string;
  endgrate_type?: string;
  properties: Record<string, JsonSchemaProperty>;
  required?: string[];
  associations?: boolean;
  [keyword: string]: unknown;
}

/** A schema of a session, normalised: `key` is what transfers name it by (endgrate_type, or title for a custom one). */
export interface SessionSchema {
  key: string;
  endgrate_type: string | null;
  title: string;
  /** True when the caller supplied its own properties (a custom schema) rather than the default model. */
  custom: boolean;
  associations: boolean;
  /**
   * Added by the session's `category` rather than named: offered where the end user's provider has it (a type the
   * provider lacks is not selected), where a named schema is one every offered provider must serve.
   */
  optional?: true;
  schema: JsonSchemaObject;
}
