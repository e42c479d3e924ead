import type { AddressInfo } from 'node:net';
import type { Response } from 'supertest';
import { DEFAULT_CLIENT_SETTINGS } from '../src/clients/client-settings';
import { APP_CONFIG, type AppConfig } from '../src/config/app.config';
import { URN } from '../src/scim/schema/urns';
import {
  admin,
  ERROR_URN,
  SCIM_JSON,
  startTestApp,
  uniqueId,
  type TestApp,
  type TestClient,
} from './support/test-app';

interface Attribute {
  name: string;
  type: string;
  subAttributes?: Attribute[];
  [key: string]: unknown;
}

/** RFC 7643 §7: the characteristics every attribute and sub-attribute states. */
const CHARACTERISTICS = [
  'name',
  'type',
  'multiValued',
  'description',
  'required',
  'caseExact',
  'mutability',
  'returned',
  'uniqueness',
];
const TYPES = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'reference', 'complex', 'binary'];
const MUTABILITY = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED = ['always', 'never', 'default', 'request'];
const UNIQUENESS = ['none', 'server', 'global'];
const RFC_KEYS = [...CHARACTERISTICS, 'canonicalValues', 'referenceTypes', 'subAttributes'];

/** Every problem with an attribute list, as `path: problem` strings (empty when all is well). */
/**
 * RFC 7643 §2.3.8 forbids complex sub-attributes; the nevisIDM extension (USER-SCHEMA.md §3) nests them on
 * purpose (profiles → authorizations → dataRoom, credentials → loginInfo), so its schema is checked with
 * nesting allowed. Its open `properties` maps list the client's definitions, none on the global copy.
 */
function attributeProblems(attributes: Attribute[], parent = '', nesting = false): string[] {
  return attributes.flatMap((a) => {
    const path = parent ? `${parent}.${a.name}` : a.name;
    const problems: string[] = [];
    for (const c of CHARACTERISTICS) if (!(c in a)) problems.push(`${path}: no ${c}`);
    for (const k of Object.keys(a)) if (!RFC_KEYS.includes(k)) problems.push(`${path}: non-RFC key ${k}`);
    if (!TYPES.includes(a.type)) problems.push(`${path}: type ${a.type}`);
    if (!MUTABILITY.includes(a.mutability as string))
      problems.push(`${path}: mutability ${String(a.mutability)}`);
    if (!RETURNED.includes(a.returned as string)) problems.push(`${path}: returned ${String(a.returned)}`);
    if (!UNIQUENESS.includes(a.uniqueness as string))
      problems.push(`${path}: uniqueness ${String(a.uniqueness)}`);
    for (const b of ['multiValued', 'required', 'caseExact']) {
      if (typeof a[b] !== 'boolean') problems.push(`${path}: ${b} is not a boolean`);
    }
    if (typeof a.description !== 'string' || a.description === '') problems.push(`${path}: no description`);
    if (a.type === 'complex') {
      if (!a.subAttributes) problems.push(`${path}: complex without subAttributes`);
      else if (!a.subAttributes.length && !(nesting && a.name === 'properties'))
        problems.push(`${path}: complex without subAttributes`);
      else if (parent && !nesting) problems.push(`${path}: complex sub-attribute`);
      else problems.push(...attributeProblems(a.subAttributes, path, nesting));
    } else if (a.subAttributes) {
      problems.push(`${path}: subAttributes on a ${a.type}`);
    }
    if (a.type === 'reference' && !(Array.isArray(a.referenceTypes) && a.referenceTypes.length > 0)) {
      problems.push(`${path}: reference without referenceTypes`);
    }
    return problems;
  });
}

const byName = (attributes: Attribute[], name: string) => attributes.find((a) => a.name === name);

function expectScimJson(res: Response): void {
  expect(res.headers['content-type']).toBe(`${SCIM_JSON}; charset=utf-8`);
}

function expectScimError(res: Response, status: number): void {
  expect(res.status).toBe(status);
  expectScimJson(res);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: String(status) });
}

