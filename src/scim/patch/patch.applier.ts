import { ScimError } from '../errors/scim-error';
import { parsePatchPath } from '../path/path.parser';
import type { SchemaRegistry, ScimResource } from '../schema/schema.registry';
import type { AttributeDef } from '../schema/schema.types';
import {
  cloneJson,
  findReservedKey,
  isJsonObject,
  isUnassigned,
  jsonEqual,
  ownValue,
  type JsonObject,
} from './patch.json';
import { elementOf, normalisePrimary, sameValue, writableView } from './element.rules';
import { resolveTarget, type PatchStep, type PatchTarget, type SchemaScope } from './patch.target';
import {
  elementFromFilter,
  entraBooleanStrings,
  entraPathlessKeyAsPath,
  entraSingularComplexShapes,
  isIgnoredInPathlessValue,
  isPathKey,
  removeListedElements,
  type Coercer,
} from './patch.tolerances';
import type { PatchOperation, PatchOpName, PatchOptions, PatchResult } from './patch.types';

/** What every operation of one request shares. */
interface Run {
  readonly registry: SchemaRegistry;
  readonly resourceType: string;
  readonly options: PatchOptions;
  readonly schemas: readonly SchemaScope[];
  readonly coerce: Coercer;
}

/** One operation being applied. */
interface Operation extends Run {
  readonly op: PatchOpName;
  /** Elements of multi-valued attributes this operation created or changed (for the `primary` rule). */
  readonly touched: Set<unknown>;
}

/** How much of a client's op or path an error message repeats. */
const MAX_ECHO = 200;

/**
 * Applies a PATCH request's operations (RFC 7644 §3.5.2, with the tolerances of PATCH-AND-BULK.md §1.2) to a
 * resource in canonical SCIM JSON, in order, on one deep copy: the input is never changed, and the result
 * holds only keys the schema defines (plus whatever non-schema keys the input already had). Any failure is a
 * ScimError whose detail starts with the failing operation's index, op and path; nothing is half-applied,
 * since the caller writes nothing but a returned result. `changed` is false when the result deep-equals the
 * input, so the caller can skip the write and keep `meta.version`.
 *
 * Pure: no I/O, no clock; the caller validates the result as a whole (uniqueness, policy, references) and
 * hashes `password`, which is kept in the result when set.
 */
export function applyPatch(
  registry: SchemaRegistry,
  resourceType: string,
  resource: ScimResource,
  operations: readonly PatchOperation[],
  options: PatchOptions,
): PatchResult {
  if (!isJsonObject(resource)) throw new Error('applyPatch needs a resource object');
  const coerceOptions = entraBooleanStrings(options);
  const run: Run = {
    registry,
    resourceType,
    options,
    schemas: registry.schemasOf(resourceType),
    coerce: (attribute, value, path) => registry.coerceValue(attribute, value, path, coerceOptions),
  };
  if (!Array.isArray(operations)) {
    throw ScimError.invalidSyntax("'Operations' must be a list of operations");
  }
  const before = cloneJson(resource) as ScimResource;
  const work = cloneJson(resource) as ScimResource;
  (operations as readonly unknown[]).forEach((operation, index) => {
    try {
      applyOperation(work, operation, run);
    } catch (error) {
      if (error instanceof ScimError) throw inOperation(error, index, operation);
      throw error;
    }
  });
  return { resource: work, changed: !jsonEqual(before, work) };
}

/** `Operations[2] (replace emails[type eq "work"].value): …` */
export function inOperation(error: ScimError, index: number, operation: unknown): ScimError {
  const echo = (v: unknown) =>
    typeof v !== 'string' ? undefined : v.length > MAX_ECHO ? `${v.slice(0, MAX_ECHO)}…` : v;
  const op = isJsonObject(operation) ? echo(ownValue(operation, 'op')) : undefined;
  const path = isJsonObject(operation) ? echo(ownValue(operation, 'path')) : undefined;
  const label = [op, path].filter((part) => part !== undefined && part !== '').join(' ');
  const where = label === '' ? `Operations[${index}]` : `Operations[${index}] (${label})`;
  return new ScimError(error.status, `${where}: ${error.detail}`, error.scimType, error.headers);
}

function parseOp(op: unknown): PatchOpName {
  // RFC 7644 §3.5.2 spells them in lower case; Entra sends `Add`, `Replace`, `Remove`.
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (name === 'add' || name === 'replace' || name === 'remove') return name;
  throw ScimError.invalidSyntax('\'op\' must be "add", "replace" or "remove"');
}

