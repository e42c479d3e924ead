import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { TenantContext } from '../tenant-context';
import { EnterpriseRoleEntity } from '../entities/enterprise-role.entity';
import { PropertyDefinitionEntity } from '../entities/property-definition.entity';
import { RoleEntity } from '../entities/role.entity';
import { UnitEntity } from '../entities/unit.entity';
import type { PropertyDefinitionView } from '../../scim/nevis/custom-properties';
import type { PropertyValue } from '../../scim/nevis/property-rules';

/** A property definition as users' values are checked against it, with its row id. */
export interface PropertyDefinitionRef extends PropertyDefinitionView {
  id: number;
}

/**
 * Lookups in the tenant's catalogue (units, roles, enterprise roles, property definitions) for the users'
 * profiles, authorizations and custom properties. Every query is scoped by the tenant's client id, so a
 * name of another client's catalogue is simply unknown.
 */
@Injectable()
export class CatalogueLookup {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async definitions(
    tenant: TenantContext,
    m: EntityManager = this.db.manager,
  ): Promise<PropertyDefinitionRef[]> {
    const rows = await m.find(PropertyDefinitionEntity, {
      where: { clientId: tenant.clientId },
      order: { id: 'ASC' },
    });
    return rows.map((d) => ({
      id: d.id,
      name: d.name,
      scope: d.scope,
      type: d.type,
      maxLength: d.maxLength,
      pattern: d.pattern,
      allowedValues: d.allowedValues ? (JSON.parse(d.allowedValues) as PropertyValue[]) : null,
      required: Boolean(d.required),
      unique: Boolean(d.uniquePerClient),
    }));
  }

  /** Unit ids by extId, for the extIds that name a unit of the tenant. */
  async unitIds(tenant: TenantContext, extIds: string[], m = this.db.manager): Promise<Map<string, number>> {
    if (extIds.length === 0) return new Map();
    const rows = await m.find(UnitEntity, {
      select: { id: true, extId: true },
      where: { clientId: tenant.clientId, extId: In([...new Set(extIds)]) },
    });
    return new Map(rows.map((r) => [r.extId, r.id]));
  }

  /** Role ids by `<application>.<role>` (split at the first dot: application names have none). */
  async roleIds(tenant: TenantContext, names: string[], m = this.db.manager): Promise<Map<string, number>> {
    const pairs = [...new Set(names)]
      .map((n) => ({ n, dot: n.indexOf('.') }))
      .filter(({ dot }) => dot > 0)
      .map(({ n, dot }) => ({ application: n.slice(0, dot), name: n.slice(dot + 1) }));
    if (pairs.length === 0) return new Map();
    const rows = await m.find(RoleEntity, {
      select: { id: true, application: true, name: true },
      where: pairs.map((p) => ({ clientId: tenant.clientId, application: p.application, name: p.name })),
    });
    return new Map(rows.map((r) => [`${r.application}.${r.name}`, r.id]));
  }

  async enterpriseRoleIds(
    tenant: TenantContext,
    extIds: string[],
    m = this.db.manager,
  ): Promise<Map<string, number>> {
    if (extIds.length === 0) return new Map();
    const rows = await m.find(EnterpriseRoleEntity, {
      select: { id: true, extId: true },
      where: { clientId: tenant.clientId, extId: In([...new Set(extIds)]) },
    });
    return new Map(rows.map((r) => [r.extId, r.id]));
  }
}
