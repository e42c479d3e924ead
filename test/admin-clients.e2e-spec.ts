import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_CLIENT_SETTINGS } from '../src/clients/client-settings';
import { ClientTokenEntity } from '../src/clients/entities/client-token.entity';
import { ClientEntity } from '../src/clients/entities/client.entity';
import { UserEmailEntity } from '../src/users/entities/user-email.entity';
import { UserEntity } from '../src/users/entities/user.entity';
import { admin, ERROR_URN, startTestApp, uniqueId, type TestApp, type TestClient } from './support/test-app';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function expectScimError(res: Response, status: number, detail?: string | RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: String(status) });
  expect(typeof res.body.detail).toBe('string');
  if (typeof detail === 'string') expect(res.body.detail).toContain(detail);
  else if (detail) expect(res.body.detail).toMatch(detail);
}

describe('Admin API: clients and tokens', () => {
  let t: TestApp;
  let db: DataSource;
  let origin: string;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  const createClient = (body: Record<string, unknown>) => t.http.post('/admin/clients').set(admin).send(body);
  const createUser = (c: TestClient, userName: string) =>
    t.http
      .post(`${c.base}/Users`)
      .set(c.auth)
      .send({ userName, emails: [{ value: `${userName}@example.com` }] });
  const clientRow = (extId: string) => db.getRepository(ClientEntity).findOneBy({ extId });

  describe('POST /admin/clients', () => {
    it('creates a client: 201 with its effective default settings, no users and its SCIM base URL', async () => {
      const extId = uniqueId();
      const res = await createClient({ extId, name: 'ACME Corporation' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        extId,
        name: 'ACME Corporation',
        description: null,
        state: 'active',
        settings: DEFAULT_CLIENT_SETTINGS,
        userCount: 0,
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: expect.stringMatching(ISO_MS),
        scimBaseUrl: `${origin}/scim/v2/${extId}`,
      });
    });

    it('keeps the description and applies given settings on top of the defaults', async () => {
      const extId = uniqueId();
      const res = await createClient({
        extId,
        name: 'n',
        description: 'From Entra',
        settings: { maxPageSize: 200, compat: { booleanStrings: false } },
      });
      expect(res.status).toBe(201);
      expect(res.body.description).toBe('From Entra');
      expect(res.body.settings).toEqual({
        ...DEFAULT_CLIENT_SETTINGS,
        maxPageSize: 200,
        compat: { ...DEFAULT_CLIENT_SETTINGS.compat, booleanStrings: false },
      });
    });

    it('refuses a duplicate extId with 409 uniqueness', async () => {
      const extId = uniqueId();
      expect((await createClient({ extId, name: 'first' })).status).toBe(201);
      const res = await createClient({ extId, name: 'second' });
      expectScimError(res, 409, extId);
      expect(res.body.scimType).toBe('uniqueness');
      expect((await t.http.get(`/admin/clients/${extId}`).set(admin)).body.name).toBe('first');
    });

    it.each([
      'Users',
      'users',
      'schemas',
      'SCHEMAS',
      'Me',
      'me',
      'Bulk',
      'ServiceProviderConfig',
      'resourcetypes',
      'Groups',
    ])('refuses the reserved extId %s with 400', async (extId) => {
      const res = await createClient({ extId, name: 'reserved' });
      expectScimError(res, 400, 'reserved');
      expect(await clientRow(extId)).toBeNull();
    });

    it.each(['', 'a b', 'a/b', '-abc', '.hidden', '_x', 'ä-client', 'a%2Fb', 'x'.repeat(65), 'a?b'])(
      'refuses the invalid extId %j with 400 naming extId',
      async (extId) => {
        const res = await createClient({ extId, name: 'invalid' });
        expectScimError(res, 400, 'extId');
        expect(res.body.scimType).toBe('invalidValue');
      },
    );

    it('accepts an extId of 64 letters, digits, dots, underscores and hyphens', async () => {
      const extId = `A1._-${uniqueId()}`.padEnd(64, 'z');
      const res = await createClient({ extId, name: 'long' });
      expect(res.status).toBe(201);
      expect(res.body.extId).toBe(extId);
    });

    it.each<{ title: string; body: Record<string, unknown>; field: string }>([
      { title: 'a missing name', body: { extId: 'ok-name' }, field: 'name' },
      { title: 'an empty name', body: { extId: 'ok-name', name: '' }, field: 'name' },
      { title: 'a missing extId', body: { extId: undefined, name: 'n' }, field: 'extId' },
      { title: 'a numeric extId', body: { extId: 42, name: 'n' }, field: 'extId' },
      {
        title: 'a non-integer maxPageSize',
        body: { name: 'n', settings: { maxPageSize: 'x' } },
        field: 'settings.maxPageSize',
      },
      {
        title: 'a zero defaultPageSize',
        body: { name: 'n', settings: { defaultPageSize: 0 } },
        field: 'settings.defaultPageSize',
      },
      {
        title: 'a non-boolean compat switch',
        body: { name: 'n', settings: { compat: { booleanStrings: 'yes' } } },
        field: 'settings.compat.booleanStrings',
      },
      {
        title: 'a malformed mandatory attribute',
        body: { name: 'n', settings: { mandatoryAttributes: ['not an attribute'] } },
        field: 'settings.mandatoryAttributes',
      },
      {
        title: 'a too small password minLength',
        body: { name: 'n', settings: { passwordPolicy: { minLength: 0 } } },
        field: 'settings.passwordPolicy.minLength',
      },
    ])('answers a SCIM 400 naming $field for $title', async ({ body, field }) => {
      const res = await createClient({ extId: uniqueId(), ...body });
      expectScimError(res, 400, field);
      expect(res.body.scimType).toBe('invalidValue');
    });

    it('refuses settings whose defaultPageSize exceeds maxPageSize', async () => {
      const extId = uniqueId();
      const res = await createClient({
        extId,
        name: 'n',
        settings: { defaultPageSize: 500, maxPageSize: 100 },
      });
      expectScimError(res, 400, 'defaultPageSize');
      expect(await clientRow(extId)).toBeNull();
    });

    it('refuses a body that is not JSON with 415', async () => {
      const res = await t.http
        .post('/admin/clients')
        .set(admin)
        .set('Content-Type', 'text/plain')
        .send('extId=x');
      expectScimError(res, 415);
    });
  });

  describe('GET /admin/clients', () => {
    let mine: string[];
    beforeAll(async () => {
      mine = [];
      for (let i = 0; i < 3; i++) {
        const c = await t.newClient();
        mine.push(c.extId);
        for (let u = 0; u < i; u++) expect((await createUser(c, `user${u}`)).status).toBe(201);
      }
    });

    interface Listed {
      extId: string;
      userCount: number;
    }

    /** Every client, page by page (the MariaDB run shares one database between all suites). */
    async function allClients(): Promise<{ total: number; items: Listed[] }> {
      const items: Listed[] = [];
      for (;;) {
        const res = await t.http.get(`/admin/clients?offset=${items.length}&limit=1000`).set(admin);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ offset: items.length, limit: 1000 });
        items.push(...res.body.items);
        if (res.body.items.length === 0 || items.length >= res.body.total) {
          const total = res.body.total as number;
          expect(items).toHaveLength(total);
          return { total, items };
        }
      }
    }

    it('lists clients with their user counts', async () => {
      const { items } = await allClients();
      const counts = mine.map((extId) => items.find((c) => c.extId === extId)?.userCount);
      expect(counts).toEqual([0, 1, 2]);
    });

    it('pages by offset and limit in a stable order', async () => {
      const all = await allClients();
      expect(all.total).toBeGreaterThanOrEqual(3);
      const offset = all.items.findIndex((c) => c.extId === mine[0]);
      const res = await t.http.get(`/admin/clients?offset=${offset}&limit=2`).set(admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: all.total, offset, limit: 2 });
      expect(res.body.items.map((c: Listed) => c.extId)).toEqual(mine.slice(0, 2));
      const past = await t.http.get(`/admin/clients?offset=${all.total}&limit=2`).set(admin);
      expect(past.body).toMatchObject({ total: all.total, items: [] });
    });

    it('defaults to offset 0 and limit 100', async () => {
      const res = await t.http.get('/admin/clients').set(admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ offset: 0, limit: 100 });
    });

    it.each(['limit=0', 'limit=1001', 'offset=-1', 'limit=abc', 'offset=1.5'])(
      'refuses %s with a SCIM 400 naming the parameter',
      async (query) => {
        const res = await t.http.get(`/admin/clients?${query}`).set(admin);
        expectScimError(res, 400, query.split('=')[0]);
      },
    );
  });

  describe('GET /admin/clients/{extId}', () => {
    it('reads a client with its user count', async () => {
      const c = await t.newClient();
      expect((await createUser(c, 'ada')).status).toBe(201);
      const res = await t.http.get(`/admin/clients/${c.extId}`).set(admin);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        extId: c.extId,
        userCount: 1,
        state: 'active',
        scimBaseUrl: `${origin}${c.base}`,
      });
    });

    it('answers 404 with a SCIM error for an unknown client', async () => {
      const extId = uniqueId('missing');
      expectScimError(await t.http.get(`/admin/clients/${extId}`).set(admin), 404, extId);
    });
  });

  describe('PATCH /admin/clients/{extId}', () => {
    const patch = (extId: string, body: Record<string, unknown>) =>
      t.http.patch(`/admin/clients/${extId}`).set(admin).send(body);

    it('renames a client and moves updatedAt, keeping its settings', async () => {
      const extId = uniqueId();
      const created = (await createClient({ extId, name: 'Old', settings: { maxPageSize: 77 } })).body;
      await new Promise((r) => setTimeout(r, 5));
      const res = await patch(extId, { name: 'New', description: 'd' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ extId, name: 'New', description: 'd', createdAt: created.createdAt });
      expect(res.body.settings.maxPageSize).toBe(77);
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect((await t.http.get(`/admin/clients/${extId}`).set(admin)).body.name).toBe('New');
    });

    it('merges nested compat settings instead of replacing them', async () => {
      const extId = uniqueId();
      await createClient({
        extId,
        name: 'n',
        settings: { compat: { booleanStrings: false }, maxPageSize: 300 },
      });
      const res = await patch(extId, { settings: { compat: { pathlessDottedKeys: false } } });
      expect(res.status).toBe(200);
      expect(res.body.settings).toEqual({
        ...DEFAULT_CLIENT_SETTINGS,
        maxPageSize: 300,
        compat: { ...DEFAULT_CLIENT_SETTINGS.compat, booleanStrings: false, pathlessDottedKeys: false },
      });
      const again = await patch(extId, { settings: { passwordPolicy: { minLength: 12 } } });
      expect(again.body.settings.compat.booleanStrings).toBe(false);
      expect(again.body.settings.passwordPolicy).toEqual({
        ...DEFAULT_CLIENT_SETTINGS.passwordPolicy,
        minLength: 12,
      });
    });

    it('resets a setting to its default with null', async () => {
      const extId = uniqueId();
      await createClient({ extId, name: 'n', settings: { maxPageSize: 300, defaultPageSize: 20 } });
      const res = await patch(extId, { settings: { maxPageSize: null } });
      expect(res.status).toBe(200);
      expect(res.body.settings).toMatchObject({
        maxPageSize: DEFAULT_CLIENT_SETTINGS.maxPageSize,
        defaultPageSize: 20,
      });
    });

    it('resets a nested compat switch to its default with null', async () => {
      const extId = uniqueId();
      await createClient({ extId, name: 'n', settings: { compat: { booleanStrings: false } } });
      const res = await patch(extId, { settings: { compat: { booleanStrings: null } } });
      expect(res.status).toBe(200);
      expect(res.body.settings.compat).toEqual(DEFAULT_CLIENT_SETTINGS.compat);
    });

    it('refuses a defaultPageSize above the maxPageSize in force, changing nothing', async () => {
      const extId = uniqueId();
      await createClient({ extId, name: 'n', settings: { maxPageSize: 100 } });
      expectScimError(
        await patch(extId, { name: 'changed', settings: { defaultPageSize: 200 } }),
        400,
        'defaultPageSize',
      );
      expectScimError(await patch(extId, { settings: { maxPageSize: 5 } }), 400, 'maxPageSize');
      const after = (await t.http.get(`/admin/clients/${extId}`).set(admin)).body;
      expect(after).toMatchObject({ name: 'n', settings: { maxPageSize: 100, defaultPageSize: 10 } });
    });

    it('disables a client so that its SCIM routes answer 403, and enables it again', async () => {
      const c = await t.newClient();
      expect((await t.http.get(`${c.base}/Users`).set(c.auth)).status).toBe(200);
      const disabled = await patch(c.extId, { state: 'disabled' });
      expect(disabled.status).toBe(200);
      expect(disabled.body.state).toBe('disabled');
      expectScimError(await t.http.get(`${c.base}/Users`).set(c.auth), 403);
      expectScimError(await t.http.post(`${c.base}/Users`).set(c.auth).send({ userName: 'x' }), 403);
      expect((await patch(c.extId, { state: 'active' })).body.state).toBe('active');
      expect((await t.http.get(`${c.base}/Users`).set(c.auth)).status).toBe(200);
    });

    it.each<{ title: string; body: Record<string, unknown>; field: string }>([
      { title: 'an unknown state', body: { state: 'paused' }, field: 'state' },
      { title: 'an empty name', body: { name: '' }, field: 'name' },
      { title: 'a null name', body: { name: null }, field: 'name' },
      { title: 'a null state', body: { state: null }, field: 'state' },
      {
        title: 'a too large maxPageSize',
        body: { settings: { maxPageSize: 10001 } },
        field: 'settings.maxPageSize',
      },
    ])('refuses $title with a SCIM 400 naming $field', async ({ body, field }) => {
      const extId = uniqueId();
      await createClient({ extId, name: 'n' });
      expectScimError(await patch(extId, body), 400, field);
      expect((await t.http.get(`/admin/clients/${extId}`).set(admin)).body).toMatchObject({
        name: 'n',
        state: 'active',
      });
    });

    it('answers 404 for an unknown client', async () => {
      expectScimError(await patch(uniqueId('missing'), { name: 'x' }), 404);
    });
  });

  describe('DELETE /admin/clients/{extId}', () => {
    it('refuses a delete without confirm with a SCIM 400 naming confirm', async () => {
      const c = await t.newClient();
      expectScimError(await t.http.delete(`/admin/clients/${c.extId}`).set(admin), 400, 'confirm');
      expect((await t.http.get(`/admin/clients/${c.extId}`).set(admin)).status).toBe(200);
    });

    it.each(['other', 'UPPER', ''])(
      'refuses a delete with a wrong confirm (%j) and keeps the client',
      async (kind) => {
        const c = await t.newClient();
        const confirm = kind === 'UPPER' ? c.extId.toUpperCase() : kind;
        expectScimError(
          await t.http.delete(`/admin/clients/${c.extId}`).query({ confirm }).set(admin),
          400,
          'confirm',
        );
        expect((await t.http.get(`/admin/clients/${c.extId}`).set(admin)).status).toBe(200);
        expect((await t.http.get(`${c.base}/Users`).set(c.auth)).status).toBe(200);
      },
    );

    it("deletes the client with its users and tokens, and leaves another client's users alone", async () => {
      const a = await t.newClient();
      const b = await t.newClient();
      expect((await createUser(a, 'ada')).status).toBe(201);
      expect((await createUser(a, 'bob')).status).toBe(201);
      const bUser = await createUser(b, 'ada');
      expect(bUser.status).toBe(201);
      const aId = (await clientRow(a.extId))!.id;
      const bId = (await clientRow(b.extId))!.id;

      const res = await t.http.delete(`/admin/clients/${a.extId}`).query({ confirm: a.extId }).set(admin);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      expectScimError(await t.http.get(`/admin/clients/${a.extId}`).set(admin), 404);
      expectScimError(await t.http.get(`${a.base}/Users`).set(a.auth), 401);
      expect(await db.getRepository(UserEntity).countBy({ clientId: aId })).toBe(0);
      expect(await db.getRepository(UserEmailEntity).countBy({ clientId: aId })).toBe(0);
      expect(await db.getRepository(ClientTokenEntity).countBy({ clientId: aId })).toBe(0);

      expect(await db.getRepository(UserEntity).countBy({ clientId: bId })).toBe(1);
      const read = await t.http.get(`${b.base}/Users/${bUser.body.id}`).set(b.auth);
      expect(read.status).toBe(200);
      expect(read.body.emails).toEqual([expect.objectContaining({ value: 'ada@example.com' })]);
      expect((await t.http.get(`/admin/clients/${b.extId}`).set(admin)).body.userCount).toBe(1);
    });

    it('lets the extId be reused after a delete, with no users', async () => {
      const a = await t.newClient();
      expect((await createUser(a, 'ada')).status).toBe(201);
      await t.http.delete(`/admin/clients/${a.extId}`).query({ confirm: a.extId }).set(admin).expect(204);
      const again = await createClient({ extId: a.extId, name: 'again' });
      expect(again.status).toBe(201);
      expect(again.body.userCount).toBe(0);
    });

    it('answers 404 for an unknown client', async () => {
      const extId = uniqueId('missing');
      expectScimError(
        await t.http.delete(`/admin/clients/${extId}`).query({ confirm: extId }).set(admin),
        404,
      );
    });
  });

  describe('tokens', () => {
    const issue = (extId: string, body: Record<string, unknown>) =>
      t.http.post(`/admin/clients/${extId}/tokens`).set(admin).send(body);
    const listTokens = (extId: string) => t.http.get(`/admin/clients/${extId}/tokens`).set(admin);
    const useToken = (c: { base: string }, token: string) =>
      t.http.get(`${c.base}/Users`).set('Authorization', `Bearer ${token}`);

    it('issues a token: 201 with id, name, a scim_ secret of 256 bits, createdAt and no expiry', async () => {
      const c = await t.newClient();
      const res = await issue(c.extId, { name: 'Entra ID provisioning' });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'name', 'token']);
      expect(res.body).toMatchObject({ name: 'Entra ID provisioning', expiresAt: null });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.createdAt).toMatch(ISO_MS);
      expect(res.body.token).toMatch(/^scim_[A-Za-z0-9_-]{43,}$/);
      expect(Buffer.from(res.body.token.slice(5), 'base64url').length).toBeGreaterThanOrEqual(32);
      expect((await useToken(c, res.body.token)).status).toBe(200);
    });

    it('issues a different secret every time', async () => {
      const c = await t.newClient();
      const tokens = await Promise.all(
        [1, 2, 3].map(async () => (await issue(c.extId, { name: 'x' })).body.token),
      );
      expect(new Set([...tokens, c.token]).size).toBe(4);
    });

    it('echoes a future expiresAt normalised to ISO milliseconds', async () => {
      const c = await t.newClient();
      const res = await issue(c.extId, { name: 'x', expiresAt: '2099-11-27T00:00:00Z' });
      expect(res.status).toBe(201);
      expect(res.body.expiresAt).toBe('2099-11-27T00:00:00.000Z');
    });

    it('refuses the token once it has expired', async () => {
      const c = await t.newClient();
      const res = await issue(c.extId, {
        name: 'short',
        expiresAt: new Date(Date.now() + 1200).toISOString(),
      });
      expect(res.status).toBe(201);
      expect((await useToken(c, res.body.token)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1300));
      expectScimError(await useToken(c, res.body.token), 401, 'expired');
    });

    it.each<{ title: string; body: Record<string, unknown>; detail: string }>([
      {
        title: 'an expiresAt in the past',
        body: { name: 'x', expiresAt: '2020-01-01T00:00:00Z' },
        detail: 'expiresAt',
      },
      {
        title: 'an expiresAt that is not a date',
        body: { name: 'x', expiresAt: 'tomorrow' },
        detail: 'expiresAt',
      },
      { title: 'a missing name', body: {}, detail: 'name' },
      { title: 'an empty name', body: { name: '' }, detail: 'name' },
    ])('refuses $title with a SCIM 400', async ({ body, detail }) => {
      const c = await t.newClient();
      expectScimError(await issue(c.extId, body), 400, detail);
      expect((await listTokens(c.extId)).body).toHaveLength(1);
    });

    it('answers 404 when issuing for an unknown client', async () => {
      expectScimError(await issue(uniqueId('missing'), { name: 'x' }), 404);
    });

    it('lists tokens without secrets or hashes, with their prefix and when they were last used', async () => {
      const c = await t.newClient();
      const second = (await issue(c.extId, { name: 'second' })).body;
      expect((await useToken(c, c.token)).status).toBe(200);
      const res = await listTokens(c.extId);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        {
          id: c.tokenId,
          name: 'test',
          prefix: c.token.slice(0, 9),
          createdAt: expect.stringMatching(ISO_MS),
          expiresAt: null,
          lastUsedAt: expect.stringMatching(ISO_MS),
          revokedAt: null,
        },
        {
          id: second.id,
          name: 'second',
          prefix: second.token.slice(0, 9),
          createdAt: second.createdAt,
          expiresAt: null,
          lastUsedAt: null,
          revokedAt: null,
        },
      ]);
      expect(Date.now() - Date.parse(res.body[0].lastUsedAt)).toBeLessThan(60_000);
      for (const secret of [c.token, second.token]) {
        expect(res.text).not.toContain(secret);
        expect(res.text).not.toContain(createHash('sha256').update(secret).digest('hex'));
      }
      expect(res.text).not.toMatch(/hash/i);
    });

    it('answers 404 when listing the tokens of an unknown client', async () => {
      expectScimError(await listTokens(uniqueId('missing')), 404);
    });

    it('revokes a token: 204, then 401 on use, and the list shows when', async () => {
      const c = await t.newClient();
      const other = (await issue(c.extId, { name: 'other' })).body;
      const res = await t.http.delete(`/admin/clients/${c.extId}/tokens/${c.tokenId}`).set(admin);
      expect(res.status).toBe(204);
      expectScimError(await useToken(c, c.token), 401, 'revoked');
      expect((await useToken(c, other.token)).status).toBe(200);
      const listed = (await listTokens(c.extId)).body.find((x: { id: string }) => x.id === c.tokenId);
      expect(listed.revokedAt).toMatch(ISO_MS);
      expect((await t.http.delete(`/admin/clients/${c.extId}/tokens/${c.tokenId}`).set(admin)).status).toBe(
        204,
      );
    });

    it.each(['3f1c2a9e-8d7b-4c55-9d0e-2b6f7a1c9e21', 'not-a-uuid'])(
      'answers 404 when revoking the unknown token %s',
      async (id) => {
        const c = await t.newClient();
        expectScimError(await t.http.delete(`/admin/clients/${c.extId}/tokens/${id}`).set(admin), 404);
      },
    );

    it("answers 404 when revoking a token through another client's path, and the token keeps working", async () => {
      const a = await t.newClient();
      const b = await t.newClient();
      expectScimError(await t.http.delete(`/admin/clients/${b.extId}/tokens/${a.tokenId}`).set(admin), 404);
      expect((await useToken(a, a.token)).status).toBe(200);
      expect((await listTokens(a.extId)).body[0].revokedAt).toBeNull();
    });

    it("does not list another client's tokens", async () => {
      const a = await t.newClient();
      const b = await t.newClient();
      const ids = (await listTokens(b.extId)).body.map((x: { id: string }) => x.id);
      expect(ids).toEqual([b.tokenId]);
      expect(ids).not.toContain(a.tokenId);
    });
  });

  describe('admin authentication', () => {
    let scimClient: TestClient;
    beforeAll(async () => {
      scimClient = await t.newClient();
    });

    it.each<{ title: string; header?: () => string }>([
      { title: 'no Authorization header' },
      { title: 'a wrong admin token', header: () => 'Bearer wrong-admin-token-0123456789' },
      { title: "a SCIM client's token", header: () => scimClient.auth.Authorization },
      {
        title: 'the admin token as Basic credentials',
        header: () => admin.Authorization.replace('Bearer', 'Basic'),
      },
      { title: 'an empty bearer', header: () => 'Bearer ' },
    ])('answers 401 with WWW-Authenticate and a SCIM error for $title', async ({ header }) => {
      const req = t.http.get('/admin/clients');
      const res = header ? await req.set('Authorization', header()) : await req;
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('accepts the bearer scheme case-insensitively', async () => {
      const res = await t.http
        .get('/admin/clients')
        .set('Authorization', admin.Authorization.replace('Bearer', 'bearer'));
      expect(res.status).toBe(200);
    });

    it('does not create anything without the admin token', async () => {
      const extId = uniqueId();
      expectScimError(await t.http.post('/admin/clients').send({ extId, name: 'x' }), 401);
      expect(await clientRow(extId)).toBeNull();
    });
  });

  describe('with ADMIN_TOKEN unset', () => {
    let closed: TestApp;
    beforeAll(async () => {
      closed = await startTestApp({ adminToken: undefined });
    });
    afterAll(() => closed.close());

    it.each<{ title: string; headers: Record<string, string> }>([
      { title: 'without a token', headers: {} },
      { title: 'with a token', headers: admin },
    ])('answers 401 saying ADMIN_TOKEN is not set, $title', async ({ headers }) => {
      const res = await closed.http.get('/admin/clients').set(headers);
      expectScimError(res, 401, 'ADMIN_TOKEN is not set');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('still serves the public routes', async () => {
      expect((await closed.http.get('/health/live')).status).toBe(200);
    });
  });
});
