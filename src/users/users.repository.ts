import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type ObjectLiteral } from 'typeorm';
import type { TenantContext } from '../clients/tenant-context';
import { CredentialEntity } from './entities/credential.entity';
import { UserAddressEntity } from './entities/user-address.entity';
import { UserEmailEntity } from './entities/user-email.entity';
import { UserMultiValueEntity } from './entities/user-multi-value.entity';
import { UserPhoneNumberEntity } from './entities/user-phone-number.entity';
import { UserEntity } from './entities/user.entity';
import type { StoredUser, UserRows } from './user.mapper';

/** The child tables of a user, in the order they are written and read. */
const CHILDREN = [
  ['emails', UserEmailEntity],
  ['phoneNumbers', UserPhoneNumberEntity],
  ['addresses', UserAddressEntity],
  ['multiValues', UserMultiValueEntity],
] as const;

/** Largest valid user id (BIGINT); anything else is "not found" without a query. */
const MAX_ID = 9223372036854775807n;

export function isUserId(id: string): boolean {
  return /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= MAX_ID;
}

/** bigint ids come back as strings from MariaDB and numbers from SQLite (PERFORMANCE.md trap 4). */
const normalizeId = <T extends { id: unknown; userId?: unknown }>(row: T): T => {
  const r = row as { id: unknown; userId?: unknown };
  r.id = typeof r.id === 'number' ? String(r.id) : r.id;
  if (typeof r.userId === 'number') r.userId = String(r.userId);
  return row;
};

export type WriteOutcome = 'ok' | 'missing' | 'conflict';

