import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type FindManyOptions, type ObjectLiteral } from 'typeorm';
import type { TenantContext } from '../clients/tenant-context';
import { ClientEntity } from '../clients/entities/client.entity';
import { CredentialEntity } from './entities/credential.entity';
import { UserAddressEntity } from './entities/user-address.entity';
import { UserEmailEntity } from './entities/user-email.entity';
import { GENERIC_MULTI_VALUED, UserMultiValueEntity } from './entities/user-multi-value.entity';
import { UserPhoneNumberEntity } from './entities/user-phone-number.entity';
import { UserEntity } from './entities/user.entity';
import type { CursorPosition } from './query/cursor';
import { sqlDateTime, type SqlFragment } from './query/user-filter.compiler';
import type { SortKey } from './query/user-sort';
import type { StoredUser, UserRows } from './user.mapper';
import type { Projection, SchemaRegistry } from '../scim/schema/schema.registry';
import { URN } from '../scim/schema/urns';
import { NevisRepository, NO_LOGIN } from './nevis/nevis.repository';
import type { CorePart } from './unchanged-parts';

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

/** Which child tables a read loads (what the projection does not return is not read). */
export interface ChildSelection {
  emails: boolean;
  phoneNumbers: boolean;
  addresses: boolean;
  multiValues: boolean;
  /** Resolve the manager's display name (a lookup of another user). */
  manager: boolean;
  /** The nevisIDM extension's credentials, profiles and custom properties. */
  nevis: boolean;
}

export const ALL_CHILDREN: ChildSelection = {
  emails: true,
  phoneNumbers: true,
  addresses: true,
  multiValues: true,
  manager: true,
  nevis: true,
};

/** The child tables a projection needs: only those holding attributes it returns. */
export function childSelection(registry: SchemaRegistry, projection: Projection): ChildSelection {
  const wants = (name: string, uri?: string) => registry.selects('User', projection, name, uri);
  return {
    emails: wants('emails'),
    phoneNumbers: wants('phoneNumbers'),
    addresses: wants('addresses'),
    multiValues: GENERIC_MULTI_VALUED.some((name) => wants(name)),
    manager: wants('manager', URN.enterpriseUser),
    nevis: ['credentials', 'profiles', 'properties'].some((name) => wants(name, URN.nevisUser)),
  };
}

export interface UserPageQuery {
  where?: SqlFragment;
  sort?: SortKey;
  offset: number;
  limit: number;
  /** Keyset position (RFC 9865 cursor); with it, offset is 0. */
  position?: CursorPosition;
  include: ChildSelection;
}

export interface UserPage {
  users: StoredUser[];
  /** The id and sort value of each user of the page, for cursors. */
  edges: { id: string; value: string | number | null }[];
  /** More users follow in the direction read. */
  hasMore: boolean;
}

/** A sort value as SQL compares it: DATETIME comes back as a Date from mysql2, as text from SQLite. */
function sortValue(raw: unknown): string | number | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return sqlDateTime(raw);
  if (typeof raw === 'number' || typeof raw === 'string') return raw;
  if (typeof raw === 'bigint') return raw.toString();
  return JSON.stringify(raw);
}

/**
 * "After this position" in the order (sk IS NULL, sk, id) — missing values sort as the greatest — read
 * ascending, or descending when `descending`.
 */
function keysetCondition(
  sk: string | undefined,
  descending: boolean,
  position: CursorPosition,
  params: Record<string, unknown>,
): string {
  params.kid = Number(position.id);
  const idAfter = descending ? 'u.id < :kid' : 'u.id > :kid';
  if (!sk) return `(${idAfter})`;
  if (position.value === null) {
    return descending ? `((${sk}) IS NOT NULL OR ${idAfter})` : `((${sk}) IS NULL AND ${idAfter})`;
  }
  params.kv = position.value;
  const cmp = descending ? '<' : '>';
  const within = `((${sk}) IS NOT NULL AND ((${sk}) ${cmp} :kv OR ((${sk}) = :kv AND ${idAfter})))`;
  return descending ? within : `(${within} OR (${sk}) IS NULL)`;
}

