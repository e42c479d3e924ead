import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { TenantContext } from '../../clients/tenant-context';
import { EnterpriseRoleEntity } from '../../clients/entities/enterprise-role.entity';
import { PropertyDefinitionEntity } from '../../clients/entities/property-definition.entity';
import { RoleEntity } from '../../clients/entities/role.entity';
import { UnitEntity } from '../../clients/entities/unit.entity';
import { AuthorizationEntity } from '../entities/authorization.entity';
import { CredentialEntity } from '../entities/credential.entity';
import type { LoginColumns } from '../entities/login-columns';
import { ProfileEntity } from '../entities/profile.entity';
import { PropertyValueEntity } from '../entities/property-value.entity';
import type { NevisPart } from '../unchanged-parts';
import type { NevisRows, StoredAuthorization, StoredNevis } from './nevis-rows';

/** The secret and bookkeeping columns of a stored credential that a rewrite carries over. */
interface KeptCredential {
  extId: string;
  login: LoginColumns;
  type: string;
  secretHash: string | null;
  secretData: string | null;
  createdAt: Date;
  updatedAt: Date;
  fingerprint: string;
}

export const NO_LOGIN: LoginColumns = {
  lastLogin: null,
  lastLoginFailure: null,
  successfulLoginCount: null,
  failedLoginCount: null,
};

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
const asString = (id: unknown) => String(id);

/** What of a credential row a change shows in `lastModified` (everything but bookkeeping and secrets). */
function fingerprint(c: {
  state: string;
  validFrom: Date | null;
  validTo: Date | null;
  policyExtId: string | null;
  data: string | null;
}): string {
  const t = (d: Date | null) => (d ? new Date(d).getTime() : null);
  return JSON.stringify([c.state, t(c.validFrom), t(c.validTo), c.policyExtId, c.data]);
}

/**
 * The nevisIDM extension's child tables of users: credentials, profiles, authorizations and custom property
 * values. Every statement is scoped by the tenant's client id. A write replaces a user's children as a
 * whole inside the caller's transaction, carrying over what the request cannot carry: the secrets of kept
 * credentials, and their created/lastModified times when unchanged.
 */
