import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  CORE_URN,
  createUser,
  ENTERPRISE_URN,
  NEVIS_URN,
  expectScimError,
  origin,
  SCIM_CONTENT_TYPE,
  type Json,
} from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Every PATCH shape of IDP-COMPAT.md, sent verbatim over HTTP: each checks the answer and a fresh GET (the
 * answer must be what is stored).
 */
describe('Users: PATCH request shapes of identity providers (e2e)', () => {
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

  /** A fresh user for one test (no password: hashing is slow and not what these tests are about). */
  const newUser = (body: Json = {}): Promise<Json> =>
    createUser(t, a, { userName: `idp-${++n}@example.com`, ...body });

  const send = (id: string, body: Json, query = '') =>
    t.http.patch(`${a.base}/Users/${id}${query}`).set(a.auth).send(body);

  const read = async (id: string): Promise<Json> => {
    const res = await t.http.get(`${a.base}/Users/${id}`).set(a.auth);
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  /** PATCHes, expects 200, and checks that the answer is exactly what a GET returns afterwards. */
  async function patchOk(id: string, body: Json, query = ''): Promise<Json> {
    const res = await send(id, body, query);
    expect({ status: res.status, body: res.body as Json }).toEqual({ status: 200, body: expect.any(Object) });
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(await read(id)).toEqual(res.body);
    return res.body as Json;
  }

  const entra = (...Operations: Json[]) => ({ schemas: [PATCH_OP], Operations });

  describe('Microsoft Entra ID', () => {
    it('disables with {"op":"Replace","path":"active","value":"False"} (a string) and bumps the version', async () => {
      const user = await newUser({ active: true });
      const body = await patchOk(user.id, entra({ op: 'Replace', path: 'active', value: 'False' }));
      expect(body).toEqual({
        ...user,
        active: false,
        [NEVIS_URN]: { state: 'disabled' },
        meta: { ...user.meta, version: 'W/"2"', lastModified: expect.any(String) },
      });
      expect(Date.parse(body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(user.meta.lastModified));
    });

    it.each([
      ['True', true],
      ['False', false],
    ])(
      'answers the periodic no-op Replace active "%s" with the user unchanged: same meta.version, lastModified and ETag',
      async (value, active) => {
        const user = await newUser({ active });
        for (let cycle = 0; cycle < 3; cycle++) {
          const res = await send(user.id, entra({ op: 'Replace', path: 'active', value }));
          expect(res.status).toBe(200);
          expect(res.body).toEqual(user);
          expect(res.headers.etag).toBe('W/"1"');
        }
        expect(await read(user.id)).toEqual(user);
      },
    );

    it('re-enables a disabled user with Replace active "True"', async () => {
      const user = await newUser({ active: false });
      const body = await patchOk(user.id, entra({ op: 'Replace', path: 'active', value: 'True' }));
      expect(body.active).toBe(true);
      expect(body.meta.version).toBe('W/"2"');
    });

    it.each([
      [
        'emails[type eq "work"].value',
        'ada@work.example',
        'emails',
        { type: 'work', value: 'ada@work.example' },
      ],
      [
        'phoneNumbers[type eq "mobile"].value',
        '+41 79 123 45 67',
        'phoneNumbers',
        { type: 'mobile', value: '+41 79 123 45 67' },
      ],
      ['addresses[type eq "work"].postalCode', '8004', 'addresses', { type: 'work', postalCode: '8004' }],
      [
        'addresses[type eq "other"].Formatted',
        '1 Main St, Springfield',
        'addresses',
        { type: 'other', formatted: '1 Main St, Springfield' },
      ],
      [
        'emails[type eq "other"].Value',
        'ada@other.example',
        'emails',
        { type: 'other', value: 'ada@other.example' },
      ],
    ])('creates the missing element for Add %s', async (path, value, attribute, element) => {
      const user = await newUser();
      expect(user[attribute]).toBeUndefined();
      const body = await patchOk(user.id, entra({ op: 'Add', path, value }));
      expect(body[attribute]).toEqual([element]);
      expect(body.meta.version).toBe('W/"2"');
    });

    it('creates the missing element for Replace of a filtered path too', async () => {
      const user = await newUser({ emails: [{ value: 'home@example.com', type: 'home' }] });
      const body = await patchOk(
        user.id,
        entra({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'work@example.com' }),
      );
      expect(body.emails).toEqual([
        { value: 'home@example.com', type: 'home' },
        { value: 'work@example.com', type: 'work' },
      ]);
    });

    it('updates the existing element of a filtered path instead of adding a second one', async () => {
      const user = await newUser({
        emails: [{ value: 'old@work.example', type: 'work', primary: true }],
        addresses: [{ type: 'other', formatted: 'Old street 1', locality: 'Bern' }],
      });
      const body = await patchOk(
        user.id,
        entra(
          { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@work.example' },
          { op: 'Replace', path: 'addresses[type eq "other"].Formatted', value: 'New street 2' },
        ),
      );
      expect(body.emails).toEqual([{ value: 'new@work.example', type: 'work', primary: true }]);
      expect(body.addresses).toEqual([{ type: 'other', formatted: 'New street 2', locality: 'Bern' }]);
    });

    it('sends the same filtered value again without changing the version', async () => {
      const user = await newUser({ emails: [{ value: 'same@work.example', type: 'work' }] });
      const res = await send(
        user.id,
        entra({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'same@work.example' }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(user);
    });

    it('removes an element by a filtered path with a capitalised Remove', async () => {
      const user = await newUser({
        emails: [
          { value: 'w@example.com', type: 'work' },
          { value: 'h@example.com', type: 'home' },
        ],
      });
      const body = await patchOk(user.id, entra({ op: 'Remove', path: 'emails[type eq "work"]' }));
      expect(body.emails).toEqual([{ value: 'h@example.com', type: 'home' }]);
    });

    it('treats a retried Remove of the last element, already gone, as a no-op that keeps the version', async () => {
      const user = await newUser({ phoneNumbers: [{ value: '+41 44 000 00 00', type: 'work' }] });
      const remove = entra({ op: 'Remove', path: 'phoneNumbers[type eq "work"].value' });
      const first = await patchOk(user.id, remove);
      expect(first.phoneNumbers).toBeUndefined();
      expect(first.meta.version).toBe('W/"2"');
      const retry = await send(user.id, remove);
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first);
      expect(await read(user.id)).toEqual(first);
    });

    it('sets, changes and removes URN-prefixed enterprise attributes', async () => {
      const user = await newUser({ [ENTERPRISE_URN]: { department: 'Sales' } });
      const set = await patchOk(
        user.id,
        entra(
          { op: 'Add', path: `${ENTERPRISE_URN}:employeeNumber`, value: '701984' },
          { op: 'Replace', path: `${ENTERPRISE_URN}:department`, value: 'Tour Operations' },
        ),
      );
      expect(set.schemas).toEqual([CORE_URN, ENTERPRISE_URN, NEVIS_URN]);
      expect(set[ENTERPRISE_URN]).toEqual({ employeeNumber: '701984', department: 'Tour Operations' });
      const removed = await patchOk(
        user.id,
        entra(
          { op: 'Remove', path: `${ENTERPRISE_URN}:employeeNumber` },
          { op: 'Remove', path: `${ENTERPRISE_URN}:department` },
        ),
      );
      expect(removed[ENTERPRISE_URN]).toBeUndefined();
      expect(removed.schemas).toEqual([CORE_URN, NEVIS_URN]);
      expect(removed.meta.version).toBe('W/"3"');
    });

    it('applies the aadOptscim062020 pathless replace with dotted and URN keys', async () => {
      const user = await newUser({ displayName: 'Old', name: { givenName: 'Old', familyName: 'Lovelace' } });
      const body = await patchOk(
        user.id,
        {
          schemas: [PATCH_OP],
          Operations: [
            {
              op: 'replace',
              value: {
                displayName: 'Ada Lovelace',
                'name.givenName': 'Ada',
                [`${ENTERPRISE_URN}:employeeNumber`]: '1815',
              },
            },
          ],
        },
        '?aadOptscim062020',
      );
      expect(body).toEqual({
        ...user,
        schemas: [CORE_URN, ENTERPRISE_URN, NEVIS_URN],
        displayName: 'Ada Lovelace',
        name: { formatted: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
        [ENTERPRISE_URN]: { employeeNumber: '1815' },
        meta: { ...user.meta, version: 'W/"2"', lastModified: expect.any(String) },
      });
    });

    describe('manager', () => {
      let boss: Json;
      beforeAll(async () => {
        boss = await newUser({ displayName: 'The Boss' });
      });

      it.each([
        ['{"value": id}', (id: string) => ({ value: id })],
        ['[{"value": id}]', (id: string) => [{ value: id }]],
        ['the bare id', (id: string) => id],
      ])('sets the manager given as %s', async (_shape, shape) => {
        const user = await newUser();
        const body = await patchOk(
          user.id,
          entra({ op: 'Add', path: `${ENTERPRISE_URN}:manager`, value: shape(boss.id as string) }),
        );
        expect(body[ENTERPRISE_URN]).toEqual({
          manager: {
            value: boss.id,
            $ref: `${origin(t)}${a.base}/Users/${boss.id}`,
            displayName: 'The Boss',
          },
        });
        // The same manager again, in the same shape, is no change.
        const again = await send(
          user.id,
          entra({ op: 'Replace', path: `${ENTERPRISE_URN}:manager`, value: shape(boss.id as string) }),
        );
        expect(again.status).toBe(200);
        expect(again.body).toEqual(body);
      });

      it('replaces one manager by another given as a bare id, and the answer names the new one', async () => {
        const other = await newUser({ displayName: 'Other Boss' });
        const user = await newUser({ [ENTERPRISE_URN]: { manager: { value: boss.id } } });
        const body = await patchOk(
          user.id,
          entra({ op: 'Replace', path: `${ENTERPRISE_URN}:manager`, value: other.id }),
        );
        expect(body[ENTERPRISE_URN]).toEqual({
          manager: {
            value: other.id,
            $ref: `${origin(t)}${a.base}/Users/${other.id}`,
            displayName: 'Other Boss',
          },
        });
      });
    });

    it('stores app roles sent as JSON inside a string, verbatim, and does not duplicate them', async () => {
      const user = await newUser();
      const role = '{"id":"7a1b2c3d-0000-4000-8000-000000000001","value":"Admin"}';
      const ops = entra({ op: 'Add', path: 'roles', value: [{ value: role }] });
      const body = await patchOk(user.id, ops);
      expect(body.roles).toEqual([{ value: role }]);
      const again = await send(user.id, ops);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(body);
    });
  });

  describe('Okta', () => {
    const okta = {
      Accept: 'application/scim+json',
      'Content-Type': 'application/scim+json; charset=utf-8',
      'User-Agent': 'Okta SCIM Client 1.0.0',
    };
    const oktaPatch = (id: string, body: Json) =>
      t.http.patch(`${a.base}/Users/${id}`).set(a.auth).set(okta).send(JSON.stringify(body));

    it('deactivates with the pathless {"Operations":[{"op":"replace","value":{"active":false}}]}', async () => {
      const user = await newUser({ active: true });
      const res = await oktaPatch(user.id, { Operations: [{ op: 'replace', value: { active: false } }] });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
      expect(res.body).toEqual({
        ...user,
        active: false,
        [NEVIS_URN]: { state: 'disabled' },
        meta: { ...user.meta, version: 'W/"2"', lastModified: expect.any(String) },
      });
      expect(await read(user.id)).toEqual(res.body);
    });

    it('accepts {"id":"<same id>","displayName":…} in a pathless replace', async () => {
      const user = await newUser({ displayName: 'Before' });
      const res = await oktaPatch(user.id, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { id: user.id, displayName: 'After' } }],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...user,
        displayName: 'After',
        meta: { ...user.meta, version: 'W/"2"', lastModified: expect.any(String) },
      });
      expect(await read(user.id)).toEqual(res.body);
    });

    it('refuses a pathless replace that changes the id with 400 mutability and changes nothing', async () => {
      const user = await newUser({ displayName: 'Before' });
      const res = await oktaPatch(user.id, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', value: { id: String(BigInt(user.id) + 1000n), displayName: 'After' } }],
      });
      expectScimError(res, 400, 'mutability', /Operations\[0\].*'id'/);
      expect(await read(user.id)).toEqual(user);
    });
  });

  describe('compat.uniqueTypePerMultiValue (Entra: one element per type)', () => {
    it('keeps the last element of each type on POST, PUT and PATCH when on; everything when off', async () => {
      const on = await t.newClient({ compat: { uniqueTypePerMultiValue: true } });
      const twoWork = {
        emails: [
          { value: 'first@example.com', type: 'work' },
          { value: 'home@example.com', type: 'home' },
          { value: 'second@example.com', type: 'work' },
        ],
      };
      const created = await createUser(t, on, { userName: 'one-per-type', ...twoWork });
      expect(created.emails).toEqual([
        { value: 'home@example.com', type: 'home' },
        { value: 'second@example.com', type: 'work' },
      ]);
      const patched = await t.http
        .patch(`${on.base}/Users/${created.id}`)
        .set(on.auth)
        .send({
          schemas: [PATCH_OP],
          Operations: [{ op: 'Add', path: 'emails', value: [{ value: 'third@example.com', type: 'work' }] }],
        });
      expect(patched.status).toBe(200);
      expect(patched.body.emails).toEqual([
        { value: 'home@example.com', type: 'home' },
        { value: 'third@example.com', type: 'work' },
      ]);
      const put = await t.http
        .put(`${on.base}/Users/${created.id}`)
        .set(on.auth)
        .send({ userName: 'one-per-type', ...twoWork });
      expect(put.body.emails).toHaveLength(2);
      // Off (the default): both work emails stay.
      const off = await createUser(t, a, { userName: `idp-${++n}@example.com`, ...twoWork });
      expect(off.emails).toHaveLength(3);
    });
  });
});
