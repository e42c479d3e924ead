import type { SchemaRegistry, ScimResource } from '../schema/schema.registry';

/**
 * Entra ID's model of multi-valued attributes has at most one element per `type` (one work email, one mobile
 * phone): its PATCH `add emails[type eq "work"]` means "the work email". With the client's
 * `compat.uniqueTypePerMultiValue` on, every multi-valued attribute of the resource type's base schema keeps
 * the last element of each type (compared case-insensitively); elements without a type are kept as they are.
 * Returns a new resource; the input is not changed.
 */
export function onePerType(
  registry: SchemaRegistry,
  resourceType: string,
  resource: ScimResource,
): ScimResource {
  const out: ScimResource = { ...resource };
  const base = registry.schemasOf(resourceType).find((s) => s.core)!.schema;
  for (const attribute of base.attributes) {
    const list = out[attribute.name];
    if (!attribute.multiValued || attribute.type !== 'complex' || !Array.isArray(list)) continue;
    const typeOf = (e: unknown) =>
      typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string'
        ? (e as { type: string }).type.toLowerCase()
        : undefined;
    const last = new Map<string, number>();
    list.forEach((e, i) => {
      const type = typeOf(e);
      if (type !== undefined) last.set(type, i);
    });
    out[attribute.name] = list.filter((e, i) => {
      const type = typeOf(e);
      return type === undefined || last.get(type) === i;
    });
  }
  return out;
}
