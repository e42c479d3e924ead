import { DataSource } from 'typeorm';
import { verifySecret } from '../src/common/crypto/secret-hasher';
import { OPENSSL, PEM } from './support/certificate.fixture';
import { admin, startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  createUser,
  expectScimError,
  ISO_MS,
  NEVIS_URN,
  snapshot,
  storedPasswordHash,
  UUID,
  type Json,
} from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const N = NEVIS_URN;

/** The catalogue a client needs for the tests: two units, roles, an enterprise role, property definitions. */
async function seedCatalogue(t: TestApp, c: TestClient): Promise<void> {
  const post = async (kind: string, body: Json) => {
    const res = await t.http.post(`/admin/clients/${c.extId}/${kind}`).set(admin).send(body);
    if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await post('units', { extId: 'hq', name: 'Headquarters' });
  await post('units', { extId: 'sales', name: 'Sales', parentExtId: 'hq' });
  await post('roles', { application: 'crm', name: 'reader' });
  await post('roles', { application: 'crm', name: 'writer' });
  await post('roles', { application: 'nevisidm', name: 'admin' });
  await post('enterprise-roles', { extId: 'er-auditor', name: 'Auditor' });
  await post('property-definitions', {
    name: 'costCenter',
    scope: 'user',
    type: 'string',
    pattern: '[0-9]{4}',
  });
  await post('property-definitions', { name: 'badge number', scope: 'user', type: 'integer', unique: true });
  await post('property-definitions', {
    name: 'clearance',
    scope: 'user',
    type: 'string',
    allowedValues: ['public', 'secret'],
  });
  await post('property-definitions', { name: 'desk', scope: 'profile', type: 'string', maxLength: 8 });
  await post('property-definitions', { name: 'issuedBy', scope: 'credential', type: 'string' });
}

let badges = 1000;

/**
 * The issue's "done when" user: four credentials, two profiles in two units, three custom properties (the
 * badge number is unique per client, so each user gets its own).
 */
function richUser(userName: string, badge = badges++): Json {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', N],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    password: 'Analytical-Engine-1843',
    [N]: {
      credentials: [
        { type: 'MTAN', extId: 'mtan-1', mobileNumber: '+41791234567', properties: { issuedBy: 'ops' } },
        { type: 'CERTIFICATE', extId: 'cert-1', certificate: PEM },
        { type: 'OATH', extId: 'oath-1', label: `${userName}@example.com` },
      ],
      profiles: [
        {
          extId: 'p-hq',
          name: 'Head office',
          unitExtId: 'hq',
          default: true,
          properties: { desk: 'A-12' },
          authorizations: [
            { extId: 'a-read', kind: 'APPLICATION', role: 'crm.reader' },
            { extId: 'a-aud', kind: 'ENTERPRISE', enterpriseRoleExtId: 'er-auditor' },
          ],
        },
        {
          extId: 'p-sales',
          unitExtId: 'sales',
          authorizations: [
            {
              kind: 'IDM',
              role: 'nevisidm.admin',
              dataRoom: { unitGlobal: false, units: ['sales'] },
            },
          ],
        },
      ],
      properties: { costCenter: '4130', 'badge number': badge, clearance: 'secret' },
    },
  };
}