function applyOperation(work: JsonObject, raw: unknown, run: Run): void {
  if (!isJsonObject(raw)) {
    throw ScimError.invalidSyntax("Each operation must be an object with 'op', 'path' and 'value'");
  }
  const op = parseOp(ownValue(raw, 'op'));
  const path = ownValue(raw, 'path');
  const value = ownValue(raw, 'value');
  // SECURITY.md: refused wherever they are, before anything looks at the value.
  const reserved = findReservedKey(value);
  if (reserved !== undefined) throw ScimError.invalidPath(`'${reserved}' is not allowed as a key`);
  const operation: Operation = { ...run, op, touched: new Set() };

  if (path === undefined || path === null) {
    // RFC 7644 §3.5.2.2: "If 'path' is unspecified, the operation fails … noTarget".
    if (op === 'remove') throw ScimError.noTarget("A 'remove' operation needs a path");
    if (!isJsonObject(value)) {
      throw ScimError.invalidValue(`A '${op}' without a path needs an object of attributes as its value`);
    }
    applyObject(work, run.schemas[0], value, operation, true);
    return;
  }

  const parsed = parsePatchPath(
    path as string,
    run.schemas.map((s) => s.schema.id),
  );
  const target = resolveTarget(run.registry, run.resourceType, parsed, 'refuse')!;
  if (op === 'add' && (value === undefined || value === null)) {
    throw ScimError.invalidValue("An 'add' operation needs a value");
  }
  if (op === 'replace' && value === undefined) {
    throw ScimError.invalidValue("A 'replace' operation needs a value");
  }
  applyTarget(work, target, value, operation);
}

/**
 * The attributes of an object value applied one by one, each as if it were the operation's path: a pathless
 * `add`/`replace` (RFC 7644 §3.5.2.1, §3.5.2.3: the target is the resource itself), or a value for a whole
 * schema (`"path": "urn:…:enterprise:2.0:User"`). Unknown keys are ignored, as in a POST body. Only the
 * top level may name a whole schema, so a value nested under schema keys cannot recurse without end.
 */
function applyObject(
  work: JsonObject,
  scope: SchemaScope,
  value: JsonObject,
  operation: Operation,
  topLevel: boolean,
): void {
  for (const key of Object.keys(value)) {
    const item = value[key];
    // Nothing to add; for `replace`, null clears the attribute.
    if (item === undefined || (item === null && operation.op === 'add')) continue;
    const target = resolveValueKey(key, scope, operation, topLevel);
    if (target) applyTarget(work, target, item, operation);
  }
}

function resolveValueKey(
  key: string,
  scope: SchemaScope,
  operation: Operation,
  topLevel: boolean,
): PatchTarget | undefined {
  const lower = key.toLowerCase();
  if (scope.core && topLevel) {
    if (lower === 'schemas') return undefined;
    // An extension under its URN key is canonical SCIM JSON (RFC 7643 §3.3), not a tolerance.
    const named = operation.schemas.find((s) => s.schema.id.toLowerCase() === lower);
    if (named) return { scope: named, steps: [] };
  }
  const path = isPathKey(key)
    ? entraPathlessKeyAsPath(
        operation.options,
        key,
        operation.schemas.map((s) => s.schema.id),
      )
    : { segments: [{ attr: key }], text: key };
  const target = resolveTarget(operation.registry, operation.resourceType, path, 'ignore', scope);
  if (!target) return undefined;
  const first = target.steps[0];
  if (!first) return topLevel ? target : undefined;
  return isIgnoredInPathlessValue(target.scope, first.def) ? undefined : target;
}

function applyTarget(work: JsonObject, target: PatchTarget, value: unknown, operation: Operation): void {
  const { scope, steps } = target;
  if (steps.length === 0) {
    applyToSchema(work, scope, value, operation);
    return;
  }
  if (scope.core) {
    applyStep(work, steps, 0, value, operation);
    return;
  }
  const current = ownValue(work, scope.schema.id);
  const holder: JsonObject = isJsonObject(current) ? current : {};
  applyStep(holder, steps, 0, value, operation);
  if (isUnassigned(holder)) delete work[scope.schema.id];
  else work[scope.schema.id] = holder;
}

