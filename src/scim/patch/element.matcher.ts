import { ScimError } from '../errors/scim-error';
import type { AttrPath, CompareNode, CompareOp, FilterNode } from '../filter/filter.ast';
import { formatPath } from '../filter/filter.formatter';
import { SchemaRegistry } from '../schema/schema.registry';
import type { AttributeDef } from '../schema/schema.types';
import { parseDateTime } from '../values/datetime';
import { normalizeCaseInsensitive } from '../values/text';
import { isJsonObject, ownValue } from './patch.json';

/** Whether one element of a multi-valued complex attribute is selected by a `[ … ]` filter. */
export type ElementMatcher = (element: unknown) => boolean;

/**
 * Compiles the `[ … ]` selector of a PATCH path (RFC 7644 §3.10 `valuePath`) into an in-memory predicate over
 * one element of `attribute`. Every name is resolved against the schema up front (case-insensitively), so
 * an unknown sub-attribute or an operator its type does not support is a 400 invalidPath even when the list
 * is empty. Comparison follows RFC 7644 §3.4.2.2: strings honour the sub-attribute's `caseExact` (otherwise
 * compared in the same NFKC lower-case form the database uses), dateTimes compare chronologically, numbers
 * numerically, booleans only with `eq`/`ne`; a value of another type than the attribute's never matches.
 */
export function compileElementMatcher(
  filter: FilterNode,
  attribute: AttributeDef,
  where: string,
): ElementMatcher {
  switch (filter.kind) {
    case 'and': {
      const left = compileElementMatcher(filter.left, attribute, where);
      const right = compileElementMatcher(filter.right, attribute, where);
      return (element) => left(element) && right(element);
    }
    case 'or': {
      const left = compileElementMatcher(filter.left, attribute, where);
      const right = compileElementMatcher(filter.right, attribute, where);
      return (element) => left(element) || right(element);
    }
    case 'not': {
      const inner = compileElementMatcher(filter.expr, attribute, where);
      return (element) => !inner(element);
    }
    case 'present': {
      const { read } = compileReader(filter.path, attribute, where);
      return (element) => read(element).some(isPresent);
    }
    case 'compare':
      return compileCompare(filter, attribute, where);
    case 'valuePath':
      throw ScimError.invalidPath(`The filter of '${where}' cannot contain another '[ … ]'`);
  }
}

/** `attr` or `attr.sub` inside the brackets, resolved to its definition and a reader of its values. */
function compileReader(
  path: AttrPath,
  attribute: AttributeDef,
  where: string,
): { def: AttributeDef; read: (element: unknown) => unknown[] } {
  if (path.uri !== undefined) {
    throw ScimError.invalidPath(`The filter of '${where}' cannot name a schema URN`);
  }
  const first = SchemaRegistry.findSubAttribute(attribute, path.attr);
  if (!first)
    throw ScimError.invalidPath(`Unknown attribute '${formatPath(path)}' in the filter of '${where}'`);
  if (path.sub === undefined) {
    return { def: first, read: (element) => valuesOf(element, first.name) };
  }
  const second = first.type === 'complex' ? SchemaRegistry.findSubAttribute(first, path.sub) : undefined;
  if (!second)
    throw ScimError.invalidPath(`Unknown attribute '${formatPath(path)}' in the filter of '${where}'`);
  return {
    def: second,
    read: (element) => valuesOf(element, first.name).flatMap((inner) => valuesOf(inner, second.name)),
  };
}

/** The present values of `key` in an element, a multi-valued one flattened. */
function valuesOf(element: unknown, key: string): unknown[] {
  if (!isJsonObject(element)) return [];
  const value = ownValue(element, key);
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item) => item !== undefined && item !== null);
}

function isPresent(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null;
}

const ORDERING: ReadonlySet<CompareOp> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);

