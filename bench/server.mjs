// Shared by bench/query-bench.mjs and bench/nevis-bench.mjs: the app under test as a child process on
// 127.0.0.1 (started from dist/, stopped by its PID), HTTP requests to it, its memory, and timing summaries.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { ROOT, median, percentile } from './lib.mjs';

export const HOST = '127.0.0.1';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A request function for the server on `port` (127.0.0.1 only): resolves with the request, status, parsed
 * body, text, time in ms and size; a request never waits longer than `timeoutMs`. `via` picks an agent
 * (default: one keep-alive connection, so timed requests run sequentially).
 */
export function httpClient(port, timeoutMs) {
  const single = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const request = (method, path, { token, body, via = single } = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: HOST,
          port,
          method,
          path,
          agent: via,
          timeout: timeoutMs,
          headers: {
            accept: 'application/scim+json, application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(payload
              ? { 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const raw = Buffer.concat(chunks);
            const text = raw.toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({
              method,
              path,
              sent: payload,
              status: res.statusCode,
              body: json,
              text,
              ms,
              bytes: raw.length,
            });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  return { request, close: () => single.destroy() };
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: +(kb('VmRSS') / 1024).toFixed(1), peakMiB: +(kb('VmHWM') / 1024).toFixed(1) };
}

/**
 * Starts `node dist/src/main.js` on MariaDB database `db` (production mode, warn-level logs) and waits up to
 * 60 s for /health/ready. Returns a handle for stopServer.
 */
export async function startServer({ port, db, adminToken, request, env = {} }) {
  const server = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DB_TYPE: 'mariadb',
      DB_NAME: db,
      ADMIN_TOKEN: adminToken,
      HOST,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout.on('data', (d) => (output = (output + d).slice(-8000)));
  server.stderr.on('data', (d) => (output = (output + d).slice(-8000)));
  let exited = false;
  server.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the server exited during start:\n${output}`);
    try {
      const res = await request('GET', '/health/ready');
      if (res.status === 200) return { server, output: () => output, exited: () => exited };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the server did not become ready within 60 s:\n${output}`);
}

/** SIGTERM to the server we started (by PID), SIGKILL to the same PID if it has not exited in 30 s. */
export async function stopServer(handle) {
  if (!handle || handle.exited()) return;
  const { pid } = handle.server;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (!handle.exited() && Date.now() < deadline) await sleep(100);
  if (!handle.exited()) process.kill(pid, 'SIGKILL');
}

/** n, p50, p99, min and max of a list of times in ms. */
export function summarize(ms) {
  return {
    n: ms.length,
    p50: +median(ms).toFixed(1),
    p99: +percentile(ms, 99).toFixed(1),
    min: +Math.min(...ms).toFixed(1),
    max: +Math.max(...ms).toFixed(1),
  };
}