/** A path that is a schema URN alone: the base schema's or an extension's attributes as one object. */
function applyToSchema(work: JsonObject, scope: SchemaScope, value: unknown, operation: Operation): void {
  const id = scope.schema.id;
  if (operation.op === 'remove' || value === null) {
    if (scope.core) throw ScimError.invalidPath(`The base schema '${id}' cannot be removed`);
    if (operation.op === 'remove' && value !== undefined && value !== null) {
      throw ScimError.invalidValue(`A remove of the extension '${id}' takes no value`);
    }
    const current = ownValue(work, id);
    if (!isJsonObject(current)) return;
    for (const attribute of scope.schema.attributes) {
      if (isUnassigned(ownValue(current, attribute.name))) continue;
      if (attribute.required || attribute.mutability === 'readOnly' || attribute.mutability === 'immutable') {
        throw ScimError.mutability(
          `The extension '${id}' cannot be removed: its attribute '${attribute.name}' is ${
            attribute.required ? 'required' : attribute.mutability
          }`,
        );
      }
    }
    delete work[id];
    return;
  }
  if (!isJsonObject(value)) throw ScimError.invalidValue(`The value for '${id}' must be an object`);
  applyObject(work, scope, value, operation, false);
}

/**
 * Applies the operation to `steps[i]`'s attribute inside `container` (the resource, an extension object, a
 * complex value or an element), descending through the remaining steps. A readOnly attribute may be named
 * only when its value does not change (Okta's unchanged `id`); an immutable one only while it has no value
 * (RFC 7644 §3.5.2).
 */
function applyStep(
  container: JsonObject,
  steps: readonly PatchStep[],
  i: number,
  value: unknown,
  operation: Operation,
): void {
  const step = steps[i];
  const { def } = step;
  const guarded = def.mutability === 'readOnly' || def.mutability === 'immutable';
  const before = guarded ? cloneJson(ownValue(container, def.name)) : undefined;

  if (def.multiValued) applyMultiValued(container, steps, i, value, operation);
  else if (i < steps.length - 1) applyInsideComplex(container, steps, i, value, operation);
  else applyLeaf(container, step, value, operation);

  if (guarded) {
    const after = ownValue(container, def.name);
    if (jsonEqual(before, after)) return;
    if (def.mutability === 'readOnly') {
      throw ScimError.mutability(`'${step.display}' is readOnly and cannot be changed`);
    }
    if (!isUnassigned(before)) {
      throw ScimError.mutability(`'${step.display}' is immutable and already has a value`);
    }
  }
}

/** The last step on a single-valued attribute. */
function applyLeaf(container: JsonObject, step: PatchStep, value: unknown, operation: Operation): void {
  const { def } = step;
  switch (operation.op) {
    case 'remove':
      if (value !== undefined && value !== null) {
        throw ScimError.invalidValue(`'${step.display}' is single-valued: a remove takes no value`);
      }
      unassign(container, step);
      return;
    case 'add':
    case 'replace': {
      if (value === null) {
        unassign(container, step);
        return;
      }
      const coerced = coerceFor(step, def, entraSingularComplexShapes(def, value), operation);
      // Nothing known in the value (only unknown or readOnly keys): nothing to set.
      if (coerced === undefined) return;
      if (def.type === 'complex' && isJsonObject(coerced)) {
        // RFC 7644 §3.5.2.1 / §3.5.2.3: the sub-attributes given are set, the others are left unchanged.
        const current = ownValue(container, def.name);
        container[def.name] = { ...(isJsonObject(current) ? current : {}), ...coerced };
        return;
      }
      container[def.name] = coerced;
      return;
    }
  }
}

function unassign(container: JsonObject, step: PatchStep): void {
  if (step.def.required) {
    throw ScimError.mutability(`'${step.display}' is required and cannot be removed`);
  }
  delete container[step.def.name];
}

/** A step through a single-valued complex attribute (`name.givenName`, `X:loginInfo.lastLogin`). */
function applyInsideComplex(
  container: JsonObject,
  steps: readonly PatchStep[],
  i: number,
  value: unknown,
  operation: Operation,
): void {
  const { def } = steps[i];
  const current = ownValue(container, def.name);
  const inner: JsonObject = isJsonObject(current) ? { ...current } : {};
  applyStep(inner, steps, i + 1, value, operation);
  if (isUnassigned(inner)) delete container[def.name];
  else container[def.name] = inner;
}

/** A step on a multi-valued attribute: the whole list, or the elements a filter (or the path) selects. */
function applyMultiValued(
  container: JsonObject,
  steps: readonly PatchStep[],
  i: number,
  value: unknown,
  operation: Operation,
): void {
  const step = steps[i];
  const { def } = step;
  const current = ownValue(container, def.name);
  const list: unknown[] = Array.isArray(current)
    ? (current as unknown[]).slice()
    : isUnassigned(current)
      ? []
      : [current];
  const last = i === steps.length - 1;
  const result =
    last && !step.matcher
      ? applyToList(step, list, value, operation)
      : applyToElements(steps, i, list, value, operation);
  normalisePrimary(def, result, operation.touched);
  if (result.length > 0) {
    container[def.name] = result;
    return;
  }
  if (def.required && list.length > 0) {
    throw ScimError.mutability(`'${step.display}' is required and cannot be removed`);
  }
  delete container[def.name];
}

