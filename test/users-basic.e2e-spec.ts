import { startTestApp, type TestApp, type TestClient } from './support/test-app';

describe('Users (smoke)', () => {
  let t: TestApp;
  let a: TestClient;
  beforeAll(async () => {
    t = await startTestApp();
    a = await t.newClient();
  });
  afterAll(() => t.close());

  it('creates and reads back a user', async () => {
    const created = await t.http.post(`${a.base}/Users`).set(a.auth).send({ userName: 'ada' });
    expect(created.status).toBe(201);
    const read = await t.http.get(`${a.base}/Users/${created.body.id}`).set(a.auth);
    expect(read.status).toBe(200);
    expect(read.body.userName).toBe('ada');
  });
});
