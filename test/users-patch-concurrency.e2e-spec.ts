import type { Response } from 'supertest';
import { verifySecret } from '../src/common/crypto/secret-hasher';
import { admin, startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, expectScimError, storedPasswordHash, type Json } from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Races on PATCH (SECURITY.md "Races", issue 5 item 5): a PATCH is read-modify-write under the row lock, so
 * parallel PATCHes serialise — none is lost, none answers 500 or 409, and a stale If-Match is 412.
 */
describe('Users: PATCH concurrency (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  /** A second token of the same client: "two connectors patching the same user". */
  let a2: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    const issued = await t.http.post(`/admin/clients/${a.extId}/tokens`).set(admin).send({ name: 'second' });
    expect(issued.status).toBe(201);
    a2 = { Authorization: `Bearer ${issued.body.token as string}` };
  });
  afterAll(async () => {
    await t.close();
  });

  const read = async (id: string): Promise<Json> => {
    const res = await t.http.get(`${a.base}/Users/${id}`).set(a.auth);
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const emailValues = (user: Json): string[] => ((user.emails ?? []) as Json[]).map((e) => e.value as string);

  it('5 rounds of 6 parallel PATCHes adding distinct emails lose no update: the user has exactly the emails of the 200s', async () => {
    const user = await createUser(t, a, { userName: 'race-patch-emails', emails: [] });
    const rounds = 5;
    const parallel = 6;
    const accepted: string[] = [];
    let successes = 0;
    for (let round = 0; round < rounds; round++) {
      const current = await read(user.id);
      const results = await Promise.all(
        Array.from({ length: parallel }, async (_, i) => {
          const email = `r${round}-p${i}@x`;
          // Even requests carry the version read before the round; odd ones have no precondition.
          const withIfMatch = i % 2 === 0;
          let req = t.http
            .patch(`${a.base}/Users/${user.id}`)
            .set(i % 3 === 0 ? a2 : a.auth)
            .send({
              schemas: [PATCH_OP],
              Operations: [{ op: 'add', path: 'emails', value: [{ value: email }] }],
            });
          if (withIfMatch) req = req.set('If-Match', current.meta.version as string);
          const res: Response = await req;
          return { email, withIfMatch, res };
        }),
      );
      for (const { email, withIfMatch, res } of results) {
        // A stale precondition is 412; without one, a PATCH never fails for a race (never 409 or 500).
        const allowed = withIfMatch ? [200, 412] : [200];
        expect({ email, withIfMatch, status: allowed.includes(res.status) ? 'allowed' : res.status }).toEqual(
          {
            email,
            withIfMatch,
            status: 'allowed',
          },
        );
        if (res.status === 412) expectScimError(res, 412);
        if (res.status === 200) {
          expect(emailValues(res.body)).toContain(email);
          accepted.push(email);
          successes++;
        }
      }
      // Every If-Match of a round names the same version, so at most one of them can win.
      expect(results.filter((r) => r.withIfMatch && r.res.status === 200).length).toBeLessThanOrEqual(1);
    }
    const after = await read(user.id);
    expect(emailValues(after).sort()).toEqual([...accepted].sort());
    expect(after.meta.version).toBe(`W/"${1 + successes}"`);
    expect(successes).toBeGreaterThanOrEqual(rounds * (parallel / 2));
  });

  it('parallel PATCHes of different attributes all apply', async () => {
    const user = await createUser(t, a, { userName: 'race-patch-attrs', displayName: 'start' });
    const ops: Json[] = [
      { op: 'replace', path: 'displayName', value: 'Racer' },
      { op: 'replace', path: 'title', value: 'Engineer' },
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+41 79 000 00 00' },
      { op: 'replace', path: 'name.givenName', value: 'Rhea' },
      {
        op: 'replace',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
        value: 'Ops',
      },
      { op: 'Replace', path: 'active', value: 'False' },
    ];
    const responses = await Promise.all(
      ops.map((op) =>
        t.http
          .patch(`${a.base}/Users/${user.id}`)
          .set(a.auth)
          .send({ schemas: [PATCH_OP], Operations: [op] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(ops.map(() => 200));
    const after = await read(user.id);
    expect(after).toMatchObject({
      displayName: 'Racer',
      title: 'Engineer',
      phoneNumbers: [{ type: 'mobile', value: '+41 79 000 00 00' }],
      name: { givenName: 'Rhea' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Ops' },
      active: false,
      meta: { version: `W/"${1 + ops.length}"` },
    });
  });

  it('a password PATCH racing with email PATCHes loses none of them and stores the new password', async () => {
    const user = await createUser(t, a, { userName: 'race-patch-password', emails: [] });
    const password = 'Race-P4ssword!';
    const emails = Array.from({ length: 5 }, (_, i) => `pw-race-${i}@x`);
    const responses = await Promise.all([
      t.http
        .patch(`${a.base}/Users/${user.id}`)
        .set(a.auth)
        .send({ Operations: [{ op: 'replace', path: 'password', value: password }] }),
      ...emails.map((value) =>
        t.http
          .patch(`${a.base}/Users/${user.id}`)
          .set(a.auth)
          .send({ Operations: [{ op: 'add', path: 'emails', value: [{ value }] }] }),
      ),
    ]);
    expect(responses.map((r) => r.status)).toEqual(Array<number>(6).fill(200));
    const after = await read(user.id);
    expect(emailValues(after).sort()).toEqual([...emails].sort());
    expect(after.meta.version).toBe('W/"7"');
    const hash = await storedPasswordHash(t, a, user.id);
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifySecret(password, hash!)).toBe(true);
  });

  it('a PUT racing with PATCHes leaves the user as some serial order of them would', async () => {
    const user = await createUser(t, a, {
      userName: 'race-put-patch',
      displayName: 'start',
      emails: [{ value: 'start@x' }],
    });
    const patchEmails = Array.from({ length: 5 }, (_, i) => `patch-${i}@x`);
    const putBody = { userName: 'race-put-patch', displayName: 'put', emails: [{ value: 'put@x' }] };
    const [put, ...patches] = await Promise.all([
      t.http.put(`${a.base}/Users/${user.id}`).set(a2).send(putBody),
      ...patchEmails.map((value) =>
        t.http
          .patch(`${a.base}/Users/${user.id}`)
          .set(a.auth)
          .send({ Operations: [{ op: 'add', path: 'emails', value: { value } }] }),
      ),
    ]);
    expect([put, ...patches].map((r) => r.status)).toEqual(Array<number>(6).fill(200));
    const after = await read(user.id);
    expect(after.meta.version).toBe('W/"7"');
    expect(after.displayName).toBe('put');
    // Each answer is read after its own commit. A PATCH serialised after the PUT keeps its email for good, so
    // its answer shows both; one serialised before was replaced away, so its answer lacks one of the two.
    const survivors = patches
      .map((r, i) => ({ email: patchEmails[i], seen: emailValues(r.body as Json) }))
      .filter((p) => p.seen.includes(p.email) && p.seen.includes('put@x'))
      .map((p) => p.email);
    expect(emailValues(after)[0]).toBe('put@x');
    expect(emailValues(after).slice(1).sort()).toEqual(survivors.sort());
    expect(emailValues(put.body as Json)[0]).toBe('put@x');
  });
});
