import { ScimError } from '../../scim/errors/scim-error';
import type { AttrPath, CompareOp, FilterNode, FilterValue } from '../../scim/filter';
import { SchemaRegistry } from '../../scim/schema/schema.registry';
import type { AttributeDef } from '../../scim/schema/schema.types';
import { parseDateTimePrecise } from '../../scim/values/datetime';
import { normalizeCaseInsensitive } from '../../scim/values/text';
import { sha256Hex } from '../../common/crypto/secret-hasher';
import type { PropertyColumns } from '../../clients/catalogue/tenant-schemas';
import type { PropertyType } from '../../scim/nevis/property-rules';
import { URN } from '../../scim/schema/urns';
import { USER_CHILD_TABLES, USER_COLUMNS, type ChildTable, type UserColumn } from './user-columns';

export type Dialect = 'sqlite' | 'mysql';

/** A piece of SQL with its named parameters (values are never concatenated into the text). */
export interface SqlFragment {
  sql: string;
  params: Record<string, unknown>;
}

/** How a filter or sort path maps onto storage. */
export type ResolvedPath =
  | { kind: 'column'; column: UserColumn; def: AttributeDef; text: string }
  | { kind: 'child'; table: ChildTable; column: UserColumn; def: AttributeDef; text: string }
  | { kind: 'childTable'; table: ChildTable; text: string }
  /** A singular complex attribute named without a sub-attribute: only `pr` applies (any sub has a value). */
  | { kind: 'columns'; columns: UserColumn[]; text: string }
  | { kind: 'constant'; value: string; text: string }
  /** A custom property of the user (its definition's row id and type): a row of `property_values`. */
  | { kind: 'property'; definitionId: number; type: PropertyType; unique: boolean; text: string }
  | { kind: 'empty'; text: string };

const USER = 'User';
/** `LIKE … ESCAPE '!'`: `!` works as the escape character in SQLite and MySQL string literals alike. */
const LIKE_ESCAPE = "ESCAPE '!'";
const escapeLike = (value: string) => value.replace(/[!%_]/g, '!$&');
/** Attributes that are derived or read-only and not stored: filtering on them is refused, not faked. */
const NOT_FILTERABLE = new Set(['name.formatted', 'meta.location', 'manager.$ref', 'manager.displayname']);

/** The UTC text form both engines store DATETIME(3) in and compare correctly. */
export function sqlDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const NO_PROPERTIES: PropertyColumns = new Map();
const NEVIS_PREFIX = `${URN.nevisUser.toLowerCase()}:`;

function column(pos: number): string {
  return `column ${pos + 1}`;
}

/**
 * Resolves a filter/sort path against the schema registry and the explicit column map. Unknown attributes
 * are 400 invalidFilter naming them; secrets are 403 sensitive (RFC 7644 §3.4.2.2, SECURITY.md).
 */