@Injectable()
export class NevisRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Replaces the user's children with `rows` (inside the caller's transaction). `stored` — the children as
   * read in this same transaction, under the user's row lock, or none for a new user — spares the statements
   * for tables the user has no rows in, and `unchanged` names the groups to leave as they are; without
   * `stored` every table is rewritten.
   */
  async write(
    tenant: TenantContext,
    userId: string,
    rows: NevisRows,
    now: Date,
    m: EntityManager,
    stored?: StoredNevis,
    unchanged: ReadonlySet<NevisPart> = new Set(),
  ) {
    const scope = { clientId: tenant.clientId, userId };
    const write = {
      credentials: !unchanged.has('credentials'),
      profiles: !unchanged.has('profiles'),
      properties: !unchanged.has('properties'),
    };
    const clear = {
      credentials: write.credentials && (!stored || stored.credentials.length > 0),
      profiles: write.profiles && (!stored || stored.profiles.length > 0),
      properties: write.properties && (!stored || stored.properties.length > 0),
    };
    const kept = clear.credentials
      ? await this.keptCredentials(tenant, userId, m)
      : new Map<string, KeptCredential>();
    for (const [entity, present] of [
      [PropertyValueEntity, clear.properties],
      [AuthorizationEntity, clear.profiles],
      [ProfileEntity, clear.profiles],
      [CredentialEntity, clear.credentials],
    ] as const) {
      if (present) await m.createQueryBuilder().delete().from(entity).where(scope).execute();
    }
    if (write.credentials && rows.credentials.length > 0) {
      const values = rows.credentials.map((c) => {
        const before = kept.get(c.extId);
        const { secret, ...columns } = c;
        let secretHash = before?.secretHash ?? null;
        let secretData = before?.secretData ?? null;
        if (secret !== 'keep') {
          secretHash = secret.hash;
          secretData = secret.data;
          if (secret.history && before?.secretHash && secret.hash) {
            // The password history keeps the hashes of the last passwords (the current one included).
            const older = before.secretData
              ? ((JSON.parse(before.secretData) as { history?: string[] }).history ?? [])
              : [];
            const history = [before.secretHash, ...older].slice(0, secret.history);
            secretData = JSON.stringify({ ...(secretData ? JSON.parse(secretData) : {}), history });
          }
        }
        const unchanged = before && secret === 'keep' && before.fingerprint === fingerprint(c);
        return {
          ...columns,
          login: columns.login === 'keep' ? (before?.login ?? NO_LOGIN) : columns.login,
          ...scope,
          secretHash,
          secretData,
          createdAt: before?.createdAt ?? now,
          updatedAt: unchanged ? before.updatedAt : now,
        };
      });
      await m
        .createQueryBuilder()
        .insert()
        .into(CredentialEntity)
        .values(values)
        .updateEntity(false)
        .execute();
    }
    if (write.profiles && rows.profiles.length > 0) {
      await m
        .createQueryBuilder()
        .insert()
        .into(ProfileEntity)
        .values(rows.profiles.map(({ authorizations: _a, ...columns }) => ({ ...columns, ...scope })))
        .updateEntity(false)
        .execute();
      const authorizations = rows.profiles.flatMap((p) =>
        p.authorizations.map((a) => ({ a, profile: p.extId })),
      );
      if (authorizations.length > 0) {
        // The new profiles' ids, by extId (unique within the user), for their authorizations.
        const ids = await m.find(ProfileEntity, { select: { id: true, extId: true }, where: scope });
        const idOf = new Map(ids.map((p) => [p.extId, p.id]));
        await m
          .createQueryBuilder()
          .insert()
          .into(AuthorizationEntity)
          .values(authorizations.map(({ a, profile }) => ({ ...a, ...scope, profileId: idOf.get(profile)! })))
          .updateEntity(false)
          .execute();
      }
    }
    if (write.properties && rows.properties.length > 0) {
      await m
        .createQueryBuilder()
        .insert()
        .into(PropertyValueEntity)
        .values(rows.properties.map((p) => ({ ...p, ...scope })))
        .updateEntity(false)
        .execute();
    }
  }

  private async keptCredentials(
    tenant: TenantContext,
    userId: string,
    m: EntityManager,
  ): Promise<Map<string, KeptCredential>> {
    const rows = await m
      .createQueryBuilder(CredentialEntity, 'c')
      .addSelect(['c.secretHash', 'c.secretData'])
      .where({ clientId: tenant.clientId, userId })
      .getMany();
    return new Map(rows.map((r) => [r.extId, { ...r, fingerprint: fingerprint(r) }]));
  }

  /** The PASSWORD credential's current hash and history (for the history rule, checked before a write). */
  async passwordHashes(tenant: TenantContext, userId: string): Promise<string[]> {
    const row = await this.db.manager
      .createQueryBuilder(CredentialEntity, 'c')
      .select(['c.id', 'c.secretHash', 'c.secretData'])
      .where({ clientId: tenant.clientId, userId, type: 'PASSWORD' })
      .getOne();
    if (!row?.secretHash) return [];
    const history = row.secretData
      ? ((JSON.parse(row.secretData) as { history?: string[] }).history ?? [])
      : [];
    return [row.secretHash, ...history];
  }

  /** The children of some users of the tenant, by user id. */
  async read(tenant: TenantContext, userIds: string[], m: EntityManager): Promise<Map<string, StoredNevis>> {
    const out = new Map<string, StoredNevis>();
    if (userIds.length === 0) return out;
    for (const id of userIds) out.set(id, { credentials: [], profiles: [], properties: [] });
    const where = { clientId: tenant.clientId, userId: In(userIds) };
    const [credentials, profiles, authorizations, properties] = await Promise.all([
      m.find(CredentialEntity, { where, order: { userId: 'ASC', position: 'ASC' } }),
      m.find(ProfileEntity, { where, order: { userId: 'ASC', position: 'ASC' } }),
      m.find(AuthorizationEntity, { where, order: { userId: 'ASC', profileId: 'ASC', position: 'ASC' } }),
      m.find(PropertyValueEntity, { where, order: { userId: 'ASC', id: 'ASC' } }),
    ]);
    const ids = <T>(rows: T[], key: (r: T) => number | null) => [
      ...new Set(rows.map(key).filter((v): v is number => v !== null)),
    ];
    const inTenant = (list: number[]) => ({ clientId: tenant.clientId, id: In(list) });
    const [units, roles, enterpriseRoles, definitions] = await Promise.all([
      m.find(UnitEntity, {
        select: { id: true, extId: true },
        where: inTenant(ids(profiles, (p) => p.unitId)),
      }),
      m.find(RoleEntity, {
        select: { id: true, application: true, name: true },
        where: inTenant(ids(authorizations, (a) => a.roleId)),
      }),
      m.find(EnterpriseRoleEntity, {
        select: { id: true, extId: true },
        where: inTenant(ids(authorizations, (a) => a.enterpriseRoleId)),
      }),
      m.find(PropertyDefinitionEntity, {
        select: { id: true, name: true, scope: true, type: true },
        where: inTenant(ids(properties, (p) => p.definitionId)),
      }),
    ]);
    const [unitById, roleById, enterpriseById, definitionById] = [
      byId(units),
      byId(roles),
      byId(enterpriseRoles),
      byId(definitions),
    ];
    const authorizationsByProfile = new Map<number, StoredAuthorization[]>();
    for (const a of authorizations) {
      const role = a.roleId !== null ? roleById.get(a.roleId) : undefined;
      const list = authorizationsByProfile.get(a.profileId) ?? [];
      list.push({
        row: a,
        role: role ? `${role.application}.${role.name}` : null,
        enterpriseRoleExtId:
          a.enterpriseRoleId !== null ? (enterpriseById.get(a.enterpriseRoleId)?.extId ?? null) : null,
      });
      authorizationsByProfile.set(a.profileId, list);
    }
    for (const c of credentials) out.get(asString(c.userId))?.credentials.push(c);
    for (const p of profiles) {
      out.get(asString(p.userId))?.profiles.push({
        row: p,
        unitExtId: unitById.get(p.unitId)?.extId ?? '',
        authorizations: authorizationsByProfile.get(p.id) ?? [],
      });
    }
    for (const v of properties) {
      const d = definitionById.get(v.definitionId);
      if (!d) continue;
      out.get(asString(v.userId))?.properties.push({
        name: d.name,
        scope: d.scope,
        type: d.type,
        ownerExtId: v.ownerExtId,
        value: v.value,
      });
    }
    return out;
  }
}
