import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  CORE_URN,
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  NEVIS_ACTIVE,
  NEVIS_WITH_PASSWORD,
  NEVIS_URN,
  ISO_MS,
  origin,
  snapshot,
  storedPasswordHash,
  type Json,
} from './support/user-fixtures';

/** Request shapes real connectors send (IDP-COMPAT.md), and the uniqueness rules they rely on. */
describe('Users: identity-provider request shapes (e2e)', () => {
  let t: TestApp;
  let a: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('Microsoft Entra ID', () => {
    it('creates a user from an Entra body with the enterprise extension, meta, roles: [] and explicit nulls', async () => {
      const body = {
        schemas: [CORE_URN, ENTERPRISE_URN],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',
        active: true,
        addresses: null,
        displayName: 'Test User',
        emails: [
          {
            primary: true,
            type: 'work',
            value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com',
          },
        ],
        meta: { resourceType: 'User' },
        name: { familyName: 'User', givenName: 'Test' },
        roles: [],
        title: null,
        [ENTERPRISE_URN]: { department: 'Sales', employeeNumber: '4711', manager: null },
      };
      const res = await t.http.post(`${a.base}/Users`).set(a.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        schemas: [CORE_URN, ENTERPRISE_URN, NEVIS_URN],
        ...NEVIS_ACTIVE,
        id: expect.stringMatching(/^\d+$/),
        externalId: body.externalId,
        userName: body.userName,
        active: true,
        displayName: 'Test User',
        emails: body.emails,
        name: { formatted: 'Test User', familyName: 'User', givenName: 'Test' },
        [ENTERPRISE_URN]: { department: 'Sales', employeeNumber: '4711' },
        meta: {
          resourceType: 'User',
          created: expect.stringMatching(ISO_MS),
          lastModified: expect.stringMatching(ISO_MS),
          location: `${origin(t)}${a.base}/Users/${res.body.id}`,
          version: 'W/"1"',
        },
      });
    });

    it('accepts the manager as a bare string id and as a one-element array', async () => {
      const boss = await createUser(t, a, { userName: 'entra-boss', displayName: 'Entra Boss' });
      const manager = {
        value: boss.id,
        $ref: `${origin(t)}${a.base}/Users/${boss.id}`,
        displayName: 'Entra Boss',
      };
      const bare = await createUser(t, a, {
        userName: 'entra-bare-manager',
        [ENTERPRISE_URN]: { manager: boss.id },
      });
      expect(bare[ENTERPRISE_URN]).toEqual({ manager });
      const array = await createUser(t, a, {
        userName: 'entra-array-manager',
        [ENTERPRISE_URN]: { manager: [{ value: boss.id }] },
      });
      expect(array[ENTERPRISE_URN]).toEqual({ manager });
    });

    it.each([
      ['False', false, 1],
      ['false', false, 2],
      ['True', true, 3],
    ])('accepts "active": "%s" (a string) as %s', async (value, expected, n) => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({ userName: `entra-active-${n}`, active: value });
      expect(res.status).toBe(201);
      expect(res.body.active).toBe(expected);
      const read = await t.http.get(`${a.base}/Users/${res.body.id}`).set(a.auth);
      expect(read.body.active).toBe(expected);
    });

    it('refuses "active": "False" with 400 invalidValue when the client runs in strict RFC mode', async () => {
      const strict = await t.newClient({ strictRfc: true });
      const before = await snapshot(t, strict);
      const res = await t.http
        .post(`${strict.base}/Users`)
        .set(strict.auth)
        .send({ userName: 'strict-active', active: 'False' });
      expectScimError(res, 400, 'invalidValue', /'active'/);
      expect(await snapshot(t, strict)).toEqual(before);
      const ok = await t.http
        .post(`${strict.base}/Users`)
        .set(strict.auth)
        .send({ userName: 'strict-active', active: false });
      expect(ok.status).toBe(201);
      expect(ok.body.active).toBe(false);
    });
  });

  describe('Okta', () => {
    it('creates a user from an Okta body with password and groups: [] and answers the full user', async () => {
      const body = {
        schemas: [CORE_URN],
        userName: 'isabella.okta@example.com',
        name: { givenName: 'Isabella', familyName: 'Okta' },
        emails: [{ primary: true, value: 'isabella.okta@example.com', type: 'work' }],
        displayName: 'Isabella Okta',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        groups: [],
        password: '1mz050nq',
        active: true,
      };
      const res = await t.http.post(`${a.base}/Users`).set(a.auth).send(body);
      expect(res.status).toBe(201);
      const { password: _password, groups: _groups, ...rest } = body;
      expect(res.body).toEqual({
        ...rest,
        schemas: [CORE_URN, NEVIS_URN],
        ...NEVIS_WITH_PASSWORD,
        id: expect.stringMatching(/^\d+$/),
        name: { ...body.name, formatted: 'Isabella Okta' },
        meta: expect.objectContaining({ resourceType: 'User', version: 'W/"1"' }),
      });
      expect(res.text).not.toContain('1mz050nq');
      expect(await storedPasswordHash(t, a, res.body.id)).toMatch(/^scrypt\$/);
    });
  });

  describe('attribute names', () => {
    it('matches attribute and sub-attribute names case-insensitively and answers canonical names', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({
          UserName: 'mixed-case',
          Name: { GivenName: 'Mia', FAMILYNAME: 'Mix' },
          EMAILS: [{ Value: 'mia@example.com', Type: 'work', Primary: true }],
          ACTIVE: false,
          'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { Department: 'Ops' },
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        schemas: [CORE_URN, ENTERPRISE_URN, NEVIS_URN],
        [NEVIS_URN]: { state: 'disabled' },
        id: expect.any(String),
        userName: 'mixed-case',
        name: { formatted: 'Mia Mix', givenName: 'Mia', familyName: 'Mix' },
        emails: [{ value: 'mia@example.com', type: 'work', primary: true }],
        active: false,
        [ENTERPRISE_URN]: { department: 'Ops' },
        meta: expect.any(Object),
      });
    });

    it('reads URN-qualified extension attribute keys as well as the extension object', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({
          userName: 'urn-keys',
          [`${ENTERPRISE_URN}:employeeNumber`]: '42',
          [ENTERPRISE_URN]: { department: 'R&D' },
        });
      expect(res.status).toBe(201);
      expect(res.body[ENTERPRISE_URN]).toEqual({ employeeNumber: '42', department: 'R&D' });
    });

    it('accepts a body without schemas', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({ userName: 'no-schemas', displayName: 'No Schemas' });
      expect(res.status).toBe(201);
      expect(res.body.schemas).toEqual([CORE_URN, NEVIS_URN]);
    });

    it('ignores unknown attributes, unknown sub-attributes and unknown extension URNs', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({
          userName: 'unknown-attrs',
          favouriteColour: 'blue',
          name: { givenName: 'Uma', nickname2: 'x' },
          emails: [{ value: 'uma@example.com', verified: true }],
          'urn:example:params:scim:schemas:extension:custom:2.0:User': { badge: '7' },
          [ENTERPRISE_URN]: { shoeSize: 44, division: 'North' },
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        schemas: [CORE_URN, ENTERPRISE_URN, NEVIS_URN],
        ...NEVIS_ACTIVE,
        id: expect.any(String),
        userName: 'unknown-attrs',
        name: { formatted: 'Uma', givenName: 'Uma' },
        emails: [{ value: 'uma@example.com' }],
        active: true,
        [ENTERPRISE_URN]: { division: 'North' },
        meta: expect.any(Object),
      });
    });

    it('ignores readOnly id, meta, groups and name.formatted in a create body', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({
          id: '777777',
          userName: 'readonly-ignored',
          name: { formatted: 'Not Derived', givenName: 'Ro' },
          groups: [{ value: '1', display: 'Admins' }],
          meta: {
            resourceType: 'Group',
            created: '2001-01-01T00:00:00Z',
            lastModified: '2001-01-01T00:00:00Z',
            location: 'https://evil.example.com/Users/1',
            version: 'W/"99"',
          },
        });
      expect(res.status).toBe(201);
      expect(res.body.id).not.toBe('777777');
      expect(res.body.groups).toBeUndefined();
      expect(res.body.name).toEqual({ formatted: 'Ro', givenName: 'Ro' });
      expect(res.body.meta).toEqual({
        resourceType: 'User',
        created: expect.stringMatching(/^20[2-9]\d-/),
        lastModified: res.body.meta.created,
        location: `${origin(t)}${a.base}/Users/${res.body.id}`,
        version: 'W/"1"',
      });
      expectScimError(await t.http.get(`${a.base}/Users/777777`).set(a.auth), 404);
    });
  });

  describe('uniqueness', () => {
    it('refuses a userName differing only in case with 409 uniqueness and creates nothing', async () => {
      await createUser(t, a, { userName: 'Case.Tester@Example.com' });
      const before = await snapshot(t, a);
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({ userName: 'case.tester@example.COM' });
      expectScimError(res, 409, 'uniqueness', /userName/);
      expect(await snapshot(t, a)).toEqual(before);
    });

    it('refuses a userName equal after NFKC normalisation (full-width letters, composed accents)', async () => {
      await createUser(t, a, { userName: 'nfkc-abc' });
      await createUser(t, a, { userName: 'nfkc-caf\u00e9' });
      const before = await snapshot(t, a);
      expectScimError(
        await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'nfkc-\uff21\uff22\uff23' }),
        409,
        'uniqueness',
      );
      expectScimError(
        await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'nfkc-cafe\u0301' }),
        409,
        'uniqueness',
      );
      expect(await snapshot(t, a)).toEqual(before);
    });

    it('allows the same userName in another client', async () => {
      await createUser(t, a, { userName: 'shared-name', externalId: 'shared-ext' });
      const b = await t.newClient();
      const res = await t.http
        .post(`${b.base}/Users`)
        .set(b.auth)
        .send({ userName: 'shared-name', externalId: 'shared-ext' });
      expect(res.status).toBe(201);
      expect(res.body.userName).toBe('shared-name');
    });

    it('refuses a duplicate externalId with 409 uniqueness naming externalId and creates nothing', async () => {
      await createUser(t, a, { userName: 'ext-one', externalId: 'ExtId-1' });
      const before = await snapshot(t, a);
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({ userName: 'ext-two', externalId: 'ExtId-1' });
      expectScimError(res, 409, 'uniqueness', /externalId/);
      expect(await snapshot(t, a)).toEqual(before);
    });

    it('compares externalId case-sensitively: one differing only in case is a new user', async () => {
      await createUser(t, a, { userName: 'ext-case-1', externalId: 'AbC-9' });
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({ userName: 'ext-case-2', externalId: 'abc-9' });
      expect(res.status).toBe(201);
      expect(res.body.externalId).toBe('abc-9');
    });

    it("refuses a PUT that takes another user's userName with 409 and leaves both users unchanged", async () => {
      const first = await createUser(t, a, { userName: 'put-dup-1' });
      const second = await createUser(t, a, { userName: 'put-dup-2', displayName: 'Second' });
      const res = await t.http
        .put(`${a.base}/Users/${second.id}`)
        .set(a.auth)
        .send({ userName: 'PUT-DUP-1' });
      expectScimError(res, 409, 'uniqueness', /userName/);
      expect((await t.http.get(`${a.base}/Users/${first.id}`).set(a.auth)).body).toEqual(first);
      expect((await t.http.get(`${a.base}/Users/${second.id}`).set(a.auth)).body).toEqual(second);
    });

    it.each([
      ['rené', 'rene'],
      ['a', 'a '],
    ])('treats %j and %j as distinct users', async (x, y) => {
      const first = await createUser(t, a, { userName: `distinct-${x}` });
      const second = await createUser(t, a, { userName: `distinct-${y}` });
      expect(second.id).not.toBe(first.id);
      expect((await t.http.get(`${a.base}/Users/${first.id}`).set(a.auth)).body.userName).toBe(
        `distinct-${x}`,
      );
      expect((await t.http.get(`${a.base}/Users/${second.id}`).set(a.auth)).body.userName).toBe(
        `distinct-${y}`,
      );
    });
  });

  describe('primary', () => {
    it('keeps only the last primary: true email (a second primary demotes the first)', async () => {
      const res = await t.http
        .post(`${a.base}/Users`)
        .set(a.auth)
        .send({
          userName: 'two-primaries',
          emails: [
            { value: 'first@example.com', type: 'work', primary: true },
            { value: 'second@example.com', type: 'home', primary: true },
          ],
        });
      expect(res.status).toBe(201);
      expect(res.body.emails).toEqual([
        { value: 'first@example.com', type: 'work' },
        { value: 'second@example.com', type: 'home', primary: true },
      ]);
      const read = await t.http.get(`${a.base}/Users/${res.body.id}`).set(a.auth);
      expect(read.body.emails).toEqual(res.body.emails);
    });

    it('accepts primary as the string "True" (Entra) and "False"', async () => {
      const created = await createUser(t, a, {
        userName: 'primary-strings',
        phoneNumbers: [
          { value: '+41 1', type: 'work', primary: 'False' },
          { value: '+41 2', type: 'mobile', primary: 'True' },
        ],
      });
      expect(created.phoneNumbers).toEqual([
        { value: '+41 1', type: 'work' },
        { value: '+41 2', type: 'mobile', primary: true },
      ]);
    });
  });

  describe('soft delete', () => {
    it('still returns a user with active: false from GET and the list (Entra disable)', async () => {
      const created = await createUser(t, a, { userName: 'soft-deleted', active: true });
      const res = await t.http
        .put(`${a.base}/Users/${created.id}`)
        .set(a.auth)
        .send({ userName: 'soft-deleted', active: 'False' });
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body.active).toBe(false);
      const list = await snapshot(t, a);
      expect(list.Resources.find((u: Json) => u.id === created.id).active).toBe(false);
    });
  });
});