/**
 * SQL for users, always scoped by the tenant (every method takes it first and puts `client_id` in every
 * WHERE). Writes are plain INSERT/UPDATE/DELETE statements in one transaction — never `save()` on an
 * object that could carry another row's id (SECURITY.md).
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts a user and its children; returns the new id. */
  async insert(tenant: TenantContext, rows: UserRows, now: Date, m: EntityManager): Promise<string> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ ...rows.user, clientId: tenant.clientId, version: 1, createdAt: now, updatedAt: now })
      .updateEntity(false)
      .execute();
    const id = insertedId(result.raw, result.identifiers);
    await this.insertChildren(tenant, id, rows, m);
    return id;
  }

  /**
   * Replaces a user's columns and children if its version is still `expectedVersion` (compare-and-set in
   * the UPDATE itself, so two writers cannot both win).
   */
  async replace(
    tenant: TenantContext,
    id: string,
    expectedVersion: number,
    rows: UserRows,
    now: Date,
    m: EntityManager,
  ): Promise<WriteOutcome> {
    const result = await m
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...rows.user, version: () => 'version + 1', updatedAt: now })
      .where({ id, clientId: tenant.clientId, version: expectedVersion })
      .execute();
    if (!result.affected) return (await this.exists(tenant, id, m)) ? 'conflict' : 'missing';
    for (const [, entity] of CHILDREN) {
      await m
        .createQueryBuilder()
        .delete()
        .from(entity)
        .where({ userId: id, clientId: tenant.clientId })
        .execute();
    }
    await this.insertChildren(tenant, id, rows, m);
    return 'ok';
  }

  async delete(
    tenant: TenantContext,
    id: string,
    expectedVersion: number | undefined,
  ): Promise<WriteOutcome> {
    const where = {
      id,
      clientId: tenant.clientId,
      ...(expectedVersion !== undefined ? { version: expectedVersion } : {}),
    };
    const result = await this.db.createQueryBuilder().delete().from(UserEntity).where(where).execute();
    if (result.affected) return 'ok';
    return (await this.exists(tenant, id)) ? 'conflict' : 'missing';
  }

  async exists(tenant: TenantContext, id: string, m: EntityManager = this.db.manager): Promise<boolean> {
    return m.exists(UserEntity, { where: { id, clientId: tenant.clientId } });
  }

  async findOne(tenant: TenantContext, id: string): Promise<StoredUser | undefined> {
    const user = await this.db.manager.findOne(UserEntity, { where: { id, clientId: tenant.clientId } });
    if (!user) return undefined;
    const [stored] = await this.withChildren(tenant, [normalizeId(user)]);
    return stored;
  }

  /** One page in id order: the page's rows first, then their children by `user_id IN (…)`. */
  async findPage(tenant: TenantContext, offset: number, limit: number): Promise<StoredUser[]> {
    if (limit === 0) return [];
    const users = await this.db.manager.find(UserEntity, {
      where: { clientId: tenant.clientId },
      order: { id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return this.withChildren(tenant, users.map(normalizeId));
  }

  count(tenant: TenantContext): Promise<number> {
    return this.db.manager.count(UserEntity, { where: { clientId: tenant.clientId } });
  }

  /** Creates or replaces the user's PASSWORD credential with a new hash. */
  async setPassword(
    tenant: TenantContext,
    userId: string,
    hash: string,
    now: Date,
    m: EntityManager,
  ): Promise<void> {
    const updated = await m
      .createQueryBuilder()
      .update(CredentialEntity)
      .set({ secretHash: hash, updatedAt: now, state: 'active' })
      .where({ clientId: tenant.clientId, userId, type: 'PASSWORD' })
      .execute();
    if (updated.affected) return;
    await m
      .createQueryBuilder()
      .insert()
      .into(CredentialEntity)
      .values({
        clientId: tenant.clientId,
        userId,
        extId: randomUUID(),
        type: 'PASSWORD',
        state: 'active',
        secretHash: hash,
        createdAt: now,
        updatedAt: now,
      })
      .updateEntity(false)
      .execute();
  }

  /** The stored password hash of a user (for tests of the hashing and for the credential model). */
  async passwordHash(tenant: TenantContext, userId: string): Promise<string | undefined> {
    const row = await this.db
      .createQueryBuilder(CredentialEntity, 'c')
      .select('c.secretHash', 'hash')
      .where({ clientId: tenant.clientId, userId, type: 'PASSWORD' })
      .getRawOne<{ hash: string | null }>();
    return row?.hash ?? undefined;
  }

  private async insertChildren(tenant: TenantContext, userId: string, rows: UserRows, m: EntityManager) {
    for (const [key, entity] of CHILDREN) {
      const children = rows[key];
      if (children.length === 0) continue;
      await m
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(children.map((c) => ({ ...c, clientId: tenant.clientId, userId })))
        .updateEntity(false)
        .execute();
    }
  }

  private async withChildren(tenant: TenantContext, users: UserEntity[]): Promise<StoredUser[]> {
    if (users.length === 0) return [];
    const ids = users.map((u) => u.id);
    const where = { clientId: tenant.clientId, userId: In(ids) };
    const order = { userId: 'ASC', position: 'ASC' } as const;
    const [emails, phoneNumbers, addresses, multiValues] = await Promise.all([
      this.db.manager.find(UserEmailEntity, { where, order }),
      this.db.manager.find(UserPhoneNumberEntity, { where, order }),
      this.db.manager.find(UserAddressEntity, { where, order }),
      this.db.manager.find(UserMultiValueEntity, { where, order }),
    ]);
    const managers = await this.managerNames(
      tenant,
      users.map((u) => u.managerValue).filter((v): v is string => v !== null && isUserId(v)),
    );
    const group = <T extends { id: unknown; userId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const r of rows.map(normalizeId)) map.set(r.userId, [...(map.get(r.userId) ?? []), r]);
      return map;
    };
    const [e, p, a, mv] = [group(emails), group(phoneNumbers), group(addresses), group(multiValues)];
    return users.map((user) => ({
      user,
      emails: e.get(user.id) ?? [],
      phoneNumbers: p.get(user.id) ?? [],
      addresses: a.get(user.id) ?? [],
      multiValues: mv.get(user.id) ?? [],
      managerDisplayName: user.managerValue ? managers.get(user.managerValue) : undefined,
    }));
  }

  /** Display names of the managers that exist in this client (USER-SCHEMA.md §2: resolved when it exists). */
  private async managerNames(tenant: TenantContext, ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.manager.find(UserEntity, {
      select: { id: true, displayName: true },
      where: { clientId: tenant.clientId, id: In([...new Set(ids)]) },
    });
    return new Map(rows.map((r) => [String(r.id), r.displayName]));
  }
}

/** The auto-increment id of an INSERT on either engine. */
function insertedId(raw: unknown, identifiers: ObjectLiteral[]): string {
  const fromIdentifiers = identifiers[0]?.id as string | number | undefined;
  if (fromIdentifiers !== undefined && fromIdentifiers !== null) return String(fromIdentifiers);
  // mysql2 answers a ResultSetHeader with insertId; better-sqlite3's runner answers lastInsertRowid itself.
  const id =
    typeof raw === 'number' || typeof raw === 'bigint'
      ? raw
      : (raw as { insertId?: number | string } | undefined)?.insertId;
  if (id === undefined || id === null) throw new Error('INSERT returned no id');
  return String(id);
}
