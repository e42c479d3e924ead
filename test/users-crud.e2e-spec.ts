import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  CORE_URN,
  createUser,
  ENTERPRISE_URN,
  NEVIS_ACTIVE,
  NEVIS_WITH_PASSWORD,
  NEVIS_URN,
  expectScimError,
  fullUser,
  ISO_MS,
  LIST_URN,
  origin,
  SCIM_CONTENT_TYPE,
  SEARCH_URN,
  snapshot,
  storedPasswordHash,
  type Json,
} from './support/user-fixtures';

describe('Users CRUD (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let manager: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    manager = await createUser(t, a, { userName: 'crud-manager', displayName: 'The Boss' });
  });
  afterAll(async () => {
    await t.close();
  });

  /** What a created full user must look like: the body as sent, minus password, plus server data. */
  function expectedFull(sent: Json, id: string, version: string): Json {
    const { password: _password, ...rest } = sent;
    const location = `${origin(t)}${a.base}/Users/${id}`;
    return {
      ...rest,
      schemas: [...(rest.schemas as string[]), NEVIS_URN],
      ...NEVIS_WITH_PASSWORD,
      id,
      name: { ...sent.name, formatted: 'Barbara Jane Jensen' },
      [ENTERPRISE_URN]: {
        ...sent[ENTERPRISE_URN],
        manager: {
          value: manager.id,
          $ref: `${origin(t)}${a.base}/Users/${manager.id}`,
          displayName: 'The Boss',
        },
      },
      meta: {
        resourceType: 'User',
        created: expect.stringMatching(ISO_MS),
        lastModified: expect.stringMatching(ISO_MS),
        location,
        version,
      },
    };
  }

  describe('POST /Users', () => {
    it('answers 201 with the full user as sent plus id, meta and name.formatted', async () => {
      const sent = fullUser('crud-full', manager.id);
      const res = await t.http.post(`${a.base}/Users`).set(a.auth).send(sent);
      expect(res.status).toBe(201);
      expect(res.body.id).toMatch(/^[1-9]\d*$/);
      expect(res.body).toEqual(expectedFull(sent, res.body.id, 'W/"1"'));
      expect(res.body.meta.created).toBe(res.body.meta.lastModified);
      expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
    });

    it('sends Location equal to the absolute meta.location and ETag equal to meta.version W/"1"', async () => {
      const res = await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'crud-headers' });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`${origin(t)}${a.base}/Users/${res.body.id}`);
      expect(res.headers.location).toBe(res.body.meta.location);
      expect(res.headers.etag).toBe('W/"1"');
      expect(res.body.meta.version).toBe('W/"1"');
    });

    it('answers a minimal user with id, schemas, userName, active and meta only', async () => {
      const res = await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'crud-minimal' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        schemas: [CORE_URN, NEVIS_URN],
        ...NEVIS_ACTIVE,
        id: res.body.id,
        userName: 'crud-minimal',
        active: true,
        meta: expect.objectContaining({ resourceType: 'User', version: 'W/"1"' }),
      });
    });
  });

  describe('GET /Users/{id}', () => {
    it('returns the same representation as the create response, with its ETag', async () => {
      const created = await createUser(t, a, fullUser('crud-get', manager.id));
      const res = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created);
      expect(res.headers.etag).toBe('W/"1"');
      expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
    });
  });

  describe('password', () => {
    it('is never returned by POST, GET or list, yet is stored as a scrypt hash', async () => {
      const sent = fullUser('crud-secret', manager.id);
      const secret = sent.password as string;
      const created = await t.http.post(`${a.base}/Users`).set(a.auth).send(sent);
      expect(created.status).toBe(201);
      const read = await t.http.get(`${a.base}/Users/${created.body.id}`).set(a.auth);
      const list = await t.http.get(`${a.base}/Users?count=1000`).set(a.auth);
      const search = await t.http.post(`${a.base}/Users/.search`).set(a.auth).send({ count: 1000 });
      for (const res of [created, read, list, search]) {
        expect(res.status).toBeLessThan(300);
        expect(res.text).not.toContain(secret);
        // No attribute named password anywhere (the credential's type token PASSWORD is fine).
        expect(res.text.toLowerCase()).not.toMatch(/"password"\s*:/);
      }
      const hash = await storedPasswordHash(t, a, created.body.id);
      expect(hash).toMatch(/^scrypt\$/);
      expect(hash).not.toContain(secret);
    });
  });

  describe('PUT /Users/{id}', () => {
    it('replaces the user: attributes absent from the body are cleared and the version becomes W/"2"', async () => {
      const created = await createUser(t, a, fullUser('crud-put', manager.id));
      const replacement = {
        userName: 'crud-put',
        name: { givenName: 'Barbara', familyName: 'Jensen-Smith' },
        emails: [{ value: 'new@example.com', type: 'other' }],
      };
      const res = await t.http.put(`${a.base}/Users/${created.id}`).set(a.auth).send(replacement);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        schemas: [CORE_URN, NEVIS_URN],
        // A PUT without the nevisIDM extension keeps it: the PASSWORD credential core `password` set.
        ...NEVIS_WITH_PASSWORD,
        id: created.id,
        userName: 'crud-put',
        name: { formatted: 'Barbara Jensen-Smith', givenName: 'Barbara', familyName: 'Jensen-Smith' },
        active: true,
        emails: [{ value: 'new@example.com', type: 'other' }],
        meta: {
          ...created.meta,
          lastModified: expect.stringMatching(ISO_MS),
          version: 'W/"2"',
        },
      });
      expect(res.body.name.middleName).toBeUndefined();
      expect(Date.parse(res.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.meta.created));
      expect(res.headers.etag).toBe('W/"2"');
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body).toEqual(res.body);
    });

    it("accepts Okta's full body from a GET (id, meta, groups: [], schemas, emails with display)", async () => {
      const created = await createUser(t, a, fullUser('crud-okta-put', manager.id));
      const got = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      const body = { ...got.body, groups: [], displayName: 'Barbara J.', title: 'Chief Guide' };
      const res = await t.http.put(`${a.base}/Users/${created.id}`).set(a.auth).send(body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...got.body,
        displayName: 'Barbara J.',
        title: 'Chief Guide',
        meta: { ...got.body.meta, lastModified: expect.stringMatching(ISO_MS), version: 'W/"2"' },
      });
    });

    it('accepts the id in the body when it equals the path id', async () => {
      const created = await createUser(t, a, { userName: 'crud-same-id' });
      const res = await t.http
        .put(`${a.base}/Users/${created.id}`)
        .set(a.auth)
        .send({ id: created.id, userName: 'crud-same-id', displayName: 'Same' });
      expect(res.status).toBe(200);
      expect(res.body.displayName).toBe('Same');
    });

    it('refuses a body id different from the path id with 400 mutability and leaves the user unchanged', async () => {
      const created = await createUser(t, a, { userName: 'crud-other-id', displayName: 'Before' });
      const res = await t.http
        .put(`${a.base}/Users/${created.id}`)
        .set(a.auth)
        .send({ id: manager.id, userName: 'crud-other-id', displayName: 'After' });
      expectScimError(res, 400, 'mutability', /'id'/);
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body).toEqual(created);
      const other = await t.http.get(`${a.base}/Users/${manager.id}`).set(a.auth);
      expect(other.body).toEqual(manager);
    });

    it('can rename the userName', async () => {
      const created = await createUser(t, a, { userName: 'crud-rename-old' });
      const res = await t.http
        .put(`${a.base}/Users/${created.id}`)
        .set(a.auth)
        .send({ userName: 'crud-rename-new' });
      expect(res.status).toBe(200);
      expect(res.body.userName).toBe('crud-rename-new');
      const again = await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'crud-rename-old' });
      expect(again.status).toBe(201);
    });
  });

  describe('DELETE /Users/{id}', () => {
    it('answers 204 with an empty body, then GET gives 404 and a second DELETE 404', async () => {
      const created = await createUser(t, a, fullUser('crud-delete', manager.id));
      const res = await t.http.delete(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectScimError(await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth), 404);
      expectScimError(await t.http.delete(`${a.base}/Users/${created.id}`).set(a.auth), 404);
      const list = await snapshot(t, a);
      expect(list.Resources.map((u: Json) => u.id)).not.toContain(created.id);
    });
  });

  describe('enterprise manager', () => {
    it('resolves $ref and displayName when the manager is a user of the same client', async () => {
      const created = await createUser(t, a, {
        userName: 'crud-mgr-same',
        [ENTERPRISE_URN]: { manager: { value: manager.id } },
      });
      expect(created[ENTERPRISE_URN]).toEqual({
        manager: {
          value: manager.id,
          $ref: `${origin(t)}${a.base}/Users/${manager.id}`,
          displayName: 'The Boss',
        },
      });
    });

    it('keeps only the value when the manager does not exist', async () => {
      const created = await createUser(t, a, {
        userName: 'crud-mgr-missing',
        [ENTERPRISE_URN]: { manager: { value: '987654321' } },
      });
      expect(created[ENTERPRISE_URN]).toEqual({ manager: { value: '987654321' } });
      expect(created.schemas).toEqual([CORE_URN, ENTERPRISE_URN, NEVIS_URN]);
    });

    it("does not resolve a manager id that is another client's user", async () => {
      const b = await t.newClient();
      const foreign = await createUser(t, b, { userName: 'crud-foreign-boss', displayName: 'Foreign Boss' });
      const created = await createUser(t, a, {
        userName: 'crud-mgr-foreign',
        [ENTERPRISE_URN]: { manager: { value: foreign.id } },
      });
      expect(created[ENTERPRISE_URN]).toEqual({ manager: { value: foreign.id } });
      const list = await snapshot(t, a);
      const listed = list.Resources.find((u: Json) => u.id === created.id);
      expect(listed[ENTERPRISE_URN]).toEqual({ manager: { value: foreign.id } });
      expect(JSON.stringify(list)).not.toContain('Foreign Boss');
    });

    it('drops $ref and displayName once the manager is deleted', async () => {
      const boss = await createUser(t, a, { userName: 'crud-mgr-deleted-boss', displayName: 'Gone' });
      const created = await createUser(t, a, {
        userName: 'crud-mgr-deleted',
        [ENTERPRISE_URN]: { manager: { value: boss.id } },
      });
      expect(created[ENTERPRISE_URN].manager.displayName).toBe('Gone');
      expect((await t.http.delete(`${a.base}/Users/${boss.id}`).set(a.auth)).status).toBe(204);
      const read = await t.http.get(`${a.base}/Users/${created.id}`).set(a.auth);
      expect(read.body[ENTERPRISE_URN]).toEqual({ manager: { value: boss.id } });
    });
  });

  describe('projection', () => {
    let user: Json;
    beforeAll(async () => {
      user = await createUser(t, a, fullUser('crud-projection', manager.id));
    });

    it('attributes=userName on GET returns userName plus id, schemas and active only', async () => {
      const res = await t.http.get(`${a.base}/Users/${user.id}?attributes=userName`).set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        schemas: [CORE_URN],
        id: user.id,
        userName: 'crud-projection',
        active: true,
      });
    });

    it('attributes=userName on the list projects every resource', async () => {
      const res = await t.http.get(`${a.base}/Users?attributes=userName&count=1000`).set(a.auth);
      expect(res.status).toBe(200);
      for (const r of res.body.Resources)
        expect(Object.keys(r).sort()).toEqual(['active', 'id', 'schemas', 'userName']);
      expect(res.body.Resources).toContainEqual({
        schemas: [CORE_URN],
        id: user.id,
        userName: 'crud-projection',
        active: true,
      });
    });

    it('attributes with a sub-attribute path returns only that sub-attribute', async () => {
      const res = await t.http
        .get(`${a.base}/Users/${user.id}?attributes=name.familyName,emails.value`)
        .set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        schemas: [CORE_URN],
        id: user.id,
        active: true,
        name: { familyName: 'Jensen' },
        emails: user.emails.map((e: Json) => ({ value: e.value })),
      });
    });

    it('excludedAttributes=emails on GET returns everything but emails', async () => {
      const res = await t.http.get(`${a.base}/Users/${user.id}?excludedAttributes=emails`).set(a.auth);
      expect(res.status).toBe(200);
      const { emails: _emails, ...rest } = user;
      expect(res.body).toEqual(rest);
    });

    it('excludedAttributes cannot remove id, schemas or active', async () => {
      const res = await t.http
        .get(`${a.base}/Users/${user.id}?excludedAttributes=id,schemas,active,userName`)
        .set(a.auth);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(user.id);
      expect(res.body.schemas).toEqual([CORE_URN, ENTERPRISE_URN, NEVIS_URN]);
      expect(res.body.active).toBe(true);
      expect(res.body.userName).toBeUndefined();
    });

    it('excludedAttributes=emails on the list removes emails from every resource', async () => {
      const res = await t.http.get(`${a.base}/Users?excludedAttributes=emails&count=1000`).set(a.auth);
      expect(res.status).toBe(200);
      const { emails: _emails, ...rest } = user;
      expect(res.body.Resources).toContainEqual(rest);
      for (const r of res.body.Resources) expect(r.emails).toBeUndefined();
    });
  });
});

