import { ScimError } from '../errors/scim-error';
import {
  checkAttrName,
  checkPropertyWord,
  checkSchemaUri,
  isPropertiesAttr,
  NEVIS_USER_EXTENSION_URN,
  scanNameChars,
} from '../filter/attr-name.rules';
import { FilterNode } from '../filter/filter.ast';
import { errorAt, expectedAt, isHighSurrogate, SourceContext } from '../filter/filter.diagnostics';
import { scanString } from '../filter/filter.lexer';
import { parseBracketFilter } from '../filter/filter.parser';

export interface PatchPathSegment {
  /** Attribute name as written (names are case-insensitive, RFC 7643 §2.1). */
  attr: string;
  /** The `[ … ]` selector, if any; its attribute paths are relative to the element. */
  filter?: FilterNode;
}

export interface PatchPath {
  /** Schema URN prefix as written, if given. */
  uri?: string;
  /**
   * 1 normally; 2 for `attr.sub` or `attr[filter].sub`; up to 3 for nevisIDM's
   * `profiles[…].authorizations[…].role` and `credentials[…].loginInfo.lastLogin`; none for a bare schema URN
   * (`urn:…:enterprise:2.0:User`, the whole extension).
   */
  segments: PatchPathSegment[];
  text: string;
}

export const MAX_PATCH_PATH_LENGTH = 1024;
export const MAX_PATCH_PATH_SEGMENTS = 4;

/** Schemas a PATCH path may name on its own (`"path": "urn:…:enterprise:2.0:User"`). */
export const PATCHABLE_SCHEMA_URNS: readonly string[] = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:core:2.0:Group',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  NEVIS_USER_EXTENSION_URN,
];

const pathContext = (input: string): SourceContext => ({
  input,
  noun: 'path',
  fail: (detail) => ScimError.invalidPath(detail),
});

/**
 * Parses a PATCH operation's `path` (RFC 7644 §3.10):
 *
 *     PATH    = attrPath / valuePath [subAttr]
 *     here:     [URN ":"] segment *("." segment), at most 4 segments
 *     segment = ATTRNAME ["[" valFilter "]"]
 *
 * which covers the RFC forms (`attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`) and nevisIDM's two-level
 * `profiles[…].authorizations[…].role` (PATCH-AND-BULK.md §1.1). The URN is everything before the last `:`
 * ahead of the first `[`, so the `.` of `2.0` is not a separator. A bare known schema URN is the whole
 * extension. nevisIDM's selector `[extId='pw-1']` is read as `[extId eq "pw-1"]`. After `properties.` a
 * custom property name may contain single spaces (USER-SCHEMA.md §3.4). Every failure is
 * `ScimError.invalidPath` naming the column.
 */
