#!/usr/bin/env node
// Bulk seeder for the query benchmark (bench/README.md). Plain Node + mysql2 (a dependency of the app):
// creates a client by SQL and inserts N users with 1–2 emails and a phone number in multi-row INSERTs,
// filling the normalised columns exactly as src/users/user.mapper.ts does (Unicode NFKC + lower case).
//
//   node bench/seed.mjs [--users 1000000] [--client bench-1m] [--small 1000] [--small-client bench-1k]
//                       [--batch 2000] [--tx-batches 5] [--db scim_bench] [--seed 42]
//
// The database must exist and be migrated first (DB_TYPE=mariadb DB_NAME=scim_bench npm run migration:run).
// Connection: DB_HOST (127.0.0.1), DB_PORT (3306), DB_USER (root), DB_PASSWORD (empty).
import { createConnection } from 'mysql2/promise';

const args = parseArgs(process.argv.slice(2), {
  users: '1000000',
  client: 'bench-1m',
  small: '1000',
  'small-client': 'bench-1k',
  batch: '2000',
  'tx-batches': '5',
  db: process.env.DB_NAME || 'scim_bench',
  seed: '42',
});
const USERS = int(args.users, 'users', 1, 50_000_000);
const SMALL = int(args.small, 'small', 0, 1_000_000);
const BATCH = int(args.batch, 'batch', 1, 10_000);
const TX_BATCHES = int(args['tx-batches'], 'tx-batches', 1, 1000);
const SEED = int(args.seed, 'seed', 0, 2 ** 31);
if (!/^scim_bench\w*$/.test(args.db))
  fail(`--db must be scim_bench or start with scim_bench (got ${args.db})`);

/** The app's normalised form (src/scim/values/text.ts normalizeCaseInsensitive). */
const norm = (s) => s.normalize('NFKC').toLowerCase();

// --- deterministic data ------------------------------------------------------------------------------
function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GIVEN = (
  'Anna Ben Clara David Eva Felix Greta Hans Ida Jonas Klara Lukas Mia Noah Olivia Paul Rosa Simon Tina ' +
  'Urs Vera Walter Xenia Yannick Zoë Jürgen Chloé Émile Søren Ångel Łukasz Nuño Beat Reto Heidi Sandro ' +
  'Martina Daniel Sarah Thomas Laura Michael Julia Stefan Nina Marco Lea Patrick Sophie Andreas Lena ' +
  'Christian Alina Tobias Jana Fabian Selina Dominik Lara Florian Elena Matthias Nadine Kevin Melanie ' +
  'Roman Sabrina Adrian Carmen Oliver Petra Raphael Ursula Samuel Vanessa Timo Yvonne Luca Zora Nico'
).split(' ');
// Family names = prefix + suffix: 72 × 40 = 2,880 distinct names, so `name.familyName sw "<prefix><s>"`
// selects one name or a handful (a few hundred users per million) and `sw "<prefix>"` about 1/72.
const FAMILY_PREFIX = (
  'Abel Acker Adler Amman Bach Baum Becker Berg Blum Brand Breit Brunn Burk Dorn Eber Eck Egger Feld ' +
  'Fisch Frei Fuchs Gall Gross Grün Haas Hof Holz Horn Huber Jung Kalt Keller Kirch Klein Koch Kraus ' +
  'Kuhn Lang Lehm Lind Lutz Mai Maur Meier Moos Müll Neu Ober Pfeif Rein Ritt Roth Sauer Schär Schmid ' +
  'Schnee Schön Schwarz Sigr Stein Stock Streb Thal Vogel Wald Weber Weiss Wirth Wolf Zell Ziegl Zimm'
).split(' ');
const FAMILY_SUFFIX = (
  'mann er berg stein hofer li i egger inger ner ler man s ke lin wald feld bach haus hardt ' +
  'brunner bauer meier huber ig ich el en ling sberger hart thaler kofler weiler moser rieder ' +
  'gruber häusler bühl acher'
).split(' ');
const TITLES = ['Engineer', 'Analyst', 'Manager', 'Consultant', 'Clerk', 'Director', null, null];
const DEPARTMENTS = ['IT', 'Finance', 'HR', 'Sales', 'Operations', 'Legal', 'Research', 'Support'];
const LANGS = ['de-CH', 'fr-CH', 'it-CH', 'en-US', 'en-GB'];
const ascii = (s) =>
  s
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '');

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** DATETIME(3) text in UTC, as the app stores it (timezone 'Z', sqlDateTime in the filter compiler). */
const sqlTime = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function hex(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += ((rand() * 16) | 0).toString(16);
  return s;
}

