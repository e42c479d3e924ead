#!/usr/bin/env node
// What the nevisIDM extension costs (bench/README.md, "nevisIDM extension: read and write cost"): builds a
// fresh database scim_bench_nevis, starts `node dist/src/main.js`, creates a client, its catalogue and a
// tenant of which half the users are "rich" (credentials, profiles with authorizations, properties) and
// half "plain" (core attributes only), then times reads and writes of both kinds side by side: interleaved
// repetitions in a shuffled order, sequential over one keep-alive connection, p50/p99, SQL statements per
// request, response size, server memory.
//
//   node bench/nevis-bench.mjs [--db scim_bench_nevis] [--client bench-nevis] [--port 3791] [--users 2000]
//        [--concurrency 4] [--reps 50] [--warmup 3] [--max-seconds 600] [--create-seconds 600]
//        [--no-build] [--json]
//
// The database is dropped and re-created (only names starting with scim_bench are accepted). Every loop is
// bounded in count and in time; the server this script starts is stopped by its PID.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { loadavg } from 'node:os';
import { bounded, ROOT, connect, fail, median, mulberry32, parseArgs, percentile } from './lib.mjs';
import { HOST, httpClient, memory, startServer, stopServer, summarize } from './server.mjs';

const args = parseArgs(
  process.argv.slice(2),
  {
    db: 'scim_bench_nevis',
    client: 'bench-nevis',
    port: '3791',
    users: '2000',
    concurrency: '4',
    reps: '50',
    warmup: '3',
    'max-seconds': '600',
    'create-seconds': '600',
    'no-build': false,
    json: false,
  },
  'nevis-bench',
);
const USERS = bounded(args.users, 200, 200_000, 'nevis-bench');
const CONCURRENCY = bounded(args.concurrency, 1, 64, 'nevis-bench');
const REPS = bounded(args.reps, 1, 1000, 'nevis-bench');
const WARMUP = bounded(args.warmup, 0, 100, 'nevis-bench');
const MAX_SECONDS = bounded(args['max-seconds'], 10, 7200, 'nevis-bench');
const CREATE_SECONDS = bounded(args['create-seconds'], 10, 7200, 'nevis-bench');
const PORT = bounded(args.port, 1024, 65535, 'nevis-bench');
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;
const REQUEST_TIMEOUT_MS = 60_000;
const PAGE = 100;
/**
 * Users created per chunk. Rich and plain chunks alternate, so both kinds see the same load and every
 * page of 100 (startIndex 1, 101, …) holds 50 rich and 50 plain users.
 */
const CHUNK = 25;
/** The run stops after this many failed requests (each one is printed in full). */
const MAX_ERRORS = 20;

const N = 'urn:nevis:idm:scim:schemas:v1:extension:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const EXCLUDE_NEVIS = `${N}:credentials,${N}:profiles,${N}:properties`;

const { request, close } = httpClient(PORT, REQUEST_TIMEOUT_MS);
/** Creation: CONCURRENCY connections (the timed requests use the client's single one, sequentially). */
const createAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function run(command, argv, env) {
  console.log(`$ ${command} ${argv.join(' ')}`);
  const res = spawnSync(command, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) fail(`${command} ${argv.join(' ')} failed (exit ${res.status})`);
}

/** Drop and re-create the benchmark database, then bring it to the latest migration. */
async function prepareDatabase() {
  if (!/^scim_bench\w*$/.test(args.db)) fail(`nevis-bench: refusing database ${args.db}`);
  const admin = await connect(undefined);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${args.db}\``);
    await admin.query(`CREATE DATABASE \`${args.db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin`);
  } finally {
    await admin.end();
  }
  console.log(`database ${args.db} dropped and re-created`);
  const env = { DB_TYPE: 'mariadb', DB_NAME: args.db };
  // `migration:run` runs `npm run build` first; --no-build calls the TypeORM CLI on the existing dist/.
  if (args['no-build']) run('npx', ['typeorm', 'migration:run', '-d', 'dist/ormconfig.js'], env);
  else run('npm', ['run', 'migration:run'], env);
}

// --- the data --------------------------------------------------------------------------------------------

