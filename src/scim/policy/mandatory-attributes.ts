import { ScimError } from '../errors/scim-error';
import { SchemaRegistry, type ScimResource } from '../schema/schema.registry';

const USER = 'User';

const hasValue = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/**
 * The attribute paths of a client's mandatory-attribute policy that a user lacks. Paths are `attr`,
 * `attr.sub` or URN-qualified; a multi-valued attribute needs one element (with the sub-attribute, if named).
 */
export function missingMandatory(
  registry: SchemaRegistry,
  resource: ScimResource,
  paths: readonly string[],
): string[] {
  return paths.filter((path) => {
    const { uri, rest } = registry.splitUrn(USER, path);
    const [name, sub] = rest.split('.', 2);
    const found = registry.findAttribute(USER, name, uri);
    if (!found) return false;
    const holder = found.core ? resource : (resource[found.schema.id] as ScimResource | undefined);
    const value = holder?.[found.attribute.name];
    if (!sub) return !hasValue(value);
    const subDef = SchemaRegistry.findSubAttribute(found.attribute, sub);
    const key = subDef?.name ?? sub;
    const items = Array.isArray(value) ? value : [value];
    return !items.some(
      (item) => typeof item === 'object' && item !== null && hasValue((item as ScimResource)[key]),
    );
  });
}

/** nevisIDM client policy: 422 naming every mandatory attribute the user lacks (API.md §3). */
export function enforceMandatory(
  registry: SchemaRegistry,
  resource: ScimResource,
  paths: readonly string[],
): void {
  const missing = missingMandatory(registry, resource, paths);
  if (missing.length > 0) {
    throw ScimError.policy(
      `The client's policy makes these attributes mandatory, and they are missing: ${missing.join(', ')}`,
    );
  }
}

/** Names in a policy that are not attributes of the User resource type (refused when the policy is set). */
export function unknownPolicyPaths(registry: SchemaRegistry, paths: readonly string[]): string[] {
  return paths.filter((path) => {
    const { uri, rest } = registry.splitUrn(USER, path);
    const [name, sub] = rest.split('.', 2);
    const found = registry.findAttribute(USER, name, uri);
    if (!found || found.attribute.mutability === 'readOnly') return true;
    return sub !== undefined && !SchemaRegistry.findSubAttribute(found.attribute, sub);
  });
}
