/**
 * Requests: submissions of the six-task store-opening offering through the gateway (run with
 * `./itsm bench requests-submission`).
 *
 * The real gateway (demo accounts, its own signing keys) and the real requests service run as their
 * own processes, as deployed, on their own databases, against the shared Postgres and Kafka; the
 * service verifies the gateway's tokens through its JWKS, as in production. This process only sends
 * the submissions and watches Kafka. The offering is the demo store opening
 * published as catalog events, WITHOUT its approval stage (see support/store-opening-catalog.ts), so
 * every submission fans out into six tasks at once: two open and are assigned, four wait blocked on
 * their dependencies (blocked tasks are not assigned until those are done).
 *
 * - Throughput: closed loop, BENCH_CONCURRENCY callers submitting back to back, BENCH_SUBMISSIONS
 *   in all; sustained submissions/s and HTTP latency (send -> 201 through the gateway).
 *   Baseline in the same run: the same submissions straight to the service, past the gateway.
 * - Fan-out at the target rate: open loop at BENCH_RATE/s for BENCH_SECONDS; HTTP latency, and
 *   submission -> all six tasks created and the open ones assigned, as seen by a Kafka consumer
 *   of the task topic (in a worker thread). Then the same at half the sustained rate, to show the
 *   latency when the service keeps up (above saturation the open loop only measures queueing).
 *
 * The user rate limit of the gateway is raised for the run (one platform admin sends everything).
 * Knobs: BENCH_SUBMISSIONS (2000), BENCH_CONCURRENCY (16), BENCH_RATE (200), BENCH_SECONDS (15),
 * BENCH_RESULTS_DIR, BENCH_PROFILE_DIR (CPU profiles of the two services).
 */
import { Agent, request as httpRequest } from 'node:http';
import { cpus } from 'node:os';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { DomainEvent, topicForType, toKafkaMessage } from '@itsm/contracts';
import { testInfra, uniqueName, waitUntil } from '@itsm/platform/testing';
import {
  consumerCaughtUp,
  RunningServices,
  signIn,
  startGatewayAndRequests,
  stopGatewayAndRequests,
} from './support/services';
import { benchLog, knob, runBench, writeResults } from './support/bench-run';
import { fmtInt, fmtMs, LatencySummary, nowMs, paced, rate, sleep, summarize } from './support/bench-stats';
import { OPEN_AT_SUBMISSION, storeOpeningCatalog, TASKS_PER_REQUEST } from './support/store-opening-catalog';
import { type Arrival, KafkaArrivals } from './support/kafka-arrivals';

const CONFIG = {
  submissions: knob('BENCH_SUBMISSIONS', 2_000),
  concurrency: knob('BENCH_CONCURRENCY', 16),
  rate: knob('BENCH_RATE', 200),
  seconds: knob('BENCH_SECONDS', 15),
  warmup: 200,
};
const TARGET_RATE = 200;
const TARGET_P99_MS = 200;
const TARGET_FANOUT_P99_MS = 500;
const TASK_TOPIC = 'itsm.requests.task.v1';

// ---------------------------------------------------------------------------------------------
// instruments

/** Per request: when each task event became visible on Kafka. */
class TaskArrivals extends KafkaArrivals {
  private readonly byRequest = new Map<
    string,
    { created: Set<string>; assigned: Set<string>; doneAt: number | null }
  >();

  constructor(data: { brokers: string[]; topic: string; groupId: string }) {
    super({ ...data, fields: ['requestId', 'key'] });
  }

  protected arrived([, type, [requestId, key], at]: Arrival): void {
    if (!requestId) return;
    const r = this.byRequest.get(requestId) ?? {
      created: new Set<string>(),
      assigned: new Set<string>(),
      doneAt: null,
    };
    this.byRequest.set(requestId, r);
    // itsm.requests.task.<event>.v1
    const event = type.split('.')[3];
    if (event === 'created') r.created.add(key);
    if (event === 'assigned') r.assigned.add(key);
    if (r.doneAt === null && r.created.size === TASKS_PER_REQUEST && OPEN_AT_SUBMISSION.every((k) => r.assigned.has(k)))
      r.doneAt = at;
  }

  /** When the request's six tasks were all created and the open ones assigned; null if not yet. */
  fannedOutAt(requestId: string): number | null {
    return this.byRequest.get(requestId)?.doneAt ?? null;
  }
}

// ---------------------------------------------------------------------------------------------
// setup

/** The services (`requestsUrl`, past the gateway, is the baseline), the offering and a platform admin's token. */
interface Bench extends RunningServices {
  offeringId: string;
  token: string;
}

async function publish(events: DomainEvent[], brokers: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: uniqueName('bench-catalog'), brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  try {
    const byTopic = new Map<string, DomainEvent[]>();
    for (const e of events) byTopic.set(topicForType(e.type)!, [...(byTopic.get(topicForType(e.type)!) ?? []), e]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map((e) => toKafkaMessage(e)) })),
    });
  } finally {
    await producer.disconnect();
  }
}