describe('Users: the nevisIDM model — credentials, profiles, authorizations, properties, loginInfo (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let a: TestClient;
  let b: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    a = await t.newClient();
    b = await t.newClient();
    await seedCatalogue(t, a);
    await seedCatalogue(t, b);
  });
  afterAll(() => t.close());

  const get = async (c: TestClient, id: string): Promise<Json> => {
    const res = await t.http.get(`${c.base}/Users/${id}`).set(c.auth);
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const post = (c: TestClient, body: Json) => t.http.post(`${c.base}/Users`).set(c.auth).send(body);
  const put = (c: TestClient, id: string, body: Json) =>
    t.http.put(`${c.base}/Users/${id}`).set(c.auth).send(body);
  const patch = (c: TestClient, id: string, ...Operations: Json[]) =>
    t.http
      .patch(`${c.base}/Users/${id}`)
      .set(c.auth)
      .send({ schemas: [PATCH_OP], Operations });
  const rowsOf = async (table: string, userId: string): Promise<number> => {
    const [{ n }] = await db.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM ${table} WHERE user_id = ?`,
      [userId],
    );
    return Number(n);
  };
  const credential = (user: Json, extId: string): Json =>
    (user[N].credentials as Json[]).find((c) => c.extId === extId)!;

  describe('the whole model in one POST, read back, replaced with PUT, deleted with everything', () => {
    it('creates, reads (no secret), replaces and deletes', async () => {
      const res = await post(a, richUser('ada'));
      expect(res.status).toBe(201);
      const created = res.body as Json;
      const ext = created[N];

      // Credentials: the core password became the PASSWORD credential; generated extIds are UUIDs.
      expect((ext.credentials as Json[]).map((c) => c.type)).toEqual([
        'MTAN',
        'CERTIFICATE',
        'OATH',
        'PASSWORD',
      ]);
      const password = (ext.credentials as Json[]).find((c) => c.type === 'PASSWORD')!;
      expect(password.extId).toMatch(UUID);
      expect(credential(created, 'mtan-1')).toEqual({
        extId: 'mtan-1',
        type: 'MTAN',
        state: 'active',
        mobileNumber: '+41791234567',
        properties: { issuedBy: 'ops' },
        created: expect.stringMatching(ISO_MS),
        lastModified: expect.stringMatching(ISO_MS),
      });
      // The certificate's facts are parsed from the PEM.
      expect(credential(created, 'cert-1')).toMatchObject({
        subjectDN: 'C=CH, O=Example AG, CN=alice.example',
        serialNumber: OPENSSL.serial,
        fingerprintSha256: OPENSSL.sha256.replace(/:/g, '').toLowerCase(),
        notAfter: new Date(OPENSSL.notAfter).toISOString(),
      });
      // The OATH secret is shown once, here.
      const oath = credential(created, 'oath-1');
      expect(oath.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&/);

      // Profiles and authorizations, exactly one default; properties typed by their definitions.
      expect(ext.profiles).toEqual([
        {
          extId: 'p-hq',
          name: 'Head office',
          unitExtId: 'hq',
          state: 'active',
          default: true,
          properties: { desk: 'A-12' },
          authorizations: [
            { extId: 'a-read', kind: 'APPLICATION', role: 'crm.reader' },
            { extId: 'a-aud', kind: 'ENTERPRISE', enterpriseRoleExtId: 'er-auditor' },
          ],
        },
        {
          extId: 'p-sales',
          unitExtId: 'sales',
          state: 'active',
          default: false,
          authorizations: [
            {
              extId: expect.stringMatching(UUID),
              kind: 'IDM',
              role: 'nevisidm.admin',
              dataRoom: { unitGlobal: false, units: ['sales'] },
            },
          ],
        },
      ]);
      expect(ext.properties).toEqual({
        costCenter: '4130',
        'badge number': created[N].properties['badge number'],
        clearance: 'secret',
      });
      expect(typeof ext.properties['badge number']).toBe('number');

      // Read back: the same user, without the one-time OATH URI and without any secret.
      const read = await get(a, created.id);
      const { otpauthUri: _shownOnce, ...oathAfter } = oath;
      expect(read).toEqual({
        ...created,
        [N]: {
          ...ext,
          credentials: (ext.credentials as Json[]).map((c) => (c.extId === 'oath-1' ? oathAfter : c)),
        },
      });
      const raw = JSON.stringify(read);
      expect(raw).not.toContain('Analytical-Engine-1843');
      expect(raw).not.toMatch(/"(password|otpauthUri|seed|secret)"\s*:/);
      expect(
        await verifySecret('Analytical-Engine-1843', (await storedPasswordHash(t, a, created.id))!),
      ).toBe(true);

      // PUT with the extension replaces it: MTAN and the sales profile go, a unit changes, a property goes.
      const replacement = richUser('ada');
      delete replacement.password;
      replacement[N].credentials = [
        { type: 'PASSWORD', extId: password.extId },
        { type: 'CERTIFICATE', extId: 'cert-1', certificate: PEM },
        { type: 'OATH', extId: 'oath-1', label: 'ada@example.com' },
      ];
      replacement[N].profiles = [{ ...replacement[N].profiles[0], unitExtId: 'sales' }];
      replacement[N].properties = { costCenter: '4131', 'badge number': 1815 };
      const replaced = await put(a, created.id, replacement);
      expect(replaced.status).toBe(200);
      const after = replaced.body as Json;
      expect((after[N].credentials as Json[]).map((c) => c.extId)).toEqual([
        password.extId,
        'cert-1',
        'oath-1',
      ]);
      expect(credential(after, 'oath-1').otpauthUri).toBeUndefined();
      expect(credential(after, 'cert-1').created).toBe(credential(created, 'cert-1').created);
      expect(after[N].profiles).toEqual([
        expect.objectContaining({ extId: 'p-hq', unitExtId: 'sales', default: true }),
      ]);
      expect(after[N].properties).toEqual({ costCenter: '4131', 'badge number': 1815 });
      // The password was kept: the PUT named the credential without a new password.
      expect(
        await verifySecret('Analytical-Engine-1843', (await storedPasswordHash(t, a, created.id))!),
      ).toBe(true);

      // DELETE cascades to every table of the model.
      expect((await t.http.delete(`${a.base}/Users/${created.id}`).set(a.auth)).status).toBe(204);
      for (const table of ['credentials', 'profiles', 'authorizations', 'property_values']) {
        expect({ table, rows: await rowsOf(table, created.id) }).toEqual({ table, rows: 0 });
      }
    });

    it("Okta's PUT of exactly what GET returned keeps everything, secrets included", async () => {
      const created = await createUser(t, a, richUser('ada-echo'));
      const read = await get(a, created.id);
      const res = await put(a, created.id, read);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...read,
        meta: { ...read.meta, lastModified: expect.stringMatching(ISO_MS), version: 'W/"2"' },
      });
      expect(
        await verifySecret('Analytical-Engine-1843', (await storedPasswordHash(t, a, created.id))!),
      ).toBe(true);
    });

    it('PUK, security answers, tickets and OTP cards: secrets hashed or shown once, kept through a PATCH', async () => {
      const res = await post(a, {
        userName: 'secrets',
        [N]: {
          credentials: [
            { type: 'PUK', extId: 'puk', puk: '84210377' },
            {
              type: 'SECURITY_QUESTIONS',
              extId: 'sq',
              questions: [{ question: 'First pet?', answer: 'Rex the dog' }],
            },
            { type: 'TICKET', extId: 'tk', identification: 'door' },
            { type: 'URL_TICKET', extId: 'ut', urlPrefix: 'https://idm.example.com/activate?t=' },
            { type: 'OTP', extId: 'otp' },
          ],
        },
      });
      expect(res.status).toBe(201);
      const ticket = credential(res.body, 'tk').ticket as string;
      expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(credential(res.body, 'ut').url).toMatch(
        /^https:\/\/idm\.example\.com\/activate\?t=[A-Za-z0-9_-]{43}$/,
      );
      expect(credential(res.body, 'otp').cardNumber).toMatch(/^[1-9]\d{11}$/);
      expect(credential(res.body, 'sq').questions).toEqual([{ question: 'First pet?' }]);
      const id = res.body.id as string;
      const stored = async () =>
        db.query<{ ext_id: string; secret_hash: string | null; secret_data: string | null }[]>(
          'SELECT ext_id, secret_hash, secret_data FROM credentials WHERE user_id = ? ORDER BY position',
          [id],
        );
      const before = await stored();
      const row = (extId: string) => before.find((r) => r.ext_id === extId)!;
      expect(await verifySecret('84210377', row('puk').secret_hash!)).toBe(true);
      const answers = (JSON.parse(row('sq').secret_data!) as { answers: string[] }).answers;
      expect(await verifySecret('Rex the dog', answers[0])).toBe(true);
      expect(row('tk').secret_hash).toMatch(/^sha256\$[0-9a-f]{64}$/);
      expect(JSON.stringify(before)).not.toContain(ticket);
      // Read back: none of it, only the public attributes and the card number.
      const read = await get(a, id);
      const text = JSON.stringify(read);
      for (const secret of ['84210377', 'Rex the dog', ticket]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/"(url|ticket|puk|answer)"\s*:/);
      expect(credential(read, 'otp').cardNumber).toBe(credential(res.body, 'otp').cardNumber);
      // A PATCH elsewhere keeps every secret (answers are write-only, so the stored ones stay).
      const patched = await patch(a, id, { op: 'replace', path: 'displayName', value: 'Secretive' });
      expect(patched.status).toBe(200);
      expect(await stored()).toEqual(before);
      const state = await patch(a, id, {
        op: 'replace',
        path: `${N}:credentials[extId eq "sq"].state`,
        value: 'disabled',
      });
      expect(state.status).toBe(200);
      const after = await stored();
      expect(after.find((r) => r.ext_id === 'sq')!.secret_data).toBe(row('sq').secret_data);
      expect(credential(state.body, 'otp').cardNumber).toBe(credential(res.body, 'otp').cardNumber);
    });

    it('a PUT without the extension keeps credentials, profiles and properties (connectors that know nothing of it)', async () => {
      const created = await createUser(t, a, richUser('ada-keeps'));
      const res = await put(a, created.id, { userName: 'ada-keeps', displayName: 'Ada' });
      expect(res.status).toBe(200);
      const { otpauthUri: _o, ...oath } = credential(created, 'oath-1');
      expect(res.body[N]).toEqual({
        ...created[N],
        credentials: (created[N].credentials as Json[]).map((c) => (c.extId === 'oath-1' ? oath : c)),
      });
    });
  });

  describe('bad input is a SCIM error naming the element, and nothing is written', () => {
    const cases: [string, (body: Json) => void, number, string | undefined, RegExp][] = [
      [
        'an unknown credential type',
        (u) => u[N].credentials.push({ type: 'SMOKE_SIGNAL' }),
        400,
        'invalidValue',
        /credentials\[3\]\.type' must be one of PASSWORD, /,
      ],
      [
        'a second PASSWORD credential',
        (u) =>
          u[N].credentials.push(
            { type: 'PASSWORD', password: 'One-Password-9' },
            { type: 'PASSWORD', password: 'Another-Password-9' },
          ),
        422,
        'invalidValue',
        /credentials\[4\]: a user has at most one PASSWORD credential/,
      ],
      [
        'an invalid PEM',
        (u) => (u[N].credentials[1].certificate = PEM.replace(/[A-Za-z]{20}/, '!!!')),
        400,
        'invalidValue',
        /credentials\[1\]\.certificate/,
      ],
      [
        'a mobile number that is not E.164',
        (u) => (u[N].credentials[0].mobileNumber = '079 123 45 67'),
        400,
        'invalidValue',
        /credentials\[0\]\.mobileNumber/,
      ],
      [
        'a required attribute missing (OATH label)',
        (u) => delete u[N].credentials[2].label,
        400,
        'invalidValue',
        /credentials\[2\]\.label is required/,
      ],
      [
        'an attribute of another type',
        (u) => (u[N].credentials[0].kerberosId = 'ada@EXAMPLE.COM'),
        400,
        'invalidValue',
        /credentials\[0\]\.kerberosId is not an attribute of a MTAN credential/,
      ],
      [
        'an unknown unit',
        (u) => (u[N].profiles[1].unitExtId = 'nowhere'),
        422,
        'invalidValue',
        /profiles\[1\]\.unitExtId: there is no unit 'nowhere'/,
      ],
      [
        'a profile without a unit',
        (u) => delete u[N].profiles[1].unitExtId,
        400,
        'invalidValue',
        /profiles\[1\]\.unitExtId is required/,
      ],
      [
        'an unknown role',
        (u) => (u[N].profiles[0].authorizations[0].role = 'crm.owner'),
        422,
        'invalidValue',
        /profiles\[0\]\.authorizations\[0\]\.role: there is no role 'crm\.owner'/,
      ],
      [
        'an unknown enterprise role',
        (u) => (u[N].profiles[0].authorizations[1].enterpriseRoleExtId = 'er-none'),
        422,
        'invalidValue',
        /enterpriseRoleExtId: there is no enterprise role 'er-none'/,
      ],
      [
        'the same role twice in a profile',
        (u) => u[N].profiles[0].authorizations.push({ kind: 'APPLICATION', role: 'crm.reader' }),
        409,
        'uniqueness',
        /authorizations\[2\] grants the same role as .*authorizations\[0\]/,
      ],
      [
        'a data room on an APPLICATION authorization',
        (u) => (u[N].profiles[0].authorizations[0].dataRoom = { clientGlobal: true }),
        400,
        'invalidValue',
        /dataRoom is used by IDM authorizations only/,
      ],
      [
        'a validity window that ends before it starts',
        (u) =>
          Object.assign(u[N].profiles[1], {
            validFrom: '2027-01-01T00:00:00Z',
            validTo: '2026-01-01T00:00:00Z',
          }),
        400,
        'invalidValue',
        /profiles\[1\]\.validTo \(2026-01-01T00:00:00.000Z\) is before .*profiles\[1\]\.validFrom/,
      ],
      [
        'two default profiles',
        (u) => (u[N].profiles[1].default = true),
        400,
        'invalidValue',
        /Only one profile can be the default/,
      ],
      [
        'an undefined property',
        (u) => (u[N].properties.shoeSize = 42),
        422,
        'invalidValue',
        /properties\.shoeSize is not a defined property/,
      ],
      [
        'a property against its pattern',
        (u) => (u[N].properties.costCenter = 'abc'),
        422,
        'invalidValue',
        /properties\.costCenter: pattern/,
      ],
      [
        'a property not among its allowed values',
        (u) => (u[N].properties.clearance = 'top'),
        422,
        'invalidValue',
        /properties\.clearance: allowedValues/,
      ],
      [
        'a property of the wrong type',
        (u) => (u[N].properties['badge number'] = 'x'),
        422,
        'invalidValue',
        /badge number: type/,
      ],
      [
        'a profile property too long',
        (u) => (u[N].profiles[0].properties.desk = 'A-123456789'),
        422,
        'invalidValue',
        /profiles\[0\]\.properties\.desk: maxLength/,
      ],
      [
        'a credential property of another scope',
        (u) => (u[N].credentials[0].properties = { desk: 'x' }),
        422,
        'invalidValue',
        /credentials\[0\]\.properties\.desk is not a defined property of scope credential/,
      ],
      [
        'a password against the policy',
        (u) => (u.password = 'short'),
        422,
        'invalidValue',
        /^password violates the password policy: minLength/,
      ],
      [
        'a duplicate credential extId',
        (u) => (u[N].credentials[1].extId = 'mtan-1'),
        409,
        'uniqueness',
        /credentials\[1\]\.extId: 'mtan-1' is already used/,
      ],
    ];
    it.each(cases)('%s', async (_name, mutate, status, scimType, detail) => {
      const before = await snapshot(t, a);
      const body = richUser(`bad-${Math.random().toString(36).slice(2)}`);
      mutate(body);
      const res = await post(a, body);
      expectScimError(res, status, scimType, detail);
      expect(await snapshot(t, a)).toEqual(before);
    });

    it('a unit, role or property of another client is unknown here (cross-tenant references)', async () => {
      await t.http.post(`/admin/clients/${b.extId}/units`).set(admin).send({ extId: 'b-only', name: 'B' });
      await t.http
        .post(`/admin/clients/${b.extId}/roles`)
        .set(admin)
        .send({ application: 'bapp', name: 'r' });
      await t.http
        .post(`/admin/clients/${b.extId}/property-definitions`)
        .set(admin)
        .send({ name: 'bOnly', scope: 'user', type: 'string' });
      const before = await snapshot(t, a);
      const unit = richUser('x-unit');
      unit[N].profiles[0].unitExtId = 'b-only';
      expectScimError(await post(a, unit), 422, 'invalidValue', /no unit 'b-only'/);
      const role = richUser('x-role');
      role[N].profiles[0].authorizations[0].role = 'bapp.r';
      expectScimError(await post(a, role), 422, 'invalidValue', /no role 'bapp\.r'/);
      const property = richUser('x-prop');
      property[N].properties.bOnly = 'v';
      expectScimError(await post(a, property), 422, 'invalidValue', /bOnly is not a defined property/);
      expect(await snapshot(t, a)).toEqual(before);
    });
  });

  describe('client policy', () => {
    it('the password policy names every violated rule, and the history refuses a recent password', async () => {
      const c = await t.newClient({
        passwordPolicy: { minLength: 12, requireDigit: true, requireSpecial: true, history: 2 },
      });
      const res = await post(c, { userName: 'policy', password: 'policy' });
      expectScimError(res, 422, 'invalidValue', /minLength.*requireDigit.*requireSpecial.*notEqualUserName/);
      const user = await createUser(t, c, { userName: 'policy', password: 'First-password-1' });
      const again = await put(c, user.id, { userName: 'policy', password: 'First-password-1' });
      expectScimError(again, 422, 'invalidValue', /history: must differ from the last 2 passwords/);
      expect((await put(c, user.id, { userName: 'policy', password: 'Second-password-2' })).status).toBe(200);
      const back = await patch(c, user.id, { op: 'replace', path: 'password', value: 'First-password-1' });
      expectScimError(back, 422, 'invalidValue', /history/);
      expect(
        (await patch(c, user.id, { op: 'replace', path: 'password', value: 'Third-password-3' })).status,
      ).toBe(200);
      expect(await verifySecret('Third-password-3', (await storedPasswordHash(t, c, user.id))!)).toBe(true);
    });

    it('a client with a default unit gives each new user a default profile there', async () => {
      const c = await t.newClient();
      await t.http.post(`/admin/clients/${c.extId}/units`).set(admin).send({ extId: 'home', name: 'Home' });
      const set = await t.http
        .patch(`/admin/clients/${c.extId}`)
        .set(admin)
        .send({ settings: { defaultUnitExtId: 'home' } });
      expect(set.status).toBe(200);
      const user = await createUser(t, c, { userName: 'defaulted' });
      expect(user[N].profiles).toEqual([
        { extId: expect.stringMatching(UUID), unitExtId: 'home', state: 'active', default: true },
      ]);
      // A user created with profiles of its own gets no extra one.
      await t.http.post(`/admin/clients/${c.extId}/units`).set(admin).send({ extId: 'other', name: 'Other' });
      const own = await createUser(t, c, { userName: 'own', [N]: { profiles: [{ unitExtId: 'other' }] } });
      expect(own[N].profiles).toEqual([expect.objectContaining({ unitExtId: 'other', default: true })]);
      // The default unit cannot be deleted while it is the setting (nor while profiles use it).
      const del = await t.http.delete(`/admin/clients/${c.extId}/units/home`).set(admin);
      expectScimError(del, 409, undefined, /default unit/);
    });

    it('the default unit must name a unit of the client', async () => {
      const c = await t.newClient();
      const bad = await t.http
        .patch(`/admin/clients/${c.extId}`)
        .set(admin)
        .send({ settings: { defaultUnitExtId: 'missing' } });
      expectScimError(bad, 422, 'invalidValue', /no unit 'missing'/);
      const created = await t.http
        .post('/admin/clients')
        .set(admin)
        .send({ extId: `dflt-${Date.now()}`, name: 'x', settings: { defaultUnitExtId: 'u' } });
      expectScimError(created, 422, 'invalidValue', /create the unit, then set the setting/);
    });

    it('a custom property unique per client: a second holder in the client is 409; another client is free', async () => {
      const first = richUser('unique-1');
      const user = await createUser(t, a, first);
      const second = richUser('unique-2', first[N].properties['badge number']);
      const before = await snapshot(t, a);
      expectScimError(await post(a, second), 409, 'uniqueness', /unique per client/);
      expect(await snapshot(t, a)).toEqual(before);
      expect((await post(b, richUser('unique-2', first[N].properties['badge number']))).status).toBe(201);
      // Freed when the holder changes its value.
      const changed = await patch(a, user.id, {
        op: 'replace',
        path: `${N}:properties.badge number`,
        value: 7,
      });
      expect(changed.status).toBe(200);
      expect((await post(a, second)).status).toBe(201);
    });
  });

  describe('a property definition turned unique', () => {
    it('refuses while two users share a value, then enforces uniqueness from then on; turned off, frees it', async () => {
      const c = await t.newClient();
      const def = (body: Json) =>
        t.http.patch(`/admin/clients/${c.extId}/property-definitions/user/room`).set(admin).send(body);
      await t.http
        .post(`/admin/clients/${c.extId}/property-definitions`)
        .set(admin)
        .send({ name: 'room', scope: 'user', type: 'string' });
      await createUser(t, c, { userName: 'r1', [N]: { properties: { room: 'A' } } });
      const r2 = await createUser(t, c, { userName: 'r2', [N]: { properties: { room: 'A' } } });
      expectScimError(await def({ unique: true }), 409, undefined, /cannot become unique/);
      expect(
        (await t.http.get(`/admin/clients/${c.extId}/property-definitions/user/room`).set(admin)).body.unique,
      ).toBe(false);
      expect(
        (await patch(c, r2.id, { op: 'replace', path: `${N}:properties.room`, value: 'B' })).status,
      ).toBe(200);
      expect((await def({ unique: true })).status).toBe(200);
      expectScimError(
        await post(c, { userName: 'r3', [N]: { properties: { room: 'B' } } }),
        409,
        'uniqueness',
      );
      expect((await def({ unique: false })).status).toBe(200);
      expect((await post(c, { userName: 'r3', [N]: { properties: { room: 'B' } } })).status).toBe(201);
    });
  });

  describe('catalogue entries in use cannot be deleted (409 naming the counts)', () => {
    it('units, roles, enterprise roles and property definitions', async () => {
      const c = await t.newClient();
      await seedCatalogue(t, c);
      await createUser(t, c, richUser('in-use'));
      const del = (kind: string, key: string) =>
        t.http.delete(`/admin/clients/${c.extId}/${kind}/${key}`).set(admin);
      expectScimError(
        await del('units', 'sales'),
        409,
        undefined,
        /Unit 'sales' is still referenced by 1 profile of 1 user/,
      );
      expectScimError(await del('roles', 'crm.reader'), 409, undefined, /1 profile of 1 user/);
      expectScimError(await del('enterprise-roles', 'er-auditor'), 409, undefined, /1 profile of 1 user/);
      expectScimError(await del('property-definitions', 'user/costCenter'), 409, undefined, /1 user/);
      expectScimError(
        await del('property-definitions', 'profile/desk'),
        409,
        undefined,
        /1 profile of 1 user/,
      );
      expect((await del('roles', 'crm.writer')).status).toBe(204);
      // Deleting the whole client takes the users and the catalogue with it.
      const gone = await t.http.delete(`/admin/clients/${c.extId}?confirm=${c.extId}`).set(admin);
      expect(gone.status).toBe(204);
    });
  });

  describe('loginInfo: written by PATCH only, with the "record a login event" semantics', () => {
    it('records events on the user and on a credential; POST and PUT do not write it', async () => {
      const body = richUser('logins');
      body[N].loginInfo = { successfulLoginCount: 99 };
      const user = await createUser(t, a, body);
      expect(user[N].loginInfo).toBeUndefined();
      const ok = await patch(a, user.id, { op: 'add', path: `${N}:loginInfo`, value: { success: true } });
      expect(ok.status).toBe(200);
      expect(ok.body[N].loginInfo).toEqual({
        lastLogin: expect.stringMatching(ISO_MS),
        successfulLoginCount: 1,
      });
      const failed = await patch(
        a,
        user.id,
        { op: 'add', path: `${N}:loginInfo`, value: { success: false } },
        { op: 'add', path: `${N}:credentials[extId eq "mtan-1"].loginInfo`, value: { success: true } },
      );
      expect(failed.body[N].loginInfo).toEqual({
        lastLogin: ok.body[N].loginInfo.lastLogin,
        successfulLoginCount: 1,
        lastLoginFailure: expect.stringMatching(ISO_MS),
        failedLoginCount: 1,
      });
      expect(credential(failed.body, 'mtan-1').loginInfo).toEqual({
        lastLogin: expect.stringMatching(ISO_MS),
        successfulLoginCount: 1,
      });
      // Setting fields directly (a migration) works too.
      const set = await patch(a, user.id, {
        op: 'replace',
        path: `${N}:loginInfo.successfulLoginCount`,
        value: 41,
      });
      expect(set.body[N].loginInfo.successfulLoginCount).toBe(41);
      // A PUT keeps it, whatever its body says.
      const replacement = richUser('logins');
      delete replacement.password;
      replacement[N].credentials = failed.body[N].credentials.map(({ otpauthUri: _o, ...c }: Json) => c);
      replacement[N].loginInfo = { successfulLoginCount: 0 };
      const putRes = await put(a, user.id, replacement);
      expect(putRes.status).toBe(200);
      expect(putRes.body[N].loginInfo).toEqual(set.body[N].loginInfo);
      expect(credential(putRes.body, 'mtan-1').loginInfo).toEqual(
        credential(failed.body, 'mtan-1').loginInfo,
      );
    });
  });

  describe('PATCH of the nevisIDM targets', () => {
    let user: Json;
    beforeEach(async () => {
      user = await createUser(t, a, {
        ...richUser(`p-${Math.random().toString(36).slice(2)}`),
        [N]: { ...richUser('x')[N], properties: {} },
      });
    });

    it('adds a credential; generated secrets are in that response only, even when 204 was asked for', async () => {
      const res = await t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .send({
          schemas: [PATCH_OP],
          performGet: false,
          Operations: [
            { op: 'add', path: `${N}:credentials`, value: [{ type: 'TEMP_STRONG_PASSWORD', extId: 'tmp' }] },
            { op: 'add', path: `${N}:credentials`, value: { type: 'RECOVERY_CODE', extId: 'rc' } },
          ],
        });
      expect(res.status).toBe(200);
      expect(credential(res.body, 'tmp').password).toMatch(/^.{20}$/);
      expect(credential(res.body, 'rc').codes).toHaveLength(16);
      const read = await get(a, user.id);
      expect(credential(read, 'tmp').password).toBeUndefined();
      expect(credential(read, 'rc').codes).toBeUndefined();
      // A new set of recovery codes replaces the old one.
      const again = await patch(a, user.id, {
        op: 'add',
        path: `${N}:credentials`,
        value: { type: 'RECOVERY_CODE' },
      });
      expect(again.status).toBe(200);
      const codes = (again.body[N].credentials as Json[]).filter((c) => c.type === 'RECOVERY_CODE');
      expect(codes).toHaveLength(1);
      expect(codes[0].extId).not.toBe('rc');
      expect(codes[0].codes).toHaveLength(16);
    });

    it('changes a credential state and validity, replaces a password with the policy, removes by extId', async () => {
      const res = await patch(
        a,
        user.id,
        { op: 'replace', path: `${N}:credentials[extId eq "mtan-1"].state`, value: 'disabled' },
        { op: 'replace', path: `${N}:credentials[extId='mtan-1'].validTo`, value: '2030-01-01T00:00:00Z' },
        { op: 'remove', path: `${N}:credentials[extId eq "cert-1"]` },
      );
      expect(res.status).toBe(200);
      expect(credential(res.body, 'mtan-1')).toMatchObject({
        state: 'disabled',
        validTo: '2030-01-01T00:00:00.000Z',
      });
      expect((res.body[N].credentials as Json[]).some((c) => c.extId === 'cert-1')).toBe(false);
      const weak = await patch(a, user.id, {
        op: 'replace',
        path: `${N}:credentials[type eq "PASSWORD"].password`,
        value: 'weak',
      });
      expectScimError(weak, 422, 'invalidValue', /password violates the password policy: minLength/);
      const strong = await patch(a, user.id, {
        op: 'replace',
        path: `${N}:credentials[type eq "PASSWORD"].password`,
        value: 'A-much-better-one-2026',
      });
      expect(strong.status).toBe(200);
      expect(await verifySecret('A-much-better-one-2026', (await storedPasswordHash(t, a, user.id))!)).toBe(
        true,
      );
      // The type of a credential is immutable.
      const retype = await patch(a, user.id, {
        op: 'replace',
        path: `${N}:credentials[extId eq "mtan-1"].type`,
        value: 'GENERIC',
      });
      expectScimError(retype, 400, 'mutability');
    });

    it('adds, replaces and removes profiles; switches the default; changes a unit', async () => {
      const res = await patch(
        a,
        user.id,
        { op: 'add', path: `${N}:profiles`, value: { extId: 'p-new', unitExtId: 'sales', default: true } },
        { op: 'replace', path: `${N}:profiles[extId eq "p-sales"].unitExtId`, value: 'hq' },
      );
      expect(res.status).toBe(200);
      const profiles = res.body[N].profiles as Json[];
      expect(profiles.map((p) => [p.extId, p.unitExtId, p.default])).toEqual([
        ['p-hq', 'hq', false],
        ['p-sales', 'hq', false],
        ['p-new', 'sales', true],
      ]);
      const removed = await patch(a, user.id, { op: 'remove', path: `${N}:profiles[extId eq "p-new"]` });
      expect((removed.body[N].profiles as Json[]).map((p) => [p.extId, p.default])).toEqual([
        ['p-hq', true],
        ['p-sales', false],
      ]);
      // A rule broken by the result names the operation that broke it.
      const badUnit = await patch(
        a,
        user.id,
        { op: 'replace', path: `${N}:profiles[extId eq "p-hq"].name`, value: 'Renamed' },
        { op: 'replace', path: `${N}:profiles[extId eq "p-hq"].unitExtId`, value: 'nowhere' },
      );
      expectScimError(
        badUnit,
        422,
        'invalidValue',
        /^Operations\[1\] \(replace urn:nevis:idm:scim:schemas:v1:extension:User:profiles\[extId eq "p-hq"\]\.unitExtId\): .*profiles\[0\]\.unitExtId: there is no unit 'nowhere'/,
      );
      expect(await get(a, user.id)).toEqual(removed.body);
    });

    it('adds and removes authorizations inside a profile (the two-level path)', async () => {
      const added = await patch(a, user.id, {
        op: 'add',
        path: `${N}:profiles[extId eq "p-hq"].authorizations`,
        value: { extId: 'a-write', kind: 'APPLICATION', role: 'crm.writer' },
      });
      expect(added.status).toBe(200);
      expect(added.body[N].profiles[0].authorizations.map((x: Json) => x.extId)).toEqual([
        'a-read',
        'a-aud',
        'a-write',
      ]);
      const twice = await patch(a, user.id, {
        op: 'add',
        path: `${N}:profiles[extId eq "p-hq"].authorizations`,
        value: { kind: 'APPLICATION', role: 'crm.writer' },
      });
      expectScimError(twice, 409, 'uniqueness', /same role/);
      expect(await get(a, user.id)).toEqual(added.body);
      const removed = await patch(a, user.id, {
        op: 'remove',
        path: `${N}:profiles[extId eq "p-hq"].authorizations[extId eq "a-read"]`,
      });
      expect(removed.body[N].profiles[0].authorizations.map((x: Json) => x.extId)).toEqual([
        'a-aud',
        'a-write',
      ]);
    });

    it('sets and removes custom properties, validated by their definitions', async () => {
      const set = await patch(
        a,
        user.id,
        { op: 'add', path: `${N}:properties.costCenter`, value: '7000' },
        { op: 'add', path: `${N}:properties.clearance`, value: 'public' },
        { op: 'replace', path: `${N}:profiles[extId eq "p-hq"].properties.desk`, value: 'B-2' },
      );
      expect(set.status).toBe(200);
      expect(set.body[N].properties).toEqual({ costCenter: '7000', clearance: 'public' });
      expect(set.body[N].profiles[0].properties).toEqual({ desk: 'B-2' });
      const bad = await patch(a, user.id, { op: 'replace', path: `${N}:properties.clearance`, value: 'top' });
      expectScimError(bad, 422, 'invalidValue', /clearance: allowedValues/);
      const unknown = await patch(a, user.id, { op: 'add', path: `${N}:properties.shoeSize`, value: 1 });
      expectScimError(unknown, 400, 'invalidPath');
      const removed = await patch(a, user.id, { op: 'remove', path: `${N}:properties.costCenter` });
      expect(removed.body[N].properties).toEqual({ clearance: 'public' });
    });

    it('parallel PATCHes adding credentials and recording logins lose nothing (the user row lock)', async () => {
      const adds = Array.from({ length: 6 }, (_, i) =>
        patch(a, user.id, {
          op: 'add',
          path: `${N}:credentials`,
          value: { type: 'GENERIC', extId: `g-${i}`, identification: `badge-${i}` },
        }),
      );
      const logins = Array.from({ length: 6 }, () =>
        patch(a, user.id, { op: 'add', path: `${N}:loginInfo`, value: { success: true } }),
      );
      const responses = await Promise.all([...adds, ...logins]);
      expect(responses.map((r) => r.status)).toEqual(Array<number>(12).fill(200));
      const after = await get(a, user.id);
      const generic = (after[N].credentials as Json[])
        .filter((c) => c.type === 'GENERIC')
        .map((c) => c.extId);
      expect(generic.sort()).toEqual(['g-0', 'g-1', 'g-2', 'g-3', 'g-4', 'g-5']);
      expect(after[N].loginInfo.successfulLoginCount).toBe(6);
      expect(after.meta.version).toBe(`W/"${Number(/\d+/.exec(user.meta.version)![0]) + 12}"`);
    });

    it('another tenant cannot patch the user, and its catalogue is not this one', async () => {
      const before = await get(a, user.id);
      const res = await patch(b, user.id, {
        op: 'replace',
        path: `${N}:credentials[extId eq "mtan-1"].state`,
        value: 'disabled',
      });
      expectScimError(res, 404);
      expect(await get(a, user.id)).toEqual(before);
    });
  });

  describe('filters', () => {
    it('on credential and profile attributes, never on secrets', async () => {
      const user = await createUser(t, a, richUser('filtered'));
      const find = (filter: string) =>
        t.http.get(`${a.base}/Users?filter=${encodeURIComponent(filter)}&attributes=userName`).set(a.auth);
      const ids = (res: { body: Json }) => (res.body.Resources as Json[]).map((r) => r.id);
      const byType = await find(`userName eq "filtered" and ${N}:credentials.type eq "CERTIFICATE"`);
      expect(ids(byType)).toEqual([user.id]);
      const byProfile = await find(
        `${N}:profiles[extId eq "p-sales" and default eq false] and userName eq "filtered"`,
      );
      expect(ids(byProfile)).toEqual([user.id]);
      const none = await find(`userName eq "filtered" and ${N}:credentials.type eq "FIDO2"`);
      expect(ids(none)).toEqual([]);
      // Custom properties of the user, by their definitions' types; `ne` includes users without a value.
      const badge = user[N].properties['badge number'] as number;
      expect(ids(await find(`${N}:properties.badge number eq ${badge} and userName eq "filtered"`))).toEqual([
        user.id,
      ]);
      expect(ids(await find(`${N}:properties.badge number ge ${badge} and userName eq "filtered"`))).toEqual([
        user.id,
      ]);
      expect(ids(await find(`${N}:properties.badge number gt ${badge} and userName eq "filtered"`))).toEqual(
        [],
      );
      expect(ids(await find(`${N}:properties.costCenter sw "41" and userName eq "filtered"`))).toEqual([
        user.id,
      ]);
      expect(ids(await find(`${N}:properties.clearance ne "secret" and userName eq "filtered"`))).toEqual([]);
      expect(ids(await find(`${N}:properties.clearance pr and userName eq "filtered"`))).toEqual([user.id]);
      const plain = await createUser(t, a, { userName: 'filtered-plain' });
      expect(ids(await find(`${N}:properties.clearance ne "secret" and userName sw "filtered"`))).toEqual([
        plain.id,
      ]);
      expect(ids(await find(`${N}:properties.clearance eq null and userName sw "filtered"`))).toEqual([
        plain.id,
      ]);
      expectScimError(await find(`${N}:properties.badge number eq "x"`), 400, 'invalidFilter');
      expectScimError(await find(`${N}:properties.shoeSize eq 1`), 400, 'invalidFilter');
      // Another client's definitions are not this client's.
      expect(
        ids(
          await t.http
            .get(`${b.base}/Users?filter=${encodeURIComponent(`${N}:properties.badge number eq ${badge}`)}`)
            .set(b.auth),
        ),
      ).toEqual([]);
      const secret = await find(`${N}:credentials.password eq "Analytical-Engine-1843"`);
      expect(secret.status).toBeGreaterThanOrEqual(400);
      expect(secret.status).toBeLessThan(500);
      expect(secret.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    });
  });

  describe('discovery and projection', () => {
    it("the tenant's /Schemas lists its property definitions as sub-attributes of properties", async () => {
      const res = await t.http.get(`${a.base}/Schemas/${N}`).set(a.auth);
      expect(res.status).toBe(200);
      const attributes = res.body.attributes as Json[];
      const properties = attributes.find((x) => x.name === 'properties')!;
      expect(properties.subAttributes.map((s: Json) => [s.name, s.type])).toEqual([
        ['costCenter', 'string'],
        ['badge number', 'integer'],
        ['clearance', 'string'],
      ]);
      expect(properties.subAttributes[1].uniqueness).toBe('server');
      expect(properties.subAttributes[2].canonicalValues).toEqual(['public', 'secret']);
      const profiles = attributes.find((x) => x.name === 'profiles')!;
      const desk = profiles.subAttributes.find((x: Json) => x.name === 'properties').subAttributes;
      expect(desk.map((s: Json) => s.name)).toEqual(['desk']);
      // The global copy has open, empty property maps; another tenant sees its own definitions only.
      const global = await t.http.get(`/scim/v2/Schemas/${N}`).set(a.auth);
      expect(global.body.attributes.find((x: Json) => x.name === 'properties').subAttributes).toEqual([]);
      const other = await t.http.get(`${b.base}/Schemas/${N}`).set(b.auth);
      expect(
        other.body.attributes
          .find((x: Json) => x.name === 'properties')
          .subAttributes.map((s: Json) => s.name),
      ).toContain('bOnly');
      expect(properties.subAttributes.map((s: Json) => s.name)).not.toContain('bOnly');
    });

    it('credentials[TYPE] picks credential types in attributes and excludedAttributes', async () => {
      const user = await createUser(t, a, richUser('selector'));
      const only = await t.http
        .get(`${a.base}/Users/${user.id}?attributes=${encodeURIComponent(`${N}:credentials[PASSWORD]`)}`)
        .set(a.auth);
      expect(only.status).toBe(200);
      expect((only.body[N].credentials as Json[]).map((c) => c.type)).toEqual(['PASSWORD']);
      expect(only.body[N].profiles).toBeUndefined();
      expect(only.body.id).toBe(user.id);
      expect(only.body.userName).toBeUndefined();
      const without = await t.http
        .get(
          `${a.base}/Users/${user.id}?excludedAttributes=${encodeURIComponent(`${N}:credentials[MTAN],${N}:credentials[OATH]`)}`,
        )
        .set(a.auth);
      expect((without.body[N].credentials as Json[]).map((c) => c.type)).toEqual(['CERTIFICATE', 'PASSWORD']);
      expect(without.body[N].profiles).toHaveLength(2);
      const listed = await t.http
        .get(
          `${a.base}/Users?filter=${encodeURIComponent('userName eq "selector"')}&attributes=${encodeURIComponent(`${N}:credentials[CERTIFICATE]`)}`,
        )
        .set(a.auth);
      expect((listed.body.Resources[0][N].credentials as Json[]).map((c) => c.type)).toEqual(['CERTIFICATE']);
    });
  });
});
