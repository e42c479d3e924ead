import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app.config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

interface SqliteConnection {
  pragma(sql: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

/** One options builder for the app and the migration CLI (ormconfig.ts). */
export function buildDataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: db.migrationsRun,
    synchronize: false,
    logging: false,
  } as const;
  if (db.type === 'sqlite') {
    if (db.sqlitePath !== ':memory:') mkdirSync(dirname(db.sqlitePath), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: db.sqlitePath,
      // WAL and NORMAL sync: the embedded default stays fast and crash-safe (PERFORMANCE.md).
      prepareDatabase: (conn: SqliteConnection) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        // LIKE compares as MariaDB's binary collation does: case-sensitively (filters lower-case both sides
        // themselves where the attribute is case-insensitive).
        conn.pragma('case_sensitive_like = ON');
        // SQLite's built-in LOWER folds ASCII only; this one folds all of Unicode, like MariaDB's (the two
        // differ on a few letters such as İ; filters fold both sides with the same engine's LOWER).
        conn.function('lower', { deterministic: true }, (value: unknown) =>
          typeof value === 'string' ? value.toLowerCase() : value,
        );
      },
    };
  }
  // TypeORM's 'mariadb' type for both: with 'mysql' the drift check reports a phantom change (TOOLCHAIN.md).
  return {
    ...common,
    type: db.type === 'mysql' ? 'mysql' : 'mariadb',
    ...(db.url
      ? { url: db.url }
      : { host: db.host, port: db.port, username: db.user, password: db.password, database: db.name }),
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: db.connectTimeoutMs,
    poolSize: db.poolSize,
    extra: {
      connectionLimit: db.poolSize,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
      maxIdle: db.poolSize,
      idleTimeout: 60_000,
    },
  };
}
