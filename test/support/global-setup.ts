import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app.config';
import { buildDataSourceOptions } from '../../src/database/data-source.options';

/**
 * For a MariaDB/MySQL run: recreate the test database and run the real migrations once, before any test
 * file starts (test apps share the database; every test works in clients of its own).
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.db.type === 'sqlite') return;
  const name = process.env.DB_NAME ?? 'scim_test';
  const admin = new DataSource({
    ...buildDataSourceOptions({ ...config.db, name: '' }),
    entities: [],
    migrations: [],
    database: undefined,
  } as never);
  await admin.initialize();
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin`);
  await admin.destroy();
  const db = new DataSource({ ...buildDataSourceOptions({ ...config.db, name }), migrationsRun: false });
  await db.initialize();
  await db.runMigrations();
  await db.destroy();
}
