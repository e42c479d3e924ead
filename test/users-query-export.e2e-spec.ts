import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import {
  createUser,
  ENTERPRISE_URN,
  expectScimError,
  fullUser,
  LIST_URN,
  NEVIS_URN,
  SEARCH_URN,
  storedPasswordHash,
  type Json,
} from './support/user-fixtures';

const BULK_REQUEST_URN = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/**
 * The export format (API.md §4.8): `bulkImportFormat=true` answers a BulkRequest of one POST per user. Until
 * /Bulk exists, the round trip is played the way a Bulk server would: operations in bulkId order, each
 * `bulkId:<id>` reference replaced by the id the earlier operation created.
 */
describe('Users query: export as a BulkRequest (e2e)', () => {
  let t: TestApp;
  let a: TestClient;
  let b: TestClient;
  /** A's users as GET /Users/{id} returns them, in id order. */
  let originals: Json[];
  let bossId: string;
  let bOwnId: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
    b = await t.newClient();
    const boss = await createUser(t, a, fullUser('boss'));
    bossId = boss.id as string;
    await createUser(t, a, fullUser('report1', bossId));
    await createUser(t, a, {
      userName: 'report2',
      active: false,
      password: 'Another-secret-1',
      displayName: 'Report Two',
      emails: [{ value: 'report2@example.com', type: 'work', primary: true }],
      [ENTERPRISE_URN]: { department: 'Ops', manager: { value: bossId } },
    });
    await createUser(t, a, {
      userName: 'outside-managed',
      [ENTERPRISE_URN]: { manager: { value: '999999999' } },
    });
    await createUser(t, a, { userName: 'minimal' });
    bOwnId = (await createUser(t, b, { userName: 'b-own' })).id as string;
    const list = await t.http.get(`${a.base}/Users`).query({ count: 100 }).set(a.auth);
    originals = list.body.Resources as Json[];
  });
  afterAll(async () => {
    await t.close();
  });

  const exportOf = async (client: TestClient, query: Record<string, string | number> = {}) => {
    const res = await t.http
      .get(`${client.base}/Users`)
      .query({ count: 100, ...query, bulkImportFormat: 'true' })
      .set(client.auth);
    expect(res.status).toBe(200);
    return res.body as Json;
  };

  /** What an export should carry for a user: no id or meta, the manager as a bare (or bulkId) value. */
  function exported(user: Json, inExport: Set<string>): Json {
    const { id: _id, meta: _meta, ...data } = structuredClone(user);
    const ent = data[ENTERPRISE_URN] as Json | undefined;
    if (ent?.manager) {
      const value = ent.manager.value as string;
      ent.manager = { value: inExport.has(value) ? `bulkId:${value}` : value };
    }
    return data;
  }

  /** name.formatted is derived; whether an export carries it is left open. */
  const withoutFormatted = (data: Json): Json => {
    const copy = structuredClone(data);
    if (copy.name) delete copy.name.formatted;
    return copy;
  };

  it('answers a BulkRequest of one POST /Users per user, bulkId = id, in id order', async () => {
    const body = await exportOf(a);
    expect(body.schemas).toEqual([BULK_REQUEST_URN]);
    expect(body.Resources).toBeUndefined();
    expect(
      body.Operations.map((op: Json) => ({ method: op.method, path: op.path, bulkId: op.bulkId })),
    ).toEqual(originals.map((u) => ({ method: 'POST', path: '/Users', bulkId: u.id })));
  });

  it('exports each user without id, meta, password or groups, and otherwise as it reads', async () => {
    const body = await exportOf(a);
    const ids = new Set(originals.map((u) => u.id as string));
    for (const [i, op] of (body.Operations as Json[]).entries()) {
      const keys = Object.keys(op.data);
      expect(keys.filter((k) => ['id', 'meta', 'password', 'groups'].includes(k))).toEqual([]);
      expect(withoutFormatted(op.data)).toEqual(withoutFormatted(exported(originals[i], ids)));
    }
    expect(JSON.stringify(body)).not.toMatch(/t1meMa\$heen|Another-secret-1/);
  });

  it('references a manager who is in the same export as bulkId:<id>, and others by their plain value', async () => {
    const body = await exportOf(a);
    const managers = Object.fromEntries(
      (body.Operations as Json[]).map((op) => [op.data.userName, op.data[ENTERPRISE_URN]?.manager]),
    );
    expect(managers).toEqual({
      boss: undefined,
      report1: { value: `bulkId:${bossId}` },
      report2: { value: `bulkId:${bossId}` },
      'outside-managed': { value: '999999999' },
      minimal: undefined,
    });
  });

  it('answers the same export through POST /Users/.search', async () => {
    const res = await t.http
      .post(`${a.base}/Users/.search`)
      .set(a.auth)
      .send({ schemas: [SEARCH_URN], count: 100, bulkImportFormat: true });
    expect(res.status).toBe(200);
    expect(res.body.Operations).toEqual((await exportOf(a)).Operations);
  });

  it('exports only the users matching a filter, keeping a manager outside the export as a plain id', async () => {
    const active = await exportOf(a, { filter: 'active eq true' });
    expect(active.Operations.map((op: Json) => op.data.userName)).toEqual([
      'boss',
      'report1',
      'outside-managed',
      'minimal',
    ]);
    const one = await exportOf(a, { filter: 'userName eq "report2"' });
    expect(one.Operations).toHaveLength(1);
    expect(one.Operations[0].data[ENTERPRISE_URN].manager).toEqual({ value: bossId });
  });

  it('answers a normal ListResponse with bulkImportFormat=false and refuses other values', async () => {
    const res = await t.http.get(`${a.base}/Users`).query({ bulkImportFormat: 'false' }).set(a.auth);
    expect(res.body.schemas).toEqual([LIST_URN]);
    expect(res.body.Operations).toBeUndefined();
    expectScimError(
      await t.http.get(`${a.base}/Users`).query({ bulkImportFormat: 'yes' }).set(a.auth),
      400,
      'invalidValue',
      /bulkImportFormat/,
    );
  });

  it('pages an export with cursors: nextCursor until the last page, every user once', async () => {
    const seen: string[] = [];
    let cursor = '';
    const pages: number[] = [];
    for (let i = 0; i < 10; i++) {
      const body = await exportOf(a, { cursor, count: 2 });
      expect(body.schemas).toEqual([BULK_REQUEST_URN]);
      pages.push(body.Operations.length);
      seen.push(...body.Operations.map((op: Json) => op.bulkId as string));
      if (!body.nextCursor) break;
      cursor = body.nextCursor as string;
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(seen).toEqual(originals.map((u) => u.id));
  });

  it("never exports another client's users", async () => {
    const fromB = await exportOf(b);
    const aIds = new Set(originals.map((u) => u.id as string));
    expect(fromB.Operations.map((op: Json) => op.bulkId)).toEqual([bOwnId]);
    const filtered = await exportOf(b, { filter: 'userName eq "boss" or id pr' });
    expect(filtered.Operations.filter((op: Json) => aIds.has(op.bulkId as string))).toEqual([]);
    const searched = await t.http
      .post(`${b.base}/Users/.search`)
      .set(b.auth)
      .send({ bulkImportFormat: true, filter: `id eq "${bossId}"` });
    expect(searched.body.Operations).toEqual([]);
  });

  it("imports A's export into client B POST by POST and recreates the same users and manager links", async () => {
    const target = b;
    const body = await exportOf(a);
    const newIds = new Map<string, string>();
    const resolve = (value: unknown): unknown => {
      if (typeof value === 'string' && value.startsWith('bulkId:')) {
        const id = newIds.get(value.slice('bulkId:'.length));
        if (!id) throw new Error(`unresolved ${value}`);
        return id;
      }
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === 'object')
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
      return value;
    };
    const ops = [...(body.Operations as Json[])].sort((x, y) =>
      BigInt(x.bulkId) < BigInt(y.bulkId) ? -1 : 1,
    );
    for (const op of ops) {
      expect({ method: op.method, path: op.path }).toEqual({ method: 'POST', path: '/Users' });
      const created = await createUser(t, target, resolve(op.data) as Json);
      newIds.set(op.bulkId as string, created.id as string);
    }
    for (const original of originals) {
      const id = newIds.get(original.id as string)!;
      const read = await t.http.get(`${target.base}/Users/${id}`).set(target.auth);
      expect(read.status).toBe(200);
      const expected = structuredClone(original);
      const manager = expected[ENTERPRISE_URN]?.manager as Json | undefined;
      if (manager && newIds.has(manager.value as string)) {
        const mapped = newIds.get(manager.value as string)!;
        manager.value = mapped;
        manager.$ref = (manager.$ref as string).replace(
          `${a.base}/Users/${original[ENTERPRISE_URN].manager.value}`,
          `${target.base}/Users/${mapped}`,
        );
      }
      // Credentials keep their extId and public attributes; their created/lastModified are the import's.
      for (const c of (expected[NEVIS_URN]?.credentials as Json[] | undefined) ?? []) {
        c.created = expect.any(String);
        c.lastModified = expect.any(String);
      }
      const { id: _i, meta: _m, ...rest } = read.body;
      const { id: _oi, meta: _om, ...want } = expected;
      expect(rest).toEqual(want);
      expect(read.body.meta.location).toMatch(new RegExp(`${target.base}/Users/${id}$`));
      // the secret did not travel
      expect(await storedPasswordHash(t, target, id)).toBeUndefined();
    }
    expect(await storedPasswordHash(t, a, bossId)).toBeDefined();
    // the source client is untouched
    const aAfter = await t.http.get(`${a.base}/Users`).query({ count: 100 }).set(a.auth);
    expect(aAfter.body.Resources).toEqual(originals);
    // B's export now holds B's own user and the copies, with B's ids and B-side manager references
    const fromB = await exportOf(b);
    const bossInB = newIds.get(bossId)!;
    expect(fromB.Operations.map((op: Json) => op.bulkId)).toEqual([bOwnId, ...newIds.values()]);
    expect(
      (fromB.Operations as Json[])
        .filter((op) => op.data.userName.startsWith('report'))
        .map((op) => op.data[ENTERPRISE_URN].manager),
    ).toEqual([{ value: `bulkId:${bossInB}` }, { value: `bulkId:${bossInB}` }]);
  });
});
