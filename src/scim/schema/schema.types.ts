/** Attribute and schema metadata as RFC 7643 §7 defines it (what `/Schemas` serves). */
export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
  subAttributes?: readonly AttributeDef[];
  /** Server-side limits that are not part of the RFC representation (column sizes, enforced values). */
  limits?: AttributeLimits;
}

export interface AttributeLimits {
  /** Maximum length in characters (the column size). */
  maxLength?: number;
  /** The value must be one of `canonicalValues` (compared case-insensitively). */
  enforceCanonical?: boolean;
  /** An identifier: refuse control, bidi-override and default-ignorable characters. */
  identifier?: boolean;
  /** A calendar date `YYYY-MM-DD` held in a string attribute (nevisIDM birthDate). */
  format?: 'date';
  /**
   * A complex attribute whose members are not all known to the schema (nevisIDM custom properties): members
   * without a sub-attribute are kept as JSON scalars for the service to check against its definitions.
   */
  open?: boolean;
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: readonly AttributeDef[];
}

export interface SchemaExtensionRef {
  schema: string;
  required: boolean;
}

export interface ResourceTypeDef {
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: readonly SchemaExtensionRef[];
}

/** A shorthand for writing attribute tables: RFC 7643 §2.2 defaults, overridden per attribute. */
export function attr(name: string, description: string, overrides: Partial<AttributeDef> = {}): AttributeDef {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

export function complex(
  name: string,
  description: string,
  subAttributes: readonly AttributeDef[],
  overrides: Partial<AttributeDef> = {},
): AttributeDef {
  return attr(name, description, { type: 'complex', subAttributes, ...overrides });
}
