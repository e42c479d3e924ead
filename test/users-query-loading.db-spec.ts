import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { effectiveSettings } from '../src/clients/client-settings';
import { ClientEntity } from '../src/clients/entities/client.entity';
import type { TenantContext } from '../src/clients/tenant-context';
import { buildDataSourceOptions } from '../src/database/data-source.options';
import { createDefaultRegistry } from '../src/scim/schema/resource-types';
import type { Projection } from '../src/scim/schema/schema.registry';
import {
  UsersQueryService,
  type ListResponse,
  type UserQueryRequest,
} from '../src/users/users-query.service';
import { toRows } from '../src/users/user.mapper';
import { CatalogueLookup } from '../src/clients/catalogue/catalogue-lookup';
import { NevisModel } from '../src/users/nevis/nevis-model';
import { NevisRepository } from '../src/users/nevis/nevis.repository';
import { UsersService } from '../src/users/users.service';
import { UsersPatchService } from '../src/users/users-patch.service';
import { TenantSchemas } from '../src/clients/catalogue/tenant-schemas';
import { UsersRepository } from '../src/users/users.repository';
import { testConfig, uniqueId } from './support/test-app';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CHILD_TABLES = ['user_emails', 'user_phone_numbers', 'user_addresses', 'user_multi_values'] as const;

