import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp, type TestClient } from './support/test-app';
import { createUser, ENTERPRISE_URN, expectScimError, SEARCH_URN, type Json } from './support/user-fixtures';

/**
 * Sorting and paging (API.md §4.1, §4.9; RFC 7644 §3.4.2.3–4; RFC 9865 cursors) over 23 users whose sort
 * keys tie, differ only in case, or are missing, created in an order unrelated to their userNames.
 */

const N = 23;
const FAMILY = ['Smith', 'jones', undefined, 'Brown', 'smith', 'adams'];
const DEPARTMENT = ['Sales', 'marketing', 'R&D', 'sales', 'Engineering'];
const DEPT_PATH = `${ENTERPRISE_URN}:department`;

interface Seed {
  userName: string;
  familyName?: string;
  displayName?: string;
  emails: { value: string; primary?: boolean }[];
  department?: string;
  active: boolean;
}

function seedOf(i: number): Seed {
  const n = (i * 7) % N;
  const emails: Seed['emails'] =
    i % 4 === 0
      ? []
      : i % 4 === 1
        ? [{ value: `e${(i * 3) % N}@x.example` }]
        : i % 4 === 2
          ? [{ value: `a${i}@x.example` }, { value: `P${(i * 5) % N}@x.example`, primary: true }]
          : [{ value: `f${(i * 2) % N}@x.example` }, { value: `zz${i}@x.example` }];
  return {
    userName: `${i % 3 === 0 ? 'U' : 'u'}-${String(n).padStart(2, '0')}`,
    familyName: FAMILY[i % FAMILY.length],
    displayName: i % 5 === 0 ? undefined : `D${(i * 5) % 7}`,
    emails,
    department: i % 3 === 0 ? undefined : DEPARTMENT[i % DEPARTMENT.length],
    active: i % 7 !== 3,
  };
}

function bodyOf(s: Seed): Json {
  return {
    userName: s.userName,
    active: s.active,
    ...(s.familyName ? { name: { familyName: s.familyName } } : {}),
    ...(s.displayName ? { displayName: s.displayName } : {}),
    ...(s.emails.length ? { emails: s.emails } : {}),
    ...(s.department ? { [ENTERPRISE_URN]: { department: s.department } } : {}),
  };
}

interface Row extends Seed {
  id: string;
  created: string;
}

type SortKey = (r: Row) => string | null;
const lower = (v: string | undefined) => (v === undefined ? null : v.toLowerCase());

/** The sort keys as the server defines them: case-insensitive by lower case, emails by primary else first. */
const KEYS: Record<string, SortKey> = {
  userName: (r) => r.userName.toLowerCase(),
  'name.familyName': (r) => lower(r.familyName),
  displayName: (r) => lower(r.displayName),
  'meta.created': (r) => r.created,
  'emails.value': (r) => lower((r.emails.find((e) => e.primary) ?? r.emails[0])?.value),
  [DEPT_PATH]: (r) => lower(r.department),
};

/** Ascending: missing values last, ties by id; descending is the exact reverse. */
function order(rows: Row[], key: SortKey | undefined, descending = false): string[] {
  const byId = (a: Row, b: Row) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);
  const sorted = [...rows].sort((a, b) => {
    if (!key) return byId(a, b);
    const [x, y] = [key(a), key(b)];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
    return byId(a, b);
  });
  const ids = sorted.map((r) => r.id);
  return descending ? ids.reverse() : ids;
}