const CATALOGUE = [
  ['units', { extId: 'hq', name: 'Headquarters' }],
  ['units', { extId: 'sales', name: 'Sales', parentExtId: 'hq' }],
  ['roles', { application: 'crm', name: 'reader' }],
  ['roles', { application: 'crm', name: 'writer' }],
  ['enterprise-roles', { extId: 'er-auditor', name: 'Auditor' }],
  ['enterprise-roles', { extId: 'er-approver', name: 'Approver' }],
  ['property-definitions', { name: 'costCenter', scope: 'user', type: 'string', pattern: '[0-9]{4}' }],
  ['property-definitions', { name: 'badge', scope: 'user', type: 'integer' }],
  ['property-definitions', { name: 'hired', scope: 'user', type: 'date' }],
  ['property-definitions', { name: 'desk', scope: 'profile', type: 'string', maxLength: 8 }],
  ['property-definitions', { name: 'remote', scope: 'profile', type: 'boolean' }],
  ['property-definitions', { name: 'issuedBy', scope: 'credential', type: 'string' }],
];

const pad = (i, n = 6) => String(i).padStart(n, '0');

function coreAttributes(kind, i) {
  return {
    userName: `${kind}.${pad(i)}@nevis.example.com`,
    name: { givenName: `Given${i}`, familyName: `${kind === 'rich' ? 'Rich' : 'Plain'}${pad(i)}` },
    emails: [{ value: `${kind}.${pad(i)}@nevis.example.com`, type: 'work', primary: true }],
  };
}

/** Core attributes only. */
function plainUser(i) {
  return { schemas: [CORE], ...coreAttributes('plain', i) };
}

/**
 * 3 credentials without a password (no scrypt on the write path), 2 profiles in 2 units with 2
 * authorizations each, 3 user properties. extIds are unique in the client.
 */
function richUser(i) {
  const id = pad(i);
  return {
    schemas: [CORE, N],
    ...coreAttributes('rich', i),
    [N]: {
      credentials: [
        {
          type: 'MTAN',
          extId: `mtan-${id}`,
          mobileNumber: `+4179${pad(i, 7)}`,
          properties: { issuedBy: 'ops' },
        },
        { type: 'GENERIC', extId: `gen-${id}`, identification: `ident-${id}` },
        { type: 'KERBEROS', extId: `krb-${id}`, kerberosId: `rich${id}@EXAMPLE.COM` },
      ],
      profiles: [
        {
          extId: `p-hq-${id}`,
          name: 'Head office',
          unitExtId: 'hq',
          default: true,
          properties: { desk: `A-${i % 100}`, remote: false },
          authorizations: [
            { extId: `a-read-${id}`, kind: 'APPLICATION', role: 'crm.reader' },
            { extId: `a-aud-${id}`, kind: 'ENTERPRISE', enterpriseRoleExtId: 'er-auditor' },
          ],
        },
        {
          extId: `p-sales-${id}`,
          name: 'Sales',
          unitExtId: 'sales',
          properties: { remote: true },
          authorizations: [
            { extId: `a-write-${id}`, kind: 'APPLICATION', role: 'crm.writer' },
            { extId: `a-appr-${id}`, kind: 'ENTERPRISE', enterpriseRoleExtId: 'er-approver' },
          ],
        },
      ],
      properties: {
        costCenter: String(1000 + (i % 9000)),
        badge: 100_000 + i,
        hired: `20${String(10 + (i % 15))}-0${1 + (i % 9)}-1${i % 10}`,
      },
    },
  };
}

// --- statistics ---------------------------------------------------------------------------------------------

const ratio = (a, b) => +(a / b).toFixed(2);

function shuffled(items, rand) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A failed request, in full: method, path, body sent, status and response. */
function describeFailure(label, res) {
  return (
    `${label}: ${res.method} ${res.path}\n  request body: ${res.sent ?? '(none)'}\n` +
    `  response ${res.status}: ${res.text.slice(0, 4000)}`
  );
}

