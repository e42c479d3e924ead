import { walkRoutes, type AppRoute } from './support/routes';
import { admin, ERROR_URN, startTestApp, type TestApp, type TestClient } from './support/test-app';

type Route = AppRoute;

const DISCOVERY =
  /^\/scim\/v2(\/:clientExtId)?\/(ServiceProviderConfig|Schemas|Schemas\/:uri|ResourceTypes|ResourceTypes\/:id)$/;

const EXPECTED_PUBLIC = [
  'GET /health/live',
  'GET /health/ready',
  'GET /scim/v2/ServiceProviderConfig',
  'GET /scim/v2/Schemas',
  'GET /scim/v2/Schemas/:uri',
  'GET /scim/v2/ResourceTypes',
  'GET /scim/v2/ResourceTypes/:id',
  'GET /scim/v2/:clientExtId/ServiceProviderConfig',
  'GET /scim/v2/:clientExtId/Schemas',
  'GET /scim/v2/:clientExtId/Schemas/:uri',
  'GET /scim/v2/:clientExtId/ResourceTypes',
  'GET /scim/v2/:clientExtId/ResourceTypes/:id',
].sort();

const key = (r: Route) => `${r.method} ${r.path}`;

describe('Route access rules (tenancy by construction)', () => {
  let t: TestApp;
  let routes: Route[];
  let client: TestClient;

  beforeAll(async () => {
    t = await startTestApp();
    routes = walkRoutes(t.app);
    client = await t.newClient();
  });
  afterAll(() => t.close());

  it('finds the routes of every module', () => {
    const found = routes.map(key);
    expect(found).toEqual(
      expect.arrayContaining([
        'GET /health/live',
        'POST /admin/clients',
        'DELETE /admin/clients/:extId/tokens/:tokenId',
        'GET /scim/v2/:clientExtId/Users',
        'POST /scim/v2/:clientExtId/Users/.search',
        'GET /scim/v2/:clientExtId/ResourceTypes/:id',
      ]),
    );
    expect(new Set(found).size).toBe(found.length);
  });

  it('has every route declare public, admin or tenant access', () => {
    const undeclared = routes.filter((r) => !['public', 'admin', 'tenant'].includes(r.access as string));
    expect(undeclared.map((r) => `${key(r)} (${r.handler})`)).toEqual([]);
  });

  it('makes every non-discovery route under a client prefix tenant-scoped', () => {
    const wrong = routes.filter(
      (r) => r.path.includes(':clientExtId') && !DISCOVERY.test(r.path) && r.access !== 'tenant',
    );
    expect(wrong.map((r) => `${key(r)} is ${r.access}`)).toEqual([]);
    expect(routes.filter((r) => r.access === 'tenant').length).toBeGreaterThan(0);
  });

  it('makes every tenant-scoped route carry :clientExtId', () => {
    const wrong = routes.filter((r) => r.access === 'tenant' && !r.path.startsWith('/scim/v2/:clientExtId/'));
    expect(wrong.map(key)).toEqual([]);
  });

  it('makes every /admin route admin-only, and only those', () => {
    const adminRoutes = routes.filter((r) => r.path === '/admin' || r.path.startsWith('/admin/'));
    expect(adminRoutes.length).toBeGreaterThan(0);
    expect(adminRoutes.filter((r) => r.access !== 'admin').map(key)).toEqual([]);
    expect(routes.filter((r) => r.access === 'admin' && !adminRoutes.includes(r)).map(key)).toEqual([]);
  });

  it('makes exactly health and discovery public', () => {
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map(key)
        .sort(),
    ).toEqual(EXPECTED_PUBLIC);
  });

  /** A concrete URL for a route: the real client (so "unknown client" cannot be the answer) and dummy ids. */
  const concrete = (path: string, extId: string, tokenId: string) =>
    path
      .replace(':clientExtId', extId)
      .replace(':extId', extId)
      .replace(':tokenId', tokenId)
      .replace(/:[A-Za-z]+/g, '1');

  /** ALL routes are probed with a method no more specific route of the same path serves. */
  const probeMethod = (method: string) => (method === 'ALL' ? 'patch' : method.toLowerCase()) as 'get';

  it('answers 401 with WWW-Authenticate and a SCIM error on every tenant route without a token', async () => {
    const tenantRoutes = routes.filter((r) => r.access === 'tenant');
    const results = [];
    for (const r of tenantRoutes) {
      const url = concrete(r.path, client.extId, client.tokenId);
      const res = await t.http[probeMethod(r.method)](url);
      results.push({
        route: key(r),
        status: res.status,
        www: res.headers['www-authenticate'],
        schemas: res.body?.schemas,
      });
    }
    expect(results).toEqual(
      tenantRoutes.map((r) => ({ route: key(r), status: 401, www: 'Bearer', schemas: [ERROR_URN] })),
    );
  });

  it('answers 401 on every tenant route for a token that is not valid', async () => {
    const tenantRoutes = routes.filter((r) => r.access === 'tenant');
    const statuses = [];
    for (const r of tenantRoutes) {
      const url = concrete(r.path, client.extId, client.tokenId);
      const res = await t.http[probeMethod(r.method)](url).set('Authorization', 'Bearer scim_notARealToken');
      statuses.push(`${key(r)} -> ${res.status}`);
    }
    expect(statuses).toEqual(tenantRoutes.map((r) => `${key(r)} -> 401`));
  });

  it('answers 401 with WWW-Authenticate on every admin route without a token, and changes nothing', async () => {
    const adminRoutes = routes.filter((r) => r.access === 'admin');
    const results = [];
    for (const r of adminRoutes) {
      const url = concrete(r.path, client.extId, client.tokenId);
      const res = await t.http[probeMethod(r.method)](url).query({ confirm: client.extId });
      results.push({
        route: key(r),
        status: res.status,
        www: res.headers['www-authenticate'],
        schemas: res.body?.schemas,
      });
    }
    expect(results).toEqual(
      adminRoutes.map((r) => ({ route: key(r), status: 401, www: 'Bearer', schemas: [ERROR_URN] })),
    );
    // The DELETE routes above were refused: the client and its token still work.
    expect((await t.http.get(`/admin/clients/${client.extId}`).set(admin)).status).toBe(200);
    expect((await t.http.get(`${client.base}/Users`).set(client.auth)).status).toBe(200);
  });

  it("answers 401 on every admin route for a SCIM client's token", async () => {
    const adminRoutes = routes.filter((r) => r.access === 'admin');
    const statuses = [];
    for (const r of adminRoutes) {
      const url = concrete(r.path, client.extId, client.tokenId);
      const res = await t.http[probeMethod(r.method)](url).set(client.auth);
      statuses.push(`${key(r)} -> ${res.status}`);
    }
    expect(statuses).toEqual(adminRoutes.map((r) => `${key(r)} -> 401`));
  });

  it('serves every public route without a token', async () => {
    const publicRoutes = routes.filter((r) => r.access === 'public');
    const statuses = [];
    for (const r of publicRoutes) {
      const url = r.path
        .replace(':clientExtId', client.extId)
        .replace(':uri', 'urn:ietf:params:scim:schemas:core:2.0:User')
        .replace(':id', 'User');
      const res = await t.http[probeMethod(r.method)](url);
      statuses.push(`${key(r)} -> ${res.status}`);
    }
    expect(statuses).toEqual(publicRoutes.map((r) => `${key(r)} -> 200`));
  });
});
