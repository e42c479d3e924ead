import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { CatalogueReferences } from '../src/clients/catalogue/catalogue-references';
import { EnterpriseRoleEntity } from '../src/clients/entities/enterprise-role.entity';
import { PropertyDefinitionEntity } from '../src/clients/entities/property-definition.entity';
import { RoleEntity } from '../src/clients/entities/role.entity';
import { UnitEntity } from '../src/clients/entities/unit.entity';
import { admin, ERROR_URN, startTestApp, uniqueId, type TestApp, type TestClient } from './support/test-app';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const timestamps = { createdAt: expect.stringMatching(ISO_MS), updatedAt: expect.stringMatching(ISO_MS) };

type Json = Record<string, unknown>;
type Kind = 'units' | 'roles' | 'enterprise-roles' | 'property-definitions';

function expectScimError(res: Response, status: number, detail?: string | RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ schemas: [ERROR_URN], status: String(status) });
  expect(typeof res.body.detail).toBe('string');
  if (typeof detail === 'string') expect(res.body.detail).toContain(detail);
  else if (detail) expect(res.body.detail).toMatch(detail);
}

describe('Admin API: client catalogue (units, roles, enterprise roles, property definitions)', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const path = (c: TestClient | string, kind: Kind, key?: string) =>
    `/admin/clients/${typeof c === 'string' ? c : c.extId}/${kind}${key === undefined ? '' : `/${key}`}`;
  const create = (c: TestClient, kind: Kind, body: Json) => t.http.post(path(c, kind)).set(admin).send(body);
  const read = (c: TestClient, kind: Kind, key: string) => t.http.get(path(c, kind, key)).set(admin);
  const patch = (c: TestClient, kind: Kind, key: string, body: Json) =>
    t.http
      .patch(path(c, kind, key))
      .set(admin)
      .send(body);
  const remove = (c: TestClient, kind: Kind, key: string) => t.http.delete(path(c, kind, key)).set(admin);
  const list = (c: TestClient, kind: Kind, query = '') => t.http.get(`${path(c, kind)}${query}`).set(admin);

  async function created(c: TestClient, kind: Kind, body: Json): Promise<Json> {
    const res = await create(c, kind, body);
    expect(res.status).toBe(201);
    return res.body as Json;
  }

  describe('units', () => {
    let c: TestClient;
    beforeAll(async () => {
      c = await t.newClient();
    });

    it('creates, reads, lists, updates and deletes a unit', async () => {
      const res = await create(c, 'units', {
        extId: 'sales',
        name: 'Sales',
        description: 'All of sales',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        extId: 'sales',
        name: 'Sales',
        parentExtId: null,
        description: 'All of sales',
        ...timestamps,
      });

      const got = await read(c, 'units', 'sales');
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);

      const listed = await list(c, 'units');
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ total: 1, offset: 0, limit: 100, items: [res.body] });

      const updated = await patch(c, 'units', 'sales', { name: 'Sales & Marketing' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        extId: 'sales',
        name: 'Sales & Marketing',
        description: 'All of sales',
      });
      expect(Date.parse(updated.body.updatedAt as string)).toBeGreaterThanOrEqual(
        Date.parse(res.body.updatedAt as string),
      );

      const cleared = await patch(c, 'units', 'sales', { description: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({ name: 'Sales & Marketing', description: null });

      expect((await remove(c, 'units', 'sales')).status).toBe(204);
      expectScimError(await read(c, 'units', 'sales'), 404, "Unit 'sales' not found");
      expect((await list(c, 'units')).body.total).toBe(0);
    });

    it('pages the list by offset and limit, in creation order', async () => {
      const p = await t.newClient();
      for (const extId of ['u1', 'u2', 'u3']) await created(p, 'units', { extId, name: extId });
      const res = await list(p, 'units', '?offset=1&limit=1');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
      expect((res.body.items as Json[]).map((u) => u.extId)).toEqual(['u2']);
      expectScimError(await list(p, 'units', '?limit=0'), 400, 'limit');
      expectScimError(await list(p, 'units', '?offset=-1'), 400, 'offset');
    });

    it('refuses a duplicate extId with 409 uniqueness naming it, and keeps the first', async () => {
      await created(c, 'units', { extId: 'dup', name: 'first' });
      const res = await create(c, 'units', { extId: 'dup', name: 'second' });
      expectScimError(res, 409, "extId 'dup'");
      expect(res.body.scimType).toBe('uniqueness');
      expect((await read(c, 'units', 'dup')).body.name).toBe('first');
    });

    it('treats extIds as case-sensitive (Dup and dup are two units)', async () => {
      expect((await create(c, 'units', { extId: 'Case', name: 'upper' })).status).toBe(201);
      expect((await create(c, 'units', { extId: 'case', name: 'lower' })).status).toBe(201);
      expect((await read(c, 'units', 'Case')).body.name).toBe('upper');
    });

    it.each<{ title: string; body: Json; field: string }>([
      { title: 'a missing extId', body: { name: 'n' }, field: 'extId' },
      { title: 'an extId with a space', body: { extId: 'a b', name: 'n' }, field: 'extId' },
      { title: 'a too long extId', body: { extId: 'x'.repeat(65), name: 'n' }, field: 'extId' },
      { title: 'a missing name', body: { extId: 'ok' }, field: 'name' },
      { title: 'an empty name', body: { extId: 'ok', name: '' }, field: 'name' },
      {
        title: 'a numeric parentExtId',
        body: { extId: 'ok', name: 'n', parentExtId: 7 },
        field: 'parentExtId',
      },
      {
        title: 'a too long description',
        body: { extId: 'ok', name: 'n', description: 'd'.repeat(1025) },
        field: 'description',
      },
    ])('answers 400 invalidValue naming $field for $title', async ({ body, field }) => {
      const res = await create(c, 'units', body);
      expectScimError(res, 400, field);
      expect(res.body.scimType).toBe('invalidValue');
    });

    it('refuses a null name on update with 400', async () => {
      await created(c, 'units', { extId: 'named', name: 'n' });
      expectScimError(await patch(c, 'units', 'named', { name: null }), 400, 'name');
    });

    it('answers 404 for an unknown unit on read, update and delete', async () => {
      expectScimError(await read(c, 'units', 'nope'), 404, "Unit 'nope'");
      expectScimError(await patch(c, 'units', 'nope', { name: 'x' }), 404, "Unit 'nope'");
      expectScimError(await remove(c, 'units', 'nope'), 404, "Unit 'nope'");
    });

    it('answers 404 for an unknown client on every units route', async () => {
      const ghost = uniqueId('ghost');
      const calls = [
        t.http.post(path(ghost, 'units')).set(admin).send({ extId: 'x', name: 'x' }),
        t.http.get(path(ghost, 'units')).set(admin),
        t.http.get(path(ghost, 'units', 'x')).set(admin),
        t.http
          .patch(path(ghost, 'units', 'x'))
          .set(admin)
          .send({ name: 'x' }),
        t.http.delete(path(ghost, 'units', 'x')).set(admin),
      ];
      for (const res of await Promise.all(calls)) expectScimError(res, 404, `Client '${ghost}' not found`);
    });

    describe('the unit tree', () => {
      let tree: TestClient;
      beforeAll(async () => {
        tree = await t.newClient();
        await created(tree, 'units', { extId: 'root', name: 'Root' });
        await created(tree, 'units', { extId: 'mid', name: 'Mid', parentExtId: 'root' });
        await created(tree, 'units', { extId: 'leaf', name: 'Leaf', parentExtId: 'mid' });
      });

      it('keeps the parent of a child unit', async () => {
        expect((await read(tree, 'units', 'leaf')).body.parentExtId).toBe('mid');
      });

      it('refuses a parent that is not a unit of the client with 422 naming parentExtId', async () => {
        const res = await create(tree, 'units', { extId: 'orphan', name: 'o', parentExtId: 'missing' });
        expectScimError(res, 422, "parentExtId: unit 'missing' does not exist");
        expectScimError(await read(tree, 'units', 'orphan'), 404);
        const moved = await patch(tree, 'units', 'leaf', { parentExtId: 'missing' });
        expectScimError(moved, 422, 'parentExtId');
        expect((await read(tree, 'units', 'leaf')).body.parentExtId).toBe('mid');
      });

      it('refuses a unit as its own parent with 422', async () => {
        expectScimError(await patch(tree, 'units', 'mid', { parentExtId: 'mid' }), 422, 'cycle');
        expectScimError(
          await create(tree, 'units', { extId: 'self', name: 's', parentExtId: 'self' }),
          422,
          'parentExtId',
        );
      });

      it('refuses to move a unit below its own descendant with 422 (no cycles)', async () => {
        expectScimError(await patch(tree, 'units', 'root', { parentExtId: 'leaf' }), 422, 'cycle');
        expectScimError(await patch(tree, 'units', 'root', { parentExtId: 'mid' }), 422, 'cycle');
        expect((await read(tree, 'units', 'root')).body.parentExtId).toBeNull();
      });

      it('moves a unit under another parent, and back to the root with null', async () => {
        await created(tree, 'units', { extId: 'other', name: 'Other' });
        const moved = await patch(tree, 'units', 'other', { parentExtId: 'leaf' });
        expect(moved.status).toBe(200);
        expect(moved.body.parentExtId).toBe('leaf');
        const root = await patch(tree, 'units', 'other', { parentExtId: null });
        expect(root.status).toBe(200);
        expect(root.body.parentExtId).toBeNull();
        expect((await remove(tree, 'units', 'other')).status).toBe(204);
      });

      it('refuses to delete a unit with child units with 409 naming their number', async () => {
        await created(tree, 'units', { extId: 'mid2', name: 'Mid 2', parentExtId: 'root' });
        const res = await remove(tree, 'units', 'root');
        expectScimError(res, 409, '2 child units');
        expect((await read(tree, 'units', 'root')).status).toBe(200);
        expectScimError(await remove(tree, 'units', 'mid'), 409, '1 child unit;');
      });

      it('deletes the tree leaf first', async () => {
        for (const extId of ['leaf', 'mid', 'mid2', 'root'])
          expect((await remove(tree, 'units', extId)).status).toBe(204);
        expect((await list(tree, 'units')).body.total).toBe(0);
      });
    });

    it("refuses to delete the client's default unit with 409", async () => {
      const d = await t.newClient();
      await created(d, 'units', { extId: 'hq', name: 'Headquarters' });
      const set = await t.http
        .patch(`/admin/clients/${d.extId}`)
        .set(admin)
        .send({ settings: { defaultUnitExtId: 'hq' } });
      expect(set.status).toBe(200);
      expectScimError(await remove(d, 'units', 'hq'), 409, 'settings.defaultUnitExtId');
      expect((await read(d, 'units', 'hq')).status).toBe(200);
    });
  });

  describe('roles', () => {
    let c: TestClient;
    beforeAll(async () => {
      c = await t.newClient();
    });

    it('creates, reads, lists, updates and deletes a role addressed as <application>.<role>', async () => {
      const res = await create(c, 'roles', { application: 'crm', name: 'admin', description: 'CRM admin' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        role: 'crm.admin',
        application: 'crm',
        name: 'admin',
        description: 'CRM admin',
        ...timestamps,
      });
      const got = await read(c, 'roles', 'crm.admin');
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
      expect((await list(c, 'roles')).body).toEqual({ total: 1, offset: 0, limit: 100, items: [res.body] });

      const updated = await patch(c, 'roles', 'crm.admin', { description: 'Full CRM access' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ role: 'crm.admin', description: 'Full CRM access' });
      expect((await patch(c, 'roles', 'crm.admin', { description: null })).body.description).toBeNull();

      expect((await remove(c, 'roles', 'crm.admin')).status).toBe(204);
      expectScimError(await read(c, 'roles', 'crm.admin'), 404, "Role 'crm.admin' not found");
    });

    it('splits the path at the first dot, so a role name may contain dots', async () => {
      await created(c, 'roles', { application: 'erp', name: 'report.viewer' });
      const res = await read(c, 'roles', 'erp.report.viewer');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        role: 'erp.report.viewer',
        application: 'erp',
        name: 'report.viewer',
      });
      expectScimError(await read(c, 'roles', 'erp.report'), 404);
    });

    it('lists the roles of one application, paged', async () => {
      const p = await t.newClient();
      for (const [application, name] of [
        ['crm', 'a'],
        ['hr', 'a'],
        ['crm', 'b'],
        ['crm', 'c'],
      ])
        await created(p, 'roles', { application, name });
      const res = await list(p, 'roles', '?application=crm&offset=1&limit=1');
      expect(res.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
      expect((res.body.items as Json[]).map((r) => r.role)).toEqual(['crm.b']);
      expect((await list(p, 'roles')).body.total).toBe(4);
    });

    it('refuses a duplicate role with 409 uniqueness naming it, and allows the name in another application', async () => {
      await created(c, 'roles', { application: 'crm', name: 'user' });
      const res = await create(c, 'roles', { application: 'crm', name: 'user' });
      expectScimError(res, 409, 'crm.user');
      expect(res.body.scimType).toBe('uniqueness');
      expect((await create(c, 'roles', { application: 'hr', name: 'user' })).status).toBe(201);
    });

    it.each<{ title: string; body: Json; field: string }>([
      { title: 'an application with a dot', body: { application: 'c.rm', name: 'a' }, field: 'application' },
      { title: 'a missing application', body: { name: 'a' }, field: 'application' },
      { title: 'a missing name', body: { application: 'crm' }, field: 'name' },
      { title: 'a name with a space', body: { application: 'crm', name: 'a b' }, field: 'name' },
      { title: 'a too long name', body: { application: 'crm', name: 'r'.repeat(129) }, field: 'name' },
    ])('answers 400 naming $field for $title', async ({ body, field }) => {
      expectScimError(await create(c, 'roles', body), 400, field);
    });

    it('answers 400 for a role path that is not <application>.<role>', async () => {
      expectScimError(await read(c, 'roles', 'admin'), 400, '<application>.<role>');
      expectScimError(await remove(c, 'roles', '.admin'), 400, '<application>.<role>');
      expectScimError(await patch(c, 'roles', 'crm.', { description: 'x' }), 400, '<application>.<role>');
    });

    it('answers 404 for an unknown role on update and delete', async () => {
      expectScimError(await patch(c, 'roles', 'crm.ghost', { description: 'x' }), 404, 'crm.ghost');
      expectScimError(await remove(c, 'roles', 'crm.ghost'), 404, 'crm.ghost');
    });
  });

  describe('enterprise roles', () => {
    let c: TestClient;
    beforeAll(async () => {
      c = await t.newClient();
    });

    it('creates, reads, lists, updates and deletes an enterprise role', async () => {
      const res = await create(c, 'enterprise-roles', { extId: 'branch-manager', name: 'Branch manager' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        extId: 'branch-manager',
        name: 'Branch manager',
        description: null,
        ...timestamps,
      });
      expect((await read(c, 'enterprise-roles', 'branch-manager')).body).toEqual(res.body);
      expect((await list(c, 'enterprise-roles')).body).toEqual({
        total: 1,
        offset: 0,
        limit: 100,
        items: [res.body],
      });
      const updated = await patch(c, 'enterprise-roles', 'branch-manager', {
        name: 'Branch office manager',
        description: 'One branch',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Branch office manager', description: 'One branch' });
      expect((await remove(c, 'enterprise-roles', 'branch-manager')).status).toBe(204);
      expectScimError(await read(c, 'enterprise-roles', 'branch-manager'), 404, 'branch-manager');
      expectScimError(await remove(c, 'enterprise-roles', 'branch-manager'), 404);
    });

    it('refuses a duplicate extId with 409 uniqueness', async () => {
      await created(c, 'enterprise-roles', { extId: 'auditor', name: 'Auditor' });
      const res = await create(c, 'enterprise-roles', { extId: 'auditor', name: 'Other' });
      expectScimError(res, 409, "extId 'auditor'");
      expect(res.body.scimType).toBe('uniqueness');
    });

    it.each<{ title: string; body: Json; field: string }>([
      { title: 'a bad extId', body: { extId: '-x', name: 'n' }, field: 'extId' },
      { title: 'a missing name', body: { extId: 'x' }, field: 'name' },
      {
        title: 'a numeric description',
        body: { extId: 'x', name: 'n', description: 5 },
        field: 'description',
      },
    ])('answers 400 naming $field for $title', async ({ body, field }) => {
      expectScimError(await create(c, 'enterprise-roles', body), 400, field);
    });

    it('refuses a null name on update with 400', async () => {
      await created(c, 'enterprise-roles', { extId: 'named', name: 'n' });
      expectScimError(await patch(c, 'enterprise-roles', 'named', { name: null }), 400, 'name');
    });
  });

  describe('property definitions', () => {
    let c: TestClient;
    beforeAll(async () => {
      c = await t.newClient();
    });

    const costCenter = {
      name: 'cost center',
      scope: 'user',
      type: 'string',
      maxLength: 7,
      pattern: 'CC-[0-9]{4}',
      allowedValues: ['CC-1000', 'CC-2000'],
      required: true,
      unique: true,
      description: 'Billed to',
    };

    it('creates, reads, lists, updates and deletes a definition addressed as {scope}/{name}', async () => {
      const res = await create(c, 'property-definitions', costCenter);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ ...costCenter, ...timestamps });

      const got = await read(c, 'property-definitions', 'user/cost%20center');
      expect(got.status).toBe(200);
      expect(got.body).toEqual(res.body);
      expect((await list(c, 'property-definitions')).body).toEqual({
        total: 1,
        offset: 0,
        limit: 100,
        items: [res.body],
      });

      const updated = await patch(c, 'property-definitions', 'user/cost%20center', {
        allowedValues: null,
        maxLength: null,
        required: false,
        description: null,
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual({
        ...costCenter,
        allowedValues: null,
        maxLength: null,
        required: false,
        description: null,
        ...timestamps,
      });

      expect((await remove(c, 'property-definitions', 'user/cost%20center')).status).toBe(204);
      expectScimError(
        await read(c, 'property-definitions', 'user/cost%20center'),
        404,
        "Property definition 'cost center' of scope user not found",
      );
    });

    it('defaults the optional members: no rule, not required, not unique', async () => {
      const res = await create(c, 'property-definitions', {
        name: 'nickname',
        scope: 'user',
        type: 'string',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        name: 'nickname',
        scope: 'user',
        type: 'string',
        maxLength: null,
        pattern: null,
        allowedValues: null,
        required: false,
        unique: false,
        description: null,
        ...timestamps,
      });
    });

    it('finds a definition by name regardless of case, answering with the stored spelling', async () => {
      await created(c, 'property-definitions', { name: 'Employee Grade', scope: 'profile', type: 'integer' });
      const res = await read(c, 'property-definitions', 'profile/employee%20GRADE');
      expect(res.status).toBe(200);
      expect(res.body.name).toBe('Employee Grade');
    });

    it('refuses a duplicate name within a scope, in any case, with 409 uniqueness naming it', async () => {
      await created(c, 'property-definitions', { name: 'region code', scope: 'user', type: 'string' });
      for (const name of ['region code', 'Region Code']) {
        const res = await create(c, 'property-definitions', { name, scope: 'user', type: 'string' });
        expectScimError(res, 409, "'region code' of scope user");
        expect(res.body.scimType).toBe('uniqueness');
      }
      const other = await create(c, 'property-definitions', {
        name: 'region code',
        scope: 'credential',
        type: 'date',
      });
      expect(other.status).toBe(201);
    });

    it('lists the definitions of one scope', async () => {
      const p = await t.newClient();
      await created(p, 'property-definitions', { name: 'a', scope: 'user', type: 'string' });
      await created(p, 'property-definitions', { name: 'b', scope: 'profile', type: 'string' });
      await created(p, 'property-definitions', { name: 'c', scope: 'user', type: 'boolean' });
      const res = await list(p, 'property-definitions', '?scope=user');
      expect(res.body.total).toBe(2);
      expect((res.body.items as Json[]).map((d) => d.name)).toEqual(['a', 'c']);
      expectScimError(await list(p, 'property-definitions', '?scope=group'), 400, 'scope must be one of');
    });

    it('accepts valid allowed values of every type', async () => {
      for (const [name, type, allowedValues] of [
        ['level', 'integer', [1, 2, -3]],
        ['flag', 'boolean', [true]],
        ['start', 'date', ['2026-02-28', '2024-02-29']],
        ['color', 'string', ['red', 'green']],
      ] as const) {
        const res = await create(c, 'property-definitions', { name, scope: 'user', type, allowedValues });
        expect(res.status).toBe(201);
        expect(res.body.allowedValues).toEqual(allowedValues);
      }
    });

    it('accepts names with single spaces, digits, "-" and "_", and keyword look-alikes', async () => {
      for (const name of ['address 2', 'x-ray_id', 'eqx orx android', 'Note']) {
        expect(
          (await create(c, 'property-definitions', { name, scope: 'user', type: 'string' })).status,
        ).toBe(201);
      }
    });

    it.each<{ title: string; body: Json; detail: string }>([
      { title: 'a keyword word (eq)', body: { name: 'cost eq center' }, detail: "'eq' is a filter keyword" },
      { title: 'a keyword word (AND)', body: { name: 'this AND that' }, detail: "'AND' is a filter keyword" },
      { title: 'a keyword name (pr)', body: { name: 'pr' }, detail: "'pr' is a filter keyword" },
      { title: 'a keyword word (not)', body: { name: 'is not set' }, detail: "'not' is a filter keyword" },
      { title: 'a double space', body: { name: 'cost  center' }, detail: 'single space' },
      { title: 'a leading space', body: { name: ' cost' }, detail: 'single space' },
      { title: 'a trailing space', body: { name: 'cost ' }, detail: 'single space' },
      {
        title: 'a dot',
        body: { name: 'cost.center' },
        detail: "may contain only letters, digits, '-' and '_'",
      },
      { title: 'a leading digit', body: { name: '2fa' }, detail: 'must start with a letter' },
      { title: 'a reserved word', body: { name: 'my constructor' }, detail: "'constructor' is not allowed" },
      { title: 'an empty name', body: { name: '' }, detail: 'name must not be empty' },
      { title: 'a too long name', body: { name: 'n'.repeat(129) }, detail: 'name must be at most 128' },
      { title: 'a non-string name', body: { name: 7 }, detail: 'name must be a string' },
      {
        title: 'a pattern that does not compile',
        body: { pattern: '([a-z' },
        detail: 'pattern is not a valid',
      },
      {
        title: 'an invalid escape (Unicode mode)',
        body: { pattern: '\\q' },
        detail: 'pattern is not a valid',
      },
      { title: 'a pattern over 256 characters', body: { pattern: 'a'.repeat(257) }, detail: 'pattern' },
      {
        title: 'maxLength on a boolean',
        body: { type: 'boolean', maxLength: 5 },
        detail: 'maxLength applies only to string properties, not to type boolean',
      },
      {
        title: 'a pattern on an integer',
        body: { type: 'integer', pattern: '[0-9]+' },
        detail: 'pattern applies only to string properties',
      },
      { title: 'a zero maxLength', body: { maxLength: 0 }, detail: 'maxLength' },
      { title: 'a fractional maxLength', body: { maxLength: 1.5 }, detail: 'maxLength' },
      {
        title: 'an allowed value of the wrong type',
        body: { type: 'integer', allowedValues: [1, '2'] },
        detail: 'allowedValues[1]: type: "2" is not an integer',
      },
      {
        title: 'a fractional integer allowed value',
        body: { type: 'integer', allowedValues: [1.5] },
        detail: 'allowedValues[0]: type',
      },
      {
        title: 'an allowed date that does not exist',
        body: { type: 'date', allowedValues: ['2026-02-30'] },
        detail: 'allowedValues[0]: type: "2026-02-30" is not a date (YYYY-MM-DD)',
      },
      {
        title: 'a string allowed value on a boolean',
        body: { type: 'boolean', allowedValues: ['true'] },
        detail: 'allowedValues[0]: type',
      },
      {
        title: 'an allowed value longer than maxLength',
        body: { maxLength: 3, allowedValues: ['abcd'] },
        detail: 'allowedValues[0]: maxLength',
      },
      {
        title: 'an allowed value not matching the pattern',
        body: { pattern: '[a-z]+', allowedValues: ['ok', 'NO'] },
        detail: 'allowedValues[1]: pattern',
      },
      { title: 'a repeated allowed value', body: { allowedValues: ['a', 'a'] }, detail: 'listed twice' },
      {
        title: 'empty allowed values',
        body: { allowedValues: [] },
        detail: 'allowedValues must not be empty',
      },
      { title: 'allowed values that are no array', body: { allowedValues: 'a' }, detail: 'allowedValues' },
      {
        title: 'an unknown scope',
        body: { scope: 'group' },
        detail: 'scope must be one of user, profile, credential',
      },
      { title: 'a missing scope', body: { scope: undefined }, detail: 'scope must be one of' },
      {
        title: 'an unknown type',
        body: { type: 'number' },
        detail: 'type must be one of string, integer, boolean, date',
      },
      { title: 'a non-boolean required', body: { required: 'yes' }, detail: 'required must be a boolean' },
      { title: 'a non-boolean unique', body: { unique: 1 }, detail: 'unique must be a boolean' },
    ])('answers 400 invalidValue for $title', async ({ body, detail }) => {
      const name = uniqueId('p');
      const res = await create(c, 'property-definitions', { name, scope: 'user', type: 'string', ...body });
      expectScimError(res, 400, detail);
      expect(res.body.scimType).toBe('invalidValue');
      expectScimError(await read(c, 'property-definitions', `user/${name}`), 404);
    });

    it('checks the definition as a whole on update', async () => {
      await created(c, 'property-definitions', { name: 'code', scope: 'user', type: 'string', maxLength: 4 });
      expectScimError(
        await patch(c, 'property-definitions', 'user/code', { type: 'integer' }),
        400,
        'maxLength applies only to string properties',
      );
      expectScimError(await patch(c, 'property-definitions', 'user/code', { pattern: '(' }), 400, 'pattern');
      expectScimError(
        await patch(c, 'property-definitions', 'user/code', { allowedValues: ['toolong'] }),
        400,
        'allowedValues[0]: maxLength',
      );
      expectScimError(await patch(c, 'property-definitions', 'user/code', { type: 'float' }), 400, 'type');
      expectScimError(
        await patch(c, 'property-definitions', 'user/code', { required: null }),
        400,
        'required',
      );
      const retyped = await patch(c, 'property-definitions', 'user/code', {
        type: 'integer',
        maxLength: null,
        allowedValues: [1, 2],
      });
      expect(retyped.status).toBe(200);
      expect(retyped.body).toMatchObject({ type: 'integer', maxLength: null, allowedValues: [1, 2] });
    });

    it('answers 400 for an unknown scope in the path and 404 for an unknown name', async () => {
      expectScimError(await read(c, 'property-definitions', 'group/x'), 400, "scope 'group' must be one of");
      expectScimError(await remove(c, 'property-definitions', 'users/x'), 400, 'scope');
      expectScimError(await read(c, 'property-definitions', 'user/no%20such'), 404, "'no such'");
      expectScimError(await patch(c, 'property-definitions', 'user/nothing', { required: true }), 404);
      expectScimError(await remove(c, 'property-definitions', 'profile/nothing'), 404);
    });
  });

  describe('deleting entries still referenced (CatalogueReferences)', () => {
    let c: TestClient;
    let references: CatalogueReferences;
    beforeAll(async () => {
      c = await t.newClient();
      references = t.app.get(CatalogueReferences);
      await created(c, 'units', { extId: 'used', name: 'Used' });
      await created(c, 'roles', { application: 'crm', name: 'used' });
      await created(c, 'enterprise-roles', { extId: 'used', name: 'Used' });
      await created(c, 'property-definitions', { name: 'used', scope: 'user', type: 'string' });
    });
    afterEach(() => jest.restoreAllMocks());

    it.each<{ kind: Kind; key: string; hook: keyof CatalogueReferences }>([
      { kind: 'units', key: 'used', hook: 'unit' },
      { kind: 'roles', key: 'crm.used', hook: 'role' },
      { kind: 'enterprise-roles', key: 'used', hook: 'enterpriseRole' },
      { kind: 'property-definitions', key: 'user/used', hook: 'propertyDefinition' },
    ])(
      'answers 409 naming the profile and user counts for $kind, and deletes nothing',
      async ({ kind, key, hook }) => {
        const spy = jest.spyOn(references, hook).mockResolvedValue({ users: 2, profiles: 3 });
        const res = await remove(c, kind, key);
        expectScimError(res, 409, 'still referenced by 3 profiles of 2 users');
        expect(spy).toHaveBeenCalledTimes(1);
        expect(spy.mock.calls[0][0]).toEqual(expect.any(Number));
        expect((await read(c, kind, key)).status).toBe(200);
      },
    );

    it('refuses to retype a property definition that has values, with 409', async () => {
      jest.spyOn(references, 'propertyDefinition').mockResolvedValue({ users: 1, profiles: 0 });
      const res = await patch(c, 'property-definitions', 'user/used', { type: 'integer' });
      expectScimError(res, 409, 'cannot change its type: it has values on 1 user');
      expect((await read(c, 'property-definitions', 'user/used')).body.type).toBe('string');
      expect((await patch(c, 'property-definitions', 'user/used', { description: 'ok' })).status).toBe(200);
    });

    it('deletes each kind once nothing refers to it', async () => {
      for (const [kind, key] of [
        ['units', 'used'],
        ['roles', 'crm.used'],
        ['enterprise-roles', 'used'],
        ['property-definitions', 'user/used'],
      ] as const)
        expect((await remove(c, kind, key)).status).toBe(204);
    });
  });

  describe('tenant isolation', () => {
    /** One entry per kind: how to create it, its key in the path, and a harmless change. */
    const ENTRIES: { kind: Kind; body: Json; key: string; change: Json; id: (b: Json) => unknown }[] = [
      {
        kind: 'units',
        body: { extId: 'shared', name: 'A unit', description: 'of A' },
        key: 'shared',
        change: { name: 'hijacked' },
        id: (b) => b.extId,
      },
      {
        kind: 'roles',
        body: { application: 'crm', name: 'shared', description: 'of A' },
        key: 'crm.shared',
        change: { description: 'hijacked' },
        id: (b) => b.role,
      },
      {
        kind: 'enterprise-roles',
        body: { extId: 'shared', name: 'A role', description: 'of A' },
        key: 'shared',
        change: { name: 'hijacked' },
        id: (b) => b.extId,
      },
      {
        kind: 'property-definitions',
        body: { name: 'shared prop', scope: 'user', type: 'string', description: 'of A' },
        key: 'user/shared%20prop',
        change: { description: 'hijacked' },
        id: (b) => b.name,
      },
    ];

    let a: TestClient;
    let b: TestClient;
    const original: Partial<Record<Kind, Json>> = {};

    beforeAll(async () => {
      a = await t.newClient();
      b = await t.newClient();
      for (const e of ENTRIES) original[e.kind] = await created(a, e.kind, e.body);
    });

    describe.each(ENTRIES)('$kind', ({ kind, key, change, body, id }) => {
      it("does not list A's entry under B", async () => {
        const res = await list(b, kind);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ total: 0, items: [] });
      });

      it("answers 404 to B for A's entry on read, update and delete, and changes nothing", async () => {
        expectScimError(await read(b, kind, key), 404);
        expectScimError(await patch(b, kind, key, change), 404);
        expectScimError(await remove(b, kind, key), 404);
        expect((await read(a, kind, key)).body).toEqual(original[kind]);
      });

      it('lets B create an entry with the same key, separate from A', async () => {
        const own = await create(b, kind, { ...body, description: 'of B' });
        expect(own.status).toBe(201);
        expect(id(own.body as Json)).toBe(id(original[kind]!));
        expect((await patch(b, kind, key, change)).status).toBe(200);
        expect((await read(b, kind, key)).body).toMatchObject({ description: 'of B', ...change });
        expect((await read(a, kind, key)).body).toEqual(original[kind]);
        expect((await list(b, kind)).body.total).toBe(1);
        expect((await list(a, kind)).body.total).toBe(1);
        expect((await remove(b, kind, key)).status).toBe(204);
        expect((await read(a, kind, key)).body).toEqual(original[kind]);
        expect((await list(b, kind)).body.total).toBe(0);
      });
    });

    it("does not let B's unit name A's unit as its parent (422)", async () => {
      const res = await create(b, 'units', { extId: 'child', name: 'c', parentExtId: 'shared' });
      expectScimError(res, 422, "unit 'shared' does not exist in this client");
      await created(b, 'units', { extId: 'child', name: 'c' });
      expectScimError(await patch(b, 'units', 'child', { parentExtId: 'shared' }), 422, 'parentExtId');
    });

    it("does not count A's child units when B deletes its own unit of the same extId", async () => {
      await created(a, 'units', { extId: 'a-child', name: 'c', parentExtId: 'shared' });
      await created(b, 'units', { extId: 'shared', name: 'B unit' });
      expect((await remove(b, 'units', 'shared')).status).toBe(204);
      expectScimError(await remove(a, 'units', 'shared'), 409, '1 child unit');
    });
  });

  it("deletes a client's whole catalogue with the client (ON DELETE CASCADE)", async () => {
    const c = await t.newClient();
    await created(c, 'units', { extId: 'u', name: 'u' });
    await created(c, 'roles', { application: 'crm', name: 'r' });
    await created(c, 'enterprise-roles', { extId: 'e', name: 'e' });
    await created(c, 'property-definitions', { name: 'p', scope: 'user', type: 'string' });
    const clientId = (
      await db.query<{ id: number | string }[]>('SELECT id FROM clients WHERE ext_id = ?', [c.extId])
    )[0].id;
    const counts = async () =>
      Promise.all(
        [UnitEntity, RoleEntity, EnterpriseRoleEntity, PropertyDefinitionEntity].map((entity) =>
          db.getRepository(entity).count({ where: { clientId: Number(clientId) } }),
        ),
      );
    expect(await counts()).toEqual([1, 1, 1, 1]);
    const res = await t.http.delete(`/admin/clients/${c.extId}`).query({ confirm: c.extId }).set(admin);
    expect(res.status).toBe(204);
    expect(await counts()).toEqual([0, 0, 0, 0]);
  });
});
