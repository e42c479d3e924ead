import { FILTER_KEYWORDS, isReservedName } from '../filter/attr-name.rules';

/**
 * The rules of custom property definitions (USER-SCHEMA.md §3.4), as pure functions: the admin API checks
 * definitions with them now, and the property values of users, profiles and credentials are to be checked
 * with `propertyValueProblem` so that a definition and its values can never disagree.
 */
export const PROPERTY_SCOPES = ['user', 'profile', 'credential'] as const;
export type PropertyScope = (typeof PROPERTY_SCOPES)[number];

export const PROPERTY_TYPES = ['string', 'integer', 'boolean', 'date'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const PROPERTY_NAME_MAX_LENGTH = 128;
export const PROPERTY_PATTERN_MAX_LENGTH = 256;
export const PROPERTY_MAX_LENGTH_LIMIT = 65535;
export const ALLOWED_VALUES_MAX = 1000;
/** The JSON of the allowed values must fit a TEXT column on MySQL-family engines (64 KiB). */
export const ALLOWED_VALUES_MAX_BYTES = 65535;

export type PropertyValue = string | number | boolean;

/** What a value is checked against. */
export interface PropertyRule {
  readonly type: PropertyType;
  readonly maxLength: number | null;
  readonly pattern: string | null;
  readonly allowedValues: readonly PropertyValue[] | null;
}

export const isPropertyScope = (value: string): value is PropertyScope =>
  (PROPERTY_SCOPES as readonly string[]).includes(value);

/** A first word is an ATTRNAME (RFC 7644 §3.4.2.2) without `$`; later words may start with a digit. */
const FIRST_WORD = /^[A-Za-z][A-Za-z0-9_-]*$/;
const LATER_WORD = /^[A-Za-z0-9_-]+$/;

/**
 * Why `name` cannot name a property, or undefined. Names are what filters and PATCH paths write after
 * `properties.`: single spaces between words, and no word a filter keyword, so the filter parser can tell
 * where a name ends (`properties.cost center eq "x"`).
 */
export function propertyNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'name must not be empty';
  if (name.length > PROPERTY_NAME_MAX_LENGTH)
    return `name must be at most ${PROPERTY_NAME_MAX_LENGTH} characters long`;
  if (/^ | $| {2}/.test(name))
    return `name '${name}': words must be separated by a single space, without leading or trailing spaces`;
  const words = name.split(' ');
  for (const [i, word] of words.entries()) {
    if (!(i === 0 ? FIRST_WORD : LATER_WORD).test(word)) {
      return i === 0 && LATER_WORD.test(word)
        ? `name '${name}' must start with a letter`
        : `name '${name}': word '${word}' may contain only letters, digits, '-' and '_'`;
    }
    if (FILTER_KEYWORDS.has(word.toLowerCase()))
      return `name '${name}': '${word}' is a filter keyword and cannot be a word of a property name`;
    if (isReservedName(word)) return `name '${name}': '${word}' is not allowed in a property name`;
  }
  return undefined;
}

/**
 * The RegExp a definition's `pattern` becomes: the whole value must match, with Unicode semantics. Throws a
 * SyntaxError for a pattern that does not compile.
 */
export function propertyPatternRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, 'u');
}

/** Why `pattern` cannot be a definition's pattern, or undefined. */
export function propertyPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'pattern must not be empty';
  if (pattern.length > PROPERTY_PATTERN_MAX_LENGTH)
    return `pattern must be at most ${PROPERTY_PATTERN_MAX_LENGTH} characters long`;
  try {
    propertyPatternRegExp(pattern);
    return undefined;
  } catch (err) {
    return `pattern is not a valid JavaScript regular expression: ${(err as Error).message}`;
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` (the `date` type), rejecting days that do not exist. */
export function isPropertyDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const describe = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Why `value` is not a value of `type`, or undefined. */
function typeProblem(type: PropertyType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `${describe(value)} is not a string`;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? undefined
        : `${describe(value)} is not an integer`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${describe(value)} is not a boolean`;
    case 'date':
      return typeof value === 'string' && isPropertyDate(value)
        ? undefined
        : `${describe(value)} is not a date (YYYY-MM-DD)`;
  }
}

/**
 * Why `value` breaks `rule`, or undefined: its type, then `maxLength` and `pattern` (strings), then
 * `allowedValues`. The message names the rule that is broken.
 */
export function propertyValueProblem(rule: PropertyRule, value: unknown): string | undefined {
  const wrongType = typeProblem(rule.type, value);
  if (wrongType) return `type: ${wrongType}`;
  if (typeof value === 'string') {
    if (rule.maxLength !== null && [...value].length > rule.maxLength)
      return `maxLength: ${describe(value)} is longer than ${rule.maxLength} characters`;
    if (rule.pattern !== null && !propertyPatternRegExp(rule.pattern).test(value))
      return `pattern: ${describe(value)} does not match ${rule.pattern}`;
  }
  if (rule.allowedValues !== null && !rule.allowedValues.includes(value as PropertyValue))
    return `allowedValues: ${describe(value)} is not one of the allowed values`;
  return undefined;
}

/**
 * Every reason why a definition's rule is inconsistent, each naming the field: `maxLength` and `pattern`
 * apply to strings only, and every allowed value must itself satisfy the type, `maxLength` and `pattern`.
 */
export function propertyRuleProblems(rule: {
  type: PropertyType;
  maxLength: number | null;
  pattern: string | null;
  allowedValues: readonly unknown[] | null;
}): string[] {
  const problems: string[] = [];
  if (rule.maxLength !== null && rule.type !== 'string')
    problems.push(`maxLength applies only to string properties, not to type ${rule.type}`);
  if (rule.pattern !== null) {
    if (rule.type !== 'string')
      problems.push(`pattern applies only to string properties, not to type ${rule.type}`);
    const bad = propertyPatternProblem(rule.pattern);
    if (bad) problems.push(bad);
  }
  if (problems.length > 0 || rule.allowedValues === null) return problems;
  const values = rule.allowedValues;
  if (values.length === 0)
    problems.push('allowedValues must not be empty (omit it or send null to allow any value)');
  if (values.length > ALLOWED_VALUES_MAX)
    problems.push(`allowedValues must have at most ${ALLOWED_VALUES_MAX} entries`);
  else if (Buffer.byteLength(JSON.stringify(values)) > ALLOWED_VALUES_MAX_BYTES)
    problems.push(`allowedValues must not exceed ${ALLOWED_VALUES_MAX_BYTES} bytes as JSON`);
  const seen = new Set<unknown>();
  for (const [i, value] of values.entries()) {
    const bad = propertyValueProblem({ ...rule, allowedValues: null }, value);
    if (bad) problems.push(`allowedValues[${i}]: ${bad}`);
    else if (seen.has(value)) problems.push(`allowedValues[${i}]: ${describe(value)} is listed twice`);
    seen.add(value);
  }
  return problems;
}
