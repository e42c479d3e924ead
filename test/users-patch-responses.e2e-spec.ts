import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, expectScimError, SCIM_CONTENT_TYPE, type Json } from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** What a PATCH answers (PATCH-AND-BULK.md §1), and how it moves meta.version and the ETag (API.md §2). */
describe('Users: PATCH answers and versions (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
  });
  afterAll(async () => {
    await t.close();
  });

  const newUser = (client: TestClient = a, body: Json = {}): Promise<Json> =>
    createUser(t, client, { userName: `resp-${++n}`, displayName: 'Start', ...body });

  const send = (id: string, body: unknown, client: TestClient = a) =>
    t.http
      .patch(`${client.base}/Users/${id}`)
      .set(client.auth)
      .send(body as object);

  const read = async (id: string, client: TestClient = a): Promise<Json> => {
    const res = await t.http.get(`${client.base}/Users/${id}`).set(client.auth);
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  const rename = (displayName: string, extra: Json = {}) => ({
    schemas: [PATCH_OP],
    Operations: [{ op: 'replace', path: 'displayName', value: displayName }],
    ...extra,
  });

  /** The user after a real change: the new values, version + 1, lastModified not before the old one. */
  const changed = (user: Json, values: Json, version: number): Json => ({
    ...user,
    ...values,
    meta: { ...user.meta, version: `W/"${version}"`, lastModified: expect.any(String) },
  });

  describe('status and body', () => {
    it('answers 200 with the full user, its ETag and the SCIM content type by default', async () => {
      const user = await newUser();
      const res = await send(user.id, rename('Renamed'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
      expect(res.headers.etag).toBe('W/"2"');
      expect(res.body).toEqual(changed(user, { displayName: 'Renamed' }, 2));
      expect(await read(user.id)).toEqual(res.body);
    });

    it('answers 204 with the new ETag and an empty body for performGet: false, and the change is stored', async () => {
      const user = await newUser();
      const res = await send(user.id, rename('Quiet', { performGet: false }));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(res.headers.etag).toBe('W/"2"');
      expect(await read(user.id)).toEqual(changed(user, { displayName: 'Quiet' }, 2));
    });

    it('answers 200 with the user for performGet: true', async () => {
      const user = await newUser();
      const res = await send(user.id, rename('Loud', { performGet: true }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(changed(user, { displayName: 'Loud' }, 2));
    });

    describe('for a client with patchReturnsResource: false', () => {
      let quiet: TestClient;
      beforeAll(async () => {
        quiet = await t.newClient({ patchReturnsResource: false });
      });

      it('answers 204 with the new ETag and an empty body', async () => {
        const user = await newUser(quiet);
        const res = await send(user.id, rename('Quiet'), quiet);
        expect(res.status).toBe(204);
        expect(res.text).toBe('');
        expect(res.headers.etag).toBe('W/"2"');
        expect(await read(user.id, quiet)).toEqual(changed(user, { displayName: 'Quiet' }, 2));
      });

      it('answers 200 with the user when the request says performGet: true', async () => {
        const user = await newUser(quiet);
        const res = await send(user.id, rename('Loud', { performGet: true }), quiet);
        expect(res.status).toBe(200);
        expect(res.headers.etag).toBe('W/"2"');
        expect(res.body).toEqual(changed(user, { displayName: 'Loud' }, 2));
        expect(await read(user.id, quiet)).toEqual(res.body);
      });

      it('answers a no-op with 204 and the unchanged ETag', async () => {
        const user = await newUser(quiet);
        const res = await send(user.id, rename('Start'), quiet);
        expect(res.status).toBe(204);
        expect(res.headers.etag).toBe('W/"1"');
        expect(await read(user.id, quiet)).toEqual(user);
      });
    });

    it('refuses performGet that is not a boolean with 400 invalidSyntax and changes nothing', async () => {
      const user = await newUser();
      const res = await send(user.id, rename('Nope', { performGet: 'false' }));
      expectScimError(res, 400, 'invalidSyntax', /performGet/);
      expect(await read(user.id)).toEqual(user);
    });
  });

  describe('envelope', () => {
    it("applies nevisIDM's lower-case 'operations' like 'Operations'", async () => {
      const user = await newUser();
      const res = await send(user.id, {
        schemas: [PATCH_OP],
        operations: [{ op: 'replace', path: 'displayName', value: 'Nevis' }],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(changed(user, { displayName: 'Nevis' }, 2));
      expect(await read(user.id)).toEqual(res.body);
    });

    it('accepts a body without schemas', async () => {
      const user = await newUser();
      const res = await send(user.id, {
        Operations: [{ op: 'replace', path: 'displayName', value: 'Bare' }],
      });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Bare');
    });

    it('accepts the PatchOp URN in any case', async () => {
      const user = await newUser();
      const res = await send(user.id, rename('Upper', { schemas: [PATCH_OP.toUpperCase()] }));
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Upper');
    });

    it.each([
      ['Operations', { schemas: [PATCH_OP], Operations: [] }],
      ['operations', { schemas: [PATCH_OP], operations: [] }],
    ])('answers an empty %s list with the user unchanged and the version kept', async (_key, body) => {
      const user = await newUser();
      const res = await send(user.id, body);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('W/"1"');
      expect(res.body).toEqual(user);
      expect(await read(user.id)).toEqual(user);
    });

    it.each([
      ['the User schema instead of PatchOp', ['urn:ietf:params:scim:schemas:core:2.0:User']],
      ['an empty array', []],
      ['a string instead of an array', PATCH_OP],
      ['a list of something else', [42]],
    ])('refuses schemas that are %s with 400 invalidSyntax and changes nothing', async (_title, schemas) => {
      const user = await newUser();
      const res = await send(user.id, rename('Wrong', { schemas }));
      expectScimError(res, 400, 'invalidSyntax', /schemas/);
      expect(await read(user.id)).toEqual(user);
    });
  });

  describe('version and ETag', () => {
    it('bumps meta.version, the ETag and lastModified on every real change', async () => {
      const user = await newUser();
      let previous = user;
      for (const [i, name] of ['One', 'Two', 'Three'].entries()) {
        const res = await send(user.id, rename(name));
        expect(res.status).toBe(200);
        expect(res.headers.etag).toBe(`W/"${i + 2}"`);
        expect(res.body.meta.version).toBe(`W/"${i + 2}"`);
        expect(Date.parse(res.body.meta.lastModified)).toBeGreaterThanOrEqual(
          Date.parse(previous.meta.lastModified),
        );
        expect(res.body.meta.created).toBe(user.meta.created);
        previous = res.body;
      }
      expect(await read(user.id)).toEqual(previous);
    });

    it('applies a PATCH whose If-Match is the current version', async () => {
      const user = await newUser();
      expect((await send(user.id, rename('Matched'))).status).toBe(200);
      const res = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"2"')
        .send(rename('Again'));
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Again');
      expect(res.headers.etag).toBe('W/"3"');
    });

    it('accepts If-Match: * and a list containing the current version', async () => {
      const user = await newUser();
      const star = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', '*')
        .send(rename('Star'));
      expect(star.status).toBe(200);
      const list = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"7", W/"2"')
        .send(rename('Listed'));
      expect(list.status).toBe(200);
      expect(list.headers.etag).toBe('W/"3"');
    });

    it('refuses a stale If-Match with 412 and writes nothing', async () => {
      const user = await newUser();
      const current = (await send(user.id, rename('Moved on'))).body as Json;
      const res = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"1"')
        .send({
          Operations: [
            { op: 'replace', path: 'displayName', value: 'Stale' },
            { op: 'add', path: 'emails', value: [{ value: 'stale@example.com' }] },
          ],
        });
      expectScimError(res, 412, undefined, /W\/"1"/);
      expect(await read(user.id)).toEqual(current);
    });

    it('refuses a stale If-Match with 412 even when the operations would change nothing', async () => {
      const user = await newUser();
      await send(user.id, rename('Moved on'));
      const res = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"1"')
        .send(rename('Moved on'));
      expectScimError(res, 412);
    });

    it('keeps meta.version, lastModified and the ETag for a no-op, with or without If-Match', async () => {
      const user = await newUser(a, { emails: [{ value: 'keep@example.com', type: 'work' }] });
      const noOps: Json[] = [
        { op: 'replace', path: 'displayName', value: 'Start' },
        { op: 'add', path: 'emails', value: [{ value: 'KEEP@example.com', type: 'work' }] },
        { op: 'remove', path: 'title' },
        { op: 'remove', path: 'emails[type eq "home"]' },
        { op: 'replace', value: { id: user.id, displayName: 'Start' } },
      ];
      for (const op of noOps) {
        const res = await send(user.id, { Operations: [op] });
        expect({ op, status: res.status, etag: res.headers.etag }).toEqual({
          op,
          status: 200,
          etag: 'W/"1"',
        });
        expect(res.body).toEqual(user);
      }
      const matched = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .set('If-Match', 'W/"1"')
        .send({ Operations: noOps });
      expect(matched.status).toBe(200);
      expect(matched.body).toEqual(user);
      expect(await read(user.id)).toEqual(user);
    });

    it('keeps the version when a change is undone within the same request', async () => {
      const user = await newUser();
      const res = await send(user.id, {
        Operations: [
          { op: 'replace', path: 'displayName', value: 'Temporary' },
          { op: 'replace', path: 'displayName', value: 'Start' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(user);
    });

    it.each([
      ['remove emails[type eq "work"]', { op: 'remove', path: 'emails[type eq "work"]' }],
      ['remove phoneNumbers', { op: 'remove', path: 'phoneNumbers' }],
      ['replace addresses with []', { op: 'replace', path: 'addresses', value: [] }],
    ])(
      'keeps the version for %s on a user who has none (a no-op on an empty multi-valued attribute)',
      async (_title, op) => {
        const user = await newUser();
        const res = await send(user.id, { Operations: [op] });
        expect(res.status).toBe(200);
        expect(res.headers.etag).toBe('W/"1"');
        expect(res.body).toEqual(user);
        expect(await read(user.id)).toEqual(user);
      },
    );
  });
});
