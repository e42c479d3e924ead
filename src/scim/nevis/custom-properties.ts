import { ScimError } from '../errors/scim-error';
import {
  propertyValueProblem,
  type PropertyRule,
  type PropertyScope,
  type PropertyType,
  type PropertyValue,
} from './property-rules';

/**
 * Custom property values (USER-SCHEMA.md §3.4): the open `properties` map of users, profiles and credentials,
 * checked against the client's property definitions with the same rules the admin API checks definitions
 * with, so a definition and its values can never disagree. Uniqueness needs the database and is the
 * caller's; `propertyStorageText` gives the text it compares.
 */
export interface PropertyDefinitionView extends PropertyRule {
  name: string;
  scope: PropertyScope;
  required: boolean;
  unique: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks `value` (what the request gave for `properties`; undefined or null means no properties) against
 * the definitions of `scope`:
 * - not an object → 400 invalidValue naming `path`;
 * - a member whose name matches no definition (case-insensitively) → 422 naming it;
 * - a null member is no value (dropped);
 * - a value breaking its definition → 422 naming `${path}.${definition.name}` and the rule;
 * - a required definition without a value → 422 naming it;
 * - the same property given twice in different case → 400 invalidValue.
 * Every problem is collected and reported in one error, joined with '; ', so a caller sees them all at once;
 * the error is a 400 when any problem is malformed input (those listed first), else a 422.
 * Returns the canonical map: definition name (its own spelling) → value, in definition order.
 */
export function checkProperties(
  definitions: readonly PropertyDefinitionView[],
  scope: PropertyScope,
  value: unknown,
  path: string,
): Record<string, PropertyValue> {
  if (value != null && !isObject(value))
    throw ScimError.invalidValue(`${path} must be an object of custom properties`);
  const ofScope = definitions.filter((d) => d.scope === scope);
  const byName = new Map(ofScope.map((d) => [d.name.toLowerCase(), d]));

  const malformed: string[] = [];
  const policy: string[] = [];
  const given = new Map<PropertyDefinitionView, { key: string; value: unknown }>();
  for (const [key, member] of Object.entries(value ?? {})) {
    const definition = byName.get(key.toLowerCase());
    if (!definition) {
      policy.push(`${path}.${key} is not a defined property of scope ${scope}`);
      continue;
    }
    const earlier = given.get(definition);
    if (earlier) {
      malformed.push(`${path}.${definition.name} is given twice ('${earlier.key}' and '${key}')`);
      continue;
    }
    given.set(definition, { key, value: member });
  }

  const result: Record<string, PropertyValue> = {};
  for (const definition of ofScope) {
    const member = given.get(definition)?.value;
    if (member == null) {
      if (definition.required) policy.push(`${path}.${definition.name} is required`);
      continue;
    }
    const problem = propertyValueProblem(definition, member);
    if (problem) policy.push(`${path}.${definition.name}: ${problem}`);
    else result[definition.name] = member as PropertyValue;
  }

  if (malformed.length > 0) throw ScimError.invalidValue([...malformed, ...policy].join('; '));
  if (policy.length > 0) throw ScimError.policy(policy.join('; '));
  return result;
}

/** The text stored for a value and used for per-client uniqueness: strings as is, numbers/booleans via String(). */
export function propertyStorageText(value: PropertyValue): string {
  return typeof value === 'string' ? value : String(value);
}

/** Back from storage: by the definition's type (integer → number, boolean → true/false, string/date → string). */
export function propertyFromStorage(type: PropertyType, text: string): PropertyValue {
  switch (type) {
    case 'integer':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'string':
    case 'date':
      return text;
  }
}