async function setup(log: (m: string) => void): Promise<Bench> {
  const { brokers } = testInfra();
  const b = await startGatewayAndRequests();
  try {
    log('publishing the store-opening offering as catalog events');
    const catalog = storeOpeningCatalog();
    await publish(catalog.events, brokers);
    const db = new Client({ connectionString: b.requestsDb.url });
    await db.connect();
    try {
      await waitUntil(
        async () => {
          const { rows } = await db.query(
            'select (select count(*) from catalog_offering_version where offering_id = $1)::int as versions, (select count(*) from catalog_team where id = any($2::uuid[]))::int as teams',
            [catalog.offeringId, catalog.teamIds],
          );
          return rows[0].versions === 1 && rows[0].teams === catalog.teamIds.length;
        },
        120_000,
        'the catalog projection of the bench offering',
      );
    } finally {
      await db.end();
    }

    // A broker that served test runs holds their catalogs: the service reads them all from the
    // beginning, and that must be over before anything is measured.
    log('waiting until the requests service has read the catalog topics to their end');
    await consumerCaughtUp(brokers, b.requestsGroup);
    return { ...b, offeringId: catalog.offeringId, token: await signIn(b.gatewayUrl, 'platform.admin') };
  } catch (err) {
    await stopGatewayAndRequests(b);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// phases

const REGIONS = ['cn-south', 'cn-east', 'cn-north'];
let serial = 0;

function submission(offeringId: string) {
  const n = serial++;
  return {
    offeringId,
    formData: {
      storeName: `门店 ${n}`,
      storeCode: `SZ${String(n % 10_000).padStart(4, '0')}`,
      region: REGIONS[n % REGIONS.length],
      address: `深圳市南山区科技园 ${n} 号`,
      openingDate: '2027-09-01',
      posCount: 6,
      cameraCount: 16,
    },
  };
}

// The load generator shares the two cores with what it measures: node:http with keep-alive costs
// it about half of what fetch does per call.
const callers = new Agent({ keepAlive: true });

function post(url: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: callers,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One submission through the gateway: the new request's id and the time until the 201. */
async function submit(b: Bench, direct = false): Promise<{ requestId: string; sentAt: number; latency: number }> {
  const sentAt = nowMs();
  const res = await post(
    direct ? `${b.requestsUrl}/requests` : `${b.gatewayUrl}/api/requests/requests`,
    b.token,
    JSON.stringify(submission(b.offeringId)),
  );
  const latency = nowMs() - sentAt;
  const { requestId } = JSON.parse(res.body) as { requestId?: string };
  if (res.status !== 201 || !requestId) throw new Error(`submission failed: ${res.status} ${res.body.slice(0, 500)}`);
  return { requestId, sentAt, latency };
}

async function closedLoop(b: Bench, count: number, concurrency: number, direct = false) {
  const latencies: number[] = [];
  let next = 0;
  const started = nowMs();
  const loop = async () => {
    while (next++ < count) latencies.push((await submit(b, direct)).latency);
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { submissions: count, concurrency, perSecond: rate(count, nowMs() - started), httpMs: summarize(latencies) };
}

async function atRate(b: Bench, arrivals: TaskArrivals, perSecond: number) {
  const count = Math.max(1, Math.round(perSecond * CONFIG.seconds));
  const sent: { requestId: string; sentAt: number; latency: number }[] = [];
  const inFlight: Promise<void>[] = [];
  const started = nowMs();
  // Each submission's failure is held by its promise until all are in: an unhandled rejection
  // meanwhile would end this process without stopping the services it started.
  await paced(perSecond, count, () => {
    const submitted = submit(b).then((s) => void sent.push(s));
    submitted.catch(() => undefined);
    inFlight.push(submitted);
  });
  await Promise.all(inFlight);
  const achieved = rate(count, nowMs() - started);
  const deadline = Date.now() + 60_000;
  const pending = () => sent.filter((s) => arrivals.fannedOutAt(s.requestId) === null).length;
  while (pending() > 0 && Date.now() < deadline) await sleep(100);
  const fannedOut = sent.filter((s) => arrivals.fannedOutAt(s.requestId) !== null);
  return {
    submissions: count,
    targetRate: perSecond,
    achievedRate: achieved,
    httpMs: summarize(sent.map((s) => s.latency)),
    fanOutMs: summarize(fannedOut.map((s) => arrivals.fannedOutAt(s.requestId)! - s.sentAt)),
    notFannedOut: pending(),
  };
}

function latencyLine(s: LatencySummary): string {
  return `p50 ${fmtMs(s.p50)} ms  p95 ${fmtMs(s.p95)} ms  p99 ${fmtMs(s.p99)} ms  max ${fmtMs(s.max)} ms`;
}

async function main(): Promise<void> {
  const log = benchLog;
  log('starting the gateway and the requests service, each as its own process');
  let b: Bench | undefined;
  let arrivals: TaskArrivals | undefined;
  try {
    b = await setup(log);
    arrivals = new TaskArrivals({
      brokers: testInfra().brokers,
      topic: TASK_TOPIC,
      groupId: uniqueName('bench-task-events'),
    });
    await arrivals.start();

    log(`warm-up: ${CONFIG.warmup} submissions`);
    await closedLoop(b, CONFIG.warmup, 4);
    log(`throughput: ${fmtInt(CONFIG.submissions)} submissions, ${CONFIG.concurrency} concurrent callers`);
    const throughput = await closedLoop(b, CONFIG.submissions, CONFIG.concurrency);
    log(`baseline: the same submissions straight to the service, past the gateway`);
    const direct = await closedLoop(b, CONFIG.submissions, CONFIG.concurrency, true);
    // Let the outbox relay catch up before each paced phase, so the phases do not overlap.
    await sleep(3_000);
    log(`fan-out at ${CONFIG.rate}/s for ${CONFIG.seconds} s`);
    const paced = await atRate(b, arrivals, CONFIG.rate);
    await sleep(3_000);
    // Below saturation: what latency and fan-out look like when the service keeps up.
    const halfRate = Math.max(1, Math.floor(throughput.perSecond / 2));
    log(`fan-out at ${halfRate}/s (half the sustained rate) for ${CONFIG.seconds} s`);
    const unsaturated = await atRate(b, arrivals, halfRate);

    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const ratePass = throughput.perSecond >= TARGET_RATE;
    const p99 = paced.httpMs.p99;
    const p99Pass = p99 < TARGET_P99_MS;
    const fanOutP99 = paced.fanOutMs.p99;
    const fanOutPass = fanOutP99 < TARGET_FANOUT_P99_MS && paced.notFannedOut === 0;
    const lines = [
      '',
      'requests: submissions of the six-task store-opening offering through the gateway (no approval stage)',
      `  machine: ${cpus().length} cpu, node ${process.versions.node}; gateway, requests service and this load generator as separate processes, Postgres and Kafka shared`,
      `throughput (${fmtInt(throughput.submissions)} submissions, ${throughput.concurrency} concurrent callers, closed loop)`,
      `  sustained ${fmtInt(throughput.perSecond)} submissions/s (target >= ${TARGET_RATE}, ratio ${(throughput.perSecond / TARGET_RATE).toFixed(2)})  ${verdict(ratePass)}`,
      `  send -> 201          ${latencyLine(throughput.httpMs)}`,
      `  baseline, straight to the service: ${fmtInt(direct.perSecond)} submissions/s, ${latencyLine(direct.httpMs)}; through the gateway / direct ${(throughput.perSecond / direct.perSecond).toFixed(2)}`,
      `at ${fmtInt(CONFIG.rate)} submissions/s for ${CONFIG.seconds} s (open loop; achieved ${fmtInt(paced.achievedRate)}/s)`,
      `  send -> 201          ${latencyLine(paced.httpMs)}`,
      `  p99 ${fmtMs(p99)} ms (target < ${TARGET_P99_MS} ms, ratio ${(p99 / TARGET_P99_MS).toFixed(2)})  ${verdict(p99Pass)}`,
      `  send -> 6 tasks created, open ones assigned (visible on Kafka)  ${latencyLine(paced.fanOutMs)}${paced.notFannedOut ? `  (${paced.notFannedOut} never complete)` : ''}`,
      `  p99 ${fmtMs(fanOutP99)} ms (target < ${TARGET_FANOUT_P99_MS} ms, ratio ${(fanOutP99 / TARGET_FANOUT_P99_MS).toFixed(2)})  ${verdict(fanOutPass)}`,
      `at ${fmtInt(unsaturated.targetRate)} submissions/s (half the sustained rate; achieved ${fmtInt(unsaturated.achievedRate)}/s), for comparison`,
      `  send -> 201          ${latencyLine(unsaturated.httpMs)}`,
      `  send -> fanned out   ${latencyLine(unsaturated.fanOutMs)}${unsaturated.notFannedOut ? `  (${unsaturated.notFannedOut} never complete)` : ''}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));

    const results = {
      benchmark: 'requests-submission',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.versions.node },
      config: CONFIG,
      throughput,
      direct,
      paced,
      unsaturated,
      targets: {
        submissionsPerSecond: {
          target: TARGET_RATE,
          value: throughput.perSecond,
          ratio: throughput.perSecond / TARGET_RATE,
          pass: ratePass,
        },
        httpP99Ms: { target: TARGET_P99_MS, value: p99, ratio: p99 / TARGET_P99_MS, pass: p99Pass },
        fanOutP99Ms: {
          target: TARGET_FANOUT_P99_MS,
          value: fanOutP99,
          ratio: fanOutP99 / TARGET_FANOUT_P99_MS,
          pass: fanOutPass,
          measure: 'send -> six tasks created and the two open ones assigned, on Kafka',
        },
      },
    };
    writeResults('requests-submission', results);
  } finally {
    callers.destroy();
    await arrivals?.stop().catch(() => undefined);
    await stopGatewayAndRequests(b);
  }
}

runBench(main);
