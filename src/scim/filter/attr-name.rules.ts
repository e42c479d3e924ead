import { errorAt, SourceContext, showText } from './filter.diagnostics';

/** The nevisIDM extension schema (USER-SCHEMA.md §3), whose `properties` names may contain spaces. */
export const NEVIS_USER_EXTENSION_URN = 'urn:nevis:idm:scim:schemas:v1:extension:User';

/**
 * Names that would reach `Object.prototype` if a later stage ever indexed a plain object with them
 * (SECURITY.md, "Prototype pollution"). `__proto__` cannot be an ATTRNAME anyway (it starts with `_`), but is
 * named here so that the error says why.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Filter keywords; none of them can be a word of a custom property name (USER-SCHEMA.md §3.4). */
export const FILTER_KEYWORDS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'co',
  'sw',
  'ew',
  'gt',
  'ge',
  'lt',
  'le',
  'pr',
  'and',
  'or',
  'not',
]);

export const isReservedName = (name: string): boolean => RESERVED_NAMES.has(name.toLowerCase());

export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** RFC 7644 §3.4.2.2 `nameChar = "-" / "_" / DIGIT / ALPHA`, plus `$` so that `$ref` (RFC 7643 §2.4) works. */
export function isNameChar(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x5f || c === 0x24;
}

/** Index of the first character at or after `from` that is not a name character. */
export function scanNameChars(text: string, from: number): number {
  let i = from;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/** `ATTRNAME = ALPHA *(nameChar)`, or `$ref`; never one of the reserved names. */
export function checkAttrName(ctx: SourceContext, name: string, offset: number): void {
  if (name.length === 0) {
    throw errorAt(ctx, offset, 'Expected an attribute name');
  }
  if (isReservedName(name)) {
    throw errorAt(ctx, offset, `${showText(name)} is not allowed as an attribute name`);
  }
  if (name.toLowerCase() === '$ref') return;
  const end = isAlpha(name.charCodeAt(0)) ? scanNameChars(name, 1) : 0;
  if (end !== name.length) {
    throw errorAt(
      ctx,
      offset,
      `Invalid attribute name ${showText(name)} (a name starts with a letter and contains only letters, digits, '-', '_' and '$')`,
    );
  }
}

/** A word of a custom property name after the first: name characters only, not a keyword, not reserved. */
export function checkPropertyWord(ctx: SourceContext, word: string, offset: number): void {
  if (isReservedName(word)) {
    throw errorAt(ctx, offset, `${showText(word)} is not allowed in a property name`);
  }
  if (word.length === 0 || scanNameChars(word, 0) !== word.length) {
    throw errorAt(
      ctx,
      offset,
      `Invalid property name word ${showText(word)} (only letters, digits, '-', '_' and '$' are allowed)`,
    );
  }
}

/**
 * The schema URN in front of an attribute (`urn:ietf:params:scim:schemas:core:2.0:User`). RFC 7644 only says
 * `URI`; SCIM schema identifiers are URNs, so this accepts `urn:` followed by non-empty `:`-separated segments
 * of letters, digits, `-`, `_` and `.` — enough for every schema in RFC 7643 and nevisIDM, nothing exotic.
 */
export function checkSchemaUri(ctx: SourceContext, uri: string, offset: number): void {
  let valid = uri.length > 4 && uri.slice(0, 4).toLowerCase() === 'urn:';
  let segmentStart = 0;
  for (let i = 0; valid && i <= uri.length; i++) {
    const c = i < uri.length ? uri.charCodeAt(i) : 0x3a;
    if (c === 0x3a) {
      const segment = uri.slice(segmentStart, i);
      if (segment.length === 0) valid = false;
      else if (isReservedName(segment)) {
        throw errorAt(ctx, offset + segmentStart, `${showText(segment)} is not allowed in a schema URN`);
      }
      segmentStart = i + 1;
    } else if (!(isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x5f || c === 0x2e)) {
      valid = false;
    }
  }
  if (!valid) throw errorAt(ctx, offset, `Invalid schema URN ${showText(uri)}`);
}

/** `properties` of the core path or of the nevisIDM extension: the one place a name may contain spaces. */
export function isPropertiesAttr(attr: string, uri: string | undefined): boolean {
  return (
    attr.toLowerCase() === 'properties' &&
    (uri === undefined || uri.toLowerCase() === NEVIS_USER_EXTENSION_URN.toLowerCase())
  );
}