/**
 * SQL for users, always scoped by the tenant (every method takes it first and puts `client_id` in every
 * WHERE). Writes are plain INSERT/UPDATE/DELETE statements in one transaction — never `save()` on an
 * object that could carry another row's id (SECURITY.md).
 */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly nevis: NevisRepository,
  ) {}

  /** The SQL dialect family of the connected engine. */
  get dialect(): 'sqlite' | 'mysql' {
    return this.db.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts a user and its children; returns the new id. */
  async insert(tenant: TenantContext, rows: UserRows, now: Date, m: EntityManager): Promise<string> {
    // The client's user counter first: taking the client row's lock before the INSERT's foreign-key check
    // (a shared lock on the same row) keeps concurrent creates from deadlocking on MariaDB.
    await this.adjustUserCount(tenant, +1, m);
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({
        ...rows.user,
        login: rows.login ?? NO_LOGIN,
        clientId: tenant.clientId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      })
      .updateEntity(false)
      .execute();
    const id = insertedId(result.raw, result.identifiers);
    await this.insertChildren(tenant, id, rows, m);
    return id;
  }

  /**
   * Replaces a user's columns and children if its version is still `expectedVersion` (compare-and-set in
   * the UPDATE itself, so two writers cannot both win). Child tables named `unchanged` are left alone.
   */
  async replace(
    tenant: TenantContext,
    id: string,
    expectedVersion: number,
    rows: UserRows,
    now: Date,
    m: EntityManager,
    unchanged: ReadonlySet<CorePart> = new Set(),
  ): Promise<WriteOutcome> {
    const result = await m
      .createQueryBuilder()
      .update(UserEntity)
      .set({
        ...rows.user,
        ...(rows.login ? { login: rows.login } : {}),
        version: () => 'version + 1',
        updatedAt: now,
      })
      .where({ id, clientId: tenant.clientId, version: expectedVersion })
      .execute();
    if (!result.affected) return (await this.exists(tenant, id, m)) ? 'conflict' : 'missing';
    for (const [key, entity] of CHILDREN) {
      if (unchanged.has(key)) continue;
      await m
        .createQueryBuilder()
        .delete()
        .from(entity)
        .where({ userId: id, clientId: tenant.clientId })
        .execute();
    }
    await this.insertChildren(tenant, id, rows, m, unchanged);
    return 'ok';
  }

  /**
   * The user's current version, with the row locked until the transaction ends (MariaDB/MySQL
   * `SELECT … FOR UPDATE`; SQLite runs one writing transaction at a time anyway).
   */
  async lockVersion(tenant: TenantContext, id: string, m: EntityManager): Promise<number | undefined> {
    const qb = m
      .createQueryBuilder(UserEntity, 'u')
      .select('u.version', 'version')
      .where({ id, clientId: tenant.clientId });
    if (this.dialect === 'mysql') qb.setLock('pessimistic_write');
    const row = await qb.getRawOne<{ version: number | string }>();
    return row ? Number(row.version) : undefined;
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
    const deleted = await this.db
      .transaction(async (m) => {
        await this.adjustUserCount(tenant, -1, m);
        const result = await m.createQueryBuilder().delete().from(UserEntity).where(where).execute();
        // Nothing deleted: undo the counter by rolling the transaction back.
        if (!result.affected) throw new NothingDeleted();
        return true;
      })
      .catch((err: unknown) => {
        if (err instanceof NothingDeleted) return false;
        throw err;
      });
    if (deleted) return 'ok';
    return (await this.exists(tenant, id)) ? 'conflict' : 'missing';
  }

  /**
   * The client's user counter (`clients.user_count`), kept in the same transaction as every create and
   * delete, answers an unfiltered `totalResults` without counting a million rows (PERFORMANCE.md).
   */
  private async adjustUserCount(tenant: TenantContext, delta: 1 | -1, m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .update(ClientEntity)
      .set({ userCount: () => `user_count ${delta > 0 ? '+' : '-'} 1` })
      .where({ id: tenant.clientId })
      .execute();
  }

  async exists(tenant: TenantContext, id: string, m: EntityManager = this.db.manager): Promise<boolean> {
    return m.exists(UserEntity, { where: { id, clientId: tenant.clientId } });
  }

  /**
   * One user with its children (all of them unless `include` says otherwise); inside a transaction when `m`
   * is given (read-modify-write).
   */
  async findOne(
    tenant: TenantContext,
    id: string,
    m: EntityManager = this.db.manager,
    include: ChildSelection = ALL_CHILDREN,
  ): Promise<StoredUser | undefined> {
    const user = await m.findOne(UserEntity, { where: { id, clientId: tenant.clientId } });
    if (!user) return undefined;
    const [stored] = await this.withChildren(tenant, [normalizeId(user)], include, m);
    return stored;
  }

  /**
   * One page of a query: the page's ids first (from the index, with the filter, the sort and either an
   * offset or a keyset position), then the rows and only the child tables the caller needs, by
   * `user_id IN (…)` (PERFORMANCE.md: never skip/take with relations).
   */
  async page(tenant: TenantContext, q: UserPageQuery): Promise<UserPage> {
    const params: Record<string, unknown> = { cid: tenant.clientId, ...q.where?.params, ...q.sort?.params };
    const conditions = ['u.client_id = :cid'];
    if (q.where) conditions.push(q.where.sql);
    const sk = q.sort && q.sort.expr !== 'u.id' ? q.sort.expr : undefined;
    // Going back ('prev') reads in the opposite order from the position, then restores the page's order.
    const backwards = q.position?.direction === 'prev';
    const descending = (q.sort?.descending ?? false) !== backwards;
    if (q.position) conditions.push(keysetCondition(sk, descending, q.position, params));
    const dir = descending ? 'DESC' : 'ASC';
    // In id order MariaDB may pick another (client_id, …) index plus a sort once the offset passes half
    // the tenant; the (client_id, id) index reads the page in order (bench/README.md).
    const hint = !sk && this.dialect === 'mysql' ? ' USE INDEX FOR ORDER BY (IDX_users_client_id)' : '';
    const order = sk ? `(${sk}) IS NULL ${dir}, ${sk} ${dir}, u.id ${dir}` : `u.id ${dir}`;
    const sql =
      `SELECT u.id AS id${sk ? `, ${sk} AS sk` : ''} FROM users u${hint} WHERE ${conditions.join(' AND ')} ` +
      `ORDER BY ${order} LIMIT ${q.limit + 1} OFFSET ${q.offset}`;
    const [query, values] = toPositional(sql, params);
    const rows = await this.db.query<{ id: string | number; sk?: unknown }[]>(query, values);
    const hasMore = rows.length > q.limit;
    const pageRows = rows.slice(0, q.limit);
    if (backwards) pageRows.reverse();
    const ids = pageRows.map((r) => String(r.id));
    const users =
      ids.length === 0
        ? []
        : await this.db.manager.find(UserEntity, { where: { clientId: tenant.clientId, id: In(ids) } });
    const byId = new Map(users.map((u) => [String(u.id), normalizeId(u)]));
    const ordered = ids.map((id) => byId.get(id)).filter((u): u is UserEntity => u !== undefined);
    return {
      users: await this.withChildren(tenant, ordered, q.include),
      edges: pageRows.map((r) => ({ id: String(r.id), value: sortValue(r.sk) })),
      hasMore,
    };
  }

  /** Number of users of the tenant matching a filter (without one: the client's user counter). */
  async countMatching(tenant: TenantContext, where?: SqlFragment): Promise<number> {
    if (!where) {
      const client = await this.db.manager.findOne(ClientEntity, {
        select: { id: true, userCount: true },
        where: { id: tenant.clientId },
      });
      return client?.userCount ?? 0;
    }
    const params = { cid: tenant.clientId, ...where?.params };
    const sql = `SELECT COUNT(*) AS n FROM users u WHERE u.client_id = :cid${where ? ` AND ${where.sql}` : ''}`;
    const [query, values] = toPositional(sql, params);
    const [row] = await this.db.query<{ n: number | string }[]>(query, values);
    return Number(row.n);
  }

  count(tenant: TenantContext): Promise<number> {
    return this.countMatching(tenant);
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

  private async insertChildren(
    tenant: TenantContext,
    userId: string,
    rows: UserRows,
    m: EntityManager,
    unchanged: ReadonlySet<CorePart> = new Set(),
  ) {
    for (const [key, entity] of CHILDREN) {
      const children = rows[key];
      if (children.length === 0 || unchanged.has(key)) continue;
      await m
        .createQueryBuilder()
        .insert()
        .into(entity)
        .values(children.map((c) => ({ ...c, clientId: tenant.clientId, userId })))
        .updateEntity(false)
        .execute();
    }
  }

  private async withChildren(
    tenant: TenantContext,
    users: UserEntity[],
    include: ChildSelection = ALL_CHILDREN,
    m: EntityManager = this.db.manager,
  ): Promise<StoredUser[]> {
    if (users.length === 0) return [];
    const ids = users.map((u) => u.id);
    const where = { clientId: tenant.clientId, userId: In(ids) };
    const order = { userId: 'ASC', position: 'ASC' } as const;
    const load = <T extends { userId: string; position: number; clientId: number }>(
      wanted: boolean,
      entity: new () => T,
    ): Promise<T[]> =>
      wanted ? m.find(entity, { where, order } as FindManyOptions<T>) : Promise.resolve([]);
    const [emails, phoneNumbers, addresses, multiValues] = await Promise.all([
      load(include.emails, UserEmailEntity),
      load(include.phoneNumbers, UserPhoneNumberEntity),
      load(include.addresses, UserAddressEntity),
      load(include.multiValues, UserMultiValueEntity),
    ]);
    const managers = include.manager
      ? await this.managerNames(
          m,
          tenant,
          users.map((u) => u.managerValue).filter((v): v is string => v !== null && isUserId(v)),
        )
      : new Map<string, string | null>();
    const group = <T extends { id: unknown; userId: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const r of rows.map(normalizeId)) map.set(r.userId, [...(map.get(r.userId) ?? []), r]);
      return map;
    };
    const [e, p, a, mv] = [group(emails), group(phoneNumbers), group(addresses), group(multiValues)];
    const nevis = include.nevis ? await this.nevis.read(tenant, ids, m) : undefined;
    return users.map((user) => ({
      user,
      emails: e.get(user.id) ?? [],
      phoneNumbers: p.get(user.id) ?? [],
      addresses: a.get(user.id) ?? [],
      multiValues: mv.get(user.id) ?? [],
      managerDisplayName: user.managerValue ? managers.get(user.managerValue) : undefined,
      nevis: nevis?.get(user.id),
    }));
  }

  /** Display names of the managers that exist in this client (USER-SCHEMA.md §2: resolved when it exists). */
  private async managerNames(
    m: EntityManager,
    tenant: TenantContext,
    ids: string[],
  ): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const rows = await m.find(UserEntity, {
      select: { id: true, displayName: true },
      where: { clientId: tenant.clientId, id: In([...new Set(ids)]) },
    });
    return new Map(rows.map((r) => [String(r.id), r.displayName]));
  }
}

/**
 * Named parameters (`:f0`) to positional `?` with their values in order — both mysql2 and better-sqlite3
 * take `?`. (TypeORM's own conversion writes numbers into the SQL text on SQLite; every value stays a
 * bound parameter here.) The SQL this receives is generated by the compiler and holds no quoted text
 * containing a colon.
 */
function toPositional(sql: string, params: Record<string, unknown>): [string, unknown[]] {
  const values: unknown[] = [];
  const query = sql.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`Missing SQL parameter ${name}`);
    values.push(params[name]);
    return '?';
  });
  return [query, values];
}

class NothingDeleted extends Error {}

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
