import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');

jest.setTimeout(60_000);

interface Server {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `npm run build` (tsc). It emits even when some file has type errors, so main.js is checked separately. */
function build(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The server's environment: only what the test sets (no ADMIN_TOKEN, no DB_* of the MariaDB run). */
function serverEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn' };
  return { ...env, ...overrides };
}

function startServer(env: NodeJS.ProcessEnv): Server {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls GET url until it answers `status`, the process exits, or the time is up. */
async function waitFor(url: string, server: Server, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `${url} did not answer 200 (exited: ${exited})\nstdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`,
  );
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]);
}

describe('main.ts (the built server process)', () => {
  let tmp: string;
  const started: Server[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'scim-main-'));
    const result = await build();
    if (!existsSync(MAIN)) throw new Error(`npm run build produced no ${MAIN}:\n${result.output}`);
  }, 120_000);

  afterAll(() => {
    for (const s of started)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  const run = (env: NodeJS.ProcessEnv) => {
    const s = startServer(env);
    started.push(s);
    return s;
  };

  describe('a development start without ADMIN_TOKEN', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = run(
        serverEnv({
          NODE_ENV: 'development',
          PORT: String(port),
          HOST: '127.0.0.1',
          DB_TYPE: 'sqlite',
          SQLITE_PATH: join(tmp, 'dev', 'scim.sqlite'),
        }),
      );
      await waitFor(`${base}/health/ready`, server);
    });

    it('prints a generated ADMIN_TOKEN exactly once', () => {
      const printed = server.stdout().match(/ADMIN_TOKEN=(\S+)/g) ?? [];
      expect(printed).toHaveLength(1);
      expect((printed.at(0) ?? '').slice('ADMIN_TOKEN='.length).length).toBeGreaterThanOrEqual(16);
    });

    it('accepts the printed token on GET /admin/clients, and nothing else', async () => {
      const token = /ADMIN_TOKEN=(\S+)/.exec(server.stdout())![1];
      const ok = await fetch(`${base}/admin/clients`, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ total: 0, items: [] });
      const wrong = await fetch(`${base}/admin/clients`, { headers: { Authorization: `Bearer ${token}x` } });
      expect(wrong.status).toBe(401);
    });

    it('created the SQLite file at SQLITE_PATH and migrated it', async () => {
      expect(existsSync(join(tmp, 'dev', 'scim.sqlite'))).toBe(true);
      const res = await fetch(`${base}/scim/v2/ServiceProviderConfig`);
      expect(res.status).toBe(200);
    });

    it('exits 0 within 10 s of SIGTERM', async () => {
      server.child.kill('SIGTERM');
      const { code, signal } = await within(server.exited, 10_000, 'exit after SIGTERM');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(server.stdout()).toContain('SIGTERM: shutting down');
    });
  });

  it('does not generate an admin token in production: the admin API stays closed', async () => {
    const port = await freePort();
    const server = run(
      serverEnv({
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DB_TYPE: 'sqlite',
        SQLITE_PATH: join(tmp, 'prod', 'scim.sqlite'),
      }),
    );
    await waitFor(`http://127.0.0.1:${port}/health/live`, server);
    expect(server.stdout()).not.toContain('ADMIN_TOKEN=');
    const res = await fetch(`http://127.0.0.1:${port}/admin/clients`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { detail: string }).detail).toContain('ADMIN_TOKEN is not set');
    server.child.kill('SIGTERM');
    expect((await within(server.exited, 10_000, 'exit after SIGTERM')).code).toBe(0);
  });

  it.each<{ variable: string; value: string }>([
    { variable: 'PORT', value: 'abc' },
    { variable: 'DB_TYPE', value: 'oracle' },
    { variable: 'ADMIN_TOKEN', value: 'tooShort1' },
  ])(
    'refuses to start with $variable=$value: non-zero exit and a message naming $variable',
    async ({ variable, value }) => {
      const server = run(
        serverEnv({
          NODE_ENV: 'development',
          DB_TYPE: 'sqlite',
          SQLITE_PATH: ':memory:',
          PORT: '0',
          [variable]: value,
        }),
      );
      const { code } = await within(server.exited, 15_000, 'exit on a bad configuration');
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(server.stderr()).toContain(variable);
      expect(server.stderr()).not.toMatch(/\n\s+at /);
      if (variable === 'ADMIN_TOKEN') expect(server.stderr()).not.toContain(value);
    },
  );
});
