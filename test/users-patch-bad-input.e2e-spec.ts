import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, ENTERPRISE_URN, expectScimError, snapshot, type Json } from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * A bad PATCH is a SCIM error naming the failing operation and its path, and writes nothing: every case
 * compares the GET of the user byte for byte, and the client's whole user list, before and after.
 */
describe('Users: PATCH bad input (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let seed: Json;
  let other: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    seed = await createUser(t, a, {
      userName: 'seed',
      externalId: 'ext-seed',
      displayName: 'Seed',
      name: { givenName: 'Sid', familyName: 'Seed' },
      emails: [{ value: 'seed@work.example', type: 'work', primary: true }],
      [ENTERPRISE_URN]: { department: 'R&D' },
    });
    other = await createUser(t, a, { userName: 'taken', externalId: 'ext-taken' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** Runs a request and checks that the seed's GET is byte-identical and the client's users are as before. */
  async function unchanged<T>(
    send: () => Promise<T>,
    client: TestClient = a,
    id: string = seed.id,
  ): Promise<T> {
    const get = () => t.http.get(`${client.base}/Users/${id}`).set(client.auth);
    const before = await get();
    const all = await snapshot(t, client);
    const res = await send();
    const after = await get();
    expect({ status: after.status, text: after.text, etag: after.headers.etag }).toEqual({
      status: 200,
      text: before.text,
      etag: before.headers.etag,
    });
    expect(await snapshot(t, client)).toEqual(all);
    return res;
  }

  const patch = (body: unknown, client: TestClient = a, id: string = seed.id) =>
    t.http
      .patch(`${client.base}/Users/${id}`)
      .set(client.auth)
      .send(body as object);
  const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
  const raw = (text: string, type = 'application/scim+json') =>
    t.http.patch(`${a.base}/Users/${seed.id}`).set(a.auth).set('Content-Type', type).send(text);

  describe('operations', () => {
    /** [title, operations, scimType, the detail must match] */
    const cases: [string, unknown[], string, RegExp][] = [
      [
        'an unknown op',
        [{ op: 'merge', path: 'displayName', value: 'X' }],
        'invalidSyntax',
        /^Operations\[0\] \(merge displayName\): .*'op'/,
      ],
      [
        'an op that is not a string',
        [{ op: 1, path: 'displayName', value: 'X' }],
        'invalidSyntax',
        /Operations\[0\]\.op/,
      ],
      ['a missing op', [{ path: 'displayName', value: 'X' }], 'invalidSyntax', /Operations\[0\]\.op/],
      ['an operation that is a string', ['replace'], 'invalidSyntax', /Operations\[0\] must be an object/],
      ['remove without a path', [{ op: 'remove' }], 'noTarget', /^Operations\[0\] \(remove\): /],
      ['remove with an empty path', [{ op: 'remove', path: '' }], 'noTarget', /^Operations\[0\] \(remove\)/],
      ['a path that is not a string', [{ op: 'remove', path: 5 }], 'invalidPath', /Operations\[0\]\.path/],
      [
        'an unknown attribute in the path',
        [{ op: 'replace', path: 'favouriteColour', value: 'blue' }],
        'invalidPath',
        /^Operations\[0\] \(replace favouriteColour\): .*'favouriteColour'/,
      ],
      [
        'an unknown sub-attribute in the path',
        [{ op: 'add', path: 'name.nickName', value: 'Sidney' }],
        'invalidPath',
        /^Operations\[0\] \(add name\.nickName\): .*'name\.nickName'/,
      ],
      [
        'a sub-attribute of a simple attribute',
        [{ op: 'replace', path: 'userName.value', value: 'x' }],
        'invalidPath',
        /^Operations\[0\] \(replace userName\.value\)/,
      ],
      [
        'an unknown schema URN',
        [{ op: 'replace', path: 'urn:example:params:scim:schemas:extension:acme:2.0:User:level', value: 3 }],
        'invalidPath',
        /^Operations\[0\] \(replace urn:example:params:scim:schemas:extension:acme:2\.0:User:level\)/,
      ],
      [
        'a path that does not parse',
        [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
        'invalidPath',
        /^Operations\[0\] \(replace emails\[type eq "work"\)/,
      ],
      [
        'an unknown attribute inside a filter',
        [{ op: 'replace', path: 'emails[kind eq "work"].value', value: 'x@example.com' }],
        'invalidPath',
        /^Operations\[0\] \(replace emails\[kind eq "work"\]\.value\): .*'kind'/,
      ],
      [
        'a filter on a singular attribute',
        [{ op: 'replace', path: 'name[givenName eq "Sid"].familyName', value: 'x' }],
        'invalidPath',
        /^Operations\[0\] \(replace name\[givenName eq "Sid"\]\.familyName\)/,
      ],
      [
        'active as a string that is no boolean',
        [{ op: 'replace', path: 'active', value: 'maybe' }],
        'invalidValue',
        /^Operations\[0\] \(replace active\): .*'active'/,
      ],
      [
        'userName as a number',
        [{ op: 'replace', path: 'userName', value: 5 }],
        'invalidValue',
        /^Operations\[0\] \(replace userName\): .*'userName'/,
      ],
      [
        'emails as a string',
        [{ op: 'add', path: 'emails', value: 'x@example.com' }],
        'invalidValue',
        /^Operations\[0\] \(add emails\): .*'emails/,
      ],
      [
        'an element value of the wrong type',
        [{ op: 'replace', path: 'emails[type eq "work"].value', value: 42 }],
        'invalidValue',
        /^Operations\[0\] \(replace emails\[type eq "work"\]\.value\)/,
      ],
      [
        'name as a string',
        [{ op: 'replace', path: 'name', value: 'Sid Seed' }],
        'invalidValue',
        /^Operations\[0\] \(replace name\): .*'name'/,
      ],
      [
        'a displayName longer than its column',
        [{ op: 'replace', path: 'displayName', value: 'd'.repeat(256) }],
        'invalidValue',
        /^Operations\[0\] \(replace displayName\): .*longer than 255/,
      ],
      [
        'add without a value',
        [{ op: 'add', path: 'displayName' }],
        'invalidValue',
        /^Operations\[0\] \(add displayName\)/,
      ],
      [
        'a value on the remove of a singular attribute',
        [{ op: 'remove', path: 'displayName', value: 'Seed' }],
        'invalidValue',
        /^Operations\[0\] \(remove displayName\)/,
      ],
      [
        'a pathless replace whose value is not an object',
        [{ op: 'replace', value: 'Seed' }],
        'invalidValue',
        /^Operations\[0\] \(replace\): /,
      ],
      [
        'the remove of userName',
        [{ op: 'remove', path: 'userName' }],
        'mutability',
        /^Operations\[0\] \(remove userName\): .*'userName'/,
      ],
      [
        'userName replaced with null',
        [{ op: 'replace', path: 'userName', value: null }],
        'mutability',
        /^Operations\[0\] \(replace userName\)/,
      ],
      [
        'a change of id',
        [{ op: 'replace', path: 'id', value: '999999' }],
        'mutability',
        /^Operations\[0\] \(replace id\): .*'id'/,
      ],
      ['the remove of id', [{ op: 'remove', path: 'id' }], 'mutability', /^Operations\[0\] \(remove id\)/],
      [
        'a change of meta.version',
        [{ op: 'replace', path: 'meta.version', value: 'W/"99"' }],
        'mutability',
        /^Operations\[0\] \(replace meta\.version\): .*'meta\.version'/,
      ],
      [
        'a change of meta.lastModified',
        [{ op: 'replace', path: 'meta.lastModified', value: '2001-01-01T00:00:00.000Z' }],
        'mutability',
        /^Operations\[0\] \(replace meta\.lastModified\)/,
      ],
      [
        'a change of meta.created',
        [{ op: 'replace', path: 'meta.created', value: '2001-01-01T00:00:00.000Z' }],
        'mutability',
        /^Operations\[0\] \(replace meta\.created\)/,
      ],
      [
        'a valid first operation followed by an invalid second one',
        [
          { op: 'replace', path: 'displayName', value: 'Half applied' },
          { op: 'replace', path: 'noSuchAttribute', value: 'x' },
        ],
        'invalidPath',
        /^Operations\[1\] \(replace noSuchAttribute\)/,
      ],
      [
        'valid operations on several attributes followed by a mutability error',
        [
          { op: 'add', path: 'emails', value: [{ value: 'new@example.com' }] },
          { op: 'Replace', path: 'active', value: 'False' },
          { op: 'replace', value: { 'name.givenName': 'Changed' } },
          { op: 'remove', path: 'userName' },
        ],
        'mutability',
        /^Operations\[3\] \(remove userName\)/,
      ],
    ];

    it.each(cases)('refuses %s with 400 and writes nothing', async (_title, operations, scimType, detail) => {
      const res = await unchanged(() => patch(ops(...operations)));
      expectScimError(res, 400, scimType, detail);
    });

    it('refuses more than 1000 operations with 400 tooMany', async () => {
      const many = Array.from({ length: 1001 }, () => ({
        op: 'replace',
        path: 'displayName',
        value: 'Many',
      }));
      const res = await unchanged(() => patch(ops(...many)));
      expectScimError(res, 400, 'tooMany', /1000/);
    });
  });

  describe('strict RFC mode (client setting strictRfc: true)', () => {
    let strict: TestClient;
    let user: Json;
    beforeAll(async () => {
      strict = await t.newClient({ strictRfc: true });
      user = await createUser(t, strict, {
        userName: 'strict',
        emails: [{ value: 'strict@home.example', type: 'home' }],
      });
    });

    it.each([
      ['replace', 'noTarget'],
      ['add', 'noTarget'],
    ])(
      'refuses %s of a filtered path that matches nothing with 400 %s and writes nothing',
      async (op, scimType) => {
        const res = await unchanged(
          () =>
            patch(ops({ op, path: 'emails[type eq "work"].value', value: 'w@example.com' }), strict, user.id),
          strict,
          user.id,
        );
        expectScimError(
          res,
          400,
          scimType,
          new RegExp(`^Operations\\[0\\] \\(${op} emails\\[type eq "work"\\]\\.value\\)`),
        );
      },
    );

    it('refuses Entra\'s "False" string for active with 400 invalidValue', async () => {
      const res = await unchanged(
        () => patch(ops({ op: 'Replace', path: 'active', value: 'False' }), strict, user.id),
        strict,
        user.id,
      );
      expectScimError(res, 400, 'invalidValue', /^Operations\[0\] \(Replace active\)/);
    });

    it('refuses a dotted key in a pathless value with 400 invalidPath', async () => {
      const res = await unchanged(
        () => patch(ops({ op: 'replace', value: { 'name.givenName': 'Strict' } }), strict, user.id),
        strict,
        user.id,
      );
      expectScimError(res, 400, 'invalidPath', /name\.givenName/);
    });

    it('still replaces a filtered path that matches an element', async () => {
      const res = await patch(
        ops({ op: 'replace', path: 'emails[type eq "home"].value', value: 'strict@other.example' }),
        strict,
        user.id,
      );
      expect(res.status).toBe(200);
      expect(res.body.emails).toEqual([{ value: 'strict@other.example', type: 'home' }]);
    });

    it('creates the missing element for the same request on a client with the default settings', async () => {
      const lenient = await createUser(t, a, {
        userName: 'lenient',
        emails: [{ value: 'l@home.example', type: 'home' }],
      });
      const res = await patch(
        ops({ op: 'replace', path: 'emails[type eq "work"].value', value: 'l@work.example' }),
        a,
        lenient.id,
      );
      expect(res.status).toBe(200);
      expect(res.body.emails).toEqual([
        { value: 'l@home.example', type: 'home' },
        { value: 'l@work.example', type: 'work' },
      ]);
    });
  });

  describe('uniqueness', () => {
    it.each([
      ['replace userName', [{ op: 'replace', path: 'userName', value: 'taken' }], /userName/],
      [
        'a userName differing only in case',
        [{ op: 'replace', path: 'userName', value: 'TAKEN' }],
        /userName/,
      ],
      ['a pathless replace of userName', [{ op: 'replace', value: { userName: 'Taken' } }], /userName/],
      ['replace externalId', [{ op: 'replace', path: 'externalId', value: 'ext-taken' }], /externalId/],
      [
        'a valid change followed by a duplicate userName',
        [
          { op: 'replace', path: 'displayName', value: 'Not written' },
          { op: 'add', path: 'emails', value: [{ value: 'not-written@example.com' }] },
          { op: 'replace', path: 'userName', value: 'taken' },
        ],
        /userName/,
      ],
    ])(
      'refuses %s that another user has with 409 uniqueness and writes nothing',
      async (_t, operations, detail) => {
        const res = await unchanged(() => patch(ops(...operations)));
        expectScimError(res, 409, 'uniqueness', detail);
        expect((await t.http.get(`${a.base}/Users/${other.id}`).set(a.auth)).body).toEqual(other);
      },
    );
  });

  describe('body syntax', () => {
    it('refuses malformed JSON with 400 invalidSyntax', async () => {
      const res = await unchanged(() => raw('{"Operations": [{"op": "replace",'));
      expectScimError(res, 400, 'invalidSyntax');
    });

    it.each(['[{"op":"replace","path":"displayName","value":"X"}]', '"replace"', '42', 'null', 'true'])(
      'refuses the non-object body %s with 400 invalidSyntax',
      async (text) => {
        const res = await unchanged(() => raw(text));
        expectScimError(res, 400, 'invalidSyntax');
      },
    );

    it('refuses a PATCH without a body with 400 invalidSyntax', async () => {
      const res = await unchanged(() => t.http.patch(`${a.base}/Users/${seed.id}`).set(a.auth));
      expectScimError(res, 400, 'invalidSyntax');
    });

    it.each([
      ['an object', { op: 'replace', path: 'displayName', value: 'X' }],
      ['a string', 'replace displayName X'],
      ['null', null],
      ['a number', 1],
    ])('refuses Operations that is %s with 400 invalidSyntax', async (_title, list) => {
      const res = await unchanged(() => patch({ schemas: [PATCH_OP], Operations: list }));
      expectScimError(res, 400, 'invalidSyntax', /Operations/);
    });
  });
});