describe('Discovery (ServiceProviderConfig, Schemas, ResourceTypes)', () => {
  let t: TestApp;
  let origin: string;
  let tuned: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    tuned = await t.newClient({
      maxPageSize: 250,
      defaultPageSize: 25,
      bulkMaxOperations: 50,
      bulkMaxPayloadSize: 65536,
    });
  });
  afterAll(() => t.close());

  /** The global base and a tenant base, so every discovery test runs under both. */
  const bases = () => [
    { where: 'global', base: '/scim/v2' },
    { where: 'tenant', base: tuned.base },
  ];

  describe('ServiceProviderConfig', () => {
    it.each(['global', 'tenant'])(
      'serves the %s copy as application/scim+json with RFC 7643 §5 members',
      async (where) => {
        const base = bases().find((b) => b.where === where)!.base;
        const res = await t.http.get(`${base}/ServiceProviderConfig`);
        expect(res.status).toBe(200);
        expectScimJson(res);
        expect(res.body).toMatchObject({
          schemas: [URN.serviceProviderConfig],
          documentationUri: `${origin}/docs`,
          changePassword: { supported: true },
          etag: { supported: true },
          meta: { resourceType: 'ServiceProviderConfig', location: `${origin}${base}/ServiceProviderConfig` },
        });
        for (const feature of ['patch', 'bulk', 'filter', 'sort'])
          expect(typeof res.body[feature].supported).toBe('boolean');
        expect(res.body.authenticationSchemes).toEqual([
          expect.objectContaining({
            type: 'oauthbearertoken',
            primary: true,
            name: expect.any(String),
            description: expect.any(String),
          }),
        ]);
      },
    );

    it('reports the default limits globally', async () => {
      const res = await t.http.get('/scim/v2/ServiceProviderConfig');
      expect(res.body.filter.maxResults).toBe(DEFAULT_CLIENT_SETTINGS.maxPageSize);
      expect(res.body.bulk).toMatchObject({
        maxOperations: DEFAULT_CLIENT_SETTINGS.bulkMaxOperations,
        maxPayloadSize: DEFAULT_CLIENT_SETTINGS.bulkMaxPayloadSize,
      });
    });

    it("reports the tenant's own maxPageSize and bulk limits under its prefix", async () => {
      const res = await t.http.get(`${tuned.base}/ServiceProviderConfig`);
      expect(res.body.filter.maxResults).toBe(250);
      expect(res.body.bulk).toMatchObject({ maxOperations: 50, maxPayloadSize: 65536 });
    });

    it('follows a change of the tenant settings at once', async () => {
      const c = await t.newClient({ maxPageSize: 40 });
      expect((await t.http.get(`${c.base}/ServiceProviderConfig`)).body.filter.maxResults).toBe(40);
      await t.http
        .patch(`/admin/clients/${c.extId}`)
        .set(admin)
        .send({ settings: { maxPageSize: 60 } })
        .expect(200);
      expect((await t.http.get(`${c.base}/ServiceProviderConfig`)).body.filter.maxResults).toBe(60);
    });

    it('never advertises a bulk payload larger than the bulk body limit the server enforces', async () => {
      const limit = t.app.get<symbol, AppConfig>(APP_CONFIG).bulkBodyLimitBytes;
      const extId = uniqueId();
      const created = await t.http
        .post('/admin/clients')
        .set(admin)
        .send({ extId, name: 'big bulk', settings: { bulkMaxPayloadSize: limit * 10 } });
      if (created.status === 201) {
        const spc = await t.http.get(`/scim/v2/${extId}/ServiceProviderConfig`);
        expect(spc.body.bulk.maxPayloadSize).toBeLessThanOrEqual(limit);
      } else {
        expect(created.status).toBe(400);
      }
    });

    /** Each capability flag must be true exactly when the feature answers (API.md §8: "true values only"). */
    describe('capability flags tell the truth', () => {
      let c: TestClient;
      let spc: Record<string, { supported: boolean }>;
      let userId: string;
      beforeAll(async () => {
        c = await t.newClient();
        spc = (await t.http.get(`${c.base}/ServiceProviderConfig`)).body;
        userId = (await t.http.post(`${c.base}/Users`).set(c.auth).send({ userName: 'probe' })).body.id;
      });

      it('advertises patch exactly when PATCH on a user works', async () => {
        const res = await t.http
          .patch(`${c.base}/Users/${userId}`)
          .set(c.auth)
          .send({ schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'displayName', value: 'P' }] });
        expect({ supported: spc.patch.supported, status: res.status }).toEqual({
          supported: [200, 204].includes(res.status),
          status: res.status,
        });
        if (!spc.patch.supported) expect(res.status).toBe(501);
      });

      it('advertises bulk exactly when POST /Bulk works', async () => {
        const res = await t.http
          .post(`${c.base}/Bulk`)
          .set(c.auth)
          .send({
            schemas: [URN.bulkRequest],
            Operations: [{ method: 'POST', path: '/Users', bulkId: 'b1', data: { userName: 'bulk-probe' } }],
          });
        expect({ supported: spc.bulk.supported, status: res.status }).toEqual({
          supported: res.status === 200,
          status: res.status,
        });
      });

      it('advertises filter exactly when a filtered list works', async () => {
        const res = await t.http.get(`${c.base}/Users`).query({ filter: 'userName eq "probe"' }).set(c.auth);
        expect({ supported: spc.filter.supported, status: res.status }).toEqual({
          supported: res.status === 200,
          status: res.status,
        });
        if (spc.filter.supported) expect(res.body.totalResults).toBe(1);
      });

      it('advertises sort exactly when a sorted list works', async () => {
        const res = await t.http.get(`${c.base}/Users`).query({ sortBy: 'userName' }).set(c.auth);
        expect({ supported: spc.sort.supported, status: res.status }).toEqual({
          supported: res.status === 200,
          status: res.status,
        });
      });
    });
  });

  describe('Schemas', () => {
    it.each(['global', 'tenant'])(
      'lists the %s schemas as a ListResponse with core User and the enterprise extension',
      async (where) => {
        const base = bases().find((b) => b.where === where)!.base;
        const res = await t.http.get(`${base}/Schemas`);
        expect(res.status).toBe(200);
        expectScimJson(res);
        expect(res.body).toMatchObject({ schemas: [URN.listResponse], startIndex: 1 });
        expect(res.body.totalResults).toBe(res.body.Resources.length);
        expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
        const ids = res.body.Resources.map((s: { id: string }) => s.id);
        expect(ids).toEqual(expect.arrayContaining([URN.user, URN.enterpriseUser]));
        for (const s of res.body.Resources) {
          expect(s).toMatchObject({
            schemas: [URN.schema],
            name: expect.any(String),
            meta: { resourceType: 'Schema', location: `${origin}${base}/Schemas/${s.id}` },
          });
        }
      },
    );

    it('describes every attribute and sub-attribute with all RFC 7643 §7 characteristics and nothing internal', async () => {
      const res = await t.http.get('/scim/v2/Schemas');
      const problems = res.body.Resources.flatMap((s: { id: string; attributes: Attribute[] }) =>
        attributeProblems(s.attributes, '', s.id === URN.nevisUser).map((p) => `${s.id}: ${p}`),
      );
      expect(problems).toEqual([]);
      expect(res.text).not.toMatch(/"(limits|maxLength|enforceCanonical|identifier)"/);
    });

    it('describes the key User attributes as RFC 7643 §4.1 does', async () => {
      const res = await t.http.get(`/scim/v2/Schemas/${URN.user}`);
      const attributes: Attribute[] = res.body.attributes;
      expect(byName(attributes, 'userName')).toMatchObject({
        type: 'string',
        required: true,
        caseExact: false,
        uniqueness: 'server',
        mutability: 'readWrite',
      });
      expect(byName(attributes, 'password')).toMatchObject({ returned: 'never', mutability: 'writeOnly' });
      expect(byName(attributes, 'id')).toMatchObject({ returned: 'always', mutability: 'readOnly' });
      expect(byName(attributes, 'emails')).toMatchObject({ type: 'complex', multiValued: true });
      expect(byName(attributes, 'groups')).toMatchObject({ mutability: 'readOnly' });
      expect(byName(byName(attributes, 'emails')!.subAttributes!, 'type')!.canonicalValues).toEqual(
        expect.arrayContaining(['work', 'home', 'other']),
      );
    });

    it('describes the enterprise manager as a complex attribute with value and $ref', async () => {
      const res = await t.http.get(`/scim/v2/Schemas/${URN.enterpriseUser}`);
      expect(res.status).toBe(200);
      const manager = byName(res.body.attributes, 'manager')!;
      expect(manager.type).toBe('complex');
      expect(manager.subAttributes!.map((a) => a.name)).toEqual(expect.arrayContaining(['value', '$ref']));
    });

    it.each(['global', 'tenant'])('reads one %s schema by URN, the same as in the list', async (where) => {
      const base = bases().find((b) => b.where === where)!.base;
      const list = (await t.http.get(`${base}/Schemas`)).body.Resources;
      const res = await t.http.get(`${base}/Schemas/${URN.enterpriseUser}`);
      expect(res.status).toBe(200);
      expectScimJson(res);
      expect(res.body).toEqual(list.find((s: { id: string }) => s.id === URN.enterpriseUser));
    });

    it('matches the schema URN case-insensitively', async () => {
      const res = await t.http.get(`/scim/v2/Schemas/${URN.user.toLowerCase()}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(URN.user);
    });

    it.each(['urn:example:unknown:2.0:Thing', 'User', URN.group])(
      'answers 404 with a SCIM error for the unknown schema %s',
      async (urn) => {
        expectScimError(await t.http.get(`/scim/v2/Schemas/${urn}`), 404);
        expectScimError(await t.http.get(`${tuned.base}/Schemas/${urn}`), 404);
      },
    );
  });

  describe('ResourceTypes', () => {
    it.each(['global', 'tenant'])(
      'lists the %s resource types with User and its extension',
      async (where) => {
        const base = bases().find((b) => b.where === where)!.base;
        const res = await t.http.get(`${base}/ResourceTypes`);
        expect(res.status).toBe(200);
        expectScimJson(res);
        expect(res.body).toMatchObject({ schemas: [URN.listResponse], startIndex: 1 });
        expect(res.body.totalResults).toBe(res.body.Resources.length);
        const user = res.body.Resources.find((r: { id: string }) => r.id === 'User');
        expect(user).toMatchObject({
          schemas: [URN.resourceType],
          id: 'User',
          name: 'User',
          endpoint: '/Users',
          schema: URN.user,
          meta: { resourceType: 'ResourceType', location: `${origin}${base}/ResourceTypes/User` },
        });
        expect(user.schemaExtensions).toEqual(
          expect.arrayContaining([{ schema: URN.enterpriseUser, required: false }]),
        );
      },
    );

    it.each(['global', 'tenant'])(
      'reads the %s User resource type by id, the same as in the list',
      async (where) => {
        const base = bases().find((b) => b.where === where)!.base;
        const list = (await t.http.get(`${base}/ResourceTypes`)).body.Resources;
        const res = await t.http.get(`${base}/ResourceTypes/User`);
        expect(res.status).toBe(200);
        expectScimJson(res);
        expect(res.body).toEqual(list.find((r: { id: string }) => r.id === 'User'));
      },
    );

    it('names only schemas that /Schemas serves', async () => {
      const ids = (await t.http.get('/scim/v2/Schemas')).body.Resources.map((s: { id: string }) => s.id);
      const types = (await t.http.get('/scim/v2/ResourceTypes')).body.Resources;
      for (const rt of types) {
        expect(ids).toContain(rt.schema);
        for (const e of rt.schemaExtensions) expect(ids).toContain(e.schema);
      }
    });

    it('answers 404 with a SCIM error for an unknown resource type', async () => {
      expectScimError(await t.http.get('/scim/v2/ResourceTypes/Widget'), 404);
      expectScimError(await t.http.get(`${tuned.base}/ResourceTypes/Widget`), 404);
    });
  });

  describe('paging and filtering of the lists', () => {
    it.each(['Schemas', 'ResourceTypes'])('pages /%s with startIndex and count', async (list) => {
      const all = (await t.http.get(`/scim/v2/${list}`)).body;
      const total = all.totalResults as number;
      const second = await t.http.get(`/scim/v2/${list}?startIndex=2&count=1`);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({
        totalResults: total,
        startIndex: 2,
        itemsPerPage: total >= 2 ? 1 : 0,
      });
      expect(second.body.Resources).toEqual(all.Resources.slice(1, 2));
      const none = (await t.http.get(`/scim/v2/${list}?count=0`)).body;
      expect(none).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
      const first = (await t.http.get(`/scim/v2/${list}?startIndex=0&count=1`)).body;
      expect(first).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
      expect(first.Resources).toEqual(all.Resources.slice(0, 1));
      const past = (await t.http.get(`/scim/v2/${list}?startIndex=${total + 1}`)).body;
      expect(past).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    });

    it.each(['startIndex=abc', 'count=1.5', 'count=x'])(
      'refuses the malformed paging %s with a SCIM 400',
      async (query) => {
        const res = await t.http.get(`/scim/v2/Schemas?${query}`);
        expectScimError(res, 400);
        expect(res.body.detail).toContain(query.split('=')[0]);
      },
    );

    it.each(['/scim/v2/Schemas', '/scim/v2/ResourceTypes', '/Schemas', '/ResourceTypes'])(
      'answers 403 with a SCIM error to filter= on %s (RFC 7644 §4)',
      async (path) => {
        const url = path.startsWith('/scim') ? path : `${tuned.base}${path}`;
        expectScimError(await t.http.get(url).query({ filter: 'id eq "User"' }), 403);
      },
    );
  });

  describe('tenant prefix', () => {
    it.each([
      'ServiceProviderConfig',
      'Schemas',
      `Schemas/${URN.user}`,
      'ResourceTypes',
      'ResourceTypes/User',
    ])('answers 404 with a SCIM error on /%s for an unknown client', async (path) => {
      expectScimError(await t.http.get(`/scim/v2/${uniqueId('nobody')}/${path}`), 404);
    });

    it.each(['ServiceProviderConfig', 'Schemas', 'ResourceTypes/User'])(
      'answers 404 on /%s for a disabled client, and 200 again once enabled',
      async (path) => {
        const c = await t.newClient();
        await t.http.patch(`/admin/clients/${c.extId}`).set(admin).send({ state: 'disabled' }).expect(200);
        expectScimError(await t.http.get(`${c.base}/${path}`), 404);
        await t.http.patch(`/admin/clients/${c.extId}`).set(admin).send({ state: 'active' }).expect(200);
        expect((await t.http.get(`${c.base}/${path}`)).status).toBe(200);
      },
    );

    it.each<{ title: string; auth: () => string | undefined }>([
      { title: 'no token', auth: () => undefined },
      { title: "the client's own token", auth: () => tuned.auth.Authorization },
      { title: 'an unknown token', auth: () => 'Bearer scim_unknown' },
      { title: 'the admin token', auth: () => admin.Authorization },
    ])('is public: answers 200 with $title', async ({ auth }) => {
      for (const path of ['ServiceProviderConfig', 'Schemas', 'ResourceTypes']) {
        const req = t.http.get(`${tuned.base}/${path}`);
        const header = auth();
        const res = header ? await req.set('Authorization', header) : await req;
        expect(`${path} ${res.status}`).toBe(`${path} 200`);
      }
    });

    it("gives another client's token the tenant's own view, not the token owner's", async () => {
      const other = await t.newClient({ maxPageSize: 33 });
      const res = await t.http.get(`${tuned.base}/ServiceProviderConfig`).set(other.auth);
      expect(res.body.filter.maxResults).toBe(250);
    });
  });
});