/** `add`, `replace` or `remove` of a multi-valued attribute as a whole (no filter, no sub-attribute). */
function applyToList(step: PatchStep, list: unknown[], value: unknown, operation: Operation): unknown[] {
  switch (operation.op) {
    case 'add': {
      // RFC 7644 §3.5.2.1: the value (one element or a list) is appended; a value already there is not
      // added again.
      for (const item of asList(coerceFor(step, step.def, value, operation))) {
        if (list.some((element) => sameValue(step.def, element, item))) continue;
        list.push(item);
        operation.touched.add(item);
      }
      return list;
    }
    case 'replace': {
      // RFC 7644 §3.5.2.3: with no filter, the attribute and all its values are replaced.
      const items = value === null ? [] : asList(coerceFor(step, step.def, value, operation));
      for (const item of items) operation.touched.add(item);
      return items;
    }
    case 'remove':
      if (value === undefined || value === null) return [];
      return removeListedElements(
        step,
        list,
        value,
        (def, v, path) => coerceFor(step, def, v, operation, path),
        sameValue,
      );
  }
}

/**
 * The elements a filter selects (`emails[type eq "work"]`), or every element when the path goes on to a
 * sub-attribute without a filter (`emails.display`): each is replaced, merged into, removed, or descended
 * into. When nothing is selected, `remove` does nothing (it is idempotent, as Entra's retries need), and
 * `add`/`replace` create the element where the tolerance allows, else answer noTarget (RFC 7644 §3.5.2.3).
 */
function applyToElements(
  steps: readonly PatchStep[],
  i: number,
  list: unknown[],
  value: unknown,
  operation: Operation,
): unknown[] {
  const step = steps[i];
  const last = i === steps.length - 1;
  const selected = new Set(list.filter((element) => (step.matcher ? step.matcher(element) : true)));

  if (selected.size === 0) {
    if (operation.op === 'remove' || value === null) return list;
    const created = elementFromFilter(operation.options, step, (def, v, path) =>
      coerceFor(step, def, v, operation, path),
    );
    if (!created) {
      throw ScimError.noTarget(
        step.matcher ? `No element matches '${step.display}'` : `'${step.display}' has no elements`,
      );
    }
    const element = last
      ? withElementValue(created, step, value, operation)
      : descend(created, steps, i, value, operation);
    if (element === created && last) return list;
    if (element !== undefined) {
      list.push(element);
      operation.touched.add(element);
    }
    return list;
  }

  const result: unknown[] = [];
  for (const element of list) {
    if (!selected.has(element)) {
      result.push(element);
      continue;
    }
    let next: unknown;
    if (!last) next = descend(isJsonObject(element) ? element : {}, steps, i, value, operation);
    else if (operation.op === 'remove') next = undefined;
    else if (operation.op === 'add') next = withElementValue(element, step, value, operation);
    else next = coerceFor(step, elementOf(step.def), value, operation) ?? element;
    if (next === undefined) continue;
    if (next !== element) operation.touched.add(next);
    result.push(next);
  }
  return result;
}

/** An element with the sub-attributes of `value` merged in (`add` to a filtered path, or a created element). */
function withElementValue(element: unknown, step: PatchStep, value: unknown, operation: Operation): unknown {
  const coerced = coerceFor(step, elementOf(step.def), value, operation);
  if (!isJsonObject(coerced)) return element;
  return { ...(isJsonObject(element) ? element : {}), ...coerced };
}

/** A copy of an element with the rest of the path applied; undefined when nothing is left of it. */
function descend(
  element: JsonObject,
  steps: readonly PatchStep[],
  i: number,
  value: unknown,
  operation: Operation,
): JsonObject | undefined {
  const copy = { ...element };
  applyStep(copy, steps, i + 1, value, operation);
  return isUnassigned(copy) ? undefined : copy;
}

/**
 * The registry's coercion (types, lengths, canonical values, case-insensitive sub-attribute names; unknown
 * keys dropped) for a value at `step`. Inside a readOnly attribute the sub-attributes are taken as given, so
 * that a change to them is seen and refused rather than silently dropped.
 */
function coerceFor(
  step: PatchStep,
  def: AttributeDef,
  value: unknown,
  operation: Operation,
  path: string = step.display,
): unknown {
  return operation.coerce(step.readOnly ? writableView(def) : def, value, path);
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