function compileCompare(node: CompareNode, attribute: AttributeDef, where: string): ElementMatcher {
  const { def, read } = compileReader(node.path, attribute, where);
  const name = formatPath(node.path);
  const refuse = (why: string) => ScimError.invalidPath(`In the filter of '${where}': ${why}`);
  if (def.type === 'complex') throw refuse(`'${name}' is complex; compare one of its sub-attributes`);
  if (node.value === null) {
    // `eq null` / `ne null`: absent / present; nothing else is defined for null.
    if (node.op === 'eq') return (element) => !read(element).some(isPresent);
    if (node.op === 'ne') return (element) => read(element).some(isPresent);
    throw refuse(`'${node.op}' cannot compare with null`);
  }
  // RFC 7644 §3.4.2.2: gt/ge/lt/le on boolean or binary attributes is an error.
  if (ORDERING.has(node.op) && (def.type === 'boolean' || def.type === 'binary')) {
    throw refuse(`'${node.op}' is not defined for the ${def.type} attribute '${name}'`);
  }
  if (
    SUBSTRING.has(node.op) &&
    (def.type === 'boolean' || def.type === 'integer' || def.type === 'decimal')
  ) {
    throw refuse(`'${node.op}' is not defined for the ${def.type} attribute '${name}'`);
  }
  if (node.op === 'ne') {
    // Not equal to any value, so an element without the sub-attribute matches (RFC 7644 §3.4.2.2).
    const equal = compileValueTest(def, 'eq', node.value);
    return (element) => !read(element).some(equal);
  }
  const test = compileValueTest(def, node.op, node.value);
  return (element) => read(element).some(test);
}

/** One stored value against the filter's value; a value of the wrong type never matches. */
function compileValueTest(
  def: AttributeDef,
  op: CompareOp,
  expected: string | number | boolean,
): (actual: unknown) => boolean {
  switch (def.type) {
    case 'boolean':
      return (actual) => typeof actual === 'boolean' && typeof expected === 'boolean' && actual === expected;
    case 'integer':
    case 'decimal':
      return (actual) =>
        typeof actual === 'number' &&
        typeof expected === 'number' &&
        ordered(op, Math.sign(actual - expected));
    case 'dateTime': {
      if (SUBSTRING.has(op)) return stringTest(op, expected, true);
      const when = typeof expected === 'string' ? parseDateTime(expected)?.getTime() : undefined;
      return (actual) => {
        const time = typeof actual === 'string' ? parseDateTime(actual)?.getTime() : undefined;
        return when !== undefined && time !== undefined && ordered(op, Math.sign(time - when));
      };
    }
    case 'string':
    case 'reference':
    case 'binary':
    case 'complex':
      return stringTest(op, expected, def.caseExact || def.type === 'binary');
  }
}

function stringTest(
  op: CompareOp,
  expected: string | number | boolean,
  caseExact: boolean,
): (actual: unknown) => boolean {
  if (typeof expected !== 'string') return () => false;
  const fold = (s: string) => (caseExact ? s : normalizeCaseInsensitive(s));
  const want = fold(expected);
  return (actual) => {
    if (typeof actual !== 'string') return false;
    const have = fold(actual);
    switch (op) {
      case 'co':
        return have.includes(want);
      case 'sw':
        return have.startsWith(want);
      case 'ew':
        return have.endsWith(want);
      case 'eq':
      case 'ne':
      case 'gt':
      case 'ge':
      case 'lt':
      case 'le':
        return ordered(op, have === want ? 0 : have < want ? -1 : 1);
    }
  };
}

/** Whether a comparison result (-1, 0, 1 for actual vs expected) satisfies `op`. */
function ordered(op: CompareOp, order: number): boolean {
  switch (op) {
    case 'eq':
      return order === 0;
    case 'ne':
      return order !== 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    case 'co':
    case 'sw':
    case 'ew':
      return false;
  }
}

/**
 * The `eq` terms of a filter that is nothing but `a eq x and b eq y …` on plain sub-attributes, or undefined
 * for any other shape (`or`, `not`, `co`, `pr`, `a.b eq x`, `eq null`): only those describe one element.
 */
export function equalityTerms(filter: FilterNode): CompareNode[] | undefined {
  const terms: CompareNode[] = [];
  const pending: FilterNode[] = [filter];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.kind === 'and') {
      pending.push(node.right, node.left);
    } else if (
      node.kind === 'compare' &&
      node.op === 'eq' &&
      node.path.sub === undefined &&
      node.value !== null
    ) {
      terms.push(node);
    } else {
      return undefined;
    }
  }
  return terms;
}
