#!/usr/bin/env node
// EXPLAIN / ANALYZE of the SQL the app really issues for the benchmark's queries (bench/README.md).
//
// The SQL is not re-typed here: the real filter compiler (UserFilterCompiler + parseFilter) compiles each
// filter, and the real UsersRepository (`page`, `countMatching`) runs it on a TypeORM DataSource built with
// the app's own options, with a logger that records every statement. Each recorded statement is then run
// through MariaDB's `ANALYZE FORMAT=JSON` (estimated and actual rows, index used, time).
//
//   npm run build && node bench/explain.mjs [--client bench-1m] [--small-client bench-1k] [--db scim_bench]
//                                           [--max-rows-fraction 0.01] [--json]
//
// Exit code 1 when an `eq`/`sw` filter on an indexed attribute reads a table without an index (type ALL or
// a full index scan) or examines more than --max-rows-fraction of the tenant.
import {
  ROOT,
  appModule,
  clientByExtId,
  connect,
  fail,
  idBeforeLast,
  parseArgs,
  recentThreshold,
  sampleUsers,
  FILTER_CASES,
} from './lib.mjs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = parseArgs(
  process.argv.slice(2),
  {
    client: 'bench-1m',
    'small-client': 'bench-1k',
    db: process.env.DB_NAME || 'scim_bench',
    'max-rows-fraction': '0.01',
    timings: '5',
    json: false,
  },
  'explain',
);

require('reflect-metadata');
const { DataSource } = require(require.resolve('typeorm', { paths: [ROOT] }));
const { loadConfig } = appModule('config/app.config.js');
const { buildDataSourceOptions } = appModule('database/data-source.options.js');
const { UsersRepository, ALL_CHILDREN } = appModule('users/users.repository.js');
const { UserFilterCompiler } = appModule('users/query/user-filter.compiler.js');
const { createDefaultRegistry } = appModule('scim/schema/resource-types.js');
const { DEFAULT_FILTER_LIMITS, parseFilter } = appModule('scim/filter/index.js');
const { effectiveSettings } = appModule('clients/client-settings.js');

/** Records the statements TypeORM sends while `recording` is set. */
let recording;
const logger = {
  logQuery: (query, parameters) => recording?.push({ sql: query, params: parameters ?? [] }),
  logQueryError: () => {},
  logQuerySlow: () => {},
  logSchemaBuild: () => {},
  logMigration: () => {},
  log: () => {},
};

async function record(work) {
  recording = [];
  try {
    await work();
    return recording;
  } finally {
    recording = undefined;
  }
}

/** Every table access in an ANALYZE FORMAT=JSON plan (objects with a `table_name`), depth first. */
function tableAccesses(node, out = []) {
  if (Array.isArray(node)) {
    for (const n of node) tableAccesses(n, out);
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  if (typeof node.table_name === 'string') {
    out.push({
      table: node.table_name,
      type: node.access_type,
      key: node.key ?? null,
      ref: node.ref ?? [],
      rows: node.rows ?? null,
      rLoops: node.r_loops ?? null,
      rRows: node.r_rows ?? null,
      examined: node.r_loops != null && node.r_rows != null ? Math.round(node.r_loops * node.r_rows) : null,
      timeMs: node.r_total_time_ms ?? null,
    });
  }
  for (const v of Object.values(node)) tableAccesses(v, out);
  return out;
}

/** The optimizer's messages in a plan (e.g. "Impossible WHERE noticed after reading const tables"). */
function messages(node, out = []) {
  if (Array.isArray(node)) node.forEach((n) => messages(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'message' && typeof v === 'string') out.push(v);
      else messages(v, out);
    }
  }
  return out;
}

async function analyze(conn, stmt) {
  const [[row]] = await conn.query(`ANALYZE FORMAT=JSON ${stmt.sql}`, stmt.params);
  const plan = JSON.parse(Object.values(row)[0]);
  return {
    plan,
    accesses: tableAccesses(plan),
    totalMs: plan.query_block?.r_total_time_ms ?? null,
    filesort: JSON.stringify(plan).includes('"filesort"'),
  };
}

