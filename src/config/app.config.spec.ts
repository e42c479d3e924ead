import { ConfigError, loadConfig, type AppConfig } from './app.config';

/** Runs loadConfig and returns the ConfigError it throws (fails on any other outcome). */
function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('applies the defaults of API.md §9 to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject<Partial<AppConfig>>({
      port: 3000,
      host: '0.0.0.0',
      adminToken: undefined,
      adminTokenGenerated: false,
      publicBaseUrl: undefined,
      trustProxy: false,
      logLevel: 'info',
    });
    expect(config.db).toMatchObject({
      type: 'sqlite',
      sqlitePath: './data/scim.sqlite',
      url: undefined,
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      name: 'scim',
      migrationsRun: true,
    });
  });

  it('treats empty values as unset', () => {
    expect(
      loadConfig({ PORT: '', HOST: '', ADMIN_TOKEN: '', DB_TYPE: '', LOG_LEVEL: '', PUBLIC_BASE_URL: '' }),
    ).toEqual(loadConfig({}));
  });

  it('does not run migrations at boot on MariaDB unless asked', () => {
    expect(loadConfig({ DB_TYPE: 'mariadb' }).db.migrationsRun).toBe(false);
    expect(loadConfig({ DB_TYPE: 'mariadb', MIGRATIONS_RUN: 'true' }).db.migrationsRun).toBe(true);
    expect(loadConfig({ DB_TYPE: 'sqlite', MIGRATIONS_RUN: 'off' }).db.migrationsRun).toBe(false);
  });

  it.each<{ env: Record<string, string>; pick: (c: AppConfig) => unknown; expected: unknown }>([
    { env: { PORT: '8080' }, pick: (c) => c.port, expected: 8080 },
    { env: { PORT: '0' }, pick: (c) => c.port, expected: 0 },
    { env: { PORT: '65535' }, pick: (c) => c.port, expected: 65535 },
    { env: { PORT: ' 8080 ' }, pick: (c) => c.port, expected: 8080 },
    { env: { HOST: '127.0.0.1' }, pick: (c) => c.host, expected: '127.0.0.1' },
    { env: { DB_TYPE: 'mariadb' }, pick: (c) => c.db.type, expected: 'mariadb' },
    { env: { DB_TYPE: 'MySQL' }, pick: (c) => c.db.type, expected: 'mysql' },
    { env: { SQLITE_PATH: ':memory:' }, pick: (c) => c.db.sqlitePath, expected: ':memory:' },
    { env: { DB_PORT: '3307' }, pick: (c) => c.db.port, expected: 3307 },
    { env: { DB_PASSWORD: 's3cret' }, pick: (c) => c.db.password, expected: 's3cret' },
    { env: { DB_NAME: 'idm' }, pick: (c) => c.db.name, expected: 'idm' },
    {
      env: { DB_URL: 'mysql://u:p@db:3306/idm' },
      pick: (c) => c.db.url,
      expected: 'mysql://u:p@db:3306/idm',
    },
    { env: { DB_URL: 'mariadb://db/idm' }, pick: (c) => c.db.url, expected: 'mariadb://db/idm' },
    { env: { ADMIN_TOKEN: 'x'.repeat(16) }, pick: (c) => c.adminToken, expected: 'x'.repeat(16) },
    { env: { LOG_LEVEL: 'debug' }, pick: (c) => c.logLevel, expected: 'debug' },
    { env: { LOG_LEVEL: 'WARN' }, pick: (c) => c.logLevel, expected: 'warn' },
    { env: { LOG_LEVEL: 'silent' }, pick: (c) => c.logLevel, expected: 'silent' },
    { env: { TRUST_PROXY: 'true' }, pick: (c) => c.trustProxy, expected: true },
    { env: { TRUST_PROXY: '1' }, pick: (c) => c.trustProxy, expected: true },
    { env: { TRUST_PROXY: 'Yes' }, pick: (c) => c.trustProxy, expected: true },
    { env: { TRUST_PROXY: 'off' }, pick: (c) => c.trustProxy, expected: false },
    {
      env: { PUBLIC_BASE_URL: 'https://idm.example.com' },
      pick: (c) => c.publicBaseUrl,
      expected: 'https://idm.example.com',
    },
    {
      env: { PUBLIC_BASE_URL: 'https://idm.example.com/' },
      pick: (c) => c.publicBaseUrl,
      expected: 'https://idm.example.com',
    },
    {
      env: { PUBLIC_BASE_URL: 'http://h:8080/idm//' },
      pick: (c) => c.publicBaseUrl,
      expected: 'http://h:8080/idm',
    },
    { env: { BODY_LIMIT_BYTES: '1048576' }, pick: (c) => c.bodyLimitBytes, expected: 1048576 },
  ])('reads $env', ({ env, pick, expected }) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });

  it.each<{ env: Record<string, string>; variable: string }>([
    { env: { PORT: 'abc' }, variable: 'PORT' },
    { env: { PORT: '-1' }, variable: 'PORT' },
    { env: { PORT: '3000.5' }, variable: 'PORT' },
    { env: { PORT: '65536' }, variable: 'PORT' },
    { env: { PORT: '1e3' }, variable: 'PORT' },
    { env: { DB_TYPE: 'oracle' }, variable: 'DB_TYPE' },
    { env: { DB_TYPE: 'postgres' }, variable: 'DB_TYPE' },
    { env: { DB_PORT: '0' }, variable: 'DB_PORT' },
    { env: { DB_PORT: 'mysql' }, variable: 'DB_PORT' },
    { env: { DB_POOL_SIZE: '0' }, variable: 'DB_POOL_SIZE' },
    { env: { LOG_LEVEL: 'loud' }, variable: 'LOG_LEVEL' },
    { env: { TRUST_PROXY: 'maybe' }, variable: 'TRUST_PROXY' },
    { env: { MIGRATIONS_RUN: 'perhaps' }, variable: 'MIGRATIONS_RUN' },
    { env: { PUBLIC_BASE_URL: 'not-a-url' }, variable: 'PUBLIC_BASE_URL' },
    { env: { PUBLIC_BASE_URL: '/relative/path' }, variable: 'PUBLIC_BASE_URL' },
    { env: { PUBLIC_BASE_URL: 'ftp://idm.example.com' }, variable: 'PUBLIC_BASE_URL' },
    { env: { DB_URL: 'http://x' }, variable: 'DB_URL' },
    { env: { DB_URL: 'postgres://db/idm' }, variable: 'DB_URL' },
    { env: { DB_URL: 'db:3306' }, variable: 'DB_URL' },
    { env: { ADMIN_TOKEN: 'short' }, variable: 'ADMIN_TOKEN' },
    { env: { ADMIN_TOKEN: 'x'.repeat(15) }, variable: 'ADMIN_TOKEN' },
    { env: { BODY_LIMIT_BYTES: '10' }, variable: 'BODY_LIMIT_BYTES' },
    { env: { SHUTDOWN_TIMEOUT_MS: 'soon' }, variable: 'SHUTDOWN_TIMEOUT_MS' },
  ])('refuses $env naming $variable', ({ env, variable }) => {
    const error = configErrorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('quotes the bad value in the message', () => {
    expect(configErrorOf({ PORT: 'abc' }).message).toContain("'abc'");
    expect(configErrorOf({ LOG_LEVEL: 'loud' }).message).toContain("'loud'");
    expect(configErrorOf({ DB_TYPE: 'oracle' }).message).toContain("'oracle'");
  });

  it('never echoes a rejected admin token', () => {
    expect(configErrorOf({ ADMIN_TOKEN: 'hunter2-secret' }).message).not.toContain('hunter2-secret');
  });
});