const ids = (body: Json) => (body.Resources as Json[]).map((u) => u.id as string);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('Users query: sorting, startIndex paging and RFC 9865 cursors (e2e)', () => {
  let t: TestApp;
  let c: TestClient;
  let other: TestClient;
  let rows: Row[];
  let otherIds: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    c = await t.newClient();
    other = await t.newClient();
    for (let i = 0; i < N; i++) await createUser(t, c, bodyOf(seedOf(i)));
    otherIds = new Set<string>();
    for (const userName of ['b-1', 'b-2', 'b-3'])
      otherIds.add((await createUser(t, other, { userName })).id as string);
    const all = await t.http.get(`${c.base}/Users`).query({ count: 100 }).set(c.auth);
    const seeds = new Map(Array.from({ length: N }, (_, i) => seedOf(i)).map((s) => [s.userName, s]));
    rows = (all.body.Resources as Json[]).map((u) => ({
      ...seeds.get(u.userName as string)!,
      id: u.id as string,
      created: u.meta.created as string,
    }));
  });
  afterAll(async () => {
    await t.close();
  });

  async function get(client: TestClient, query: Record<string, string | number>): Promise<Json> {
    const res = await t.http.get(`${client.base}/Users`).query(query).set(client.auth);
    if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Json;
  }

  describe('sortBy and sortOrder', () => {
    const configs: [string, boolean][] = Object.keys(KEYS).flatMap((k) => [
      [k, false],
      [k, true],
    ]);

    it.each(configs)(
      'sorts by %s (descending: %s) with missing values last ascending, ties by id',
      async (sortBy, desc) => {
        const query = { sortBy, count: 100, ...(desc ? { sortOrder: 'descending' } : {}) };
        const listed = await get(c, query);
        const searched = await t.http
          .post(`${c.base}/Users/.search`)
          .set(c.auth)
          .send({ schemas: [SEARCH_URN], ...query });
        const expected = order(rows, KEYS[sortBy], desc);
        expect(ids(listed)).toEqual(expected);
        expect(ids(searched.body)).toEqual(expected);
      },
    );

    it('orders by id without sortBy, and by id descending with only sortOrder=descending', async () => {
      expect(ids(await get(c, { count: 100 }))).toEqual(order(rows, undefined));
      expect(ids(await get(c, { count: 100, sortOrder: 'descending' }))).toEqual(
        order(rows, undefined, true),
      );
    });

    it('puts users without a familyName last ascending and first descending', async () => {
      const missing = new Set(rows.filter((r) => !r.familyName).map((r) => r.id));
      const asc = ids(await get(c, { sortBy: 'name.familyName', count: 100 }));
      const desc = ids(await get(c, { sortBy: 'name.familyName', sortOrder: 'descending', count: 100 }));
      expect(missing.size).toBeGreaterThan(0);
      expect(new Set(asc.slice(-missing.size))).toEqual(missing);
      expect(new Set(desc.slice(0, missing.size))).toEqual(missing);
    });

    it('breaks ties (Smith and smith) by ascending id', async () => {
      const asc = ids(await get(c, { sortBy: 'name.familyName', count: 100 }));
      const smiths = rows.filter((r) => r.familyName?.toLowerCase() === 'smith').map((r) => r.id);
      const positions = smiths.map((id) => asc.indexOf(id));
      // contiguous and in id order
      expect(positions).toEqual(positions.map((_, i) => positions[0] + i));
      expect(smiths).toEqual([...smiths].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)));
    });

    it('sorts case-insensitively (U-05 and u-06 interleave)', async () => {
      const names = (await get(c, { sortBy: 'userName', count: 100, attributes: 'userName' })).Resources.map(
        (u: Json) => u.userName as string,
      );
      expect(names.map((n: string) => n.toLowerCase())).toEqual(
        [...names].map((n) => n.toLowerCase()).sort(),
      );
      expect(names.some((n: string) => n.startsWith('U'))).toBe(true);
    });

    it.each([
      ['nope', 400, 'invalidValue', /nope/],
      ['name', 400, 'invalidValue', /name/],
      ['addresses', 400, 'invalidValue', /addresses/],
      ['emails[type eq "x"]', 400, 'invalidValue', /sortBy/],
      ['password', 403, 'sensitive', /password/],
      ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope', 400, 'invalidValue', /nope/],
    ] as const)('refuses sortBy=%s with %i %s', async (sortBy, status, scimType, detail) => {
      expectScimError(
        await t.http.get(`${c.base}/Users`).query({ sortBy }).set(c.auth),
        status,
        scimType,
        detail,
      );
      expectScimError(
        await t.http.post(`${c.base}/Users/.search`).set(c.auth).send({ sortBy }),
        status,
        scimType,
        detail,
      );
    });

    it('refuses sortOrder=sideways with 400', async () => {
      expectScimError(
        await t.http.get(`${c.base}/Users`).query({ sortOrder: 'sideways' }).set(c.auth),
        400,
        'invalidValue',
        /sortOrder/,
      );
    });
  });

  describe('startIndex paging', () => {
    async function walk(query: Record<string, string | number>, count: number): Promise<string[]> {
      const seen: string[] = [];
      let total = Infinity;
      for (let startIndex = 1; startIndex <= total; startIndex += count) {
        const page = await get(c, { ...query, startIndex, count });
        for (const n of ['totalResults', 'startIndex', 'itemsPerPage'])
          expect({ n, integer: Number.isInteger(page[n]) }).toEqual({ n, integer: true });
        expect(page.startIndex).toBe(startIndex);
        expect(page.itemsPerPage).toBe(page.Resources.length);
        expect(page.Resources.length).toBe(Math.min(count, page.totalResults - startIndex + 1));
        total = page.totalResults;
        seen.push(...ids(page));
      }
      return seen;
    }

    it('walks 23 users Okta-style with count=5, no duplicates or gaps, in id order', async () => {
      const seen = await walk({}, 5);
      expect(seen).toEqual(order(rows, undefined));
    });

    it('keeps the order stable across pages when sorting by a key with ties and missing values', async () => {
      const seen = await walk({ sortBy: 'name.familyName', sortOrder: 'descending' }, 4);
      expect(seen).toEqual(order(rows, KEYS['name.familyName'], true));
    });

    it('pages a filtered, sorted list', async () => {
      const seen = await walk({ filter: 'active eq true', sortBy: 'emails.value' }, 5);
      expect(seen).toEqual(
        order(
          rows.filter((r) => r.active),
          KEYS['emails.value'],
        ),
      );
    });

    it('answers count=0 with only totalResults', async () => {
      const page = await get(c, { count: 0 });
      expect(page).toEqual({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: N,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    });

    it('treats startIndex below 1 as 1 and answers an empty page after the end', async () => {
      expect(ids(await get(c, { startIndex: 0, count: 3 }))).toEqual(order(rows, undefined).slice(0, 3));
      expect(ids(await get(c, { startIndex: -7, count: 3 }))).toEqual(order(rows, undefined).slice(0, 3));
      const after = await get(c, { startIndex: N + 1, count: 3 });
      expect({ total: after.totalResults, items: after.itemsPerPage, Resources: after.Resources }).toEqual({
        total: N,
        items: 0,
        Resources: [],
      });
    });

    it('answers a negative count with only totalResults, and refuses non-numeric paging values with 400', async () => {
      const page = await get(c, { count: -3 });
      expect({ total: page.totalResults, Resources: page.Resources }).toEqual({ total: N, Resources: [] });
      for (const query of [{ count: 'ten' }, { startIndex: '1.5' }, { startIndex: '' }, { count: '0x10' }]) {
        expectScimError(
          await t.http.get(`${c.base}/Users`).query(query).set(c.auth),
          400,
          'invalidValue',
          /startIndex|count/,
        );
      }
      expectScimError(
        await t.http.post(`${c.base}/Users/.search`).set(c.auth).send({ count: '5' }),
        400,
        'invalidValue',
        /count/,
      );
    });

    it("uses the client's default page size and caps count at its maximum", async () => {
      const small = await t.newClient({ maxPageSize: 4, defaultPageSize: 2 });
      for (let i = 0; i < 6; i++) await createUser(t, small, { userName: `cap-${i}` });
      expect((await get(small, {})).Resources).toHaveLength(2);
      expect((await get(small, { count: 3 })).Resources).toHaveLength(3);
      const capped = await get(small, { count: 100 });
      expect({ total: capped.totalResults, items: capped.itemsPerPage, n: capped.Resources.length }).toEqual({
        total: 6,
        items: 4,
        n: 4,
      });
      const searched = await t.http.post(`${small.base}/Users/.search`).set(small.auth).send({ count: 100 });
      expect(searched.body.Resources).toHaveLength(4);
      const cursor = await get(small, { cursor: '', count: 100 });
      expect(cursor.Resources).toHaveLength(4);
    });
  });

  describe('RFC 9865 cursors', () => {
    interface Walk {
      pages: string[][];
      cursors: { next?: string; previous?: string }[];
    }

    async function forward(query: Record<string, string | number>): Promise<Walk> {
      const walked: Walk = { pages: [], cursors: [] };
      let cursor = '';
      for (let i = 0; i < 50; i++) {
        const page = await get(c, { ...query, cursor });
        walked.pages.push(ids(page));
        walked.cursors.push({ next: page.nextCursor, previous: page.previousCursor });
        if (!page.nextCursor) break;
        cursor = page.nextCursor as string;
      }
      return walked;
    }

    /** From the last page back to the first through previousCursor. */
    async function backward(query: Record<string, string | number>, from: string): Promise<Walk> {
      const walked: Walk = { pages: [], cursors: [] };
      let cursor = from;
      for (let i = 0; i < 50; i++) {
        const page = await get(c, { ...query, cursor });
        walked.pages.unshift(ids(page));
        walked.cursors.unshift({ next: page.nextCursor, previous: page.previousCursor });
        if (!page.previousCursor) break;
        cursor = page.previousCursor as string;
      }
      return walked;
    }

    const walks: [string, Record<string, string | number>, (r: Row[]) => string[]][] = [
      ['no sortBy, count=5', { count: 5 }, (r) => order(r, undefined)],
      ['sortBy=userName, count=4', { sortBy: 'userName', count: 4 }, (r) => order(r, KEYS.userName)],
      [
        'a filter and sortBy=name.familyName (ties, missing values), count=3',
        { filter: 'active eq true', sortBy: 'name.familyName', count: 3 },
        (r) =>
          order(
            r.filter((x) => x.active),
            KEYS['name.familyName'],
          ),
      ],
      [
        'sortBy=name.familyName descending (missing values first), count=4',
        { sortBy: 'name.familyName', sortOrder: 'descending', count: 4 },
        (r) => order(r, KEYS['name.familyName'], true),
      ],
      [
        'sortBy=meta.created descending, count=6',
        { sortBy: 'meta.created', sortOrder: 'descending', count: 6 },
        (r) => order(r, KEYS['meta.created'], true),
      ],
      [
        'sortBy=emails.value, count=5',
        { sortBy: 'emails.value', count: 5 },
        (r) => order(r, KEYS['emails.value']),
      ],
      [
        'sortBy=enterprise department descending, count=5',
        { sortBy: DEPT_PATH, sortOrder: 'descending', count: 5 },
        (r) => order(r, KEYS[DEPT_PATH], true),
      ],
      ['sortBy=displayName, count=7', { sortBy: 'displayName', count: 7 }, (r) => order(r, KEYS.displayName)],
      // every version is 1: a numeric key that ties everywhere, so the id decides
      ['sortBy=meta.version, count=5', { sortBy: 'meta.version', count: 5 }, (r) => order(r, undefined)],
    ];

    it.each(walks)('walks every user forward and back with %s', async (_name, query, expectedOf) => {
      const expected = expectedOf(rows);
      const size = query.count as number;
      const fwd = await forward(query);
      // all users, in order, no duplicates or gaps, in pages of `count`
      expect(fwd.pages.flat()).toEqual(expected);
      expect(fwd.pages.map((p) => p.length)).toEqual(
        Array.from({ length: Math.ceil(expected.length / size) }, (_, i) =>
          Math.min(size, expected.length - i * size),
        ),
      );
      expect(fwd.cursors[0].previous).toBeUndefined();
      expect(fwd.cursors[fwd.cursors.length - 1].next).toBeUndefined();
      expect(fwd.cursors.slice(0, -1).every((x) => typeof x.next === 'string')).toBe(true);
      expect(fwd.cursors.slice(1).every((x) => typeof x.previous === 'string')).toBe(true);
      // back from the last page: the same pages, the first without previousCursor
      const back = await backward(query, fwd.cursors[fwd.cursors.length - 2]?.next ?? '');
      expect(back.pages).toEqual(fwd.pages);
      expect(back.cursors[0].previous).toBeUndefined();
    });

    it('answers every cursor page with totalResults and without startIndex', async () => {
      const first = await get(c, { cursor: '', count: 5, filter: 'active eq false' });
      const inactive = rows.filter((r) => !r.active).length;
      expect(first.totalResults).toBe(inactive);
      expect(first.itemsPerPage).toBe(Math.min(5, inactive));
      expect(first.startIndex).toBeUndefined();
    });

    it('walks through POST /Users/.search with the cursor in the body', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 20; i++) {
        const res = await t.http
          .post(`${c.base}/Users/.search`)
          .set(c.auth)
          .send({ schemas: [SEARCH_URN], sortBy: 'userName', count: 6, cursor });
        expect(res.status).toBe(200);
        seen.push(...ids(res.body));
        if (!res.body.nextCursor) break;
        cursor = res.body.nextCursor as string;
      }
      expect(seen).toEqual(order(rows, KEYS.userName));
    });

    it('continues a GET cursor through .search with the same query', async () => {
      const first = await get(c, { cursor: '', count: 5, sortBy: 'name.familyName' });
      const res = await t.http
        .post(`${c.base}/Users/.search`)
        .set(c.auth)
        .send({ cursor: first.nextCursor, count: 5, sortBy: 'name.familyName' });
      expect(ids(res.body)).toEqual(order(rows, KEYS['name.familyName']).slice(5, 10));
    });

    it.each([
      ['a different filter', { filter: 'active eq false' }],
      ['a filter added', { filter: 'userName pr', sortBy: 'userName' }],
      ['a different sortBy', { sortBy: 'displayName' }],
      ['sortBy removed', {}],
      ['a different sortOrder', { sortBy: 'userName', sortOrder: 'descending' }],
    ])('refuses a cursor reused with %s with 400 invalidCursor', async (_name, changed) => {
      const first = await get(c, { cursor: '', count: 5, sortBy: 'userName' });
      const res = await t.http
        .get(`${c.base}/Users`)
        .query({ count: 5, ...changed, cursor: first.nextCursor })
        .set(c.auth);
      expectScimError(res, 400, 'invalidCursor');
    });

    it.each([
      ['abc!', 'abc!'],
      ['random base64url', randomBytes(48).toString('base64url')],
      ['a huge string', 'A'.repeat(5000)],
      ['a long base64url string', 'A'.repeat(2000)],
      ['JSON with wrong types', b64(JSON.stringify({ v: {}, i: 5, d: 'x', q: 1 }))],
      ['a JSON array', b64('[1,2,3]')],
      ['JSON null', b64('null')],
      ['an id that is not an id', b64(JSON.stringify({ v: null, i: '0', d: 'n', q: 'x' }))],
      ['a non-finite value', b64('{"v":1e999,"i":"1","d":"n","q":"x"}')],
      ['base64 with padding and +/', 'eyJ2IjpudWxsfQ==+/'],
    ])('refuses a malformed cursor (%s) with 400 invalidCursor', async (_name, cursor) => {
      expectScimError(
        await t.http.get(`${c.base}/Users`).query({ cursor }).set(c.auth),
        400,
        'invalidCursor',
      );
      expectScimError(
        await t.http.post(`${c.base}/Users/.search`).set(c.auth).send({ cursor }),
        400,
        'invalidCursor',
      );
    });

    it('refuses cursor together with startIndex with 400', async () => {
      expectScimError(
        await t.http.get(`${c.base}/Users`).query({ cursor: '', startIndex: 1 }).set(c.auth),
        400,
        'invalidValue',
        /startIndex.*cursor|cursor.*startIndex/,
      );
      expectScimError(
        await t.http.post(`${c.base}/Users/.search`).set(c.auth).send({ cursor: '', startIndex: 2 }),
        400,
        'invalidValue',
      );
    });

    it('neither skips nor repeats users when users before the cursor are deleted or new ones are added', async () => {
      const own = await t.newClient();
      const made: string[] = [];
      for (let i = 0; i < 8; i++) made.push((await createUser(t, own, { userName: `k-${i}` })).id as string);
      const first = await get(own, { cursor: '', count: 3 });
      expect(ids(first)).toEqual(made.slice(0, 3));
      // startIndex paging would now shift by two; the keyset position does not
      for (const id of made.slice(0, 2)) {
        expect((await t.http.delete(`${own.base}/Users/${id}`).set(own.auth)).status).toBe(204);
      }
      const added = (await createUser(t, own, { userName: 'k-new' })).id as string;
      const second = await get(own, { cursor: first.nextCursor as string, count: 3 });
      expect(ids(second)).toEqual(made.slice(3, 6));
      const third = await get(own, { cursor: second.nextCursor as string, count: 3 });
      expect(ids(third)).toEqual([...made.slice(6), added]);
      expect(third.nextCursor).toBeUndefined();
    });

    it("shows client B only B's users when it replays client A's cursor", async () => {
      const first = await get(c, { cursor: '', count: 2 });
      const res = await t.http
        .get(`${other.base}/Users`)
        .query({ cursor: first.nextCursor, count: 100 })
        .set(other.auth);
      if (res.status === 200) {
        expect(res.body.totalResults).toBe(otherIds.size);
        expect(ids(res.body).filter((id) => !otherIds.has(id))).toEqual([]);
      } else {
        expectScimError(res, 400, 'invalidCursor');
      }
    });
  });
});