async function timeStatement(conn, stmt, n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await conn.query(stmt.sql, stmt.params);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return ms[Math.floor((ms.length - 1) / 2)];
}

const HINT = 'USE INDEX FOR ORDER BY (IDX_users_client_id)';
const TIMINGS = Number(args.timings);
const fmt = (ms) => (ms == null ? '?' : ms.toFixed(2));
const ROLES = ['page ids', 'user rows', 'emails', 'phoneNumbers', 'addresses', 'multiValues', 'managers'];

async function main() {
  const conn = await connect(args.db);
  const big = await clientByExtId(conn, args.client);
  const small = await clientByExtId(conn, args['small-client']).catch(() => undefined);
  const [sample] = await sampleUsers(conn, big, 1, 11);
  const threshold = await recentThreshold(conn, big, 1000);
  const endId = await idBeforeLast(conn, big, 100);

  const config = loadConfig({ ...process.env, DB_TYPE: 'mariadb', DB_NAME: args.db, LOG_LEVEL: 'silent' });
  const ds = new DataSource({ ...buildDataSourceOptions(config.db), migrationsRun: false, logger });
  await ds.initialize();
  const repo = new UsersRepository(ds);
  const registry = createDefaultRegistry();
  const compile = (filter) =>
    filter
      ? new UserFilterCompiler(registry, repo.dialect).compile(parseFilter(filter, DEFAULT_FILTER_LIMITS))
      : undefined;
  const tenantOf = (c) => ({ clientId: c.id, extId: c.extId, settings: effectiveSettings({}) });

  const deepest = big.users - 99;
  const cases = [
    ...FILTER_CASES.map((c) => ({ key: c.key, indexed: true, filter: c.filter(sample), limit: 10 })),
    {
      key: 'meta.lastModified gt (newest 1,000)',
      indexed: true,
      filter: `meta.lastModified gt "${threshold}"`,
      limit: 10,
    },
    // 2.8 % of the tenant: not selective, so not held to the row bound (shown for the COUNT cost).
    { key: 'name.familyName sw "Ba" (broad)', indexed: false, filter: 'name.familyName sw "Ba"', limit: 10 },
    { key: 'page startIndex=1 count=100', offset: 0, limit: 100, hint: true },
    { key: 'page startIndex=500001 count=100', offset: 500_000, limit: 100, hint: true },
    { key: `page startIndex=${deepest} count=100 (last)`, offset: deepest - 1, limit: 100, hint: true },
    { key: 'cursor first page count=100', limit: 100, hint: true },
    {
      key: 'cursor last page count=100',
      limit: 100,
      position: { value: null, id: endId, direction: 'next' },
      hint: true,
    },
  ];
  if (small) {
    const [s] = await sampleUsers(conn, small, 1, 3);
    cases.push(
      {
        key: `tenant scoping: userName eq in ${small.extId}`,
        indexed: true,
        filter: `userName eq "${s.userName}"`,
        limit: 10,
        client: small,
      },
      {
        key: `tenant scoping: ${big.extId}'s userName asked in ${small.extId} (0 rows)`,
        indexed: true,
        filter: `userName eq "${sample.userName}"`,
        limit: 10,
        client: small,
      },
      {
        key: `tenant scoping: page startIndex=1 count=100 in ${small.extId}`,
        offset: 0,
        limit: 100,
        client: small,
      },
    );
  }

  const maxRows = Math.max(100, Math.floor(big.users * Number(args['max-rows-fraction'])));
  const failures = [];
  const results = [];
  console.log(
    `EXPLAIN on ${args.db}: client ${big.extId} (id ${big.id}, ${big.users} users)` +
      (small ? `, ${small.extId} (id ${small.id}, ${small.users} users)` : ''),
  );
  console.log(
    `index check: every users/child-table access of an indexed eq/sw filter has a key, type not ALL/index, rows and examined ≤ ${maxRows}\n`,
  );
  for (const c of cases) {
    const tenant = tenantOf(c.client ?? big);
    const where = compile(c.filter);
    const countStmts = await record(() => repo.countMatching(tenant, where));
    const pageStmts = await record(() =>
      repo.page(tenant, {
        where,
        offset: c.offset ?? 0,
        limit: c.limit,
        position: c.position,
        include: ALL_CHILDREN,
      }),
    );
    const statements = [
      { role: 'count', ...countStmts[0] },
      ...pageStmts.map((s, i) => ({ role: ROLES[i] ?? `stmt ${i + 1}`, ...s })),
    ];
    console.log(`== ${c.key}${c.filter ? `   filter=${c.filter}` : ''}`);
    const caseResult = { key: c.key, filter: c.filter, statements: [] };
    for (const stmt of statements) {
      const { plan, accesses, totalMs, filesort } = await analyze(conn, stmt);
      const main = stmt.role === 'count' || stmt.role === 'page ids';
      const medianMs = main ? await timeStatement(conn, stmt, TIMINGS) : null;
      const line = (a) =>
        `${a.table} type=${a.type} key=${a.key} rows(est)=${a.rows} examined=${a.examined ?? 0}` +
        (a.rLoops > 1 ? ` (${a.rLoops} loops)` : '');
      if (main) {
        console.log(`  [${stmt.role}] ${stmt.sql}`);
        console.log(`      params ${JSON.stringify(stmt.params)}`);
        for (const a of accesses) console.log(`      ${line(a)}`);
        if (accesses.length === 0) console.log(`      no table read: ${messages(plan).join('; ')}`);
        console.log(
          `      ${filesort ? 'filesort; ' : ''}ANALYZE ${fmt(totalMs)} ms; median of ${TIMINGS} plain runs ${fmt(medianMs)} ms`,
        );
      } else {
        console.log(`  [${stmt.role}] ${accesses.map(line).join('; ')}; ANALYZE ${fmt(totalMs)} ms`);
      }
      if (c.indexed && main) {
        // `<subqueryN>` / `<derivedN>` are MariaDB's materialised temporary tables, not tenant data.
        for (const a of accesses.filter((x) => !x.table.startsWith('<'))) {
          const bad =
            a.key === null ||
            a.type === 'ALL' ||
            a.type === 'index' ||
            (a.rows ?? 0) > maxRows ||
            (a.examined ?? 0) > maxRows;
          if (bad) {
            failures.push(
              `${c.key} [${stmt.role}] ${a.table}: type=${a.type} key=${a.key} rows=${a.rows} examined=${a.examined}`,
            );
          }
        }
      }
      caseResult.statements.push({
        role: stmt.role,
        sql: stmt.sql,
        analyzeMs: totalMs,
        medianMs,
        filesort,
        accesses,
      });
      // The id-order page with an index hint (not what the app sends): how much the plan choice costs.
      if (c.hint && stmt.role === 'page ids') {
        const hinted = { ...stmt, sql: stmt.sql.replace('FROM users u ', `FROM users u ${HINT} `) };
        const h = await analyze(conn, hinted);
        const hMs = await timeStatement(conn, hinted, TIMINGS);
        console.log(`  [page ids + ${HINT}] (experiment, not sent by the app)`);
        for (const a of h.accesses) console.log(`      ${line(a)}`);
        console.log(
          `      ${h.filesort ? 'filesort; ' : ''}ANALYZE ${fmt(h.totalMs)} ms; median of ${TIMINGS} plain runs ${fmt(hMs)} ms`,
        );
        caseResult.hinted = { sql: hinted.sql, analyzeMs: h.totalMs, medianMs: hMs, accesses: h.accesses };
      }
    }
    results.push(caseResult);
    console.log('');
  }
  await ds.destroy();
  await conn.end();
  if (args.json) console.log(JSON.stringify(results, null, 2));
  if (failures.length > 0) {
    console.log(`INDEX CHECK FAILED (${failures.length}):\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      'INDEX CHECK PASSED: every indexed eq/sw filter reads through an index and stays within the row bound',
    );
  }
}

main().catch((err) => fail(err.stack ?? String(err)));
