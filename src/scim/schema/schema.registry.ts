import { ScimError } from '../errors/scim-error';
import { formatDateTime, parseDateTime } from '../values/datetime';
import { codePointLength, describeTextProblem, textProblem } from '../values/text';
import type { AttributeDef, ResourceTypeDef, SchemaDef } from './schema.types';

/** A resource in canonical SCIM JSON: core attributes by canonical name, extensions under their URN. */
export type ScimResource = Record<string, unknown>;

export interface ResolvedAttribute {
  schema: SchemaDef;
  /** True when the schema is the resource type's base schema (attributes live at the top level). */
  core: boolean;
  attribute: AttributeDef;
}

export interface CoerceOptions {
  /**
   * Entra ID sends booleans as the strings "True"/"False" (IDP-COMPAT.md); accepted unless the client runs
   * in strict RFC mode.
   */
  booleanStrings: boolean;
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), already split into paths. */
export interface Projection {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function lower(s: string): string {
  return s.toLowerCase();
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(0);
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The one source of truth for what an attribute is (ARCHITECTURE.md): it serves `/Schemas`, resolves names
 * case-insensitively, coerces incoming resources and renders outgoing ones by the `returned` rules.
 */
export class SchemaRegistry {
  private readonly schemasById = new Map<string, SchemaDef>();
  private readonly resourceTypesById = new Map<string, ResourceTypeDef>();

  constructor(schemas: readonly SchemaDef[], resourceTypes: readonly ResourceTypeDef[]) {
    for (const s of schemas) this.schemasById.set(lower(s.id), s);
    for (const rt of resourceTypes) {
      for (const urn of [rt.schema, ...rt.schemaExtensions.map((e) => e.schema)]) {
        if (!this.schemasById.has(lower(urn)))
          throw new Error(`Resource type ${rt.id} names unknown schema ${urn}`);
      }
      this.resourceTypesById.set(lower(rt.id), rt);
    }
  }

  /** A new registry with one more schema (e.g. a tenant's view with its custom property definitions). */
  withSchema(schema: SchemaDef): SchemaRegistry {
    const schemas = [...this.schemasById.values()].filter((s) => lower(s.id) !== lower(schema.id));
    return new SchemaRegistry([...schemas, schema], [...this.resourceTypesById.values()]);
  }

  schemas(): SchemaDef[] {
    return [...this.schemasById.values()];
  }

  schema(urn: string): SchemaDef | undefined {
    return this.schemasById.get(lower(urn));
  }

  resourceTypes(): ResourceTypeDef[] {
    return [...this.resourceTypesById.values()];
  }

  resourceType(id: string): ResourceTypeDef {
    const rt = this.resourceTypesById.get(lower(id));
    if (!rt) throw new Error(`Unknown resource type ${id}`);
    return rt;
  }

  /** The base schema and the extensions of a resource type, base first. */
  schemasOf(resourceType: string): { schema: SchemaDef; core: boolean }[] {
    const rt = this.resourceType(resourceType);
    return [
      { schema: this.schema(rt.schema)!, core: true },
      ...rt.schemaExtensions.map((e) => ({ schema: this.schema(e.schema)!, core: false })),
    ];
  }

  /** Resolves a top-level attribute by name, optionally qualified by its schema URN; case-insensitive. */
  findAttribute(resourceType: string, name: string, uri?: string): ResolvedAttribute | undefined {
    for (const { schema, core } of this.schemasOf(resourceType)) {
      if (uri !== undefined && lower(uri) !== lower(schema.id)) continue;
      if (uri === undefined && !core) continue;
      const attribute = schema.attributes.find((a) => lower(a.name) === lower(name));
      if (attribute) return { schema, core, attribute };
    }
    return undefined;
  }

  static findSubAttribute(attribute: AttributeDef, name: string): AttributeDef | undefined {
    return attribute.subAttributes?.find((a) => lower(a.name) === lower(name));
  }

