import type { Response } from 'supertest';
import { admin, startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, expectScimError, fullUser, snapshot, type Json } from './support/user-fixtures';

type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';

/** Every Users route: [name, method, path under the client base (with :id), body]. */
const ROUTES: [string, Method, string, Json | undefined][] = [
  ['list', 'get', '/Users', undefined],
  ['search', 'post', '/Users/.search', { count: 100 }],
  ['create', 'post', '/Users', { userName: 'intruder' }],
  ['get', 'get', '/Users/:id', undefined],
  ['put', 'put', '/Users/:id', { userName: 'hijacked', displayName: 'Hijacked' }],
  ['delete', 'delete', '/Users/:id', undefined],
  [
    'patch',
    'patch',
    '/Users/:id',
    {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Hijacked' }],
    },
  ],
];

describe('Users: tenant isolation (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let b: TestClient;
  let victim: Json;
  let own: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    b = await t.newClient();
    victim = await createUser(t, a, fullUser('victim'));
    own = await createUser(t, b, { userName: 'b-own' });
  });
  afterAll(async () => {
    await t.close();
  });

  function call(
    client: TestClient | undefined,
    method: Method,
    path: string,
    body?: Json,
    base = client?.base ?? a.base,
  ) {
    const req = t.http[method](`${base}${path}`);
    if (client) void req.set(client.auth);
    return body !== undefined ? req.send(body) : req;
  }

  /** A's user exactly as it was created. */
  async function expectVictimUnchanged(): Promise<void> {
    const read = await t.http.get(`${a.base}/Users/${victim.id}`).set(a.auth);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(victim);
  }

  /** An id that exists nowhere (well above every id created in this file). */
  const neverId = () => String(BigInt(own.id) + 1_000_000n);

  /** The 404 body for `neverId` with its id swapped for `id`: what "not found" looks like for `id`. */
  function as404For(missing: Response, id: string): Json {
    return { ...missing.body, detail: (missing.body.detail as string).replace(neverId(), id) };
  }

  describe("another client's token on its own URL", () => {
    it("does not list A's user (list)", async () => {
      const list = await snapshot(t, b);
      expect(list.totalResults).toBe(1);
      expect(list.Resources.map((u: Json) => u.id)).toEqual([own.id]);
      expect(JSON.stringify(list)).not.toContain('victim');
    });

    it("does not find A's user (search)", async () => {
      const res = await t.http.post(`${b.base}/Users/.search`).set(b.auth).send({ count: 1000 });
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources.map((u: Json) => u.id)).toEqual([own.id]);
    });

    it("answers 404 for A's user on GET with the same body as for an id that never existed", async () => {
      const foreign = await t.http.get(`${b.base}/Users/${victim.id}`).set(b.auth);
      const missing = await t.http.get(`${b.base}/Users/${neverId()}`).set(b.auth);
      expectScimError(foreign, 404);
      expectScimError(missing, 404);
      expect(foreign.body).toEqual(as404For(missing, victim.id));
      expect(foreign.headers['content-type']).toBe(missing.headers['content-type']);
    });

    it("answers 404 for A's user on PUT, like a never-existing id, and A's user is unchanged", async () => {
      const body = { ...fullUser('victim'), displayName: 'Hijacked' };
      const foreign = await t.http.put(`${b.base}/Users/${victim.id}`).set(b.auth).send(body);
      const missing = await t.http.put(`${b.base}/Users/${neverId()}`).set(b.auth).send(body);
      expectScimError(foreign, 404);
      expect(foreign.body).toEqual(as404For(missing, victim.id));
      await expectVictimUnchanged();
      expect((await snapshot(t, b)).Resources.map((u: Json) => u.id)).toEqual([own.id]);
    });

    it("answers 404 for A's user on PUT with a matching If-Match, and A's user is unchanged", async () => {
      const foreign = await t.http
        .put(`${b.base}/Users/${victim.id}`)
        .set(b.auth)
        .set('If-Match', victim.meta.version)
        .send({ userName: 'victim', displayName: 'Hijacked' });
      expectScimError(foreign, 404);
      await expectVictimUnchanged();
    });

    it("answers 404 for A's user on DELETE, like a never-existing id, and A's user still exists", async () => {
      const foreign = await t.http.delete(`${b.base}/Users/${victim.id}`).set(b.auth);
      const missing = await t.http.delete(`${b.base}/Users/${neverId()}`).set(b.auth);
      expectScimError(foreign, 404);
      expect(foreign.body).toEqual(as404For(missing, victim.id));
      await expectVictimUnchanged();
    });

    it("answers 404 for A's user on DELETE with If-Match, and A's user still exists", async () => {
      const foreign = await t.http
        .delete(`${b.base}/Users/${victim.id}`)
        .set(b.auth)
        .set('If-Match', victim.meta.version);
      expectScimError(foreign, 404);
      await expectVictimUnchanged();
    });

    it("answers PATCH of A's user with 404 and A's user is unchanged", async () => {
      const res = await call(b, 'patch', `/Users/${victim.id}`, ROUTES[6][3]);
      expectScimError(res, 404);
      await expectVictimUnchanged();
    });

    it("creating in B never touches A's data, even with A's userName and externalId", async () => {
      const res = await t.http
        .post(`${b.base}/Users`)
        .set(b.auth)
        .send({ userName: 'victim', externalId: victim.externalId, id: victim.id });
      expect(res.status).toBe(201);
      expect(res.body.id).not.toBe(victim.id);
      await expectVictimUnchanged();
      expect((await t.http.delete(`${b.base}/Users/${res.body.id}`).set(b.auth)).status).toBe(204);
      await expectVictimUnchanged();
    });
  });

  describe("another client's token on A's URL", () => {
    it.each(ROUTES)(
      'answers 403 on %s with the same body as for an unknown clientExtId',
      async (_name, method, path, body) => {
        const p = path.replace(':id', victim.id);
        const onA = await call(b, method, p, body, a.base);
        const onUnknown = await call(b, method, p, body, '/scim/v2/no-such-client');
        expectScimError(onA, 403);
        expectScimError(onUnknown, 403);
        expect(onA.body).toEqual(onUnknown.body);
        expect(JSON.stringify(onA.body)).not.toContain(a.extId);
        await expectVictimUnchanged();
      },
    );

    it("matches the clientExtId exactly: A's token on the upper-cased extId answers 403", async () => {
      const res = await t.http.get(`/scim/v2/${a.extId.toUpperCase()}/Users`).set(a.auth);
      expectScimError(res, 403);
    });
  });

  describe('authentication', () => {
    it.each(ROUTES)(
      'answers 401 with WWW-Authenticate: Bearer on %s without a token',
      async (_name, method, path, body) => {
        const res = await call(undefined, method, path.replace(':id', victim.id), body);
        expectScimError(res, 401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        await expectVictimUnchanged();
      },
    );

    it.each([
      ['an unknown token', 'Bearer scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['a token without the scim_ prefix', 'Bearer not-a-scim-token'],
      ['the admin token', admin.Authorization],
      ['Basic credentials', `Basic ${Buffer.from('user:secret').toString('base64')}`],
      ['an empty Bearer', 'Bearer '],
      ['a token with a trailing extra word', 'Bearer scim_abc def'],
    ])('answers 401 for %s', async (_title, authorization) => {
      const res = await t.http.get(`${a.base}/Users`).set('Authorization', authorization);
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it("answers 401 for A's token with one character changed", async () => {
      const last = a.token.slice(-1) === 'A' ? 'B' : 'A';
      const res = await t.http
        .get(`${a.base}/Users`)
        .set('Authorization', `Bearer ${a.token.slice(0, -1)}${last}`);
      expectScimError(res, 401);
    });

    it('answers 401 once the token is revoked', async () => {
      const c = await t.newClient();
      expect((await t.http.get(`${c.base}/Users`).set(c.auth)).status).toBe(200);
      const revoked = await t.http.delete(`/admin/clients/${c.extId}/tokens/${c.tokenId}`).set(admin);
      expect(revoked.status).toBe(204);
      const res = await t.http.get(`${c.base}/Users`).set(c.auth);
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('answers 401 once the token has expired', async () => {
      const c = await t.newClient();
      const issued = await t.http
        .post(`/admin/clients/${c.extId}/tokens`)
        .set(admin)
        .send({ name: 'short-lived', expiresAt: new Date(Date.now() + 2000).toISOString() });
      expect(issued.status).toBe(201);
      const auth = { Authorization: `Bearer ${issued.body.token}` };
      expect((await t.http.get(`${c.base}/Users`).set(auth)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2200));
      const res = await t.http.get(`${c.base}/Users`).set(auth);
      expectScimError(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect((await t.http.get(`${c.base}/Users`).set(c.auth)).status).toBe(200);
    });

    it('answers 403 for a disabled client, and 200 again once it is enabled', async () => {
      const c = await t.newClient();
      const user = await createUser(t, c, { userName: 'in-disabled' });
      const disabled = await t.http.patch(`/admin/clients/${c.extId}`).set(admin).send({ state: 'disabled' });
      expect(disabled.status).toBe(200);
      expectScimError(await t.http.get(`${c.base}/Users`).set(c.auth), 403);
      expectScimError(await t.http.get(`${c.base}/Users/${user.id}`).set(c.auth), 403);
      expectScimError(
        await t.http.post(`${c.base}/Users`).set(c.auth).send({ userName: 'while-disabled' }),
        403,
      );
      expectScimError(await t.http.delete(`${c.base}/Users/${user.id}`).set(c.auth), 403);
      const enabled = await t.http.patch(`/admin/clients/${c.extId}`).set(admin).send({ state: 'active' });
      expect(enabled.status).toBe(200);
      const list = await snapshot(t, c);
      expect(list.Resources).toEqual([user]);
    });
  });
});
