/** Rules for attribute values and multi-valued elements that PATCH needs beyond coercion (RFC 7643 §2.4). */
import { SchemaRegistry } from '../schema/schema.registry';
import type { AttributeDef } from '../schema/schema.types';
import { normalizeCaseInsensitive } from '../values/text';
import { isJsonObject, jsonEqual, ownValue, type JsonObject } from './patch.json';

/**
 * RFC 7644 §3.5.2: setting an element's `primary` to true sets it false on the others. The canonical form
 * has `primary` only where it is true (the storage keeps a flag, and a user read back has no `false`), so
 * demoting removes it, and an explicit `false` on an element this operation wrote is dropped.
 */
export function normalisePrimary(def: AttributeDef, list: unknown[], touched: ReadonlySet<unknown>): void {
  if (def.type !== 'complex') return;
  const primary = SchemaRegistry.findSubAttribute(def, 'primary');
  if (!primary || primary.type !== 'boolean') return;
  const key = primary.name;
  let winner: JsonObject | undefined;
  for (const element of list) {
    if (!isJsonObject(element) || !touched.has(element)) continue;
    if (element[key] === false) delete element[key];
    if (element[key] === true) winner = element;
  }
  if (!winner) return;
  list.forEach((element, index) => {
    if (element === winner || !isJsonObject(element) || ownValue(element, key) !== true) return;
    const demoted = { ...element };
    delete demoted[key];
    list[index] = demoted;
  });
}

/**
 * Whether two values of an attribute (two elements, for a multi-valued one) are the same: strings compare
 * by the attribute's `caseExact`, complex values sub-attribute by sub-attribute (keys the schema does not
 * define are not compared), and `primary: false` equals no `primary`.
 */
export function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(def, item, b[i]));
  }
  if (def.type === 'complex' && def.subAttributes) {
    if (!isJsonObject(a) || !isJsonObject(b)) return jsonEqual(a, b);
    return def.subAttributes.every((sub) => {
      const falseIsAbsent = (v: unknown) =>
        sub.type === 'boolean' && sub.name === 'primary' && v === false ? undefined : v;
      return sameValue(sub, falseIsAbsent(ownValue(a, sub.name)), falseIsAbsent(ownValue(b, sub.name)));
    });
  }
  if (typeof a === 'string' && typeof b === 'string' && !def.caseExact && def.type !== 'binary') {
    return normalizeCaseInsensitive(a) === normalizeCaseInsensitive(b);
  }
  return jsonEqual(a, b);
}

/** The attribute with every part writable, to coerce a value inside a readOnly attribute as given. */
export function writableView(def: AttributeDef): AttributeDef {
  const view: AttributeDef = { ...def, mutability: 'readWrite' };
  if (def.subAttributes) view.subAttributes = def.subAttributes.map(writableView);
  return view;
}

/** The definition of one element of a multi-valued attribute. */
export function elementOf(def: AttributeDef): AttributeDef {
  return { ...def, multiValued: false };
}
