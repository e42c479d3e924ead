import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { loadConfig, type AppConfig } from '../../src/config/app.config';
import { createApp } from '../../src/create-app';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * The configuration tests run with: the environment's database (SQLite in memory by default; MariaDB when
 * DB_TYPE=mariadb, migrated once by test/support/global-setup.ts) and a fixed admin token.
 */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ ...process.env, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const sqlite = base.db.type === 'sqlite';
  return {
    ...base,
    adminToken: ADMIN_TOKEN,
    db: {
      ...base.db,
      sqlitePath: sqlite ? (process.env.SQLITE_PATH ?? ':memory:') : base.db.sqlitePath,
      name: process.env.DB_NAME ?? 'scim_test',
      migrationsRun: sqlite,
    },
    ...overrides,
  };
}

export interface TestApp {
  app: NestExpressApplication;
  http: TestAgent;
  /** Creates a client with a unique extId and a token for it. */
  newClient(settings?: Record<string, unknown>): Promise<TestClient>;
  close(): Promise<void>;
}

export interface TestClient {
  extId: string;
  token: string;
  tokenId: string;
  /** `/scim/v2/{extId}` */
  base: string;
  auth: { Authorization: string };
}

export function uniqueId(prefix = 'c'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** Starts the real application (createApp) on the real HTTP stack through supertest. */
export async function startTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const app = await createApp(testConfig(overrides));
  await app.listen(0, '127.0.0.1');
  const http = request.agent(app.getHttpServer());
  return {
    app,
    http,
    async newClient(settings?: Record<string, unknown>) {
      const extId = uniqueId();
      const created = await http
        .post('/admin/clients')
        .set(admin)
        .send({ extId, name: `Test ${extId}`, settings });
      if (created.status !== 201)
        throw new Error(`client create failed: ${created.status} ${JSON.stringify(created.body)}`);
      const issued = await http.post(`/admin/clients/${extId}/tokens`).set(admin).send({ name: 'test' });
      if (issued.status !== 201)
        throw new Error(`token issue failed: ${issued.status} ${JSON.stringify(issued.body)}`);
      const token = issued.body.token as string;
      return {
        extId,
        token,
        tokenId: issued.body.id as string,
        base: `/scim/v2/${extId}`,
        auth: { Authorization: `Bearer ${token}` },
      };
    },
    close: () => app.close(),
  };
}

export const SCIM_JSON = 'application/scim+json';
export const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