export function resolveUserPath(
  registry: SchemaRegistry,
  path: AttrPath,
  error: (detail: string) => ScimError = (detail) => ScimError.invalidFilter(detail),
  properties: PropertyColumns = NO_PROPERTIES,
): ResolvedPath {
  const found = registry.findAttribute(USER, path.attr, path.uri);
  if (!found) throw error(`Unknown attribute '${path.text}' at ${column(path.pos)}`);
  const { attribute, core, schema } = found;
  if (attribute.returned === 'never' || attribute.mutability === 'writeOnly') {
    throw ScimError.sensitive(
      `Attribute '${path.text}' is a secret and cannot be used in a filter or for sorting`,
    );
  }
  const prefix = core ? '' : `${schema.id.toLowerCase()}:`;
  const name = attribute.name.toLowerCase();
  if (attribute.name === 'groups') return { kind: 'empty', text: path.text };
  let sub: AttributeDef | undefined;
  if (path.sub !== undefined) {
    sub = SchemaRegistry.findSubAttribute(attribute, path.sub);
    if (!sub) throw error(`Unknown attribute '${path.text}' at ${column(path.pos)}`);
  }
  const key = sub ? `${name}.${sub.name.toLowerCase()}` : name;
  if (prefix === NEVIS_PREFIX && name === 'properties' && sub) {
    const property = properties.get(sub.name.toLowerCase());
    if (!property) throw error(`Attribute '${path.text}' cannot be used here`);
    return { kind: 'property', ...property, definitionId: property.id, text: path.text };
  }
  if (NOT_FILTERABLE.has(key)) {
    throw error(
      `Attribute '${path.text}' is derived by the server and cannot be used in a filter or for sorting`,
    );
  }
  if (key === 'meta.resourcetype') return { kind: 'constant', value: USER, text: path.text };
  if (attribute.multiValued) {
    const table = USER_CHILD_TABLES[name];
    if (!table) throw error(`Attribute '${path.text}' cannot be used in a filter`);
    // `emails eq "x"` means `emails.value eq "x"` (RFC 7644 §3.4.2.2, multi-valued attributes); an attribute
    // without a `value` (addresses) is only ever tested as a whole (`addresses pr`, `addresses[…]`).
    const subDef = sub ?? SchemaRegistry.findSubAttribute(attribute, 'value');
    if (!subDef) return { kind: 'childTable', table, text: path.text };
    const col = subDef ? table.columns[subDef.name.toLowerCase()] : undefined;
    if (!subDef || !col) throw error(`Attribute '${path.text}' cannot be used in a filter`);
    return { kind: 'child', table, column: col, def: subDef, text: path.text };
  }
  if (attribute.type === 'complex' && !sub) {
    const columns = (attribute.subAttributes ?? [])
      .map((s) => USER_COLUMNS[`${prefix}${name}.${s.name.toLowerCase()}`])
      .filter((c): c is UserColumn => c !== undefined);
    if (columns.length > 0) return { kind: 'columns', columns, text: path.text };
    throw error(
      `Attribute '${path.text}' is complex: name one of its sub-attributes (e.g. '${path.text}.${attribute.subAttributes?.[0]?.name ?? 'value'}')`,
    );
  }
  const col = USER_COLUMNS[prefix + key];
  if (!col) throw error(`Attribute '${path.text}' cannot be used in a filter`);
  return { kind: 'column', column: col, def: sub ?? attribute, text: path.text };
}

/**
 * Compiles a filter tree into a WHERE fragment over `users` (alias `u`), always to be combined as
 * `u.client_id = :cid AND (fragment)`. Multi-valued attributes become `u.id IN (SELECT user_id …)` sub-queries
 * on the child tables, scoped by the same client. Every leaf is NULL-safe (never UNKNOWN), so `not` inverts
 * exactly: `not (title eq "x")` includes users without a title.
 */
