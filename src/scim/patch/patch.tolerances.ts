/**
 * Connector tolerances of PATCH-AND-BULK.md §1.2 and IDP-COMPAT.md, one named function each, so that every
 * departure from RFC 7644 is in one place with the client that needs it. Those with a PatchOptions switch are
 * off in a client's strict RFC mode; the others are harmless to RFC clients and always on.
 */
import { ScimError } from '../errors/scim-error';
import { parsePatchPath, type PatchPath } from '../path/path.parser';
import { SchemaRegistry, type CoerceOptions } from '../schema/schema.registry';
import type { AttributeDef } from '../schema/schema.types';
import { equalityTerms } from './element.matcher';
import { isJsonObject, jsonEqual, type JsonObject } from './patch.json';
import type { PatchStep, SchemaScope } from './patch.target';
import type { PatchOptions } from './patch.types';

/** Coerces one value for an attribute (the registry's `coerceValue` with the client's options). */
export type Coercer = (attribute: AttributeDef, value: unknown, path: string) => unknown;

/**
 * Microsoft Entra ID sends booleans as strings: `{"op":"Replace","path":"active","value":"False"}`, and its
 * periodic `Replace active "True"`. With the switch on, "True"/"False" in any case are read as booleans (the
 * registry's `coerceBoolean` does the reading).
 */
export function entraBooleanStrings(options: PatchOptions): CoerceOptions {
  return { booleanStrings: options.booleanStrings };
}

/**
 * Microsoft Entra ID and Ping Identity update `emails[type eq "work"].value`,
 * `addresses[type eq "other"].Formatted`, `phoneNumbers[type eq "mobile"].value` … for elements that may not
 * exist yet and expect them to be created. RFC 7644 §3.5.2.3 answers noTarget instead; so does this function
 * (by returning undefined) when the switch is off, or when the filter does not describe one element (anything
 * but `eq` terms joined by `and`, or terms that contradict each other).
 */
export function elementFromFilter(
  options: PatchOptions,
  step: PatchStep,
  coerce: Coercer,
): JsonObject | undefined {
  if (!options.filteredPathCreatesElement || !step.filter) return undefined;
  const terms = equalityTerms(step.filter);
  if (!terms) return undefined;
  const element: JsonObject = {};
  for (const term of terms) {
    const sub = SchemaRegistry.findSubAttribute(step.def, term.path.attr);
    if (!sub || sub.type === 'complex' || sub.mutability === 'readOnly') return undefined;
    const value = coerce(sub, term.value, `${step.def.name}.${sub.name}`);
    if (value === undefined) return undefined;
    if (Object.hasOwn(element, sub.name) && !jsonEqual(element[sub.name], value)) return undefined;
    element[sub.name] = value;
  }
  return element;
}

/** Whether a key of a pathless value is a path (`name.givenName`, `urn:…:User:department`) rather than a name. */
export function isPathKey(key: string): boolean {
  return /[.:[]/.test(key);
}

/**
 * Microsoft Entra ID with the `aadOptscim062020` flag sends several changes as one pathless replace whose keys
 * are paths: `{"op":"replace","value":{"displayName":"…","name.givenName":"…",
 * "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"…"}}`. With the switch on,
 * such a key is parsed as a PATCH path (same grammar, same refusal of reserved names); with it off, it is
 * refused as invalidPath rather than silently dropped, since the client plainly meant it.
 */
export function entraPathlessKeyAsPath(
  options: PatchOptions,
  key: string,
  schemaUrns: readonly string[],
): PatchPath {
  if (!options.pathlessDottedKeys) {
    throw ScimError.invalidPath(
      `The key '${key}' of a pathless value is a path, not an attribute name; send it as the operation's path`,
    );
  }
  return parsePatchPath(key, schemaUrns);
}

/**
 * Okta sends whole resources as pathless values (`{"id":"<same id>","displayName":"…"}` to rename a group) and
 * Entra copies `meta` and `groups` into them. In a pathless value, `meta` and `groups` are ignored (they are
 * read-only and maintained elsewhere); `id` goes through the read-only check, so an unchanged id passes and a
 * changed one is 400 mutability. `schemas` is ignored by the caller before it gets here.
 */
export function isIgnoredInPathlessValue(scope: SchemaScope, attribute: AttributeDef): boolean {
  if (!scope.core) return false;
  const name = attribute.name.toLowerCase();
  return name === 'meta' || name === 'groups';
}

/**
 * Microsoft Entra ID removes group members (and other elements) by listing them:
 * `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`. RFC 7644 §3.5.2.2 has no `value` on remove;
 * here the listed elements are removed, matched by their `value` sub-attribute (honouring its caseExact), or
 * by the whole element when the attribute has no `value`. Listed elements that match nothing are ignored.
 */
export function removeListedElements(
  step: PatchStep,
  list: readonly unknown[],
  listed: unknown,
  coerce: Coercer,
  same: (def: AttributeDef, a: unknown, b: unknown) => boolean,
): unknown[] {
  const items = coerce(step.def, listed, step.display);
  if (items === undefined) return [...list];
  const wanted = items as unknown[];
  const valueSub =
    step.def.type === 'complex' ? SchemaRegistry.findSubAttribute(step.def, 'value') : undefined;
  if (!valueSub) return list.filter((element) => !wanted.some((item) => same(step.def, element, item)));
  const values = wanted.map((item) => {
    const value = isJsonObject(item) ? item[valueSub.name] : undefined;
    if (value === undefined) {
      throw ScimError.invalidValue(`Each element listed to remove from '${step.display}' needs a 'value'`);
    }
    return value;
  });
  return list.filter(
    (element) =>
      !(isJsonObject(element) && values.some((value) => same(valueSub, element[valueSub.name], value))),
  );
}

/**
 * Microsoft Entra ID sends `manager` as `{"value":"<id>"}`, as `[{"value":"<id>"}]` or as the bare id. A
 * single-valued complex attribute given as a one-element list is unwrapped, and a bare string becomes
 * `{value}` when the attribute has a `value` sub-attribute. (The registry's coercion reads the same shapes;
 * this makes the rule visible where PATCH depends on it.)
 */
export function entraSingularComplexShapes(attribute: AttributeDef, value: unknown): unknown {
  if (attribute.multiValued || attribute.type !== 'complex') return value;
  const single: unknown = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof single === 'string' && SchemaRegistry.findSubAttribute(attribute, 'value')) {
    return { value: single };
  }
  return single;
}
