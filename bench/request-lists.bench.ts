/**
 * Requests: every list, queue, filter and search at a million requests, through the gateway (run
 * with `./itsm bench request-lists`).
 *
 * The real gateway and requests service run as their own processes (see support/services.ts). The
 * requests database is loaded straight with REQUEST_LISTS_SIZE requests of the demo business's
 * offerings, with their tasks and approvals (support/request-lists-world.ts), then each list is
 * asked for REQUEST_LISTS_SAMPLES times, one call at a time, as four people: a requester, an IT
 * agent, the IT department admin and a person who sees nothing. Printed: p50 and p95 of send ->
 * 200 through the gateway and the page's size, next to a baseline measured in the same run (one
 * request read by id, the cheapest call the service answers from the database), and PASS / MISS
 * against the targets: every list p95 < 50 ms, every search p95 < 100 ms.
 *
 * Knobs: REQUEST_LISTS_SIZE (1000000), REQUEST_LISTS_SAMPLES (40), REQUEST_LISTS_KEEP (1: keep both
 * databases afterwards, e.g. to EXPLAIN a list; their names are printed), BENCH_RESULTS_DIR.
 */
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { testInfra } from '@itsm/platform/testing';
import { benchLog, knob, runBench, writeResults } from './support/bench-run';
import { fmtInt, fmtMs, nowMs, summarize } from './support/bench-stats';
import {
  consumerCaughtUp,
  RunningServices,
  signIn,
  startGatewayAndRequests,
  stopGatewayAndRequests,
} from './support/services';
import { BenchPeople, LoadedWorld, loadRequestListsWorld } from './support/request-lists-world';

const CONFIG = {
  size: knob('REQUEST_LISTS_SIZE', 1_000_000),
  samples: knob('REQUEST_LISTS_SAMPLES', 40),
  warmup: 5,
  keep: process.env.REQUEST_LISTS_KEEP === '1',
};
const TARGET_LIST_P95_MS = 50;
const TARGET_SEARCH_P95_MS = 100;

const callers = new Agent({ keepAlive: true });