  /**
   * Splits `urn:…:User:attr.sub` into the schema URN and the rest. The URN is the longest prefix naming a
   * schema of the resource type, so the `.` inside `2.0` is never a separator.
   */
  splitUrn(resourceType: string, path: string): { uri?: string; rest: string } {
    if (!lower(path).startsWith('urn:')) return { rest: path };
    let best: string | undefined;
    for (const { schema } of this.schemasOf(resourceType)) {
      const id = lower(schema.id);
      const p = lower(path);
      if ((p === id || p.startsWith(id + ':')) && (!best || id.length > best.length)) best = schema.id;
    }
    if (!best) return { uri: path, rest: '' };
    return { uri: best, rest: path.slice(best.length + 1) };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Input

  /**
   * Coerces an incoming resource body (RFC 7643 §2, RFC 7644 §3.3): attribute names are matched
   * case-insensitively, extensions are read from their URN keys (or URN-qualified attribute keys),
   * readOnly and unknown attributes are dropped, `null` means "no value", and every value is type-checked
   * with an error naming the attribute. The result is canonical SCIM JSON.
   */
  coerce(resourceType: string, body: unknown, options: CoerceOptions): ScimResource {
    if (!isPlainObject(body)) throw ScimError.invalidSyntax('The request body must be a JSON object');
    const out: ScimResource = {};
    const extensions = new Map<string, Record<string, unknown>>();
    for (const [key, value] of Object.entries(body)) {
      if (RESERVED_KEYS.has(key)) continue;
      const { uri, rest } = this.splitUrn(resourceType, key);
      if (uri !== undefined) {
        const target = this.schemasOf(resourceType).find((s) => lower(s.schema.id) === lower(uri));
        if (!target) continue; // an unknown schema URN: ignored like any unknown attribute
        if (target.core) {
          // `urn:…:core:2.0:User:userName` is the top-level `userName`.
          const resolved = rest === '' ? undefined : this.findAttribute(resourceType, rest);
          if (resolved) this.coerceInto(out, resolved.attribute, value, resolved.attribute.name, options);
          continue;
        }
        const bucket = extensions.get(target.schema.id) ?? {};
        if (rest === '') {
          if (value === null) continue;
          if (!isPlainObject(value)) {
            throw ScimError.invalidValue(`Extension '${target.schema.id}' must be an object`);
          }
          for (const [k, v] of Object.entries(value)) if (!RESERVED_KEYS.has(k)) bucket[k] = v;
        } else {
          if (!RESERVED_KEYS.has(rest)) bucket[rest] = value;
        }
        extensions.set(target.schema.id, bucket);
        continue;
      }
      if (lower(key) === 'schemas') continue;
      const resolved = this.findAttribute(resourceType, key);
      if (!resolved) continue;
      this.coerceInto(out, resolved.attribute, value, resolved.attribute.name, options);
    }
    for (const [urn, raw] of extensions) {
      const schema = this.schema(urn)!;
      const ext: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw)) {
        if (RESERVED_KEYS.has(key)) continue;
        const attribute = schema.attributes.find((a) => lower(a.name) === lower(key));
        if (!attribute) continue;
        this.coerceInto(ext, attribute, value, `${schema.id}:${attribute.name}`, options);
      }
      if (Object.keys(ext).length > 0) out[schema.id] = ext;
    }
    for (const { schema, core } of this.schemasOf(resourceType)) {
      const holder = core ? out : (out[schema.id] as Record<string, unknown> | undefined);
      for (const a of schema.attributes) {
        if (
          a.required &&
          a.mutability !== 'readOnly' &&
          (holder === undefined || holder[a.name] === undefined)
        ) {
          if (!core && holder === undefined) continue;
          throw ScimError.invalidValue(`Attribute '${a.name}' is required`);
        }
      }
    }
    return out;
  }

  /** Coerces one attribute value into `target[attribute.name]`, skipping readOnly and empty values. */
  private coerceInto(
    target: Record<string, unknown>,
    attribute: AttributeDef,
    value: unknown,
    path: string,
    options: CoerceOptions,
  ): void {
    if (attribute.mutability === 'readOnly') return;
    const coerced = this.coerceValue(attribute, value, path, options);
    if (coerced !== undefined) target[attribute.name] = coerced;
  }

