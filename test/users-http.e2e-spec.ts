import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  createUser,
  expectScimError,
  LIST_URN,
  SCIM_CONTENT_TYPE,
  snapshot,
  UUID,
  type Json,
} from './support/user-fixtures';

/** HTTP behaviour of the Users routes (API.md §2): media types, headers, ETags, routing tolerances. */
describe('Users: HTTP behaviour (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let user: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    user = await createUser(t, a, { userName: 'http-user', displayName: 'HTTP' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('content type', () => {
    it('answers application/scim+json; charset=utf-8 on list, get, create, put and errors, without X-Powered-By', async () => {
      const other = await createUser(t, a, { userName: 'http-ct-put' });
      const responses = [
        await t.http.get(`${a.base}/Users`).set(a.auth),
        await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth),
        await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'http-ct' }),
        await t.http.post(`${a.base}/Users/.search`).set(a.auth).send({}),
        await t.http
          .put(`${a.base}/Users/${other.id}`)
          .set(a.auth)
          .send({ userName: 'http-ct-put', displayName: 'HTTP' }),
        await t.http.get(`${a.base}/Users/424242424`).set(a.auth),
        await t.http.get(`${a.base}/Users`),
      ];
      expect(responses.map((r) => r.status)).toEqual([200, 200, 201, 200, 200, 404, 401]);
      for (const res of responses) {
        expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('sends no ETag on lists and searches (the framework ETag is off)', async () => {
      const list = await t.http.get(`${a.base}/Users`).set(a.auth);
      const search = await t.http.post(`${a.base}/Users/.search`).set(a.auth).send({});
      expect(list.status).toBe(200);
      expect(search.status).toBe(200);
      expect(list.headers.etag).toBeUndefined();
      expect(search.headers.etag).toBeUndefined();
    });
  });

  describe('X-Request-Id', () => {
    it("echoes the caller's X-Request-Id on success and on errors", async () => {
      const ok = await t.http.get(`${a.base}/Users`).set(a.auth).set('X-Request-Id', 'req-abc.123');
      const err = await t.http.get(`${a.base}/Users/nope`).set(a.auth).set('X-Request-Id', 'req-abc.456');
      expect(ok.status).toBe(200);
      expect(ok.headers['x-request-id']).toBe('req-abc.123');
      expect(err.status).toBe(404);
      expect(err.headers['x-request-id']).toBe('req-abc.456');
    });

    it('generates a UUID when none is sent, different for each request', async () => {
      const first = await t.http.get(`${a.base}/Users`).set(a.auth);
      const second = await t.http.get(`${a.base}/Users`).set(a.auth);
      expect(first.headers['x-request-id']).toMatch(UUID);
      expect(second.headers['x-request-id']).toMatch(UUID);
      expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    });

    it('replaces an unsafe X-Request-Id with a generated UUID', async () => {
      const res = await t.http.get(`${a.base}/Users`).set(a.auth).set('X-Request-Id', 'bad id <script>');
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it.each([
      ['401 (no token)', () => t.http.get(`${a.base}/Users`), 401, undefined],
      ['403 (wrong client)', () => t.http.get('/scim/v2/unknown-client/Users').set(a.auth), 403, undefined],
      ['404 (unknown route)', () => t.http.get(`${a.base}/Nothing`).set(a.auth), 404, undefined],
      [
        '400 (malformed JSON)',
        () => t.http.post(`${a.base}/Users`).set(a.auth).set('Content-Type', 'application/json').send('{'),
        400,
        'invalidSyntax',
      ],
      [
        '415 (wrong media type)',
        () => t.http.post(`${a.base}/Users`).set(a.auth).set('Content-Type', 'text/plain').send('x'),
        415,
        undefined,
      ],
      [
        '413 (too large)',
        () =>
          t.http
            .post(`${a.base}/Users`)
            .set(a.auth)
            .send({ userName: 'x', displayName: 'y'.repeat(300 * 1024) }),
        413,
        undefined,
      ],
      ['501 (/Me)', () => t.http.get(`${a.base}/Me`).set(a.auth), 501, undefined],
    ])('sends a generated X-Request-Id on a %s error', async (_title, send, status, scimType) => {
      const res = await send();
      expectScimError(res, status, scimType);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });
  });

  describe('routing', () => {
    it.each([`/Nothing`, `/Users/1/extra`, `/Users/1/extra/deeper`])(
      'answers an unknown route %s with a 404 SCIM error',
      async (path) => {
        const res = await t.http.get(`${a.base}${path}`).set(a.auth);
        expectScimError(res, 404);
      },
    );

    it('answers an unknown route under /scim/v2 with a 404 SCIM error', async () => {
      expectScimError(await t.http.get('/scim/v2/a/b/c/d').set(a.auth), 404);
    });

    it('tolerates a trailing slash on /Users/ (list and create)', async () => {
      const list = await t.http.get(`${a.base}/Users/`).set(a.auth);
      expect(list.status).toBe(200);
      expect(list.body.schemas).toEqual([LIST_URN]);
      expect(list.body.totalResults).toBe((await snapshot(t, a)).totalResults);
      const created = await t.http.post(`${a.base}/Users/`).set(a.auth).send({ userName: 'http-trailing' });
      expect(created.status).toBe(201);
      expect(created.body.userName).toBe('http-trailing');
    });

    it('tolerates a trailing slash on /Users/{id}/', async () => {
      const res = await t.http.get(`${a.base}/Users/${user.id}/`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(user.id);
    });

    it('tolerates the stray query string ?aadOptscim062020 on list, get and create', async () => {
      const list = await t.http.get(`${a.base}/Users?aadOptscim062020`).set(a.auth);
      expect(list.status).toBe(200);
      expect(list.body).toEqual((await t.http.get(`${a.base}/Users`).set(a.auth)).body);
      expect(list.body.Resources).toContainEqual(user);
      const get = await t.http.get(`${a.base}/Users/${user.id}?aadOptscim062020`).set(a.auth);
      expect(get.status).toBe(200);
      const created = await t.http
        .post(`${a.base}/Users?aadOptscim062020`)
        .set(a.auth)
        .send({ userName: 'http-aad' });
      expect(created.status).toBe(201);
    });

    it.each(['get', 'post', 'put', 'delete', 'patch'] as const)(
      'answers %s /Me with 501 and a SCIM error',
      async (method) => {
        const req = t.http[method](`${a.base}/Me`).set(a.auth);
        const res = method === 'get' || method === 'delete' ? await req : await req.send({ userName: 'me' });
        expectScimError(res, 501, undefined, /Me/);
      },
    );

    it('answers a PATCH of a bad path with 400 invalidPath and leaves the user unchanged', async () => {
      const before = await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth);
      const res = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .send({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            { op: 'replace', path: 'displayName', value: 'Patched' },
            { op: 'replace', path: 'nosuchattribute', value: 'x' },
          ],
        });
      expectScimError(res, 400, 'invalidPath', /Operations\[1\]/);
      expect((await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth)).body).toEqual(before.body);
    });

    it('answers Entra\'s test connection GET /Users?filter=userName eq "<guid>" with 200 and an empty ListResponse', async () => {
      const res = await t.http
        .get(`${a.base}/Users`)
        .query({ filter: 'userName eq "c5d8f3a2-1b4e-4f6a-9d7c-2e8b0a1f3c59"' })
        .set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
    });

    it("answers Okta's URL-encoded pre-create lookup with the matching user, case-insensitively", async () => {
      await createUser(t, a, { userName: 'X@Y' });
      const res = await t.http
        .get(`${a.base}/Users?filter=userName%20eq%20%22x%40y%22&startIndex=1&count=100`)
        .set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0].userName).toBe('X@Y');
    });

    it('treats an empty filter= as no filter', async () => {
      const res = await t.http.get(`${a.base}/Users?filter=`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe((await snapshot(t, a)).totalResults);
    });
  });

  describe('ETags and preconditions', () => {
    it('answers PUT with a stale If-Match with 412 naming both versions and leaves the user unchanged', async () => {
      const u = await createUser(t, a, { userName: 'etag-put', displayName: 'V1' });
      const res = await t.http
        .put(`${a.base}/Users/${u.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"7"')
        .send({ userName: 'etag-put', displayName: 'V2' });
      expectScimError(res, 412, undefined, /W\/"7".*W\/"1"/);
      expect((await t.http.get(`${a.base}/Users/${u.id}`).set(a.auth)).body).toEqual(u);
    });

    it('answers DELETE with a stale If-Match with 412 and keeps the user', async () => {
      const u = await createUser(t, a, { userName: 'etag-delete' });
      const res = await t.http.delete(`${a.base}/Users/${u.id}`).set(a.auth).set('If-Match', 'W/"2"');
      expectScimError(res, 412, undefined, /W\/"2".*W\/"1"/);
      expect((await t.http.get(`${a.base}/Users/${u.id}`).set(a.auth)).body).toEqual(u);
    });

    it('applies PUT and DELETE with a matching If-Match (weak or strong form, or *)', async () => {
      const u = await createUser(t, a, { userName: 'etag-match' });
      const first = await t.http
        .put(`${a.base}/Users/${u.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"1"')
        .send({ userName: 'etag-match', displayName: 'V2' });
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('W/"2"');
      const second = await t.http
        .put(`${a.base}/Users/${u.id}`)
        .set(a.auth)
        .set('If-Match', '"2"')
        .send({ userName: 'etag-match', displayName: 'V3' });
      expect(second.status).toBe(200);
      expect(second.body.meta.version).toBe('W/"3"');
      const third = await t.http
        .put(`${a.base}/Users/${u.id}`)
        .set(a.auth)
        .set('If-Match', '*')
        .send({ userName: 'etag-match', displayName: 'V4' });
      expect(third.status).toBe(200);
      expect(third.body.meta.version).toBe('W/"4"');
      const stale = await t.http.delete(`${a.base}/Users/${u.id}`).set(a.auth).set('If-Match', 'W/"3"');
      expectScimError(stale, 412);
      const deleted = await t.http.delete(`${a.base}/Users/${u.id}`).set(a.auth).set('If-Match', 'W/"4"');
      expect(deleted.status).toBe(204);
      expectScimError(await t.http.get(`${a.base}/Users/${u.id}`).set(a.auth), 404);
    });

    it('answers GET with If-None-Match equal to the current ETag with 304 and no body', async () => {
      const res = await t.http
        .get(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-None-Match', user.meta.version);
      expect(res.status).toBe(304);
      expect(res.text).toBeFalsy();
      expect(res.headers.etag).toBe(user.meta.version);
    });

    it('answers GET with a stale If-None-Match with 200 and the user', async () => {
      const res = await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth).set('If-None-Match', 'W/"999"');
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(user.id);
    });

    it('sends the ETag on a GET whose attributes leave meta out', async () => {
      const res = await t.http.get(`${a.base}/Users/${user.id}?attributes=userName`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body.meta).toBeUndefined();
      expect(res.headers.etag).toBe(user.meta.version);
    });

    it('bumps the ETag on every PUT and the old ETag no longer gives 304', async () => {
      const u = await createUser(t, a, { userName: 'etag-bump' });
      const put = await t.http
        .put(`${a.base}/Users/${u.id}`)
        .set(a.auth)
        .send({ userName: 'etag-bump', nickName: 'b' });
      expect(put.headers.etag).toBe('W/"2"');
      const res = await t.http.get(`${a.base}/Users/${u.id}`).set(a.auth).set('If-None-Match', 'W/"1"');
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('W/"2"');
    });
  });
});