function get(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { agent: callers, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Role {
  name: string;
  username: string;
  token: string;
  subject: string;
}

/** A list as a path under /api/requests; `next` asks for its second page. */
interface ListCall {
  name: string;
  path: string;
  search?: boolean;
  next?: boolean;
}

function listsFor(world: LoadedWorld, number: string): ListCall[] {
  const it = world.departments['it'];
  const pos = world.businessServices['pos-checkout'];
  const lists: ListCall[] = [
    { name: 'requests', path: '/requests' },
    { name: 'requests, second page', path: '/requests', next: true },
    { name: 'requests I submitted', path: '/requests?requester=me' },
    { name: 'requests in fulfilment', path: '/requests?status=in-fulfilment' },
    { name: 'requests pending approval', path: '/requests?status=pending-approval' },
    { name: 'requests of a region', path: '/requests?region=cn-north' },
    { name: 'requests of a business service', path: `/requests?businessServiceId=${pos}` },
    { name: 'requests of a department', path: `/requests?departmentId=${it}` },
    { name: 'requests of a scenario', path: '/requests?scenario=store-opening' },
    { name: 'overdue requests', path: '/requests?overdue=true' },
    { name: 'search requests: 门店', path: `/requests?q=${encodeURIComponent('门店')}`, search: true },
    { name: 'search requests: 深圳', path: `/requests?q=${encodeURIComponent('深圳')}`, search: true },
    { name: 'search requests: onboarding', path: '/requests?q=onboarding', search: true },
    { name: 'search requests: a name (王芳)', path: `/requests?q=${encodeURIComponent('王芳')}`, search: true },
    { name: 'search requests: a number', path: `/requests?q=REQ-${number.padStart(6, '0')}`, search: true },
    {
      name: 'search requests: 门店 in fulfilment',
      path: `/requests?q=${encodeURIComponent('门店')}&status=in-fulfilment`,
      search: true,
    },
    { name: 'tasks', path: '/tasks' },
    { name: 'tasks, second page', path: '/tasks', next: true },
    { name: 'my tasks', path: '/tasks?assignedTo=me' },
    { name: 'my open tasks', path: '/tasks?assignedTo=me&status=open' },
    { name: "my teams' tasks", path: '/tasks?assignedTo=my-teams' },
    { name: "my teams' open tasks", path: '/tasks?assignedTo=my-teams&status=open' },
    { name: 'open tasks', path: '/tasks?status=open' },
    { name: 'overdue tasks', path: '/tasks?overdue=true' },
    { name: 'tasks of a region', path: '/tasks?region=cn-north' },
    { name: 'tasks of a business service', path: `/tasks?businessServiceId=${pos}` },
    { name: 'tasks of a department', path: `/tasks?departmentId=${it}` },
    { name: 'search tasks: 门店', path: `/tasks?q=${encodeURIComponent('门店')}`, search: true },
    { name: 'search tasks: laptop', path: '/tasks?q=laptop', search: true },
    { name: "search tasks: HR's task name (社保)", path: `/tasks?q=${encodeURIComponent('社保')}`, search: true },
    { name: 'search tasks: a number', path: `/tasks?q=REQ-${number.padStart(6, '0')}`, search: true },
    { name: 'approvals waiting for me', path: '/approvals' },
    { name: 'approvals I approved', path: '/approvals?status=approved' },
    { name: 'approvals waiting for me, a region', path: '/approvals?region=cn-north' },
  ];
  return lists;
}

interface Measured {
  role: string;
  list: string;
  path: string;
  search: boolean;
  items: number;
  p50: number;
  p95: number;
  max: number;
  target: number;
  pass: boolean;
}

async function measure(b: RunningServices, role: Role, call: ListCall): Promise<Measured> {
  const base = `${b.gatewayUrl}/api/requests${call.path}`;
  let url = base;
  let items = 0;
  if (call.next) {
    const first = await get(base, role.token);
    const cursor = (JSON.parse(first.body) as { nextCursor: string | null }).nextCursor;
    if (cursor) url = `${base}${base.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
  }
  const latencies: number[] = [];
  for (let i = 0; i < CONFIG.warmup + CONFIG.samples; i++) {
    const sent = nowMs();
    const res = await get(url, role.token);
    const took = nowMs() - sent;
    if (res.status !== 200) throw new Error(`${role.name} ${call.path}: ${res.status} ${res.body.slice(0, 300)}`);
    if (i >= CONFIG.warmup) latencies.push(took);
    const body = JSON.parse(res.body) as { items?: unknown[] };
    items = body.items ? body.items.length : 1;
  }
  const s = summarize(latencies);
  const target = call.search ? TARGET_SEARCH_P95_MS : TARGET_LIST_P95_MS;
  return {
    role: role.name,
    list: call.name,
    path: call.path,
    search: Boolean(call.search),
    items,
    p50: s.p50,
    p95: s.p95,
    max: s.max,
    target,
    pass: s.p95 < target,
  };
}

function subjectOf(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
}

async function main(): Promise<void> {
  const log = benchLog;
  log('starting the gateway and the requests service, each as its own process');
  let b: RunningServices | undefined;
  try {
    b = await startGatewayAndRequests();
    log('waiting until the requests service has read the catalog topics to their end');
    await consumerCaughtUp(testInfra().brokers, b.requestsGroup);

    // Nobody: a requester's account under another name, who has asked for nothing.
    const gateway = new Client({ connectionString: b.gatewayDb.url });
    await gateway.connect();
    await gateway.query(
      `insert into user_account select (jsonb_populate_record(null::user_account, to_jsonb(u) || jsonb_build_object(
         'id', gen_random_uuid(), 'username', 'nobody.bench', 'display_name', 'Sees nothing (benchmark)', 'roles', '["requester"]'::jsonb, 'departments', '[]'::jsonb))).*
       from user_account u where u.username = 'requester.li'`,
    );
    await gateway.end();
    const roles: Role[] = [];
    for (const [name, username] of [
      ['requester', 'requester.li'],
      ['agent', 'agent.wang'],
      ['department admin', 'admin.it'],
      ['nobody', 'nobody.bench'],
    ]) {
      const token = await signIn(b.gatewayUrl, username);
      roles.push({ name, username, token, subject: subjectOf(token) });
    }
    const people: BenchPeople = {
      requester: roles[0].subject,
      agent: roles[1].subject,
      admin: roles[2].subject,
      nobody: roles[3].subject,
    };

    log(`loading ${fmtInt(CONFIG.size)} requests with their tasks and approvals into ${b.requestsDb.name}`);
    const db = new Client({ connectionString: b.requestsDb.url });
    await db.connect();
    let world: LoadedWorld;
    try {
      world = await loadRequestListsWorld(db, CONFIG.size, people, log);
    } finally {
      await db.end();
    }
    log(
      `loaded ${fmtInt(world.requests)} requests, ${fmtInt(world.tasks)} tasks, ${fmtInt(world.approvals)} approvals ` +
        `(requests ${world.seconds.requests.toFixed(0)} s, tasks and approvals ${world.seconds.tasksAndApprovals.toFixed(0)} s, indexes ${world.seconds.indexes.toFixed(0)} s)`,
    );

    // Baseline: a request read by id (the requester's own), through the gateway.
    const own = JSON.parse(
      (await get(`${b.gatewayUrl}/api/requests/requests?requester=me&limit=1`, roles[0].token)).body,
    ) as { items: { requestId: string }[] };
    const baseline = await measure(b, roles[0], {
      name: 'baseline: one request by id',
      path: `/requests/${own.items[0].requestId}`,
    });

    const results: Measured[] = [];
    for (const role of roles) {
      log(`measuring as ${role.name} (${role.username})`);
      for (const call of listsFor(world, role.name === 'requester' ? world.numbers.requesters : world.numbers.it))
        results.push(await measure(b, role, call));
    }

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const width = Math.max(...results.map((r) => r.list.length));
    const lines = [
      '',
      `requests: lists, queues, filters and search at ${fmtInt(world.requests)} requests (${fmtInt(world.tasks)} tasks, ${fmtInt(world.approvals)} approvals), through the gateway`,
      `  machine: ${cpus().length} cpu, node ${process.versions.node}; gateway, requests service and this client as separate processes, Postgres and Kafka shared`,
      `  ${CONFIG.samples} calls per list, one at a time; targets: list p95 < ${TARGET_LIST_P95_MS} ms, search p95 < ${TARGET_SEARCH_P95_MS} ms`,
      `  baseline, one request by id: p50 ${fmtMs(baseline.p50)} ms  p95 ${fmtMs(baseline.p95)} ms`,
    ];
    for (const role of roles) {
      lines.push(
        `as ${role.name} (${role.username})`,
        `  ${'list'.padEnd(width)}  items     p50     p95  p95/baseline`,
      );
      for (const r of results.filter((x) => x.role === role.name)) {
        lines.push(
          `  ${r.list.padEnd(width)}  ${String(r.items).padStart(5)}  ${fmtMs(r.p50).padStart(6)}  ${fmtMs(r.p95).padStart(6)}  ${(r.p95 / baseline.p95).toFixed(1).padStart(12)}  ${verdict(r.pass)}`,
        );
      }
    }
    const missed = results.filter((r) => !r.pass);
    lines.push(
      `${results.length - missed.length} of ${results.length} lists within their target${missed.length ? `; missed: ${missed.map((r) => `${r.role} / ${r.list}`).join(', ')}` : ''}`,
      '',
    );
    if (CONFIG.keep)
      lines.push(`kept: requests database ${b.requestsDb.name}, gateway database ${b.gatewayDb.name}`, '');
    process.stdout.write(lines.join('\n'));
    writeResults('request-lists', {
      benchmark: 'request-lists',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.versions.node },
      config: CONFIG,
      world: { requests: world.requests, tasks: world.tasks, approvals: world.approvals, loadSeconds: world.seconds },
      baseline,
      results,
      targets: {
        listP95Ms: TARGET_LIST_P95_MS,
        searchP95Ms: TARGET_SEARCH_P95_MS,
        passed: results.length - missed.length,
        missed: missed.length,
      },
    });
  } finally {
    callers.destroy();
    await stopGatewayAndRequests(b, CONFIG.keep);
  }
}

runBench(main);
