// Shared by bench/explain.mjs and bench/query-bench.mjs: arguments, the database connection, the app's own
// compiled modules (dist/, from `npm run build`), sample values and the measured cases.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** A module of the built app (dist/src/…): the benchmark calls the real compiler, cursor code and repository. */
export function appModule(path) {
  const file = join(ROOT, 'dist', 'src', path);
  if (!existsSync(file)) fail(`${file} is missing: run \`npm run build\` first`);
  return require(file);
}

export function parseArgs(argv, defaults, name) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) fail(`${name}: unknown argument ${argv[i]}`);
    out[m[1]] = m[2] ?? (typeof defaults[m[1]] === 'boolean' ? true : argv[++i]);
  }
  if (!/^scim_bench\w*$/.test(out.db)) fail(`${name}: --db must be scim_bench or start with scim_bench`);
  return out;
}

/** An integer argument in [min, max]; anything else stops the script (`name` says which). */
export function bounded(value, min, max, name) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`${name}: ${value} is not an integer in [${min}, ${max}]`);
  return n;
}

export function fail(message) {
  console.error(message);
  process.exit(2);
}

export function connect(database) {
  return createConnection({
    host: process.env.DB_HOST || '127.0.0.1',
    port: Number(process.env.DB_PORT || 3306),
    user: process.env.DB_USER || 'root',
    password: process.env.DB_PASSWORD || '',
    database,
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
}

export async function clientByExtId(db, extId) {
  const [[row]] = await db.query('SELECT id, ext_id AS extId FROM clients WHERE ext_id = ?', [extId]);
  if (!row) fail(`client '${extId}' not found: run node bench/seed.mjs first`);
  const [[{ n, minId, maxId }]] = await db.query(
    'SELECT COUNT(*) AS n, MIN(id) AS minId, MAX(id) AS maxId FROM users WHERE client_id = ?',
    [row.id],
  );
  return {
    id: Number(row.id),
    extId: row.extId,
    users: Number(n),
    minId: Number(minId),
    maxId: Number(maxId),
  };
}

/** Deterministic PRNG so runs pick the same sample users. */
export function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` users of the client at random positions (ids are contiguous per seeded client): the values a
 * connector would look up. Each has a work email and a family name.
 */
export async function sampleUsers(db, client, count, seed = 7) {
  const rand = mulberry32(seed);
  const ids = new Set();
  while (ids.size < count) ids.add(client.minId + Math.floor(rand() * (client.maxId - client.minId + 1)));
  const [rows] = await db.query(
    `SELECT u.id, u.user_name AS userName, u.external_id AS externalId, u.family_name AS familyName,
            (SELECT e.value FROM user_emails e WHERE e.user_id = u.id AND e.type = 'work' LIMIT 1) AS workEmail
       FROM users u WHERE u.client_id = ? AND u.id IN (?)`,
    [client.id, [...ids]],
  );
  // Keep the random order (the IN list comes back in id order).
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return [...ids].map((id) => byId.get(id)).filter(Boolean);
}

/** `meta.lastModified gt` near the end: the updated_at of the `n`-th most recently modified user. */
export async function recentThreshold(db, client, n = 1000) {
  const [[row]] = await db.query(
    'SELECT updated_at AS t FROM users WHERE client_id = ? ORDER BY updated_at DESC LIMIT 1 OFFSET ?',
    [client.id, n],
  );
  return row.t instanceof Date ? row.t.toISOString() : new Date(`${row.t}Z`).toISOString();
}

/** The id after which exactly `n` users of the client follow (the keyset position of the last page). */
export async function idBeforeLast(db, client, n) {
  const [[row]] = await db.query(
    'SELECT id FROM users WHERE client_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?',
    [client.id, n],
  );
  return String(row.id);
}

const q = (s) => JSON.stringify(s);

/**
 * The filter cases of the issue. `filter(sample)` builds the filter for one sample user, so repeated
 * requests look up different users (as a connector does) instead of one cached row.
 */
export const FILTER_CASES = [
  { key: 'userName eq', indexed: true, filter: (s) => `userName eq ${q(s.userName)}` },
  { key: 'externalId eq', indexed: true, filter: (s) => `externalId eq ${q(s.externalId)}` },
  {
    key: 'emails[type eq "work"].value eq',
    indexed: true,
    filter: (s) => `emails[type eq "work"].value eq ${q(s.workEmail.toUpperCase())}`,
  },
  {
    key: 'name.familyName sw (one name)',
    indexed: true,
    filter: (s) => `name.familyName sw ${q(familyPrefix(s.familyName))}`,
  },
];

/** The first six characters of a family name: one seeded name or a handful (a few hundred users per 1M). */
export function familyPrefix(family) {
  return [...family].slice(0, 6).join('');
}

export function median(xs) {
  return percentile(xs, 50);
}

/** Nearest-rank percentile. */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
