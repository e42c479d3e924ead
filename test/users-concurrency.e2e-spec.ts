import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, expectScimError, snapshot, type Json } from './support/user-fixtures';

/** Races (SECURITY.md): uniqueness is the database's, and If-Match is compare-and-set. Never a 500. */
describe('Users: concurrency (e2e)', () => {
  let t: TestApp;
  let a: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
  });
  afterAll(async () => {
    await t.close();
  });

  const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort();

  it('10 parallel POSTs of the same userName give exactly one 201 and nine 409 uniqueness', async () => {
    const before = (await snapshot(t, a)).totalResults as number;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post(`${a.base}/Users`)
          .set(a.auth)
          .send({ userName: 'race-same', displayName: `racer ${i}` }),
      ),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const res of responses.filter((r) => r.status === 409))
      expectScimError(res, 409, 'uniqueness', /userName/);
    const after = await snapshot(t, a);
    expect(after.totalResults).toBe(before + 1);
    const winner = responses.find((r) => r.status === 201)!;
    expect(after.Resources.filter((u: Json) => u.userName === 'race-same')).toEqual([winner.body]);
  });

  it('10 parallel POSTs of userNames differing only in case give exactly one 201', async () => {
    const names = [
      'race-case',
      'RACE-case',
      'Race-Case',
      'race-CASE',
      'RACE-CASE',
      'rAce-case',
      'raCe-case',
      'racE-case',
      'race-Case',
      'race-cAse',
    ];
    const responses = await Promise.all(
      names.map((userName) => t.http.post(`${a.base}/Users`).set(a.auth).send({ userName })),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(9).fill(409)]);
  });

  it('10 parallel POSTs of the same externalId give exactly one 201 and nine 409 uniqueness', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post(`${a.base}/Users`)
          .set(a.auth)
          .send({ userName: `race-ext-${i}`, externalId: 'race-ext' }),
      ),
    );
    expect(statuses(responses)).toEqual([201, ...Array<number>(9).fill(409)]);
    for (const res of responses.filter((r) => r.status === 409))
      expectScimError(res, 409, 'uniqueness', /externalId/);
  });

  it('parallel PUTs with the same If-Match give exactly one 200 and 412 for the others', async () => {
    const user = await createUser(t, a, { userName: 'race-put', displayName: 'start' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.http
          .put(`${a.base}/Users/${user.id}`)
          .set(a.auth)
          .set('If-Match', 'W/"1"')
          .send({
            userName: 'race-put',
            displayName: `writer ${i}`,
            emails: [{ value: `w${i}@example.com` }],
          }),
      ),
    );
    expect(statuses(responses)).toEqual([200, ...Array<number>(5).fill(412)]);
    for (const res of responses.filter((r) => r.status === 412)) expectScimError(res, 412);
    const winner = responses.find((r) => r.status === 200)!;
    expect(winner.body.meta.version).toBe('W/"2"');
    const read = await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth);
    expect(read.body).toEqual(winner.body);
    expect(read.body.emails).toHaveLength(1);
  });

  it('parallel PUTs without If-Match all succeed (last writer wins) and leave one complete version', async () => {
    const user = await createUser(t, a, { userName: 'race-put-free' });
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.http
          .put(`${a.base}/Users/${user.id}`)
          .set(a.auth)
          .send({
            userName: 'race-put-free',
            displayName: `writer ${i}`,
            emails: [{ value: `w${i}@example.com` }],
          }),
      ),
    );
    // No If-Match was sent, so no precondition can fail: 412 is wrong here (RFC 9110 §13.1.1), and so is 500.
    expect(statuses(responses)).toEqual(Array<number>(6).fill(200));
    const read = await t.http.get(`${a.base}/Users/${user.id}`).set(a.auth);
    expect(read.body.meta.version).toBe('W/"7"');
    const n = /^writer (\d)$/.exec(read.body.displayName as string)![1];
    expect(read.body.emails).toEqual([{ value: `w${n}@example.com` }]);
  });

  it('parallel DELETEs of one user give exactly one 204 and 404 for the others', async () => {
    const user = await createUser(t, a, { userName: 'race-delete' });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => t.http.delete(`${a.base}/Users/${user.id}`).set(a.auth)),
    );
    expect(statuses(responses)).toEqual([204, 404, 404, 404, 404]);
  });
});