async function main() {
  await prepareDatabase();
  const db = await connect(args.db);
  const errors = [];
  const recordError = (label, res) => {
    errors.push({
      label,
      method: res.method,
      path: res.path,
      sent: res.sent,
      status: res.status,
      text: res.text,
    });
    console.error(`\n*** ${describeFailure(label, res)}\n`);
    if (errors.length >= MAX_ERRORS) throw new Error(`${errors.length} failed requests: stopping`);
  };

  let handle;
  const onSignal = () => {
    void stopServer(handle).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const load = { start: loadavg().map((x) => +x.toFixed(2)) };
    handle = await startServer({
      port: PORT,
      db: args.db,
      adminToken: ADMIN_TOKEN,
      request,
      env: { MIGRATIONS_RUN: 'false' },
    });
    const pid = handle.server.pid;
    const mem = { started: memory(pid) };
    console.log(`server pid ${pid} on http://${HOST}:${PORT}, RSS ${mem.started.rssMiB} MiB`);

    // --- client, token, catalogue (admin API) ----------------------------------------------------------
    const adminPost = async (path, body) => {
      const res = await request('POST', path, { token: ADMIN_TOKEN, body });
      if (res.status !== 201) throw new Error(describeFailure('admin API', res));
      return res.body;
    };
    const ext = args.client;
    await adminPost('/admin/clients', { extId: ext, name: 'nevisIDM extension benchmark' });
    const { token } = await adminPost(`/admin/clients/${ext}/tokens`, { name: 'nevis-bench' });
    for (const [kind, body] of CATALOGUE) await adminPost(`/admin/clients/${ext}/${kind}`, body);
    const base = `/scim/v2/${ext}/Users`;
    console.log(`client ${ext}: token issued, catalogue of ${CATALOGUE.length} entries created`);

    // --- the tenant: alternating chunks of rich and plain users, CONCURRENCY requests in flight ------------
    const ids = { rich: [], plain: [] };
    const creation = {
      rich: { users: 0, seconds: 0, ms: [] },
      plain: { users: 0, seconds: 0, ms: [] },
    };
    const half = { rich: Math.ceil(USERS / 2), plain: Math.floor(USERS / 2) };
    const next = { rich: 0, plain: 0 };
    const createStarted = Date.now();
    const createChunk = async (kind) => {
      const from = next[kind];
      const to = Math.min(half[kind], from + CHUNK);
      next[kind] = to;
      let cursor = from;
      const t0 = process.hrtime.bigint();
      const worker = async () => {
        while (cursor < to) {
          const i = cursor++;
          const res = await request('POST', base, {
            token,
            via: createAgent,
            body: kind === 'rich' ? richUser(i) : plainUser(i),
          });
          if (res.status !== 201) {
            recordError(`create ${kind} user ${i}`, res);
            continue;
          }
          ids[kind].push(res.body.id);
          creation[kind].ms.push(res.ms);
          creation[kind].users++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      creation[kind].seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    };
    while (next.rich < half.rich || next.plain < half.plain) {
      if (Date.now() - createStarted > CREATE_SECONDS * 1000) {
        console.log(`creation time budget of ${CREATE_SECONDS} s reached`);
        break;
      }
      if (next.rich < half.rich) await createChunk('rich');
      if (next.plain < half.plain) await createChunk('plain');
      const done = next.rich + next.plain;
      if (done % 500 === 0 || done === USERS)
        console.log(`  ${done}/${USERS} users, ${((Date.now() - createStarted) / 1000).toFixed(0)} s`);
    }
    if (ids.rich.length < 10 || ids.plain.length < 10) throw new Error('too few users were created');
    mem.afterCreate = memory(pid);
    const tenantSize = ids.rich.length + ids.plain.length;
    const [[rows]] = await db.query(
      `SELECT (SELECT COUNT(*) FROM credentials) AS credentials, (SELECT COUNT(*) FROM profiles) AS profiles,
              (SELECT COUNT(*) FROM authorizations) AS authorizations,
              (SELECT COUNT(*) FROM property_values) AS propertyValues`,
    );
    const childRows = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Number(v)]));
    console.log(
      `tenant: ${ids.rich.length} rich + ${ids.plain.length} plain users; child rows ${JSON.stringify(childRows)}`,
    );

    // --- the cases --------------------------------------------------------------------------------------
    const rand = mulberry32(42);
    const pick = (list) => list[Math.floor(rand() * list.length)];
    const pages = Math.max(1, Math.floor((tenantSize - PAGE) / PAGE) + 1);
    const get = (path) => request('GET', path, { token });
    const patch = (id, ...Operations) =>
      request('PATCH', `${base}/${id}`, { token, body: { schemas: [PATCH_OP], Operations } });
    const hasNevisChildren = (u) => Array.isArray(u?.[N]?.credentials) && u[N].credentials.length === 3;
    const noNevisChildren = (u) => !u?.[N]?.credentials && !u?.[N]?.profiles && !u?.[N]?.properties;
    const listCheck = (check) => (res, ctx) =>
      res.body?.totalResults >= tenantSize &&
      res.body.Resources?.length === Math.min(PAGE, tenantSize - (ctx.startIndex - 1)) &&
      res.body.Resources.every(check);
    let edits = 0;
    const cases = [
      {
        key: 'GET rich user (full)',
        group: 'get',
        send: () => get(`${base}/${pick(ids.rich)}`),
        ok: (res) => hasNevisChildren(res.body) && res.body[N].profiles.length === 2,
      },
      {
        key: 'GET rich user, excludedAttributes=nevis children',
        group: 'get',
        send: () =>
          get(`${base}/${pick(ids.rich)}?${new URLSearchParams({ excludedAttributes: EXCLUDE_NEVIS })}`),
        ok: (res) => typeof res.body?.userName === 'string' && noNevisChildren(res.body),
      },
      {
        key: 'GET plain user',
        group: 'get',
        send: () => get(`${base}/${pick(ids.plain)}`),
        ok: (res) => typeof res.body?.userName === 'string' && noNevisChildren(res.body),
      },
      {
        key: `page count=${PAGE} (full)`,
        group: 'list',
        send: (ctx) => get(`${base}?${new URLSearchParams({ startIndex: ctx.startIndex, count: PAGE })}`),
        // A mixed page: rich users with their children next to plain ones.
        ok: (res, ctx) =>
          listCheck(() => true)(res, ctx) &&
          res.body.Resources.some(hasNevisChildren) &&
          res.body.Resources.some((u) => !hasNevisChildren(u)),
      },
      {
        key: `page count=${PAGE}, excludedAttributes=nevis children`,
        group: 'list',
        send: (ctx) =>
          get(
            `${base}?${new URLSearchParams({ startIndex: ctx.startIndex, count: PAGE, excludedAttributes: EXCLUDE_NEVIS })}`,
          ),
        ok: listCheck(noNevisChildren),
      },
      {
        key: `page count=${PAGE}, attributes=userName`,
        group: 'list',
        send: (ctx) =>
          get(
            `${base}?${new URLSearchParams({ startIndex: ctx.startIndex, count: PAGE, attributes: 'userName' })}`,
          ),
        ok: listCheck((u) => typeof u.userName === 'string' && !u.name && !u[N]),
      },
      {
        key: 'PATCH rich user: replace displayName',
        group: 'write',
        send: () => patch(pick(ids.rich), { op: 'replace', path: 'displayName', value: `Rich ${++edits}` }),
        ok: (res) => hasNevisChildren(res.body) && res.body.displayName === `Rich ${edits}`,
      },
      {
        key: 'PATCH rich user: add nevis loginInfo {success:true}',
        group: 'write',
        send: () => patch(pick(ids.rich), { op: 'add', path: `${N}:loginInfo`, value: { success: true } }),
        ok: (res) => hasNevisChildren(res.body) && res.body[N].loginInfo?.successfulLoginCount >= 1,
      },
      {
        key: 'PATCH plain user: replace displayName',
        group: 'write',
        send: () => patch(pick(ids.plain), { op: 'replace', path: 'displayName', value: `Plain ${++edits}` }),
        ok: (res) => res.body?.displayName === `Plain ${edits}`,
      },
      {
        key: 'PUT rich user with its own GET body',
        group: 'write',
        // The GET (not timed, not counted) runs right before the PUT so the body is current.
        prepare: async () => {
          const res = await get(`${base}/${pick(ids.rich)}`);
          if (res.status !== 200) recordError('GET before PUT', res);
          return res.status === 200 ? res.body : undefined;
        },
        send: (_ctx, body) => request('PUT', `${base}/${body.id}`, { token, body }),
        ok: (res) => hasNevisChildren(res.body) && res.body[N].profiles.length === 2,
      },
    ];

    /** Runs one case; returns the response, or undefined when it failed (recorded with the full request). */
    const attempt = async (c, ctx) => {
      const prepared = c.prepare ? await c.prepare() : undefined;
      if (c.prepare && prepared === undefined) return undefined;
      const res = await c.send(ctx, prepared);
      if (res.status !== 200) {
        recordError(c.key, res);
        return undefined;
      }
      if (!c.ok(res, ctx)) {
        recordError(`${c.key} (unexpected body)`, res);
        return undefined;
      }
      return res;
    };

    const timings = new Map(cases.map((c) => [c.key, []]));
    const sizes = new Map(cases.map((c) => [c.key, []]));
    const shuffle = mulberry32(99);
    const started = Date.now();
    let reps = 0;
    for (let r = 0; r < WARMUP + REPS; r++) {
      if (Date.now() - started > MAX_SECONDS * 1000) {
        console.log(`time budget of ${MAX_SECONDS} s reached after ${reps} measured repetitions`);
        break;
      }
      // The three list cases of one repetition read the same page.
      const ctx = { startIndex: 1 + Math.floor(rand() * pages) * PAGE };
      for (const c of shuffled(cases, shuffle)) {
        const res = await attempt(c, ctx);
        if (!res) continue;
        if (r >= WARMUP) {
          timings.get(c.key).push(res.ms);
          sizes.get(c.key).push(res.bytes);
        }
      }
      if (r === WARMUP - 1) mem.afterWarmup = memory(pid);
      if (r >= WARMUP) reps++;
      if (r >= WARMUP && (r - WARMUP) % 10 === 9)
        console.log(
          `  ${r - WARMUP + 1}/${REPS} repetitions, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
    }
    mem.afterQueries = memory(pid);

    // --- SQL statements per request: the server-wide Questions counter, this script's own SHOW subtracted.
    // Other sessions on the same MariaDB add to it; the minimum of 5 tries filters them out.
    const questions = async () => Number((await db.query("SHOW GLOBAL STATUS LIKE 'Questions'"))[0][0].Value);
    const countStatements = async (send) => {
      let best = Infinity;
      for (let k = 0; k < 5; k++) {
        const a = await questions();
        const b = await questions();
        const res = await send(k);
        const d = await questions();
        if (res) best = Math.min(best, d - b - (b - a));
      }
      return best;
    };
    const statements = new Map();
    for (const c of cases) {
      if (c.prepare) {
        // PUT: its GET runs before the counted window.
        let best = Infinity;
        for (let k = 0; k < 5; k++) {
          const body = await c.prepare();
          if (!body) continue;
          const a = await questions();
          const b = await questions();
          const res = await c.send({}, body);
          const d = await questions();
          if (res.status !== 200) recordError(`${c.key} (statement count)`, res);
          else best = Math.min(best, d - b - (b - a));
        }
        statements.set(c.key, best);
        continue;
      }
      statements.set(
        c.key,
        await countStatements(() => attempt(c, { startIndex: 1 + Math.floor(rand() * pages) * PAGE })),
      );
    }
    // Creation: a few more users of each kind, one at a time (they are not part of the timed cases).
    for (const kind of ['rich', 'plain']) {
      statements.set(
        `POST ${kind} user`,
        await countStatements(async (k) => {
          const i = half[kind] + k;
          const res = await request('POST', base, {
            token,
            body: kind === 'rich' ? richUser(i) : plainUser(i),
          });
          if (res.status !== 201) {
            recordError(`create ${kind} user ${i} (statement count)`, res);
            return undefined;
          }
          return res;
        }),
      );
    }
    load.end = loadavg().map((x) => +x.toFixed(2));

    // --- report -------------------------------------------------------------------------------------------
    const rowsOut = cases.map((c) => {
      const t = timings.get(c.key);
      return {
        case: c.key,
        ...(t.length ? summarize(t) : { n: 0 }),
        kiB: t.length ? +(median(sizes.get(c.key)) / 1024).toFixed(1) : NaN,
        sqlStatements: statements.get(c.key),
      };
    });
    const row = (key) => rowsOut.find((r) => r.case === key);
    const creationOut = Object.fromEntries(
      ['rich', 'plain'].map((kind) => {
        const k = creation[kind];
        return [
          kind,
          {
            users: k.users,
            seconds: +k.seconds.toFixed(1),
            usersPerSecond: +(k.users / k.seconds).toFixed(1),
            p50: +median(k.ms).toFixed(1),
            p99: +percentile(k.ms, 99).toFixed(1),
            sqlStatements: statements.get(`POST ${kind} user`),
          },
        ];
      }),
    );
    const ratioOf = (a, b) => ({
      p50: ratio(row(a).p50, row(b).p50),
      p99: ratio(row(a).p99, row(b).p99),
      sql: `${row(a).sqlStatements} / ${row(b).sqlStatements}`,
    });
    const ratios = {
      'GET rich / GET plain': ratioOf('GET rich user (full)', 'GET plain user'),
      'GET rich full / GET rich excluded': ratioOf(
        'GET rich user (full)',
        'GET rich user, excludedAttributes=nevis children',
      ),
      'page full / page excluded': ratioOf(
        `page count=${PAGE} (full)`,
        `page count=${PAGE}, excludedAttributes=nevis children`,
      ),
      'page full / page attributes=userName': ratioOf(
        `page count=${PAGE} (full)`,
        `page count=${PAGE}, attributes=userName`,
      ),
      'PATCH rich / PATCH plain (displayName)': ratioOf(
        'PATCH rich user: replace displayName',
        'PATCH plain user: replace displayName',
      ),
      'PATCH rich loginInfo / PATCH plain displayName': ratioOf(
        'PATCH rich user: add nevis loginInfo {success:true}',
        'PATCH plain user: replace displayName',
      ),
      'PUT rich / PATCH plain': ratioOf(
        'PUT rich user with its own GET body',
        'PATCH plain user: replace displayName',
      ),
      'POST rich / POST plain': {
        p50: ratio(creationOut.rich.p50, creationOut.plain.p50),
        p99: ratio(creationOut.rich.p99, creationOut.plain.p99),
        throughput: ratio(creationOut.plain.usersPerSecond, creationOut.rich.usersPerSecond),
        sql: `${creationOut.rich.sqlStatements} / ${creationOut.plain.sqlStatements}`,
      },
    };

    console.log(
      `\ntenant ${ext}: ${ids.rich.length} rich + ${ids.plain.length} plain users, child rows ${JSON.stringify(childRows)}`,
    );
    console.log(`\ncreation (POST /Users, ${CONCURRENCY} concurrent, alternating chunks of ${CHUNK})`);
    console.log('| kind | users | s | users/s | p50 ms | p99 ms | SQL stmts |');
    console.log('|---|--:|--:|--:|--:|--:|--:|');
    for (const [kind, k] of Object.entries(creationOut)) {
      console.log(
        `| ${kind} | ${k.users} | ${k.seconds} | ${k.usersPerSecond} | ${k.p50} | ${k.p99} | ${k.sqlStatements} |`,
      );
    }
    console.log(
      `\n${reps} interleaved repetitions (+${WARMUP} warm-up) of each case, sequential, keep-alive, 127.0.0.1`,
    );
    console.log('| case | n | p50 ms | p99 ms | min | max | KiB | SQL stmts |');
    console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const r of rowsOut) {
      console.log(
        `| ${r.case} | ${r.n} | ${r.p50} | ${r.p99} | ${r.min} | ${r.max} | ${r.kiB} | ${r.sqlStatements} |`,
      );
    }
    console.log('\n| ratio | p50 | p99 | SQL stmts |');
    console.log('|---|--:|--:|--:|');
    for (const [name, v] of Object.entries(ratios)) {
      console.log(`| ${name} | ${v.p50}× | ${v.p99}× | ${v.sql} |`);
    }
    console.log(
      `creation throughput plain / rich (users/s): ${ratios['POST rich / POST plain'].throughput}×`,
    );
    console.log(`\nserver memory (MiB): ${JSON.stringify(mem)}`);
    console.log(
      `load average (1/5/15 min) at start ${load.start.join(' / ')}, at end ${load.end.join(' / ')}`,
    );
    console.log(`failed requests: ${errors.length}`);
    for (const e of errors) console.log(describeFailure(e.label, e));
    if (args.json) {
      console.log(
        JSON.stringify(
          {
            users: { rich: ids.rich.length, plain: ids.plain.length },
            childRows,
            creation: creationOut,
            reps,
            warmup: WARMUP,
            rows: rowsOut,
            ratios,
            mem,
            load,
            errors,
          },
          null,
          2,
        ),
      );
    }
    if (errors.length > 0) process.exitCode = 1;
  } finally {
    await stopServer(handle);
    close();
    createAgent.destroy();
    await db.end();
  }
}

main().catch((err) => fail(err.stack ?? String(err)));
