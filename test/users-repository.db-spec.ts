import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { TenantContext } from '../src/clients/tenant-context';
import { effectiveSettings } from '../src/clients/client-settings';
import { ClientEntity } from '../src/clients/entities/client.entity';
import { buildDataSourceOptions } from '../src/database/data-source.options';
import { toRows } from '../src/users/user.mapper';
import { NevisRepository } from '../src/users/nevis/nevis.repository';
import type { NevisRows } from '../src/users/nevis/nevis-rows';
import { ALL_CHILDREN, UsersRepository } from '../src/users/users.repository';
import { testConfig, uniqueId } from './support/test-app';

/** Database tier: the repository against the real engine (SQLite in memory, or MariaDB) with real migrations. */
describe('UsersRepository on the real database', () => {
  let db: DataSource;
  let repo: UsersRepository;
  let nevis: NevisRepository;
  let tenant: TenantContext;
  let other: TenantContext;

  async function newTenant(): Promise<TenantContext> {
    const now = new Date();
    const extId = uniqueId('db');
    await db
      .getRepository(ClientEntity)
      .insert({ extId, name: extId, state: 'active', settings: '{}', createdAt: now, updatedAt: now });
    const client = await db.getRepository(ClientEntity).findOneByOrFail({ extId });
    return { clientId: client.id, extId, settings: effectiveSettings({}) };
  }

  beforeAll(async () => {
    const config = testConfig();
    db = new DataSource(buildDataSourceOptions(config.db));
    await db.initialize();
    nevis = new NevisRepository(db);
    repo = new UsersRepository(db, nevis);
    tenant = await newTenant();
    other = await newTenant();
  });
  afterAll(() => db.destroy());

  const rows = (userName: string) =>
    toRows({
      userName,
      emails: [{ value: `${userName}@a.example` }, { value: `${userName}@b.example`, primary: true }],
      phoneNumbers: [{ value: '+41 44 000 00 00', type: 'work' }],
      addresses: [{ locality: 'Zürich', type: 'work' }],
      roles: [{ value: 'admin' }, { value: 'user' }],
    });

  it('inserts a user with its children and returns a string id', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('kids'), new Date(), m));
    expect(id).toMatch(/^\d+$/);
    const stored = await repo.findOne(tenant, id);
    expect(stored?.user.id).toBe(id);
    expect(stored?.emails.map((e) => e.value)).toEqual(['kids@a.example', 'kids@b.example']);
    expect(stored?.emails.map((e) => e.primary)).toEqual([false, true]);
    expect(stored?.phoneNumbers).toHaveLength(1);
    expect(stored?.addresses).toHaveLength(1);
    expect(stored?.multiValues.map((v) => v.value)).toEqual(['admin', 'user']);
  });

  it('keeps every child row when the user is replaced with the same data (no orphan deletion)', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('same'), new Date(), m));
    const outcome = await repo.transaction((m) => repo.replace(tenant, id, 1, rows('same'), new Date(), m));
    expect(outcome).toBe('ok');
    const stored = await repo.findOne(tenant, id);
    expect(stored?.user.version).toBe(2);
    expect(stored?.emails).toHaveLength(2);
    expect(stored?.multiValues).toHaveLength(2);
  });

  it('refuses a replace whose expected version is stale and changes nothing', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('stale'), new Date(), m));
    const outcome = await repo.transaction((m) =>
      repo.replace(tenant, id, 7, rows('other-name'), new Date(), m),
    );
    expect(outcome).toBe('conflict');
    expect((await repo.findOne(tenant, id))?.user.userName).toBe('stale');
  });

  it('never reads, replaces or deletes a user through another tenant', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('mine'), new Date(), m));
    expect(await repo.findOne(other, id)).toBeUndefined();
    expect(await repo.transaction((m) => repo.replace(other, id, 1, rows('stolen'), new Date(), m))).toBe(
      'missing',
    );
    expect(await repo.delete(other, id, undefined)).toBe('missing');
    expect((await repo.findOne(tenant, id))?.user.userName).toBe('mine');
  });

  const password = (hash: string, history = 0): NevisRows => ({
    credentials: [
      {
        extId: 'pw',
        position: 0,
        type: 'PASSWORD',
        state: 'active',
        validFrom: null,
        validTo: null,
        policyExtId: null,
        data: null,
        secret: { hash, data: null, history },
        login: {
          lastLogin: null,
          lastLoginFailure: null,
          successfulLoginCount: null,
          failedLoginCount: null,
        },
      },
    ],
    profiles: [],
    properties: [],
  });
  const keep = (rows: NevisRows): NevisRows => ({
    ...rows,
    credentials: rows.credentials.map((c) => ({ ...c, secret: 'keep' as const })),
  });

  it('deletes the user and cascades to every child table', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('gone'), new Date(), m));
    await repo.transaction((m) => nevis.write(tenant, id, password('scrypt$x'), new Date(), m));
    expect(await repo.delete(tenant, id, undefined)).toBe('ok');
    for (const table of [
      'user_emails',
      'user_phone_numbers',
      'user_addresses',
      'user_multi_values',
      'credentials',
      'profiles',
      'authorizations',
      'property_values',
    ]) {
      const [{ n }] = await db.query<{ n: number | string }[]>(
        `SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`,
        [id],
      );
      expect(Number(n)).toBe(0);
    }
  });

  it('replaces the PASSWORD hash in one credential, keeps it when told to, and keeps the history asked for', async () => {
    const id = await repo.transaction((m) => repo.insert(tenant, rows('pw'), new Date(), m));
    await repo.transaction((m) => nevis.write(tenant, id, password('scrypt$first'), new Date(), m));
    await repo.transaction((m) => nevis.write(tenant, id, password('scrypt$second', 3), new Date(), m));
    expect(await repo.passwordHash(tenant, id)).toBe('scrypt$second');
    await repo.transaction((m) => nevis.write(tenant, id, keep(password('unused')), new Date(), m));
    expect(await repo.passwordHash(tenant, id)).toBe('scrypt$second');
    expect(await nevis.passwordHashes(tenant, id)).toEqual(['scrypt$second', 'scrypt$first']);
    const [{ n }] = await db.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM credentials WHERE user_id = ?`,
      [id],
    );
    expect(Number(n)).toBe(1);
    expect(await repo.passwordHash(other, id)).toBeUndefined();
    expect(await nevis.passwordHashes(other, id)).toEqual([]);
  });

  it('pages in id order within the tenant only', async () => {
    const t = await newTenant();
    const ids: string[] = [];
    for (const name of ['p1', 'p2', 'p3'])
      ids.push(await repo.transaction((m) => repo.insert(t, rows(name), new Date(), m)));
    const page = (offset: number) =>
      repo
        .page(t, { offset, limit: 2, include: { ...ALL_CHILDREN } })
        .then((p) => p.users.map((s) => s.user.id));
    expect(await page(0)).toEqual(ids.slice(0, 2));
    expect(await page(2)).toEqual(ids.slice(2));
    expect(await repo.count(t)).toBe(3);
  });
});