export function parsePatchPath(
  input: string,
  schemaUrns: readonly string[] = PATCHABLE_SCHEMA_URNS,
): PatchPath {
  const ctx = pathContext(typeof input === 'string' ? input : '');
  if (typeof input !== 'string') throw ctx.fail('The path must be a string');
  if (input.length > MAX_PATCH_PATH_LENGTH) {
    throw ctx.fail(
      `The path is ${input.length} characters long, more than the limit of ${MAX_PATCH_PATH_LENGTH}`,
    );
  }

  let uri: string | undefined;
  let i = 0;
  const bracket = input.indexOf('[');
  const colon = (bracket < 0 ? input : input.slice(0, bracket)).lastIndexOf(':');
  if (colon >= 0) {
    const whole = input.toLowerCase();
    if (schemaUrns.some((urn) => urn.toLowerCase() === whole)) {
      checkSchemaUri(ctx, input, 0);
      return { uri: input, segments: [], text: input };
    }
    uri = input.slice(0, colon);
    checkSchemaUri(ctx, uri, 0);
    i = colon + 1;
  }

  const segments: PatchPathSegment[] = [];
  for (;;) {
    if (segments.length === MAX_PATCH_PATH_SEGMENTS) {
      throw errorAt(ctx, i, `A path has at most ${MAX_PATCH_PATH_SEGMENTS} segments`);
    }
    const previous = segments.at(-1);
    const inProperties =
      previous !== undefined &&
      previous.filter === undefined &&
      (segments.length === 1
        ? isPropertiesAttr(previous.attr, uri)
        : previous.attr.toLowerCase() === 'properties');
    if (inProperties) {
      segments.push({ attr: readPropertyName(ctx, i) });
      return makePath(uri, segments, input);
    }

    const nameEnd = scanNameChars(input, i);
    if (nameEnd === i) throw expectedAt(ctx, 'an attribute name', i, charEnd(input, i));
    const segment: PatchPathSegment = { attr: input.slice(i, nameEnd) };
    checkAttrName(ctx, segment.attr, i);
    i = nameEnd;
    if (input[i] === '[') {
      const selector = readSelector(ctx, i);
      segment.filter = selector.filter;
      i = selector.end;
    }
    segments.push(segment);

    if (i === input.length) return makePath(uri, segments, input);
    if (input[i] !== '.') {
      const expected = segment.filter === undefined ? "'.', '[' or end of path" : "'.' or end of path";
      throw expectedAt(ctx, expected, i, charEnd(input, i));
    }
    i++;
  }
}

/** `[ … ]` at `open`: nevisIDM's `[name='value']` / `[name="value"]`, else an RFC 7644 value filter. */
function readSelector(ctx: SourceContext, open: number): { filter: FilterNode; end: number } {
  const { input } = ctx;
  const nameStart = open + 1;
  const nameEnd = scanNameChars(input, nameStart);
  if (nameEnd > nameStart && input[nameEnd] === '=') {
    // nevisIDM's selector form, kept in its own place: a synonym of `[name eq "value"]`.
    const name = input.slice(nameStart, nameEnd);
    checkAttrName(ctx, name, nameStart);
    const quote = nameEnd + 1;
    let value: string;
    let end: number;
    if (input[quote] === "'") {
      const close = input.indexOf("'", quote + 1);
      if (close < 0) throw errorAt(ctx, quote, 'Unterminated string starting');
      value = input.slice(quote + 1, close);
      end = close + 1;
    } else if (input[quote] === '"') {
      ({ value, end } = scanString(ctx, quote));
    } else {
      throw expectedAt(ctx, 'a quoted value', quote, charEnd(input, quote));
    }
    if (input[end] !== ']') throw expectedAt(ctx, "']'", end, charEnd(input, end));
    const path = { attr: name, text: name, pos: nameStart };
    return { filter: { kind: 'compare', op: 'eq', path, value, pos: nameStart }, end: end + 1 };
  }
  return parseBracketFilter(ctx, nameStart);
}

/** A custom property name: words of name characters separated by single spaces, ending the path. */
function readPropertyName(ctx: SourceContext, start: number): string {
  const { input } = ctx;
  let end = scanNameChars(input, start);
  if (end === start) throw expectedAt(ctx, 'a property name', start, charEnd(input, start));
  checkAttrName(ctx, input.slice(start, end), start);
  while (input[end] === ' ') {
    const wordEnd = scanNameChars(input, end + 1);
    if (wordEnd === end + 1) {
      throw errorAt(ctx, end, 'Words of a property name must be separated by a single space');
    }
    checkPropertyWord(ctx, input.slice(end + 1, wordEnd), end + 1);
    end = wordEnd;
  }
  if (end < input.length)
    throw expectedAt(ctx, 'end of path after the property name', end, charEnd(input, end));
  return input.slice(start, end);
}

function makePath(uri: string | undefined, segments: PatchPathSegment[], text: string): PatchPath {
  return uri === undefined ? { segments, text } : { uri, segments, text };
}

/** End of the character at `i` (a surrogate pair is one character). */
function charEnd(input: string, i: number): number {
  return isHighSurrogate(input.charCodeAt(i)) ? i + 2 : i + 1;
}