/**
 * Rows of one batch. `seq` is the user's sequence number within its client (0-based), `id` its explicit
 * primary key (ids are assigned here so child rows need no read-back; AUTO_INCREMENT moves past them).
 */
function makeBatch(clientId, tag, firstSeq, firstId, count, total, t0, now, rand) {
  const users = [];
  const emails = [];
  const phones = [];
  for (let k = 0; k < count; k++) {
    const seq = firstSeq + k;
    const id = firstId + k;
    const given = GIVEN[(rand() * GIVEN.length) | 0];
    const family =
      FAMILY_PREFIX[(rand() * FAMILY_PREFIX.length) | 0] + FAMILY_SUFFIX[(rand() * FAMILY_SUFFIX.length) | 0];
    const n = String(seq).padStart(7, '0');
    const userName = `${ascii(given)}.${ascii(family)}.${n}@${tag}.Example.com`;
    const display = `${given} ${family}`;
    // created: monotonic with the id over the last year; updated: 30 % never, else uniform up to now.
    const created = t0 + Math.floor(((seq + rand()) / total) * (now - t0 - 60_000));
    const updated = rand() < 0.3 ? created : created + Math.floor(rand() * (now - created));
    const ext = `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
    users.push([
      id,
      clientId,
      userName,
      norm(userName),
      ext,
      family,
      norm(family),
      given,
      norm(given),
      display,
      norm(display),
      TITLES[seq % TITLES.length],
      'Employee',
      LANGS[seq % LANGS.length],
      rand() < 0.95 ? 'active' : 'disabled',
      `E${n}`,
      `CC-${(seq % 97) + 100}`,
      'Bench AG',
      DEPARTMENTS[seq % DEPARTMENTS.length],
      1,
      sqlTime(created),
      sqlTime(updated),
    ]);
    const work = `${ascii(given)}.${ascii(family)}.${n}@Corp.${tag}.example.com`;
    emails.push([clientId, id, 0, 'work', 1, work, norm(work)]);
    if (rand() < 0.5) {
      const home = `${ascii(given).toLowerCase()}${n}@home.example.net`;
      emails.push([clientId, id, 1, 'home', 0, home, norm(home)]);
    }
    const phone = `+41 44 ${n.slice(0, 3)} ${n.slice(3)}`;
    phones.push([clientId, id, 0, 'work', 1, phone, norm(phone)]);
  }
  return { users, emails, phones };
}

const USER_COLS =
  'id, client_id, user_name, user_name_norm, external_id, family_name, family_name_norm, given_name, ' +
  'given_name_norm, display_name, display_name_norm, title, user_type, preferred_language, state, ' +
  'employee_number, cost_center, organization, department, version, created_at, updated_at';
const CHILD_COLS = 'client_id, user_id, position, type, `primary`, value, value_norm';

// --- seeding -----------------------------------------------------------------------------------------
async function seedClient(db, extId, total, tag, rand) {
  const [[exists]] = await db.query('SELECT id FROM clients WHERE ext_id = ?', [extId]);
  if (exists) {
    fail(
      `client '${extId}' already exists in ${args.db}: drop and re-create the database (bench/README.md) ` +
        'or pick another --client',
    );
  }
  const now = Date.now();
  const [res] = await db.query(
    "INSERT INTO clients (ext_id, name, description, state, settings, created_at, updated_at) VALUES (?, ?, NULL, 'active', '{}', ?, ?)",
    [extId, `Benchmark ${extId}`, sqlTime(now), sqlTime(now)],
  );
  const clientId = res.insertId;
  const [[{ maxId }]] = await db.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM users');
  const firstId = Number(maxId) + 1;
  const t0 = now - YEAR_MS;
  const started = process.hrtime.bigint();
  let lastReport = started;
  let inserted = 0;
  let childRows = 0;
  const insert = async (batch) => {
    await db.query(`INSERT INTO users (${USER_COLS}) VALUES ?`, [batch.users]);
    await db.query(`INSERT INTO user_emails (${CHILD_COLS}) VALUES ?`, [batch.emails]);
    await db.query(`INSERT INTO user_phone_numbers (${CHILD_COLS}) VALUES ?`, [batch.phones]);
  };
  let seq = 0;
  while (seq < total) {
    await db.beginTransaction();
    for (let b = 0; b < TX_BATCHES && seq < total; b++) {
      const count = Math.min(BATCH, total - seq);
      const batch = makeBatch(clientId, tag, seq, firstId + seq, count, total, t0, now, rand);
      await insert(batch);
      seq += count;
      inserted += count;
      childRows += batch.emails.length + batch.phones.length;
    }
    await db.commit();
    const t = process.hrtime.bigint();
    if (t - lastReport > 10_000_000_000n || seq >= total) {
      lastReport = t;
      const s = Number(t - started) / 1e9;
      console.log(
        `  ${extId}: ${inserted.toLocaleString('en-US')} users, ${childRows.toLocaleString('en-US')} child rows, ` +
          `${s.toFixed(1)} s, ${Math.round(inserted / s).toLocaleString('en-US')} users/s`,
      );
    }
  }
  // The client's user counter answers an unfiltered totalResults; the app keeps it with every create and
  // delete, so rows inserted behind its back are counted here.
  await db.query('UPDATE clients SET user_count = ? WHERE id = ?', [inserted, clientId]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { clientId, extId, users: inserted, childRows, seconds, usersPerSecond: inserted / seconds };
}

async function main() {
  const db = await createConnection({
    host: process.env.DB_HOST || '127.0.0.1',
    port: Number(process.env.DB_PORT || 3306),
    user: process.env.DB_USER || 'root',
    password: process.env.DB_PASSWORD || '',
    database: args.db,
    charset: 'utf8mb4',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  try {
    const [tables] = await db.query("SHOW TABLES LIKE 'users'");
    if (tables.length === 0)
      fail(`${args.db} is not migrated: run DB_TYPE=mariadb DB_NAME=${args.db} npm run migration:run`);
    const rand = mulberry32(SEED);
    console.log(`seeding ${USERS.toLocaleString('en-US')} users into ${args.db} (client ${args.client})`);
    const big = await seedClient(db, args.client, USERS, 'b1m', rand);
    let small;
    if (SMALL > 0) {
      console.log(`seeding ${SMALL.toLocaleString('en-US')} users (client ${args['small-client']})`);
      small = await seedClient(db, args['small-client'], SMALL, 's1k', rand);
    }
    const a = process.hrtime.bigint();
    await db.query('ANALYZE TABLE users, user_emails, user_phone_numbers');
    const analyzeSeconds = Number(process.hrtime.bigint() - a) / 1e9;
    const summary = { database: args.db, batch: BATCH, txBatches: TX_BATCHES, big, small, analyzeSeconds };
    console.log(JSON.stringify(summary, null, 2));
    console.log(
      `SEED ${big.users} users in ${big.seconds.toFixed(1)} s = ${Math.round(big.usersPerSecond)} users/s ` +
        `(${big.childRows} child rows)`,
    );
  } finally {
    await db.end();
  }
}

// --- helpers -----------------------------------------------------------------------------------------
function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) fail(`unknown argument ${argv[i]}`);
    out[m[1]] = m[2] ?? argv[++i];
  }
  return out;
}

function int(value, name, min, max) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) fail(`--${name} must be an integer in [${min}, ${max}]`);
  return n;
}

function fail(message) {
  console.error(`seed: ${message}`);
  process.exit(2);
}

await main();
