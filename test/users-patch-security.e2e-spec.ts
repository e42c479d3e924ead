import type { Response } from 'supertest';
import { verifySecret } from '../src/common/crypto/secret-hasher';
import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  snapshot,
  storedPasswordHash,
  type Json,
} from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** PATCH and secrets, prototype pollution and tenancy (SECURITY.md; issue 5 item 5). */
describe('Users: PATCH security (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let b: TestClient;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    b = await t.newClient();
  });
  afterAll(async () => {
    await t.close();
  });

  const ops = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
  const patch = (client: TestClient, id: string, body: unknown, base = client.base) =>
    t.http
      .patch(`${base}/Users/${id}`)
      .set(client.auth)
      .send(body as object);
  const getText = async (client: TestClient, id: string): Promise<string> => {
    const res = await t.http.get(`${client.base}/Users/${id}`).set(client.auth);
    expect(res.status).toBe(200);
    return res.text;
  };

  describe('passwords', () => {
    const everything = (res: Response) => JSON.stringify({ headers: res.headers, text: res.text });

    it('stores a new scrypt hash for replace password and never answers the password', async () => {
      const old = 'Old-Secret-1';
      const user = await createUser(t, a, { userName: `pw-${++n}`, password: old });
      const oldHash = await storedPasswordHash(t, a, user.id);
      expect(oldHash).toMatch(/^scrypt\$/);
      const password = 'N3w-Secret-via-PATCH';
      const res = await patch(a, user.id, ops({ op: 'replace', path: 'password', value: password }));
      expect(res.status).toBe(200);
      expect(res.body.password).toBeUndefined();
      expect(everything(res)).not.toContain(password);
      expect(res.body.meta.version).toBe('W/"2"');
      const hash = await storedPasswordHash(t, a, user.id);
      expect(hash).toMatch(/^scrypt\$/);
      expect(hash).not.toBe(oldHash);
      expect(hash).not.toContain(password);
      expect(await verifySecret(password, hash!)).toBe(true);
      expect(await verifySecret(old, hash!)).toBe(false);
      const read = await getText(a, user.id);
      expect(read).not.toContain(password);
      expect(read).not.toContain('scrypt');
    });

    it('stores the password of a pathless add (Okta) and of a 204 answer without echoing it', async () => {
      const quiet = await t.newClient({ patchReturnsResource: false });
      const user = await createUser(t, quiet, { userName: `pw-${++n}` });
      expect(await storedPasswordHash(t, quiet, user.id)).toBeUndefined();
      const password = 'Okta-Pathless-2';
      const res = await patch(
        quiet,
        user.id,
        ops({ op: 'add', value: { password, displayName: 'Has one' } }),
      );
      expect(res.status).toBe(204);
      expect(everything(res)).not.toContain(password);
      const hash = await storedPasswordHash(t, quiet, user.id);
      expect(hash).toMatch(/^scrypt\$/);
      expect(await verifySecret(password, hash!)).toBe(true);
    });

    it('writes no password when a later operation fails, and the error does not echo it', async () => {
      const old = 'Kept-Secret-3';
      const user = await createUser(t, a, { userName: `pw-${++n}`, password: old });
      const hash = await storedPasswordHash(t, a, user.id);
      const before = await getText(a, user.id);
      const password = 'Never-Stored-4';
      const res = await patch(
        a,
        user.id,
        ops({ op: 'replace', path: 'password', value: password }, { op: 'remove', path: 'userName' }),
      );
      expectScimError(res, 400, 'mutability', /^Operations\[1\]/);
      expect(everything(res)).not.toContain(password);
      expect(await storedPasswordHash(t, a, user.id)).toBe(hash);
      expect(await getText(a, user.id)).toBe(before);
    });

    it('refuses a password that is not a string with 400 invalidValue and does not echo it', async () => {
      const user = await createUser(t, a, { userName: `pw-${++n}` });
      const res = await patch(a, user.id, ops({ op: 'replace', path: 'password', value: 918273645 }));
      expectScimError(res, 400, 'invalidValue', /^Operations\[0\] \(replace password\)/);
      expect(res.text).not.toContain('918273645');
      expect(await storedPasswordHash(t, a, user.id)).toBeUndefined();
    });
  });

  describe('prototype pollution', () => {
    let victim: Json;
    beforeAll(async () => {
      victim = await createUser(t, a, { userName: 'proto', displayName: 'Proto', name: { givenName: 'P' } });
    });

    /** Nothing the requests could have reached on a prototype has changed, in this (the server's) process. */
    function expectNoPollution(): void {
      const probe = {} as Record<string, unknown>;
      expect(probe.polluted).toBeUndefined();
      expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      expect((Object.prototype.toString as unknown as Record<string, unknown>).x).toBeUndefined();
      expect((Object.prototype.toString as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(Object.prototype)).toEqual([]);
    }

    afterEach(() => {
      expectNoPollution();
    });

    it.each([
      ['__proto__', { polluted: 'yes' }],
      ['__proto__.polluted', 'yes'],
      ['constructor.prototype.polluted', 'yes'],
      ['constructor', { prototype: { polluted: 'yes' } }],
      ['prototype.polluted', 'yes'],
      ['toString.x', 'yes'],
      ['toString.polluted', 'yes'],
      ['name.__proto__.polluted', 'yes'],
      ['name.constructor.prototype', { polluted: 'yes' }],
      ['emails[__proto__ eq "x"].value', 'yes'],
      ['emails[type eq "x"].__proto__', { polluted: 'yes' }],
      [`${ENTERPRISE_URN}:__proto__`, { polluted: 'yes' }],
      ['urn:ietf:params:scim:schemas:extension:__proto__:2.0:User:polluted', 'yes'],
    ])('refuses the path %s with 400 invalidPath for add, replace and remove', async (path, value) => {
      const before = await getText(a, victim.id);
      for (const op of ['add', 'replace', 'remove']) {
        const res = await patch(a, victim.id, ops({ op, path, ...(op === 'remove' ? {} : { value }) }));
        expectScimError(res, 400, 'invalidPath', /^Operations\[0\] /);
      }
      expect(await getText(a, victim.id)).toBe(before);
    });

    it.each([
      ['"__proto__" as a pathless key', '{"__proto__":{"polluted":"yes"}}', undefined],
      ['"constructor" as a pathless key', '{"constructor":{"prototype":{"polluted":"yes"}}}', undefined],
      ['"prototype" as a pathless key', '{"prototype":{"polluted":"yes"}}', undefined],
      ['"__proto__" inside a complex value', '{"name":{"__proto__":{"polluted":"yes"}}}', undefined],
      [
        '"__proto__" inside an element',
        '{"emails":[{"value":"x@example.com","__proto__":{"polluted":"yes"}}]}',
        undefined,
      ],
      ['"__proto__" as the value of a path', '{"__proto__":{"polluted":"yes"},"givenName":"Q"}', 'name'],
      [
        '"constructor" inside an extension value',
        '{"constructor":{"prototype":{"polluted":"yes"}}}',
        ENTERPRISE_URN,
      ],
      ['"__PROTO__" in upper case', '{"__PROTO__":{"polluted":"yes"}}', undefined],
    ])('refuses %s with 400 invalidPath and writes nothing', async (_title, valueJson, path) => {
      const before = await getText(a, victim.id);
      // Raw JSON, so that "__proto__" arrives as an own key, as JSON.parse makes it on the server.
      for (const op of ['add', 'replace']) {
        const text =
          `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"${op}",` +
          `${path !== undefined ? `"path":${JSON.stringify(path)},` : ''}"value":${valueJson}}]}`;
        const res = await t.http
          .patch(`${a.base}/Users/${victim.id}`)
          .set(a.auth)
          .set('Content-Type', 'application/scim+json')
          .send(text);
        expectScimError(res, 400, 'invalidPath', /^Operations\[0\] .*not allowed/);
      }
      expect(await getText(a, victim.id)).toBe(before);
    });

    it.each([
      ['toString.x', { 'toString.x': 'yes' }],
      ['toString', { toString: { x: 'yes' } }],
      ['valueOf.polluted', { 'valueOf.polluted': 'yes' }],
      ['hasOwnProperty', { hasOwnProperty: 'yes' }],
    ])(
      'ignores the unknown pathless key %s like any unknown attribute: 200 and no change',
      async (_k, value) => {
        const before = await getText(a, victim.id);
        const res = await patch(a, victim.id, ops({ op: 'replace', value }));
        expect(res.status).toBe(200);
        expect(res.text).toBe(before);
        expect(await getText(a, victim.id)).toBe(before);
      },
    );

    it('ignores "__proto__" keys of the envelope and of an operation: the operation applies, nothing pollutes', async () => {
      const res = await t.http
        .patch(`${a.base}/Users/${victim.id}`)
        .set(a.auth)
        .set('Content-Type', 'application/scim+json')
        .send(
          `{"__proto__":{"polluted":"yes","performGet":false},"Operations":[{"__proto__":{"polluted":"yes",` +
            `"path":"title"},"op":"replace","path":"nickName","value":"Proto"}]}`,
        );
      expect(res.status).toBe(200);
      expect(res.body.nickName).toBe('Proto');
      expect(res.body.title).toBeUndefined();
      expect((await t.http.get(`${a.base}/Users/${victim.id}`).set(a.auth)).body).toEqual(res.body);
    });
  });

  describe('tenancy', () => {
    let victim: Json;
    let own: Json;
    beforeAll(async () => {
      victim = await createUser(t, a, {
        userName: 'tenant-victim',
        displayName: 'Victim',
        emails: [{ value: 'victim@a.example', type: 'work' }],
      });
      own = await createUser(t, b, { userName: 'tenant-own' });
    });

    const hijack = ops(
      { op: 'replace', path: 'displayName', value: 'Hijacked' },
      { op: 'add', path: 'emails', value: [{ value: 'attacker@b.example' }] },
    );
    /** An id that exists in no client. */
    const neverId = () => String(BigInt(own.id) + 1_000_000n);

    async function expectVictimUnchanged(): Promise<void> {
      const res = await t.http.get(`${a.base}/Users/${victim.id}`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(victim);
    }

    it.each([
      ['a plain PATCH', {}, hijack],
      ["a PATCH with If-Match of the victim's version", { 'If-Match': 'W/"1"' }, hijack],
      ['a PATCH with performGet: false', {}, { ...hijack, performGet: false }],
      ['a no-op PATCH', {}, ops({ op: 'replace', path: 'displayName', value: 'Victim' })],
      ['an empty PATCH', {}, ops()],
    ])(
      "answers %s of A's user with B's token on B's URL with the same 404 as an unknown id, and A's user is unchanged",
      async (_title, headers, body) => {
        const foreign = await patch(b, victim.id, body).set(headers);
        const missing = await patch(b, neverId(), body).set(headers);
        expectScimError(foreign, 404);
        expectScimError(missing, 404);
        expect(foreign.body).toEqual({
          ...missing.body,
          detail: (missing.body.detail as string).replace(neverId(), victim.id),
        });
        expect(foreign.headers.etag).toBeUndefined();
        await expectVictimUnchanged();
        expect((await snapshot(t, b)).Resources).toEqual([own]);
      },
    );

    it("answers A's user with a bad operation on B's URL the same as an unknown id does", async () => {
      const bad = ops({ op: 'replace', path: 'noSuchAttribute', value: 'x' });
      const foreign = await patch(b, victim.id, bad);
      const missing = await patch(b, neverId(), bad);
      expect(foreign.status).toBe(missing.status);
      expect(foreign.body).toEqual({
        ...missing.body,
        detail: (missing.body.detail as string).replace(neverId(), victim.id),
      });
      await expectVictimUnchanged();
    });

    it("answers 403 for B's token on A's URL, like an unknown client, and A's user is unchanged", async () => {
      const onA = await patch(b, victim.id, hijack, a.base);
      const onUnknown = await patch(b, victim.id, hijack, '/scim/v2/no-such-client');
      expectScimError(onA, 403);
      expectScimError(onUnknown, 403);
      expect(onA.body).toEqual(onUnknown.body);
      expect(JSON.stringify(onA.body)).not.toContain(a.extId);
      await expectVictimUnchanged();
    });

    it("reveals nothing of A's user when B sets its user's manager to A's user's id", async () => {
      const res = await patch(
        b,
        own.id,
        ops({ op: 'add', path: `${ENTERPRISE_URN}:manager`, value: victim.id }),
      );
      // Whatever the answer, it must not reveal A's user (display name, location).
      expect(res.text).not.toContain('Victim');
      expect(res.text).not.toContain(a.extId);
      const read = await t.http.get(`${b.base}/Users/${own.id}`).set(b.auth);
      expect(read.text).not.toContain('Victim');
      expect(read.text).not.toContain(a.extId);
      await expectVictimUnchanged();
    });
  });
});