export class UserFilterCompiler {
  private counter = 0;
  private readonly params: Record<string, unknown> = {};

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly dialect: Dialect,
    private readonly clientParam = 'cid',
    private readonly properties: PropertyColumns = NO_PROPERTIES,
  ) {}

  private resolve(path: AttrPath): ResolvedPath {
    return resolveUserPath(this.registry, path, undefined, this.properties);
  }

  compile(node: FilterNode): SqlFragment {
    const sql = this.node(node);
    return { sql, params: this.params };
  }

  private param(value: unknown): string {
    const name = `f${this.counter++}`;
    this.params[name] = value;
    return `:${name}`;
  }

  private node(node: FilterNode): string {
    // and/or chains can be long: walk them iteratively (the parser builds them left-deep).
    if (node.kind === 'and' || node.kind === 'or') {
      const parts: string[] = [];
      const stack: FilterNode[] = [node];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (n.kind === node.kind) {
          stack.push(n.right, n.left);
        } else {
          parts.push(this.node(n));
        }
      }
      return `(${parts.join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    switch (node.kind) {
      case 'not':
        return `(NOT ${this.node(node.expr)})`;
      case 'present':
        return this.present(this.resolve(node.path));
      case 'compare':
        return this.compare(this.resolve(node.path), node.op, node.value, node.path);
      case 'valuePath':
        return this.valuePath(node.path, node.filter);
    }
  }

  private childIn(table: ChildTable, condition: string | undefined): string {
    const scope = [`c.client_id = :${this.clientParam}`];
    if (table.attribute) scope.push(`c.attribute = ${this.param(table.attribute)}`);
    if (condition) scope.push(condition);
    return `u.id IN (SELECT c.user_id FROM ${table.table} c WHERE ${scope.join(' AND ')})`;
  }

  /** The user has a value of the property (of its own: `owner_ext_id` is empty) satisfying `condition`. */
  private propertyIn(definitionId: number, condition: string | undefined): string {
    const scope = [
      `c.client_id = :${this.clientParam}`,
      `c.definition_id = ${this.param(definitionId)}`,
      `c.owner_ext_id = ''`,
    ];
    if (condition) scope.push(condition);
    return `u.id IN (SELECT c.user_id FROM property_values c WHERE ${scope.join(' AND ')})`;
  }

  /**
   * A custom property compared like a singular attribute: values are stored as text, integers compared as
   * numbers, dates (YYYY-MM-DD) and strings as text (caseExact), booleans as true/false. `ne` is "not
   * equal", so it includes users without a value, as for every singular attribute.
   */
  private property(
    r: { definitionId: number; type: PropertyType; unique: boolean },
    op: CompareOp,
    value: FilterValue,
    path: AttrPath,
  ): string {
    if (value === null || op === 'ne') {
      if (op !== 'eq' && op !== 'ne') {
        throw ScimError.invalidFilter(
          `Operator '${op}' cannot compare '${path.text}' with null at ${column(path.pos)}`,
        );
      }
      const inner =
        value === null ? this.propertyIn(r.definitionId, undefined) : this.property(r, 'eq', value, path);
      return (op === 'eq') === (value === null) ? `(NOT ${inner})` : inner;
    }
    const text = 'c.`value`';
    if (
      r.unique &&
      op === 'eq' &&
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    ) {
      // A property unique per client is found through its unique index (the SHA-256 of the stored text).
      const key = `c.unique_key = ${this.param(sha256Hex(String(value)))}`;
      return this.propertyIn(r.definitionId, `${key} AND ${this.propertyLeaf(r, op, value, path, text)}`);
    }
    return this.propertyIn(r.definitionId, this.propertyLeaf(r, op, value, path, text));
  }

  private propertyLeaf(
    r: { type: PropertyType },
    op: CompareOp,
    value: FilterValue,
    path: AttrPath,
    text: string,
  ): string {
    switch (r.type) {
      case 'integer': {
        const cast = this.dialect === 'sqlite' ? `CAST(${text} AS INTEGER)` : `CAST(${text} AS SIGNED)`;
        return this.leaf(cast, INTEGER_VALUE, op, value, path);
      }
      case 'boolean':
        if (typeof value !== 'boolean') throw typeError(path, 'true or false');
        if (op !== 'eq') throw opError(path, op, 'boolean');
        return `${text} = ${this.param(String(value))}`;
      case 'string':
      case 'date':
        return this.leaf(text, TEXT_VALUE, op, value, path);
    }
  }

  private present(r: ResolvedPath): string {
    switch (r.kind) {
      case 'property':
        return this.propertyIn(r.definitionId, undefined);
      case 'constant':
        return '(1 = 1)';
      case 'empty':
        return '(1 = 0)';
      case 'childTable':
        return this.childIn(r.table, undefined);
      case 'columns':
        return `(${r.columns.map((c) => presentSql(`u.\`${c.column}\``, c)).join(' OR ')})`;
      case 'child':
        return this.childIn(r.table, presentSql(`c.\`${r.column.column}\``, r.column));
      case 'column':
        return presentSql(`u.\`${r.column.column}\``, r.column);
    }
  }

  private compare(r: ResolvedPath, op: CompareOp, value: FilterValue, path: AttrPath): string {
    switch (r.kind) {
      case 'property':
        return this.property(r, op, value, path);
      case 'empty':
        return op === 'ne' ? '(1 = 1)' : '(1 = 0)';
      case 'constant': {
        if (typeof value !== 'string') throw typeError(path, 'a string');
        const v = value.toLowerCase();
        const c = r.value.toLowerCase();
        const hit = {
          eq: c === v,
          ne: c !== v,
          co: c.includes(v),
          sw: c.startsWith(v),
          ew: c.endsWith(v),
          gt: c > v,
          ge: c >= v,
          lt: c < v,
          le: c <= v,
        }[op];
        return hit ? '(1 = 1)' : '(1 = 0)';
      }
      case 'childTable':
      case 'columns':
        if (value === null && (op === 'eq' || op === 'ne')) {
          const present = this.present(r);
          return op === 'eq' ? `(NOT ${present})` : present;
        }
        throw ScimError.invalidFilter(
          `Attribute '${path.text}' is complex: compare one of its sub-attributes at ${column(path.pos)}`,
        );
      case 'child':
        if (value === null && (op === 'eq' || op === 'ne')) {
          // `emails eq null`: the user has no email value at all (not "some email has no value").
          const present = this.present(r);
          return op === 'eq' ? `(NOT ${present})` : present;
        }
        // Multi-valued: the filter matches when any element matches (RFC 7644 §3.4.2.2).
        return this.childIn(r.table, this.leaf(`c.\`${r.column.column}\``, r.column, op, value, path));
      case 'column':
        return this.leaf(`u.\`${r.column.column}\``, r.column, op, value, path);
    }
  }

  /** `emails[type eq "work" and value co "@x"]`: one element must satisfy the whole inner filter. */
  private valuePath(path: AttrPath, inner: FilterNode): string {
    const r = this.resolve({ ...path, sub: undefined });
    if (r.kind === 'empty') return '(1 = 0)';
    if (r.kind !== 'child' && r.kind !== 'childTable') {
      throw ScimError.invalidFilter(
        `'${path.text}[…]' needs a multi-valued attribute at ${column(path.pos)}`,
      );
    }
    return this.childIn(r.table, this.element(r.table, path, inner));
  }

  private element(table: ChildTable, parent: AttrPath, node: FilterNode): string {
    const sub = (p: AttrPath) => {
      const key = p.attr.toLowerCase();
      const col = table.columns[key];
      const def = this.registry.findAttribute(USER, parent.attr, parent.uri)?.attribute;
      const subDef = def ? SchemaRegistry.findSubAttribute(def, p.attr) : undefined;
      if (!col || !subDef || p.sub !== undefined || p.uri !== undefined) {
        throw ScimError.invalidFilter(`Unknown attribute '${parent.attr}.${p.text}' at ${column(p.pos)}`);
      }
      return col;
    };
    switch (node.kind) {
      case 'and':
      case 'or':
        return `(${this.element(table, parent, node.left)} ${node.kind.toUpperCase()} ${this.element(table, parent, node.right)})`;
      case 'not':
        return `(NOT ${this.element(table, parent, node.expr)})`;
      case 'present': {
        const col = sub(node.path);
        return presentSql(`c.\`${col.column}\``, col);
      }
      case 'compare': {
        const col = sub(node.path);
        return this.leaf(`c.\`${col.column}\``, col, node.op, node.value, node.path);
      }
      case 'valuePath':
        throw ScimError.invalidFilter(`Nested value paths are not allowed at ${column(node.pos)}`);
    }
  }

  /** One comparison on one column, never UNKNOWN. */
  private leaf(col: string, spec: UserColumn, op: CompareOp, value: FilterValue, path: AttrPath): string {
    if (value === null) {
      // `attr eq null` is "has no value"; `ne null` is "has a value" (RFC 7644 §3.4.2.2 treats null as absent).
      if (op === 'eq') return `(NOT ${presentSql(col, spec)})`;
      if (op === 'ne') return presentSql(col, spec);
      throw ScimError.invalidFilter(
        `Operator '${op}' cannot compare '${path.text}' with null at ${column(path.pos)}`,
      );
    }
    switch (spec.kind) {
      case 'string':
        return this.stringLeaf(col, spec, op, value, path);
      case 'boolean': {
        if (typeof value !== 'boolean') throw typeError(path, 'true or false');
        if (op !== 'eq' && op !== 'ne') throw opError(path, op, 'boolean');
        const p = this.param(value ? 1 : 0);
        return op === 'eq' ? `(${col} IS NOT NULL AND ${col} = ${p})` : `(${col} IS NULL OR ${col} <> ${p})`;
      }
      case 'active': {
        if (typeof value !== 'boolean') throw typeError(path, 'true or false');
        if (op !== 'eq' && op !== 'ne') throw opError(path, op, 'boolean');
        const wantActive = (op === 'eq') === value;
        return wantActive ? `(${col} = 'active')` : `(${col} <> 'active')`;
      }
      case 'dateTime': {
        const parsed = typeof value === 'string' ? parseDateTimePrecise(value) : undefined;
        if (!parsed) throw typeError(path, 'an RFC 3339 date-time string');
        if (op === 'co' || op === 'sw' || op === 'ew') throw opError(path, op, 'dateTime');
        // Stored instants have millisecond precision. A value with a finer, non-zero fraction lies strictly
        // between two stored instants: nothing equals it, and ge/lt become gt/le on its millisecond.
        let effective = op;
        if (parsed.finerThanMillis) {
          if (op === 'eq') return '(1 = 0)';
          if (op === 'ne') return '(1 = 1)';
          if (op === 'ge') effective = 'gt';
          if (op === 'lt') effective = 'le';
        }
        return this.ordered(col, effective, this.param(sqlDateTime(parsed.date)));
      }
      case 'version': {
        const m = typeof value === 'string' ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(value) : null;
        if (!m) throw typeError(path, 'an ETag such as W/"3"');
        if (op === 'co' || op === 'sw' || op === 'ew') throw opError(path, op, 'version');
        return this.ordered(col, op, this.param(Number(m[1])));
      }
      case 'integer': {
        if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, 'an integer');
        if (op === 'co' || op === 'sw' || op === 'ew') throw opError(path, op, 'integer');
        return this.ordered(col, op, this.param(value));
      }
      case 'id': {
        if (typeof value !== 'string') throw typeError(path, 'a string');
        if (op === 'co' || op === 'sw' || op === 'ew') {
          const text = this.dialect === 'sqlite' ? `CAST(${col} AS TEXT)` : `CAST(${col} AS CHAR)`;
          return this.like(text, op, value);
        }
        if (!/^[1-9]\d{0,15}$/.test(value)) {
          // Not an id this server issues: equal to nothing, different from everything.
          if (op === 'eq') return '(1 = 0)';
          if (op === 'ne') return '(1 = 1)';
          throw typeError(path, 'a numeric id for ordering comparisons');
        }
        return this.ordered(col, op, this.param(Number(value)));
      }
    }
  }

  private stringLeaf(
    col: string,
    spec: UserColumn,
    op: CompareOp,
    value: FilterValue,
    path: AttrPath,
  ): string {
    if (typeof value !== 'string') throw typeError(path, 'a string');
    // 'lower': both sides folded by the same engine's LOWER(), so a stored value always matches itself
    // (MariaDB's and JavaScript's case folding differ on a few letters such as İ and ẞ).
    const lower = spec.match === 'lower';
    const v = spec.match === 'norm' ? normalizeCaseInsensitive(value) : value;
    const expr = lower ? `LOWER(${col})` : col;
    const bind = (x: string) => (lower ? `LOWER(${this.param(x)})` : this.param(x));
    if (op === 'co' || op === 'sw' || op === 'ew') return this.like(expr, op, v, bind);
    return this.ordered(expr, op, bind(v));
  }

  /** LIKE with `%`, `_` and the escape character escaped: the value is matched literally. */
  private like(
    expr: string,
    op: 'co' | 'sw' | 'ew',
    value: string,
    bind: (x: string) => string = (x) => this.param(x),
  ): string {
    const escaped = escapeLike(value);
    const pattern = op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`;
    return `(${expr} IS NOT NULL AND ${expr} LIKE ${bind(pattern)} ${LIKE_ESCAPE})`;
  }

  private ordered(expr: string, op: Exclude<CompareOp, 'co' | 'sw' | 'ew'>, p: string): string {
    const sqlOp = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' }[op];
    if (op === 'ne') return `(${expr} IS NULL OR ${expr} <> ${p})`;
    return `(${expr} IS NOT NULL AND ${expr} ${sqlOp} ${p})`;
  }
}

const TEXT_VALUE: UserColumn = { column: 'value', kind: 'string', match: 'exact' };
const INTEGER_VALUE: UserColumn = { column: 'value', kind: 'integer', match: 'exact' };

function presentSql(col: string, spec: UserColumn): string {
  return spec.kind === 'string' ? `(${col} IS NOT NULL AND ${col} <> '')` : `(${col} IS NOT NULL)`;
}

function typeError(path: AttrPath, expected: string): ScimError {
  return ScimError.invalidFilter(
    `Attribute '${path.text}' at ${column(path.pos)} must be compared with ${expected}`,
  );
}

function opError(path: AttrPath, op: CompareOp, type: string): ScimError {
  return ScimError.invalidFilter(
    `Operator '${op}' is not defined for the ${type} attribute '${path.text}' at ${column(path.pos)}`,
  );
}