describe('Users list paging (e2e)', () => {
  let t: TestApp;
  let p: TestClient;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    p = await t.newClient({ maxPageSize: 3, defaultPageSize: 2 });
    for (let i = 1; i <= 7; i++) ids.push((await createUser(t, p, { userName: `page-${i}` })).id as string);
  });
  afterAll(async () => {
    await t.close();
  });

  const page = async (query: string) => {
    const res = await t.http.get(`${p.base}/Users?${query}`).set(p.auth);
    expect(res.status).toBe(200);
    return res;
  };

  it('returns a ListResponse page with startIndex, itemsPerPage and totalResults as JSON integers', async () => {
    const res = await page('startIndex=3&count=2');
    expect(res.body).toEqual({
      schemas: [LIST_URN],
      totalResults: 7,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [expect.objectContaining({ id: ids[2] }), expect.objectContaining({ id: ids[3] })],
    });
    expect(res.text).toMatch(/"totalResults":7[,}]/);
    expect(res.text).toMatch(/"startIndex":3[,}]/);
    expect(res.text).toMatch(/"itemsPerPage":2[,}]/);
    expect(res.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
  });

  it('uses the client default page size when count is absent', async () => {
    const res = await page('');
    expect(res.body.itemsPerPage).toBe(2);
    expect(res.body.Resources.map((u: Json) => u.id)).toEqual(ids.slice(0, 2));
  });

  it('count=0 returns only totalResults with an empty Resources', async () => {
    const res = await page('count=0');
    expect(res.body).toEqual({
      schemas: [LIST_URN],
      totalResults: 7,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('a negative count is treated as 0', async () => {
    const res = await page('count=-5');
    expect(res.body).toEqual({
      schemas: [LIST_URN],
      totalResults: 7,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it.each(['0', '-4'])('startIndex=%s is treated as 1', async (startIndex) => {
    const res = await page(`startIndex=${startIndex}&count=2`);
    expect(res.body.startIndex).toBe(1);
    expect(res.body.Resources.map((u: Json) => u.id)).toEqual(ids.slice(0, 2));
  });

  it('caps a count above the client maximum (3) instead of failing', async () => {
    const res = await page('count=500');
    expect(res.body.itemsPerPage).toBe(3);
    expect(res.body.totalResults).toBe(7);
    expect(res.body.Resources.map((u: Json) => u.id)).toEqual(ids.slice(0, 3));
  });

  it('returns the last partial page and an empty page past the end', async () => {
    const last = await page('startIndex=7&count=3');
    expect(last.body.itemsPerPage).toBe(1);
    expect(last.body.Resources.map((u: Json) => u.id)).toEqual([ids[6]]);
    const past = await page('startIndex=8&count=3');
    expect(past.body).toEqual({
      schemas: [LIST_URN],
      totalResults: 7,
      startIndex: 8,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('answers an empty page for a startIndex far past the end', async () => {
    const res = await page('startIndex=2147483647&count=3');
    expect(res.body).toEqual({
      schemas: [LIST_URN],
      totalResults: 7,
      startIndex: 2147483647,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  it('walks all users across pages in stable ascending id order without gaps or repeats', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= 7; start += 3) {
      const res = await page(`startIndex=${start}&count=3`);
      seen.push(...res.body.Resources.map((u: Json) => u.id as string));
    }
    expect(seen).toEqual(ids);
    const numeric = seen.map((id) => BigInt(id));
    expect([...numeric].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))).toEqual(numeric);
  });

  it('POST /Users/.search pages and projects like the list', async () => {
    const listed = await page('startIndex=2&count=2&attributes=userName');
    const searched = await t.http
      .post(`${p.base}/Users/.search`)
      .set(p.auth)
      .send({ schemas: [SEARCH_URN], startIndex: 2, count: 2, attributes: ['userName'] });
    expect(searched.status).toBe(200);
    expect(searched.headers['content-type']).toBe(SCIM_CONTENT_TYPE);
    expect(searched.body).toEqual(listed.body);
    expect(searched.body.Resources).toEqual([
      { schemas: [CORE_URN], id: ids[1], userName: 'page-2', active: true },
      { schemas: [CORE_URN], id: ids[2], userName: 'page-3', active: true },
    ]);
  });

  it('POST /Users/.search with an empty body lists the first default page', async () => {
    const searched = await t.http.post(`${p.base}/Users/.search`).set(p.auth).send({});
    expect(searched.status).toBe(200);
    expect(searched.body).toEqual((await page('')).body);
  });

  it('POST /Users/.search honours excludedAttributes', async () => {
    const searched = await t.http
      .post(`${p.base}/Users/.search`)
      .set(p.auth)
      .send({ count: 1, excludedAttributes: ['meta', 'userName'] });
    expect(searched.status).toBe(200);
    expect(searched.body.Resources).toEqual([
      { schemas: [CORE_URN, NEVIS_URN], ...NEVIS_ACTIVE, id: ids[0], active: true },
    ]);
  });
});
