/**
 * The tree a SCIM filter (RFC 7644 §3.4.2.2) parses into. The SQL compiler consumes these shapes, so they are
 * kept deliberately small: every name is kept as written (names are case-insensitive, RFC 7643 §2.1, and are
 * resolved later against the schema), operators are lower-cased, and every node carries the 0-based offset of
 * the source text it came from so that later errors ("unknown attribute") can point at it.
 */

/** `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2 ABNF, `attrPath`). */
export interface AttrPath {
  /** Schema URN as written (e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`); compare case-insensitively. */
  uri?: string;
  /** Top-level attribute name as written (`emails`, `name`, `userName`, `properties`); inside `[...]` the sub-attribute name. */
  attr: string;
  /** Sub-attribute name (`familyName`); for `properties.cost center` the property name including its spaces. */
  sub?: string;
  /** The path as written in the filter. */
  text: string;
  /** 0-based offset of the path in the input. */
  pos: number;
}

/** RFC 7644 §3.4.2.2 Table 3. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** `compValue = false / null / true / number / string`; dates stay strings (the compiler knows the type). */
export type FilterValue = string | number | boolean | null;

/**
 * Positions (`pos`, 0-based offsets into the input):
 * - `compare`, `present`, `valuePath`: the start of the attribute path;
 * - `and`, `or`: the `and` / `or` keyword;
 * - `not`: the `not` keyword;
 * - the `and` synthesised for `emails[type eq "work"].value eq "x"`: the `.` after `]`.
 */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode; pos: number }
  | { kind: 'not'; expr: FilterNode; pos: number }
  | { kind: 'compare'; op: CompareOp; path: AttrPath; value: FilterValue; pos: number }
  | { kind: 'present'; path: AttrPath; pos: number }
  | { kind: 'valuePath'; path: AttrPath /* attr only, no sub */; filter: FilterNode; pos: number };

export type LogicalNode = Extract<FilterNode, { kind: 'and' | 'or' }>;
export type NotNode = Extract<FilterNode, { kind: 'not' }>;
export type CompareNode = Extract<FilterNode, { kind: 'compare' }>;
export type PresentNode = Extract<FilterNode, { kind: 'present' }>;
export type ValuePathNode = Extract<FilterNode, { kind: 'valuePath' }>;

export const COMPARE_OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

/** Caps that keep a hostile filter from costing more than a well-formed one (SECURITY.md, "Filters"). */
export interface FilterLimits {
  /** Maximum input length in UTF-16 code units. */
  maxLength: number;
  /** Maximum nesting of `( … )`, `not ( … )` and `attr[ … ]` groups. */
  maxDepth: number;
  /** Maximum number of comparisons (`compare` and `present` nodes, including those inside `[ … ]`). */
  maxTerms: number;
}
