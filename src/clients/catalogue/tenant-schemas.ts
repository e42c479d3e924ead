import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantContext } from '../tenant-context';
import type { PropertyScope } from '../../scim/nevis/property-rules';
import { nevisUserSchema } from '../../scim/schema/nevis-user.schema';
import { SchemaRegistry } from '../../scim/schema/schema.registry';
import { attr, type AttributeDef } from '../../scim/schema/schema.types';
import type { PropertyType } from '../../scim/nevis/property-rules';
import { CatalogueLookup, type PropertyDefinitionRef } from './catalogue-lookup';

/** The user-scope property definitions a filter may name: lower-cased name → row id, type, uniqueness. */
export type PropertyColumns = ReadonlyMap<string, { id: number; type: PropertyType; unique: boolean }>;

/** A property definition as a sub-attribute of `properties` (USER-SCHEMA.md §3.4). */
export function propertyAttribute(d: PropertyDefinitionRef): AttributeDef {
  const strings = d.allowedValues?.every((v) => typeof v === 'string');
  return attr(d.name, `Custom property (${d.type}${d.unique ? ', unique per client' : ''}).`, {
    type: d.type === 'integer' ? 'integer' : d.type === 'boolean' ? 'boolean' : 'string',
    required: d.required,
    caseExact: true,
    uniqueness: d.unique ? 'server' : 'none',
    ...(strings && d.allowedValues ? { canonicalValues: d.allowedValues } : {}),
    limits: {
      ...(d.maxLength !== null ? { maxLength: d.maxLength } : {}),
      ...(d.type === 'date' ? { format: 'date' as const } : {}),
    },
  });
}

/**
 * The schema registry as one tenant sees it: the nevisIDM extension's `properties` (of users, profiles and
 * credentials) list the client's property definitions as sub-attributes, so `/Schemas` shows them and PATCH
 * paths such as `properties.cost center` resolve.
 */
@Injectable()
export class TenantSchemas {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly catalogue: CatalogueLookup,
  ) {}

  async registryFor(tenant: TenantContext, m?: EntityManager): Promise<SchemaRegistry> {
    return (await this.forTenant(tenant, m)).registry;
  }

  /**
   * The tenant's registry, its property definitions, and the user-scope ones filters may name (by lower-cased
   * name): one query.
   */
  async forTenant(
    tenant: TenantContext,
    m?: EntityManager,
  ): Promise<{
    registry: SchemaRegistry;
    definitions: PropertyDefinitionRef[];
    userProperties: PropertyColumns;
  }> {
    const definitions = await this.catalogue.definitions(tenant, m);
    const userProperties = new Map(
      definitions
        .filter((d) => d.scope === 'user')
        .map((d) => [d.name.toLowerCase(), { id: d.id, type: d.type, unique: d.unique }]),
    );
    return { registry: this.build(definitions), definitions, userProperties };
  }

  private build(definitions: PropertyDefinitionRef[]): SchemaRegistry {
    if (definitions.length === 0) return this.registry;
    const of = (scope: PropertyScope) => definitions.filter((d) => d.scope === scope).map(propertyAttribute);
    return this.registry.withSchema(
      nevisUserSchema({ user: of('user'), profile: of('profile'), credential: of('credential') }),
    );
  }
}