/** Every statement TypeORM sends, with its parameters. */
class RecordingLogger implements Logger {
  statements: { sql: string; params: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[] | Record<string, unknown>): void {
    this.statements.push({
      sql: query,
      params: Array.isArray(parameters) ? parameters : Object.values(parameters ?? {}),
    });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/**
 * Database tier: what the list reads (API.md §6 "attributes that are not asked for are not loaded", issue 4
 * item 4) and that filter values reach the database only as parameters (SECURITY.md "Filters").
 */
describe('UsersQueryService: what a list loads, and how values reach SQL', () => {
  let db: DataSource;
  let logger: RecordingLogger;
  let service: UsersQueryService;
  let users: UsersService;
  let patcher: UsersPatchService;
  let tenant: TenantContext;

  beforeAll(async () => {
    logger = new RecordingLogger();
    db = new DataSource({ ...buildDataSourceOptions(testConfig().db), logger, logging: true });
    await db.initialize();
    const repo = new UsersRepository(db, new NevisRepository(db));
    const registry = createDefaultRegistry();
    service = new UsersQueryService(repo, registry, new TenantSchemas(registry, new CatalogueLookup(db)));
    const nevisRepo = new NevisRepository(db);
    const nevisModel = new NevisModel(new CatalogueLookup(db), nevisRepo);
    users = new UsersService(repo, registry, nevisModel, nevisRepo);
    const schemas = new TenantSchemas(registry, new CatalogueLookup(db));
    patcher = new UsersPatchService(repo, schemas, users, nevisModel, nevisRepo);
    const now = new Date();
    const extId = uniqueId('load');
    await db
      .getRepository(ClientEntity)
      .insert({ extId, name: extId, state: 'active', settings: '{}', createdAt: now, updatedAt: now });
    const client = await db.getRepository(ClientEntity).findOneByOrFail({ extId });
    tenant = { clientId: client.id, extId, settings: effectiveSettings({}) };
    let bossId: string | undefined;
    for (let i = 0; i < 12; i++) {
      const rows = toRows({
        userName: `load-${i}`,
        displayName: `Load ${i}`,
        emails: [{ value: `load-${i}@example.com`, type: 'work', primary: true }],
        phoneNumbers: [{ value: `+41 44 000 00 ${String(i).padStart(2, '0')}`, type: 'work' }],
        addresses: [{ locality: 'Bern', type: 'work' }],
        roles: [{ value: 'user' }],
        entitlements: [{ value: 'vpn' }],
        [ENT]: { department: 'Ops', ...(bossId ? { manager: { value: bossId } } : {}) },
      });
      const id = await repo.transaction((m) => repo.insert(tenant, rows, now, m));
      bossId ??= id;
    }
  });
  afterAll(() => db.destroy());

  /** Runs a list and returns the statements it sent. */
  async function listing(
    request: UserQueryRequest,
    projection: Projection = {},
  ): Promise<{ body: ListResponse; statements: RecordingLogger['statements'] }> {
    logger.statements = [];
    const body = (await service.list(
      tenant,
      { count: 10, ...request },
      projection,
      'http://x/scim/v2/t',
    )) as ListResponse;
    return { body, statements: logger.statements };
  }

  const mentions = (sql: string, table: string) => new RegExp(`\\b${table}\\b`).test(sql);
  const tablesRead = (statements: { sql: string }[]) =>
    CHILD_TABLES.filter((table) => statements.some((s) => mentions(s.sql, table)));

  it('reads no child table for attributes=userName', async () => {
    const { body, statements } = await listing({}, { attributes: ['userName'] });
    expect(body.Resources).toHaveLength(10);
    expect(body.Resources[0]).not.toHaveProperty('emails');
    expect(tablesRead(statements)).toEqual([]);
  });

  it('reads only user_emails for attributes=emails', async () => {
    const { body, statements } = await listing({}, { attributes: ['emails'] });
    expect(body.Resources[0].emails).toEqual([{ value: 'load-0@example.com', type: 'work', primary: true }]);
    expect(tablesRead(statements)).toEqual(['user_emails']);
  });

  it('reads only user_emails for attributes=emails.value (a sub-attribute)', async () => {
    const { statements } = await listing({}, { attributes: ['emails.value'] });
    expect(tablesRead(statements)).toEqual(['user_emails']);
  });

  it('reads only user_multi_values for attributes=roles', async () => {
    const { body, statements } = await listing({}, { attributes: ['roles'] });
    expect(body.Resources[0].roles).toEqual([{ value: 'user' }]);
    expect(tablesRead(statements)).toEqual(['user_multi_values']);
  });

  it('reads every child table without a projection', async () => {
    const { body, statements } = await listing({});
    expect(body.Resources[0]).toHaveProperty('addresses');
    expect(tablesRead(statements)).toEqual([...CHILD_TABLES]);
  });

  it('reads no child table when excludedAttributes leaves every multi-valued attribute out', async () => {
    const { statements } = await listing(
      {},
      {
        excludedAttributes: [
          'emails',
          'phoneNumbers',
          'addresses',
          'ims',
          'photos',
          'entitlements',
          'roles',
          'x509Certificates',
        ],
      },
    );
    expect(tablesRead(statements)).toEqual([]);
  });

  it('reads the nevisIDM tables only when credentials, profiles or properties are returned', async () => {
    const NEVIS_TABLES = ['credentials', 'profiles', 'authorizations', 'property_values'];
    const read = (statements: { sql: string }[]) =>
      NEVIS_TABLES.filter((table) => statements.some((s) => mentions(s.sql, table)));
    expect(read((await listing({}, { attributes: ['userName'] })).statements)).toEqual([]);
    expect(read((await listing({}, { attributes: ['emails'] })).statements)).toEqual([]);
    const nevis = 'urn:nevis:idm:scim:schemas:v1:extension:User';
    for (const attribute of ['credentials', 'profiles', 'properties', 'credentials[PASSWORD]']) {
      expect(read((await listing({}, { attributes: [`${nevis}:${attribute}`] })).statements)).toEqual(
        NEVIS_TABLES,
      );
    }
    expect(read((await listing({})).statements)).toEqual(NEVIS_TABLES);
  });

  it('GET /Users/{id} reads only the child tables its projection returns', async () => {
    const [first] = (await listing({ count: 1 }, { attributes: ['userName'] })).body.Resources;
    const read = async (projection: Projection) => {
      logger.statements = [];
      const result = await users.get(tenant, String(first.id), 'http://x/scim/v2/t', projection);
      const all = [...CHILD_TABLES, 'credentials', 'profiles', 'authorizations', 'property_values'];
      return {
        body: result.body,
        tables: all.filter((t) => logger.statements.some((s) => mentions(s.sql, t))),
      };
    };
    expect((await read({ attributes: ['userName'] })).tables).toEqual([]);
    const emails = await read({ attributes: ['emails'] });
    expect(emails.tables).toEqual(['user_emails']);
    expect(emails.body.emails).toEqual([{ value: 'load-0@example.com', type: 'work', primary: true }]);
    expect((await read({})).tables).toHaveLength(CHILD_TABLES.length + 4);
  });

  it('a PATCH writes only the child tables of the attributes it changed', async () => {
    const first = (await listing({ count: 12 }, { attributes: ['userName'] })).body.Resources[11];
    expect(first.userName).toBe('load-11');
    const writes = async (...Operations: Record<string, unknown>[]) => {
      logger.statements = [];
      await patcher.patch(tenant, String(first.id), { Operations }, undefined, 'http://x/scim/v2/t');
      const writing = logger.statements.filter((s) => /^\s*(INSERT|DELETE)/i.test(s.sql));
      const all = [...CHILD_TABLES, 'credentials', 'profiles', 'authorizations', 'property_values'];
      return all.filter((t) => writing.some((s) => mentions(s.sql, t)));
    };
    expect(await writes({ op: 'replace', path: 'displayName', value: 'Renamed' })).toEqual([]);
    expect(await writes({ op: 'add', path: 'emails', value: [{ value: 'second@example.com' }] })).toEqual([
      'user_emails',
    ]);
    expect(await writes({ op: 'add', path: 'roles', value: [{ value: 'auditor' }] })).toEqual([
      'user_multi_values',
    ]);
    expect(await writes({ op: 'replace', path: 'password', value: 'A-new-password-1' })).toEqual([
      'credentials',
    ]);
    const read = await users.get(tenant, String(first.id), 'http://x/scim/v2/t');
    expect(read.body.emails).toHaveLength(2);
    expect(read.body.displayName).toBe('Renamed');
  });

  it("looks up managers' display names only when the manager is projected", async () => {
    const without = await listing({}, { attributes: ['userName'] });
    const withManager = await listing({}, { attributes: [`${ENT}:manager`] });
    // count, the page's ids, the page's rows — and one more for the managers when they are asked for
    expect(without.statements).toHaveLength(3);
    expect(withManager.statements).toHaveLength(4);
    expect(withManager.body.Resources[1][ENT]).toEqual({
      manager: { value: expect.any(String), $ref: expect.any(String), displayName: 'Load 0' },
    });
  });

  it('sends the same number of statements for a page of 2 and a page of 10 (no per-user queries)', async () => {
    const small = await listing({ count: 2 });
    const large = await listing({ count: 10 });
    expect(large.body.Resources).toHaveLength(10);
    expect(large.statements).toHaveLength(small.statements.length);
  });

  it('names a child table only inside the filter (count and id page), never to load it, for attributes=userName', async () => {
    const { body, statements } = await listing(
      { filter: 'emails.value co "load-1"' },
      { attributes: ['userName'] },
    );
    expect(body.totalResults).toBe(3); // load-1, load-10, load-11
    const withEmails = statements.filter((s) => mentions(s.sql, 'user_emails'));
    expect(withEmails).toHaveLength(2);
    expect(withEmails.every((s) => /^SELECT (COUNT\(\*\)|u\.id)/.test(s.sql))).toBe(true);
  });

  describe('filter values reach the database only as parameters', () => {
    it.each([
      ['userName eq "zq\'x--"', "zq'x--"],
      ['displayName eq "zq\'); DROP TABLE users;--"', "zq'); drop table users;--"],
      ['emails.value co "zq%_!"', '%zq!%!_!!%'],
      ['title sw "zq\\\\"', 'zq\\%'],
      ['externalId eq "ZQ\\"x"', 'ZQ"x'],
      ['emails[type eq "zqwork"].value eq "zq@x"', 'zq@x'],
      ['roles.value ew "zqrole"', '%zqrole'],
      ['meta.created gt "2001-02-03T04:05:06.7890123+01:00"', '2001-02-03 03:05:06.789'],
      // numbers too: on SQLite, TypeORM writes a number parameter into the SQL text
      ['id eq "2001987654"', 2001987654],
    ])('%s: the value is a parameter, never SQL text', async (filter, param) => {
      const { statements } = await listing({ filter });
      expect(statements.length).toBeGreaterThanOrEqual(2);
      for (const s of statements) {
        expect(s.sql).not.toMatch(/zq|2001/i);
      }
      const params = statements.flatMap((s) => s.params);
      expect(params).toContain(param);
    });

    it('keeps the tenant condition outside the filter (an or cannot widen it)', async () => {
      const { statements } = await listing({ filter: 'userName eq "zq" or id pr' });
      const count = statements.find((s) => /^SELECT COUNT/.test(s.sql))!;
      // (SQLite's TypeORM driver writes numeric parameters such as the client id inline)
      expect(count.sql).toMatch(/WHERE u\.client_id = (\?|\d+) AND \(\(.* OR .*\)\)$/);
    });
  });
});
