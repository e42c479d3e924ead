#!/usr/bin/env node
// Query latency of the real app over HTTP on 127.0.0.1 (bench/README.md): builds the app, starts
// `node dist/src/main.js` on the seeded database, issues a SCIM token through the admin API and times
// sequential requests, interleaved (one round of every case per repetition, in a shuffled order), p50/p99.
//
//   node bench/query-bench.mjs [--client bench-1m] [--db scim_bench] [--port 3790] [--reps 30]
//        [--warmup 3] [--max-seconds 900] [--walk-seconds 60] [--walk-count 1000] [--no-build] [--json]
//
// Every loop is bounded in count and in time; the server this script starts is stopped by its PID.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import {
  bounded,
  FILTER_CASES,
  ROOT,
  appModule,
  clientByExtId,
  connect,
  fail,
  idBeforeLast,
  median,
  mulberry32,
  parseArgs,
  percentile,
  recentThreshold,
  sampleUsers,
} from './lib.mjs';
import { HOST, httpClient, memory, startServer, stopServer, summarize } from './server.mjs';

const args = parseArgs(
  process.argv.slice(2),
  {
    client: 'bench-1m',
    db: process.env.DB_NAME || 'scim_bench',
    port: '3790',
    reps: '100',
    warmup: '3',
    'max-seconds': '900',
    'walk-seconds': '60',
    'walk-count': '1000',
    'no-build': false,
    json: false,
  },
  'query-bench',
);
const REPS = bounded(args.reps, 1, 1000, 'query-bench');
const WARMUP = bounded(args.warmup, 0, 100, 'query-bench');
const MAX_SECONDS = bounded(args['max-seconds'], 10, 7200, 'query-bench');
const WALK_SECONDS = bounded(args['walk-seconds'], 0, 3600, 'query-bench');
const WALK_COUNT = bounded(args['walk-count'], 1, 1000, 'query-bench');
const PORT = bounded(args.port, 1024, 65535, 'query-bench');
const ADMIN_TOKEN = `bench-admin-${randomBytes(16).toString('hex')}`;
/** One request never waits longer than this (a deep OFFSET page on a cold buffer pool can take seconds). */
const REQUEST_TIMEOUT_MS = 120_000;

const { request, close } = httpClient(PORT, REQUEST_TIMEOUT_MS);

