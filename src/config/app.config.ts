/**
 * Typed configuration from the environment, validated at boot: a bad value stops the process with a
 * message naming the variable (STYLE.md 7). Services receive `AppConfig` by injection and never read
 * `process.env`.
 */
export type DbType = 'sqlite' | 'mariadb' | 'mysql';

export interface DatabaseConfig {
  type: DbType;
  sqlitePath: string;
  url?: string;
  host: string;
  port: number;
  user: string;
  password: string;
  name: string;
  poolSize: number;
  connectTimeoutMs: number;
  /** Run pending migrations at boot (default: on for SQLite, off for MySQL/MariaDB). */
  migrationsRun: boolean;
}

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  /** The admin token; undefined means the admin API is closed. */
  adminToken?: string;
  /** True when the admin token was generated at this start (development only). */
  adminTokenGenerated: boolean;
  db: DatabaseConfig;
  publicBaseUrl?: string;
  trustProxy: boolean;
  logLevel: string;
  /** Body size limit for SCIM resource routes, in bytes. */
  bodyLimitBytes: number;
  /** Body size limit for /Bulk, in bytes (also the highest `bulk.maxPayloadSize` a client may have). */
  bulkBodyLimitBytes: number;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function str(env: Env, name: string, fallback: string): string {
  const v = env[name];
  return v === undefined || v === '' ? fallback : v;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be a whole number, got '${raw}'`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got '${raw}'`);
}

function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = str(env, name, fallback).toLowerCase();
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got '${env[name]}'`);
  }
  return raw as T;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL, got '${raw}'`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got '${parsed.protocol}'`);
  }
  return raw.replace(/\/+$/, '');
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env): AppConfig {
  const nodeEnv = str(env, 'NODE_ENV', 'development');
  const type = oneOf<DbType>(env, 'DB_TYPE', 'sqlite', ['sqlite', 'mariadb', 'mysql']);
  const adminToken = env.ADMIN_TOKEN === '' ? undefined : env.ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long');
  }
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: str(env, 'HOST', '0.0.0.0'),
    adminToken,
    adminTokenGenerated: false,
    db: {
      type,
      sqlitePath: str(env, 'SQLITE_PATH', './data/scim.sqlite'),
      url: url(env, 'DB_URL', ['mysql:', 'mariadb:']),
      host: str(env, 'DB_HOST', '127.0.0.1'),
      port: int(env, 'DB_PORT', 3306, 1, 65535),
      user: str(env, 'DB_USER', 'root'),
      password: env.DB_PASSWORD ?? '',
      name: str(env, 'DB_NAME', 'scim'),
      poolSize: int(env, 'DB_POOL_SIZE', 10, 1, 500),
      connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 10_000, 100, 600_000),
      migrationsRun: bool(env, 'MIGRATIONS_RUN', type === 'sqlite'),
    },
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', LOG_LEVELS),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    bulkBodyLimitBytes: int(env, 'BULK_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 256 * 1024 * 1024),
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 25_000, 0, 600_000),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
