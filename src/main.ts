import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type AppConfig } from './config/app.config';
import { createApp } from './create-app';
import { ShutdownState } from './health/shutdown.state';

/** Development convenience: with no ADMIN_TOKEN outside production, generate one and print it once. */
function withAdminToken(config: AppConfig): AppConfig {
  if (config.adminToken || config.nodeEnv === 'production') return config;
  const token = randomBytes(24).toString('base64url');
  process.stdout.write(
    [
      '',
      '  No ADMIN_TOKEN is set, so this development start generated one (it changes at every start;',
      '  set ADMIN_TOKEN to keep one). Use it as the bearer token of the admin API:',
      '',
      `    ADMIN_TOKEN=${token}`,
      '',
    ].join('\n') + '\n',
  );
  return { ...config, adminToken: token, adminTokenGenerated: true };
}

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = withAdminToken(loadConfig(process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await createApp(config);
  const server = app.getHttpServer();
  // Slow clients may not hold sockets for Node's default 300 s (SECURITY.md "Resource limits").
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  await app.listen(config.port, config.host);
  const shutdownState = app.get(ShutdownState);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Fail readiness first, then stop accepting, finish in-flight requests, close the pool.
    shutdownState.shuttingDown = true;
    process.stdout.write(`${signal}: shutting down\n`);
    const deadline = setTimeout(() => {
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    server.closeIdleConnections();
    app
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void bootstrap();
