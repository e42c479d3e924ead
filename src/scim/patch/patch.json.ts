import { isReservedName } from '../filter/attr-name.rules';

/**
 * JSON helpers for the applier. Every walk reads own properties only, and every object written is a plain
 * literal keyed by names the applier chose, never by a client's key (SECURITY.md, "Prototype pollution").
 */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[key]` when `key` is an own property, so that `toString` or `constructor` never reach the prototype. */
export function ownValue(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * The first key anywhere in `value` that is `__proto__`, `constructor` or `prototype` (any case). Iterative,
 * because `value` is the client's and may be nested deeper than the stack allows.
 */
export function findReservedKey(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (isJsonObject(next)) {
      for (const key of Object.keys(next)) {
        if (isReservedName(key)) return key;
        pending.push(next[key]);
      }
    }
  }
  return undefined;
}

/** A deep copy; keys with `undefined` values (absent, in SCIM) and reserved keys are left out. */
export function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined || isReservedName(key)) continue;
      out[key] = cloneJson(item);
    }
    return out;
  }
  return value;
}

/** Deep equality of JSON values; a key whose value is `undefined` counts as absent. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keysA = definedKeys(a);
  const keysB = definedKeys(b);
  return (
    keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
  );
}

function definedKeys(obj: JsonObject): string[] {
  return Object.keys(obj).filter((key) => obj[key] !== undefined);
}

/** No value in SCIM's sense (RFC 7643 §2.5): absent, null, an empty list or an object with no values. */
export function isUnassigned(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return definedKeys(value).length === 0;
  return false;
}
