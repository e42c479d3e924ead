import { admin, startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  createUser,
  CORE_URN,
  expectScimError,
  NEVIS_URN,
  snapshot,
  type Json,
} from './support/user-fixtures';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** The nevisIDM extension's state and personal attributes, and the client's mandatory-attribute policy. */
describe('Users: nevisIDM state and personal attributes (e2e)', () => {
  let t: TestApp;
  let a: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
  });
  afterAll(() => t.close());

  const get = async (id: string): Promise<Json> =>
    (await t.http.get(`${a.base}/Users/${id}`).set(a.auth)).body as Json;
  const patch = (id: string, ...Operations: Json[]) =>
    t.http
      .patch(`${a.base}/Users/${id}`)
      .set(a.auth)
      .send({ schemas: [PATCH_OP], Operations });

  const nevis = {
    state: 'archived',
    technicalUser: true,
    birthDate: '1815-12-10',
    gender: 'female',
    validFrom: '2026-01-01T00:00:00+01:00',
    validTo: '2027-01-01T00:00:00.000Z',
    remarks: 'Imported from nevisIDM',
  };

  it('stores and returns every attribute; core active is false for an archived user', async () => {
    const created = await createUser(t, a, { userName: 'nevis-full', [NEVIS_URN]: nevis });
    expect(created.schemas).toEqual([CORE_URN, NEVIS_URN]);
    expect(created.active).toBe(false);
    expect(created[NEVIS_URN]).toEqual({ ...nevis, validFrom: '2025-12-31T23:00:00.000Z' });
    expect(await get(created.id)).toEqual(created);
  });

  it('derives the state from core active when the extension gives none', async () => {
    const active = await createUser(t, a, { userName: 'nevis-active' });
    const disabled = await createUser(t, a, { userName: 'nevis-disabled', active: false });
    expect(active[NEVIS_URN]).toEqual({ state: 'active' });
    expect(disabled[NEVIS_URN]).toEqual({ state: 'disabled' });
  });

  it.each([
    ['state', 'asleep', /state.*active, disabled, archived/],
    ['gender', 'x', /gender/],
    ['birthDate', '1815-02-30', /birthDate.*YYYY-MM-DD/],
    ['birthDate', '10.12.1815', /birthDate/],
    ['technicalUser', 'yes', /technicalUser.*boolean/],
    ['validFrom', 'soon', /validFrom/],
    ['remarks', 'r'.repeat(1025), /remarks.*1024/],
  ])('refuses a bad %s with 400 invalidValue and creates nothing', async (name, value, detail) => {
    const before = await snapshot(t, a);
    const res = await t.http
      .post(`${a.base}/Users`)
      .set(a.auth)
      .send({ userName: `nevis-bad-${name}`, [NEVIS_URN]: { [name]: value } });
    expectScimError(res, 400, 'invalidValue', detail);
    expect((await snapshot(t, a)).totalResults).toBe(before.totalResults);
  });

  it('keeps the extension on a PUT without it (a connector that does not know it), while active still applies', async () => {
    const created = await createUser(t, a, {
      userName: 'nevis-put',
      [NEVIS_URN]: { ...nevis, state: 'active' },
    });
    const res = await t.http
      .put(`${a.base}/Users/${created.id}`)
      .set(a.auth)
      .send({ userName: 'nevis-put', active: false });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.body[NEVIS_URN]).toEqual({ ...created[NEVIS_URN], state: 'disabled' });
  });

  it('replaces the extension on a PUT that carries it', async () => {
    const created = await createUser(t, a, { userName: 'nevis-put2', [NEVIS_URN]: nevis });
    const res = await t.http
      .put(`${a.base}/Users/${created.id}`)
      .set(a.auth)
      .send({ userName: 'nevis-put2', [NEVIS_URN]: { gender: 'other' } });
    expect(res.status).toBe(200);
    expect(res.body[NEVIS_URN]).toEqual({ state: 'active', gender: 'other' });
    expect(res.body.active).toBe(true);
  });

  it('moves core active with a PATCH of the state, and the state with a PATCH of active', async () => {
    const user = await createUser(t, a, { userName: 'nevis-patch' });
    const archived = await patch(user.id, { op: 'replace', path: `${NEVIS_URN}:state`, value: 'archived' });
    expect(archived.status).toBe(200);
    expect(archived.body.active).toBe(false);
    expect(archived.body[NEVIS_URN].state).toBe('archived');
    const reactivated = await patch(user.id, { op: 'Replace', path: 'active', value: 'True' });
    expect(reactivated.body.active).toBe(true);
    expect(reactivated.body[NEVIS_URN].state).toBe('active');
    const disabled = await patch(user.id, { op: 'replace', value: { active: false } });
    expect(disabled.body[NEVIS_URN].state).toBe('disabled');
    const set = await patch(user.id, { op: 'add', path: `${NEVIS_URN}:birthDate`, value: '2000-02-29' });
    expect(set.body[NEVIS_URN]).toEqual({ state: 'disabled', birthDate: '2000-02-29' });
  });

  it('filters on the extension attributes', async () => {
    const c = await t.newClient();
    const make = (userName: string, ext: Json) =>
      t.http
        .post(`${c.base}/Users`)
        .set(c.auth)
        .send({ userName, [NEVIS_URN]: ext });
    await make('f-arch', { state: 'archived', birthDate: '1990-05-01', technicalUser: false });
    await make('f-tech', { technicalUser: true, gender: 'male', remarks: 'Robot account' });
    await make('f-plain', {});
    const names = async (filter: string) => {
      const res = await t.http.get(`${c.base}/Users`).query({ filter }).set(c.auth);
      expect(res.status).toBe(200);
      return (res.body.Resources as Json[]).map((u) => u.userName as string).sort();
    };
    expect(await names(`${NEVIS_URN}:state eq "ARCHIVED"`)).toEqual(['f-arch']);
    expect(await names(`${NEVIS_URN}:technicalUser eq true`)).toEqual(['f-tech']);
    expect(await names(`${NEVIS_URN}:birthDate lt "2000-01-01"`)).toEqual(['f-arch']);
    expect(await names(`${NEVIS_URN}:remarks co "robot"`)).toEqual(['f-tech']);
    expect(await names(`${NEVIS_URN}:gender pr`)).toEqual(['f-tech']);
    expect(await names(`active eq false`)).toEqual(['f-arch']);
  });

  describe('client policy: mandatory attributes', () => {
    let p: TestClient;
    beforeAll(async () => {
      p = await t.newClient({ mandatoryAttributes: ['name.familyName', 'name.givenName', 'emails'] });
    });

    it('refuses a create without them with 422 naming each missing attribute, and creates nothing', async () => {
      const res = await t.http
        .post(`${p.base}/Users`)
        .set(p.auth)
        .send({ userName: 'policy-1', name: { givenName: 'Ada' } });
      expectScimError(res, 422, 'invalidValue', /name\.familyName, emails/);
      expect((await snapshot(t, p)).totalResults).toBe(0);
    });

    it('accepts a complete user, then refuses a PUT or PATCH that drops a mandatory attribute', async () => {
      const body = {
        userName: 'policy-2',
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [{ value: 'ada@example.com' }],
      };
      const created = await t.http.post(`${p.base}/Users`).set(p.auth).send(body);
      expect(created.status).toBe(201);
      const put = await t.http
        .put(`${p.base}/Users/${created.body.id}`)
        .set(p.auth)
        .send({ ...body, emails: [] });
      expectScimError(put, 422, 'invalidValue', /emails/);
      const patched = await t.http
        .patch(`${p.base}/Users/${created.body.id}`)
        .set(p.auth)
        .send({ Operations: [{ op: 'remove', path: 'name.familyName' }] });
      expectScimError(patched, 422, 'invalidValue', /name\.familyName/);
      const after = await t.http.get(`${p.base}/Users/${created.body.id}`).set(p.auth);
      expect(after.body.meta.version).toBe('W/"1"');
    });

    it('refuses a policy naming an attribute the User does not have, or a read-only one', async () => {
      for (const bad of [
        'nickname.x',
        'shoeSize',
        'meta',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope',
      ]) {
        const res = await t.http
          .patch(`/admin/clients/${p.extId}`)
          .set(admin)
          .send({ settings: { mandatoryAttributes: [bad] } });
        expectScimError(res, 400, 'invalidValue', /mandatoryAttributes/);
      }
    });
  });
});
