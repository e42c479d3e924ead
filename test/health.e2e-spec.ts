import { DataSource } from 'typeorm';
import { ShutdownState } from '../src/health/shutdown.state';
import { startTestApp, type TestApp } from './support/test-app';

describe('Health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness with 200 and no token', async () => {
    const res = await t.http.get('/health/live');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('answers readiness with 200 when the database is up', async () => {
    const res = await t.http.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('fails readiness with 503 and Retry-After while shutting down, but stays live', async () => {
    const state = t.app.get(ShutdownState);
    state.shuttingDown = true;
    try {
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body.status).toBe('unavailable');
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      state.shuttingDown = false;
    }
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });

  it('ignores a bearer token on the public health routes', async () => {
    const res = await t.http.get('/health/live').set('Authorization', 'Bearer nonsense');
    expect(res.status).toBe(200);
  });
});

describe('Health with the database gone', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('fails readiness with 503 when the database does not answer, while liveness stays 200', async () => {
    const db = t.app.get(DataSource);
    await db.destroy();
    try {
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('5');
      expect(ready.body).toEqual({ status: 'unavailable', database: 'down' });
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      await db.initialize();
    }
  });
});