async function main() {
  if (!args['no-build']) {
    console.log('npm run build …');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) fail('npm run build failed');
  }
  const { encodeCursor, queryFingerprint } = appModule('users/query/cursor.js');

  const db = await connect(args.db);
  const client = await clientByExtId(db, args.client);
  const samples = await sampleUsers(db, client, REPS + WARMUP, 7);
  const threshold = await recentThreshold(db, client, 1000);
  const endId = await idBeforeLast(db, client, 100);
  const nearEndId = await idBeforeLast(db, client, 1000);
  const deepest = Math.max(1, client.users - 99);
  const middle = Math.floor(client.users / 2) + 1;
  console.log(
    `client ${client.extId}: ${client.users} users (ids ${client.minId}…${client.maxId}); ${samples.length} sample users`,
  );

  let handle;
  const onSignal = () => {
    void stopServer(handle).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    handle = await startServer({ port: PORT, db: args.db, adminToken: ADMIN_TOKEN, request });
    const pid = handle.server.pid;
    const mem = { started: memory(pid) };
    const load = { start: loadavg().map((x) => +x.toFixed(2)) };
    console.log(`server pid ${pid} on http://${HOST}:${PORT}, RSS ${mem.started.rssMiB} MiB`);

    const issued = await request('POST', `/admin/clients/${client.extId}/tokens`, {
      token: ADMIN_TOKEN,
      body: { name: 'query-bench' },
    });
    if (issued.status !== 201) throw new Error(`token issue failed: ${issued.status} ${issued.text}`);
    const token = issued.body.token;
    const base = `/scim/v2/${client.extId}/Users`;
    const list = (params) => request('GET', `${base}?${new URLSearchParams(params)}`, { token });

    // --- the end-of-tenant cursor: built with the app's own encodeCursor, checked against the app ----------
    // A cursor is base64url JSON {v: sort value, i: edge id, d: direction, q: fingerprint of filter+sort}; with
    // no filter and no sortBy the fingerprint is queryFingerprint([undefined, undefined, undefined]) and the
    // value null. Check 1: the cursor we build for page 1's last id equals the app's nextCursor byte for byte.
    const fingerprint = queryFingerprint([undefined, undefined, undefined]);
    const makeCursor = (id) => encodeCursor({ value: null, id: String(id), direction: 'next' }, fingerprint);
    const first = await list({ cursor: '', count: '100' });
    if (first.status !== 200) throw new Error(`cursor page 1: ${first.status} ${first.text}`);
    const lastOfFirst = first.body.Resources.at(-1).id;
    if (makeCursor(lastOfFirst) !== first.body.nextCursor) {
      throw new Error(
        `constructed cursor differs from the app's nextCursor: ${makeCursor(lastOfFirst)} vs ${first.body.nextCursor}`,
      );
    }
    // Check 2: walk from a known near-end position (1,000 users before the end) to the end by nextCursor.
    let cursor = makeCursor(nearEndId);
    const walked = [];
    for (let i = 0; i < 20 && cursor; i++) {
      const res = await list({ cursor, count: '100' });
      if (res.status !== 200) throw new Error(`near-end walk: ${res.status} ${res.text}`);
      walked.push(...res.body.Resources.map((r) => Number(r.id)));
      cursor = res.body.nextCursor;
    }
    const contiguous = walked.every((id, i) => i === 0 || id > walked[i - 1]);
    if (walked.length !== 1000 || walked.at(-1) !== client.maxId || !contiguous || cursor) {
      throw new Error(
        `near-end walk: ${walked.length} users, last ${walked.at(-1)}, expected 1000 ending at ${client.maxId}`,
      );
    }
    const endCursor = makeCursor(endId);
    console.log(
      `cursor construction verified (matches the app's nextCursor; near-end walk of 10 pages ends at id ${client.maxId})`,
    );

    // --- the cases --------------------------------------------------------------------------------------
    const cases = [
      {
        key: 'reference: GET /Users/{id}',
        path: (s) => `${base}/${s.id}`,
      },
      ...FILTER_CASES.map((c) => ({
        key: c.key,
        params: (s) => ({ filter: c.filter(s) }),
        expectTotal: c.key.endsWith(' eq') ? 1 : undefined,
      })),
      {
        key: 'meta.lastModified gt (newest 1,000)',
        params: () => ({ filter: `meta.lastModified gt "${threshold}"` }),
        expectTotal: 1000,
      },
      { key: 'name.familyName sw "Ba" (broad)', params: () => ({ filter: 'name.familyName sw "Ba"' }) },
      { key: 'totalResults only (count=0)', params: () => ({ count: '0' }), expectTotal: client.users },
      {
        key: 'page startIndex=1 count=100',
        params: () => ({ startIndex: '1', count: '100' }),
        items: 100,
        group: 'index',
        depth: 'shallow',
      },
      {
        key: `page startIndex=${middle} count=100`,
        params: () => ({ startIndex: String(middle), count: '100' }),
        items: 100,
        group: 'index',
        depth: 'deep',
      },
      {
        key: `page startIndex=${deepest} count=100`,
        params: () => ({ startIndex: String(deepest), count: '100' }),
        items: 100,
        group: 'index',
        depth: 'last',
      },
      {
        key: 'cursor first page count=100',
        params: () => ({ cursor: '', count: '100' }),
        items: 100,
        group: 'cursor',
        depth: 'shallow',
      },
      {
        key: 'cursor last page count=100',
        params: () => ({ cursor: endCursor, count: '100' }),
        items: 100,
        group: 'cursor',
        depth: 'deep',
      },
    ];
    const send = (c, sample) => (c.path ? request('GET', c.path(sample), { token }) : list(c.params(sample)));
    const timings = new Map(cases.map((c) => [c.key, []]));
    const info = new Map();
    /** InnoDB pages read from disk (server-wide): tells buffer-pool misses from CPU work. */
    const diskReads = async () =>
      Number((await db.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'"))[0][0].Value);
    const reads = { beforeQueries: await diskReads() };
    const shuffle = mulberry32(99);
    const started = Date.now();
    let reps = 0;
    for (let r = 0; r < WARMUP + REPS; r++) {
      if (Date.now() - started > MAX_SECONDS * 1000) {
        console.log(`time budget of ${MAX_SECONDS} s reached after ${reps} measured repetitions`);
        break;
      }
      const order = [...cases].sort(() => shuffle() - 0.5);
      for (const c of order) {
        const res = await send(c, samples[r]);
        if (res.status !== 200) throw new Error(`${c.key}: ${res.status} ${res.text.slice(0, 500)}`);
        if (c.expectTotal !== undefined && res.body.totalResults !== c.expectTotal) {
          throw new Error(`${c.key}: totalResults ${res.body.totalResults}, expected ${c.expectTotal}`);
        }
        if (c.items !== undefined && res.body.Resources.length !== c.items) {
          throw new Error(`${c.key}: ${res.body.Resources.length} resources, expected ${c.items}`);
        }
        if (r >= WARMUP) timings.get(c.key).push(res.ms);
        const i = info.get(c.key) ?? { totals: [], bytes: [] };
        i.totals.push(res.body.totalResults ?? '–');
        i.bytes.push(res.bytes);
        info.set(c.key, i);
      }
      if (r === WARMUP - 1) mem.afterWarmup = memory(pid);
      if (r >= WARMUP) reps++;
      if (r >= WARMUP && (r - WARMUP) % 5 === 4)
        console.log(
          `  ${r - WARMUP + 1}/${REPS} repetitions, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
    }
    mem.afterQueries = memory(pid);
    reads.queries = (await diskReads()) - reads.beforeQueries;

    // --- SQL statements per request (server-wide Questions counter; this script's own SHOW is subtracted) -----
    const questions = async () => Number((await db.query("SHOW GLOBAL STATUS LIKE 'Questions'"))[0][0].Value);
    const statements = new Map();
    for (const c of cases) {
      let best = Infinity;
      for (let k = 0; k < 3; k++) {
        const a = await questions();
        const b = await questions();
        await send(c, samples[0]);
        const d = await questions();
        best = Math.min(best, d - b - (b - a));
      }
      statements.set(c.key, best);
    }

    // --- a bounded cursor walk from the start (export-style), to show that the cost does not grow -----------
    const walk = { pages: 0, users: 0, ms: [], diskReads: [], seconds: 0 };
    if (WALK_SECONDS > 0) {
      const maxPages = Math.ceil(client.users / WALK_COUNT) + 1;
      const t0 = Date.now();
      let next = '';
      while (next !== undefined && walk.pages < maxPages && Date.now() - t0 < WALK_SECONDS * 1000) {
        const before = await diskReads();
        const res = await list({ cursor: next, count: String(WALK_COUNT) });
        if (res.status !== 200) throw new Error(`cursor walk: ${res.status} ${res.text.slice(0, 300)}`);
        walk.diskReads.push((await diskReads()) - before);
        walk.pages++;
        walk.users += res.body.Resources.length;
        walk.ms.push(res.ms);
        next = res.body.nextCursor;
      }
      walk.seconds = (Date.now() - t0) / 1000;
      walk.reachedEnd = next === undefined;
      mem.afterWalk = memory(pid);
    }

    // --- report -------------------------------------------------------------------------------------------
    const rows = cases.map((c) => {
      const s = summarize(timings.get(c.key));
      const i = info.get(c.key);
      return {
        case: c.key,
        ...s,
        totalResults: median(i.totals),
        kiB: +(median(i.bytes) / 1024).toFixed(1),
        sqlStatements: statements.get(c.key),
      };
    });
    const p50 = (key) => rows.find((r) => r.case === key).p50;
    const ratios = {
      startIndex: {
        shallow: p50(cases.find((c) => c.group === 'index' && c.depth === 'shallow').key),
        deep: p50(cases.find((c) => c.group === 'index' && c.depth === 'deep').key),
        last: p50(cases.find((c) => c.group === 'index' && c.depth === 'last').key),
      },
      cursor: {
        shallow: p50(cases.find((c) => c.group === 'cursor' && c.depth === 'shallow').key),
        deep: p50(cases.find((c) => c.group === 'cursor' && c.depth === 'deep').key),
      },
    };
    ratios.startIndex.deepOverShallow = +(ratios.startIndex.deep / ratios.startIndex.shallow).toFixed(2);
    ratios.startIndex.lastOverShallow = +(ratios.startIndex.last / ratios.startIndex.shallow).toFixed(2);
    ratios.cursor.deepOverShallow = +(ratios.cursor.deep / ratios.cursor.shallow).toFixed(2);

    console.log(
      `\n${reps} interleaved repetitions (+${WARMUP} warm-up) of each case, sequential, keep-alive, 127.0.0.1`,
    );
    console.log('| case | p50 ms | p99 ms | min | max | totalResults | KiB | SQL stmts |');
    console.log('|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const r of rows) {
      console.log(
        `| ${r.case} | ${r.p50} | ${r.p99} | ${r.min} | ${r.max} | ${r.totalResults} | ${r.kiB} | ${r.sqlStatements} |`,
      );
    }
    console.log(
      `\npage-depth cost ratio (p50 deep / p50 shallow): startIndex ${middle}: ${ratios.startIndex.deepOverShallow}× ` +
        `(last page ${deepest}: ${ratios.startIndex.lastOverShallow}×); cursor last/first: ${ratios.cursor.deepOverShallow}×`,
    );
    if (walk.pages > 0) {
      const head = walk.ms.slice(0, 10);
      const tail = walk.ms.slice(-10);
      console.log(
        `cursor walk (count=${WALK_COUNT}): ${walk.pages} pages, ${walk.users} users in ${walk.seconds.toFixed(1)} s = ` +
          `${Math.round(walk.users / walk.seconds)} users/s; page p50 ${median(walk.ms).toFixed(0)} ms, p99 ${percentile(walk.ms, 99).toFixed(0)} ms; ` +
          `first 10 pages p50 ${median(head).toFixed(0)} ms, last 10 p50 ${median(tail).toFixed(0)} ms; reached end: ${walk.reachedEnd}`,
      );
      const sum = (xs) => xs.reduce((a, b) => a + b, 0);
      console.log(
        `  InnoDB pages read from disk per walk page: first 10 pages ${Math.round(sum(walk.diskReads.slice(0, 10)) / 10)}, ` +
          `last 10 pages ${Math.round(sum(walk.diskReads.slice(-10)) / 10)}; during the timed queries: ${reads.queries} in total`,
      );
    }
    load.end = loadavg().map((x) => +x.toFixed(2));
    console.log(`server memory (MiB): ${JSON.stringify(mem)}`);
    console.log(
      `load average (1/5/15 min) at start ${load.start.join(' / ')}, at end ${load.end.join(' / ')} (2 cores)`,
    );
    if (args.json) {
      console.log(
        JSON.stringify(
          {
            client,
            reps,
            warmup: WARMUP,
            rows,
            ratios,
            walk: { ...walk, ms: undefined, diskReads: undefined },
            mem,
            load,
            reads,
          },
          null,
          2,
        ),
      );
    }
  } finally {
    await stopServer(handle);
    close();
    await db.end();
  }
}

main().catch((err) => fail(err.stack ?? String(err)));