  /** Coerces a value for an attribute; `undefined` means "no value". */
  coerceValue(attribute: AttributeDef, value: unknown, path: string, options: CoerceOptions): unknown {
    if (value === null || value === undefined) return undefined;
    if (attribute.multiValued) {
      // A single element where a list is expected is taken as a list of one.
      const items = Array.isArray(value) ? value : [value];
      const out: unknown[] = [];
      items.forEach((item, i) => {
        const v = this.coerceSingle(attribute, item, `${path}[${i}]`, options);
        if (v !== undefined) out.push(v);
      });
      return out.length > 0 ? out : undefined;
    }
    if (Array.isArray(value)) {
      // A singular attribute given as a one-element array (Entra's `manager`) is normalised.
      if (value.length === 0) return undefined;
      if (value.length > 1)
        throw ScimError.invalidValue(`Attribute '${path}' is single-valued but got a list`);
      return this.coerceSingle(attribute, value[0], path, options);
    }
    return this.coerceSingle(attribute, value, path, options);
  }

  private coerceSingle(
    attribute: AttributeDef,
    value: unknown,
    path: string,
    options: CoerceOptions,
  ): unknown {
    if (value === null || value === undefined) return undefined;
    switch (attribute.type) {
      case 'complex':
        return this.coerceComplex(attribute, value, path, options);
      case 'string':
      case 'reference':
      case 'binary':
        return this.coerceString(attribute, value, path);
      case 'boolean':
        return coerceBoolean(value, path, options);
      case 'integer':
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          throw ScimError.invalidValue(`Attribute '${path}' must be an integer`);
        }
        return value;
      case 'decimal':
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw ScimError.invalidValue(`Attribute '${path}' must be a number`);
        }
        return value;
      case 'dateTime': {
        const date = typeof value === 'string' ? parseDateTime(value) : undefined;
        if (!date) throw ScimError.invalidValue(`Attribute '${path}' must be an RFC 3339 date-time`);
        return formatDateTime(date);
      }
    }
  }

  private coerceComplex(
    attribute: AttributeDef,
    value: unknown,
    path: string,
    options: CoerceOptions,
  ): unknown {
    let obj: Record<string, unknown>;
    if (isPlainObject(value)) {
      obj = value;
    } else if (
      typeof value === 'string' &&
      !attribute.multiValued &&
      SchemaRegistry.findSubAttribute(attribute, 'value')
    ) {
      // A bare string where a singular `{value}` is expected (Entra's `manager: "<id>"`).
      obj = { value };
    } else {
      throw ScimError.invalidValue(`Attribute '${path}' must be an object`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(obj)) {
      if (RESERVED_KEYS.has(key)) continue;
      const sub = SchemaRegistry.findSubAttribute(attribute, key);
      if (sub) this.coerceInto(out, sub, v, `${path}.${sub.name}`, options);
      else if (attribute.limits?.open) coerceOpenMember(out, key, v, `${path}.${key}`);
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private coerceString(attribute: AttributeDef, value: unknown, path: string): string | undefined {
    if (typeof value !== 'string') throw ScimError.invalidValue(`Attribute '${path}' must be a string`);
    const limits = attribute.limits ?? {};
    const problem = textProblem(value, limits.identifier === true);
    if (problem) throw ScimError.invalidValue(`Attribute '${path}' ${describeTextProblem(problem)}`);
    if (limits.identifier && value.trim() === '') {
      throw ScimError.invalidValue(`Attribute '${path}' must not be empty`);
    }
    if (limits.format === 'date' && !isCalendarDate(value)) {
      throw ScimError.invalidValue(`Attribute '${path}' must be a date YYYY-MM-DD`);
    }
    if (limits.maxLength !== undefined && codePointLength(value) > limits.maxLength) {
      throw ScimError.invalidValue(`Attribute '${path}' is longer than ${limits.maxLength} characters`);
    }
    if (limits.enforceCanonical && attribute.canonicalValues) {
      const match = attribute.canonicalValues.find((c) => lower(c) === lower(value));
      if (!match) {
        throw ScimError.invalidValue(
          `Attribute '${path}' must be one of ${attribute.canonicalValues.join(', ')}`,
        );
      }
      return match;
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Output

  /**
   * Renders a canonical resource for a response (RFC 7643 §7 `returned`, RFC 7644 §3.4.2.5 projection):
   * `never` is never emitted, `always` always is, `request` only when named in `attributes`.
   */
  present(resourceType: string, resource: ScimResource, projection: Projection = {}): ScimResource {
    const select = this.compileProjection(resourceType, projection);
    const out: ScimResource = {};
    const schemas: string[] = [];
    for (const { schema, core } of this.schemasOf(resourceType)) {
      const source = core ? resource : (resource[schema.id] as Record<string, unknown> | undefined);
      if (!isPlainObject(source)) continue;
      const holder: Record<string, unknown> = {};
      for (const a of schema.attributes) {
        const value = source[a.name];
        if (value === undefined || value === null) continue;
        const rendered = this.presentAttribute(schema.id, a, value, select);
        if (rendered !== undefined) holder[a.name] = rendered;
      }
      if (core) {
        schemas.push(schema.id);
        Object.assign(out, holder);
      } else if (Object.keys(holder).length > 0) {
        schemas.push(schema.id);
        out[schema.id] = holder;
      }
    }
    return { schemas, ...out };
  }

  private presentAttribute(urn: string, a: AttributeDef, value: unknown, select: Selector): unknown {
    if (a.returned === 'never') return undefined;
    const key = `${lower(urn)}:${lower(a.name)}`;
    if (a.returned !== 'always' && !select.includes(key, a.returned)) return undefined;
    const elements = Array.isArray(value)
      ? value.filter((e) => !isPlainObject(e) || select.includesElement(key, e))
      : value;
    if (Array.isArray(elements) && elements.length === 0) return undefined;
    return presentValue(
      a,
      elements,
      (sub) => sub.returned === 'always' || select.includes(`${key}.${lower(sub.name)}`, sub.returned),
    );
  }

  /**
   * Whether a projection returns a top-level attribute (or part of it), so callers can skip loading what
   * nobody asked for.
   */
  selects(resourceType: string, projection: Projection, name: string, uri?: string): boolean {
    const found = this.findAttribute(resourceType, name, uri);
    if (!found || found.attribute.returned === 'never') return false;
    if (found.attribute.returned === 'always') return true;
    const key = `${lower(found.schema.id)}:${lower(found.attribute.name)}`;
    return this.compileProjection(resourceType, projection).includes(key, found.attribute.returned);
  }

  /**
   * Turns projection paths into a selector over `urn:attr` and `urn:attr.sub` keys. nevisIDM's element
   * selector `credentials[PASSWORD]` (USER-SCHEMA.md §3.1) names the elements of one `type` of a
   * multi-valued complex attribute: in `attributes` it returns only those, in `excludedAttributes` it leaves
   * them out.
   */
  private compileProjection(resourceType: string, projection: Projection): Selector {
    const types = new Map<string, TypeSelection>();
    const resolve = (path: string, mode: 'only' | 'except'): string | undefined => {
      const { uri, rest } = this.splitUrn(resourceType, path.trim());
      const selector = /^([^[\].]+)\[([A-Za-z0-9_-]+)\]$/.exec(rest);
      const [name, sub] = selector ? [selector[1], undefined] : rest.split('.', 2);
      const found = this.findAttribute(resourceType, name, uri);
      if (!found) return undefined;
      const base = `${lower(found.schema.id)}:${lower(found.attribute.name)}`;
      if (selector) {
        const a = found.attribute;
        if (!a.multiValued || !SchemaRegistry.findSubAttribute(a, 'type')) return undefined;
        const selection = types.get(base) ?? { only: new Set<string>(), except: new Set<string>() };
        selection[mode].add(selector[2].toUpperCase());
        types.set(base, selection);
        return mode === 'only' ? base : undefined;
      }
      return sub === undefined ? base : `${base}.${lower(sub)}`;
    };
    const names = (list: readonly string[] | undefined, mode: 'only' | 'except') =>
      list ? list.map((p) => resolve(p, mode)).filter((p): p is string => p !== undefined) : undefined;
    const attributes = projection.attributes?.length ? names(projection.attributes, 'only') : undefined;
    const excluded =
      attributes || !projection.excludedAttributes?.length
        ? undefined
        : names(projection.excludedAttributes, 'except');
    return new Selector(attributes, excluded, types);
  }
}

interface TypeSelection {
  only: Set<string>;
  except: Set<string>;
}

/** Decides whether an attribute key (`urn:attr` or `urn:attr.sub`) is in a projection. */
class Selector {
  constructor(
    private readonly attributes?: readonly string[],
    private readonly excluded?: readonly string[],
    private readonly types: ReadonlyMap<string, TypeSelection> = new Map(),
  ) {}

  includes(key: string, returned: AttributeDef['returned']): boolean {
    if (this.attributes) {
      // Named itself, named as the parent of a named sub-attribute, or a sub-attribute of a named parent.
      return this.attributes.some((p) => p === key || p.startsWith(key + '.') || key.startsWith(p + '.'));
    }
    if (returned === 'request') return false;
    if (this.excluded) return !this.excluded.some((p) => p === key || key.startsWith(p + '.'));
    return true;
  }

  /** Whether an element of the multi-valued attribute `key` is returned, judged by its `type`. */
  includesElement(key: string, element: Record<string, unknown>): boolean {
    const selection = this.types.get(key);
    if (!selection) return true;
    const type = typeof element.type === 'string' ? element.type.toUpperCase() : '';
    if (this.attributes && selection.only.size > 0 && !selection.only.has(type)) return false;
    return !(this.excluded && selection.except.has(type));
  }
}

/**
 * Renders one value of an attribute: a complex value keeps the sub-attributes `wanted` accepts (recursively,
 * so a `returned: never` member of a nested complex never leaves), plus — for an open attribute — the members
 * the schema does not know.
 */
function presentValue(a: AttributeDef, value: unknown, wanted: (sub: AttributeDef) => boolean): unknown {
  if (a.type !== 'complex' || !a.subAttributes) return value;
  const renderOne = (item: unknown): unknown => {
    if (!isPlainObject(item)) return undefined;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(item)) {
      if (v === undefined || v === null) continue;
      const sub = SchemaRegistry.findSubAttribute(a, k);
      if (!sub) {
        if (a.limits?.open && !RESERVED_KEYS.has(k)) o[k] = v;
        continue;
      }
      if (sub.returned === 'never' || !wanted(sub)) continue;
      const rendered = presentValue(sub, v, (s) => s.returned !== 'never' && s.returned !== 'request');
      if (rendered !== undefined) o[sub.name] = rendered;
    }
    return Object.keys(o).length > 0 ? o : undefined;
  };
  if (Array.isArray(value)) {
    const items = value.map(renderOne).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return renderOne(value);
}

/** A member of an open complex attribute the schema does not name: a JSON scalar, or nothing for null. */
function coerceOpenMember(out: Record<string, unknown>, key: string, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  else throw ScimError.invalidValue(`Attribute '${path}' must be a string, a number or a boolean`);
}

/**
 * Booleans: JSON true/false; the strings "True"/"False" in any case are Entra ID's (IDP-COMPAT.md:
 * `{"op":"Replace","path":"active","value":"False"}`), accepted when the client allows it.
 */
export function coerceBoolean(value: unknown, path: string, options: CoerceOptions): boolean {
  if (typeof value === 'boolean') return value;
  if (options.booleanStrings && typeof value === 'string') {
    if (lower(value) === 'true') return true;
    if (lower(value) === 'false') return false;
  }
  throw ScimError.invalidValue(`Attribute '${path}' must be a boolean`);
}
