/**
 * Outbox relay vs a raw kafkajs producer, same run, same broker (run with `./itsm bench`).
 *
 * Throughput: N events committed by concurrent writers (one event per transaction, through
 * Outbox.append) while the OutboxRelay publishes them; rate = N / (first commit .. last broker ack).
 * Beside it: the relay draining an N-row backlog (its own ceiling, without the writers), and a raw
 * idempotent kafkajs producer sending the same messages, in batches like the relay's and one by one.
 * Latency: events committed at a fixed rate; commit → visible to a Kafka consumer (read in a worker
 * thread), and for the raw producer send() call → visible.
 *
 * Knobs (environment): BENCH_EVENTS (50000), BENCH_WRITERS (8), BENCH_RATE (1000 /s),
 * BENCH_SECONDS (20), BENCH_TEAMS (1000), BENCH_SINGLE_EVENTS (10000), BENCH_RESULTS_DIR.
 */
import { cpus } from 'node:os';
import { IHeaders, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createEvent, DomainEvent, TeamChangedV1, TeamChangedV1Data, toKafkaMessage, TOPICS } from '@itsm/contracts';
import { createDataSource, newId } from '@itsm/platform/database';
import { createIdempotentProducer, createKafka, Outbox, OutboxRelay } from '@itsm/platform/messaging';
import { createTestDatabase, TestDatabase, testInfra, uniqueName, waitUntil } from '@itsm/platform/testing';
import { type Arrival, KafkaArrivals } from './support/kafka-arrivals';
import { benchLog, knob, runBench, writeResults } from './support/bench-run';
import { fmtInt, fmtMs, LatencySummary, nowMs, paced, rate, sleep, summarize } from './support/bench-stats';

const CONFIG = {
  events: knob('BENCH_EVENTS', 50_000),
  writers: knob('BENCH_WRITERS', 8),
  rate: knob('BENCH_RATE', 1_000),
  seconds: knob('BENCH_SECONDS', 20),
  teams: knob('BENCH_TEAMS', 1_000),
  singleEvents: knob('BENCH_SINGLE_EVENTS', 10_000),
  relayBatchSize: 500, // the relay's default, used by the services
  warmupEvents: 1_000,
};
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;

interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// events: real TeamChangedV1 events (validated by the contract), many distinct aggregates

const REGIONS = ['cn-south', 'cn-north', 'cn-east', 'cn-west', 'hk', 'sg'];
const SURNAMES = ['张', '王', '李', '陈', '刘', '杨', '黄', '周'];
const GIVEN = ['敏', '伟', '芳', '娜', '强', '磊', '洋', '静'];

function teams(count: number): TeamChangedV1Data[] {
  const departmentIds = Array.from({ length: 20 }, () => newId());
  return Array.from({ length: count }, (_, t) => {
    const members = Array.from({ length: 2 + (t % 7) }, (_, m) => {
      const n = t * 10 + m;
      return {
        userId: `u-${100000 + n}`,
        displayName: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n >> 3) % GIVEN.length]}`,
        email: `user${100000 + n}@example.com`,
        role: m === 0 ? ('lead' as const) : ('member' as const),
      };
    });
    return {
      teamId: newId(),
      code: `team-${t}`,
      departmentId: departmentIds[t % departmentIds.length],
      name: { 'zh-CN': `第${t}支持组`, en: `Support team ${t}` },
      regions: REGIONS.slice(t % 3, (t % 3) + 1 + (t % 4)),
      members,
      archived: false,
      updatedAt: new Date().toISOString(),
    };
  });
}

function makeEvents(source: TeamChangedV1Data[], count: number): DomainEvent[] {
  const base = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const team = source[i % source.length];
    return createEvent(TeamChangedV1, team.teamId, { ...team, updatedAt: new Date(base + i).toISOString() });
  });
}

function asMessage(event: DomainEvent): OutgoingMessage {
  const m = toKafkaMessage(event);
  return { key: m.key, value: m.value.toString('utf8'), headers: m.headers };
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return v === undefined ? undefined : (Array.isArray(v) ? v[0] : v).toString();
}

// ---------------------------------------------------------------------------------------------
// instruments

/** Wraps a producer's sendBatch: broker ack time per ce_id, and how long each relay cycle spent sending. */
class AckProbe {
  readonly ackedAt = new Map<string, number>();
  duplicates = 0;
  readonly batches: { size: number; startedAt: number; endedAt: number }[] = [];

  /** Wraps a producer's sendBatch to record when each event was acknowledged. */
  watch(producer: Producer): Producer {
    const sendBatch = producer.sendBatch.bind(producer);
    producer.sendBatch = async (batch) => {
      const startedAt = nowMs();
      const result = await sendBatch(batch);
      const endedAt = nowMs();
      let size = 0;
      for (const { messages } of batch.topicMessages ?? []) {
        for (const m of messages) {
          size++;
          const id = headerText(m.headers, 'ce_id');
          if (!id) continue;
          if (this.ackedAt.has(id)) this.duplicates++;
          this.ackedAt.set(id, endedAt);
        }
      }
      this.batches.push({ size, startedAt, endedAt });
      return result;
    };
    return producer;
  }

  countOf(ids: Iterable<string>): number {
    let n = 0;
    for (const id of ids) if (this.ackedAt.has(id)) n++;
    return n;
  }

  reset(): void {
    this.ackedAt.clear();
    this.batches.length = 0;
    this.duplicates = 0;
  }

  /** Per relay cycle: events sent, time in sendBatch, time between sends (database work + JS). */
  cycles(): { batches: number; meanBatch: number; meanSendMs: number; meanBetweenMs: number } {
    const b = this.batches;
    const between = b.slice(1).map((x, i) => x.startedAt - b[i].endedAt);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : NaN);
    return {
      batches: b.length,
      meanBatch: mean(b.map((x) => x.size)),
      meanSendMs: mean(b.map((x) => x.endedAt - x.startedAt)),
      meanBetweenMs: mean(between),
    };
  }
}

/** When each event (by ce_id) first became visible on the topic. */
class Arrivals extends KafkaArrivals {
  readonly seenAt = new Map<string, number>();

  protected arrived([id, , , at]: Arrival): void {
    if (!this.seenAt.has(id)) this.seenAt.set(id, at);
  }
}

// ---------------------------------------------------------------------------------------------
// phases

interface Bench {
  db: TestDatabase;
  ds: DataSource;
  topic: string;
  brokers: string[];
  outbox: Outbox;
  events: DomainEvent[];
  messages: OutgoingMessage[];
  teamData: TeamChangedV1Data[];
}

interface RelayHandle {
  relay: OutboxRelay;
  probe: AckProbe;
}

async function startRelay(b: Bench): Promise<RelayHandle> {
  const kafka = createKafka({ brokers: b.brokers, clientId: uniqueName('bench-relay') });
  const probe = new AckProbe();
  const relay = new OutboxRelay({
    dataSource: b.ds,
    createProducer: () => probe.watch(createIdempotentProducer(kafka)),
    databaseUrl: b.db.url,
    batchSize: CONFIG.relayBatchSize,
  });
  await relay.start();
  return { relay, probe };
}

function commitOne(b: Bench, event: DomainEvent): Promise<void> {
  return b.ds.transaction((manager) => b.outbox.append(manager, event));
}

/** `writers` concurrent loops, each committing one event per transaction; returns commit times. */
async function writeConcurrently(b: Bench, events: DomainEvent[], writers: number): Promise<Map<string, number>> {
  const committedAt = new Map<string, number>();
  let next = 0;
  const loop = async () => {
    for (let i = next++; i < events.length; i = next++) {
      await commitOne(b, events[i]);
      committedAt.set(events[i].id, nowMs());
    }
  };
  await Promise.all(Array.from({ length: writers }, loop));
  return committedAt;
}

async function waitAcked(probe: AckProbe, ids: string[], label: string): Promise<void> {
  await waitUntil(() => probe.countOf(ids) === ids.length, 120_000 + ids.length * 10, label);
}

async function relayThroughput(b: Bench, h: RelayHandle) {
  const warm = makeEvents(b.teamData, CONFIG.warmupEvents);
  await writeConcurrently(b, warm, CONFIG.writers);
  await waitAcked(
    h.probe,
    warm.map((e) => e.id),
    'relay warm-up',
  );
  h.probe.reset();

  const ids = b.events.map((e) => e.id);
  const started = nowMs();
  const committedAt = await writeConcurrently(b, b.events, CONFIG.writers);
  const lastCommit = nowMs();
  await waitAcked(h.probe, ids, 'relay acks');
  const commits = [...committedAt.values()];
  const acks = ids.map((id) => h.probe.ackedAt.get(id)!);
  const firstCommit = commits.reduce((a, v) => Math.min(a, v), Infinity);
  const lastAck = acks.reduce((a, v) => Math.max(a, v), 0);
  return {
    events: ids.length,
    writers: CONFIG.writers,
    eventsPerSecond: rate(ids.length, lastAck - firstCommit),
    writerCommitsPerSecond: rate(ids.length, lastCommit - started),
    lastAckAfterLastCommitMs: lastAck - lastCommit,
    commitToAckMs: summarize(ids.map((id) => h.probe.ackedAt.get(id)! - committedAt.get(id)!)),
    duplicates: h.probe.duplicates,
    cycles: h.probe.cycles(),
  };
}

async function relayDrain(b: Bench, h: RelayHandle) {
  await h.relay.stop();
  const events = makeEvents(b.teamData, CONFIG.events);
  for (let i = 0; i < events.length; i += CONFIG.relayBatchSize) {
    const chunk = events.slice(i, i + CONFIG.relayBatchSize);
    await b.ds.transaction((manager) => b.outbox.append(manager, chunk));
  }
  const fresh = await startRelay(b);
  const ids = events.map((e) => e.id);
  await waitAcked(fresh.probe, ids, 'relay drain');
  // From the first send on: the producer's connect is not the relay's steady state.
  const first = fresh.probe.batches[0].startedAt;
  const last = ids.reduce((a, id) => Math.max(a, fresh.probe.ackedAt.get(id)!), 0);
  const result = { events: ids.length, eventsPerSecond: rate(ids.length, last - first), cycles: fresh.probe.cycles() };
  fresh.probe.reset();
  return { result, handle: fresh };
}

function rawProducer(b: Bench): Producer {
  // The same settings as the platform's idempotent producer: acks=all, one request in flight.
  const kafka = new Kafka({ clientId: uniqueName('bench-raw'), brokers: b.brokers, logLevel: logLevel.ERROR });
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

async function rawBatches(b: Bench, producer: Producer, messages: OutgoingMessage[]) {
  const started = nowMs();
  for (let i = 0; i < messages.length; i += CONFIG.relayBatchSize) {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: b.topic, messages: messages.slice(i, i + CONFIG.relayBatchSize) }],
    });
  }
  return {
    events: messages.length,
    batchSize: CONFIG.relayBatchSize,
    eventsPerSecond: rate(messages.length, nowMs() - started),
  };
}

async function rawSingles(b: Bench, producer: Producer, messages: OutgoingMessage[], concurrency: number) {
  let next = 0;
  const started = nowMs();
  const loop = async () => {
    for (let i = next++; i < messages.length; i = next++) {
      await producer.send({ topic: b.topic, acks: -1, messages: [messages[i]] });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { events: messages.length, concurrency, eventsPerSecond: rate(messages.length, nowMs() - started) };
}

async function waitVisible(arrivals: Arrivals, ids: string[]): Promise<number> {
  const deadline = Date.now() + 30_000;
  const seen = () => ids.filter((id) => arrivals.seenAt.has(id)).length;
  while (seen() < ids.length && Date.now() < deadline) await sleep(100);
  return ids.length - seen();
}

async function relayLatency(b: Bench, h: RelayHandle, arrivals: Arrivals) {
  const events = makeEvents(b.teamData, CONFIG.rate * CONFIG.seconds);
  const committedAt = new Map<string, number>();
  const commitWait: number[] = [];
  const inFlight: Promise<void>[] = [];
  const started = nowMs();
  await paced(CONFIG.rate, events.length, (i, scheduledAt) => {
    const event = events[i];
    inFlight.push(
      commitOne(b, event).then(() => {
        const at = nowMs();
        committedAt.set(event.id, at);
        commitWait.push(at - scheduledAt);
      }),
    );
  });
  await Promise.all(inFlight);
  const achieved = rate(events.length, nowMs() - started);
  const ids = events.map((e) => e.id);
  const missing = await waitVisible(arrivals, ids);
  await waitAcked(h.probe, ids, 'relay acks (latency phase)');
  const visible = ids.filter((id) => arrivals.seenAt.has(id));
  return {
    events: events.length,
    targetRate: CONFIG.rate,
    achievedRate: achieved,
    commitToVisibleMs: summarize(visible.map((id) => arrivals.seenAt.get(id)! - committedAt.get(id)!)),
    commitToAckMs: summarize(ids.map((id) => h.probe.ackedAt.get(id)! - committedAt.get(id)!)),
    scheduleToCommitMs: summarize(commitWait),
    notVisible: missing,
    cycles: h.probe.cycles(),
  };
}

async function rawLatency(b: Bench, producer: Producer, arrivals: Arrivals) {
  const events = makeEvents(b.teamData, CONFIG.rate * CONFIG.seconds);
  const messages = events.map(asMessage);
  const sentAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const inFlight: Promise<void>[] = [];
  const started = nowMs();
  await paced(CONFIG.rate, events.length, (i) => {
    const id = events[i].id;
    sentAt.set(id, nowMs());
    inFlight.push(
      producer.send({ topic: b.topic, acks: -1, messages: [messages[i]] }).then(() => void ackedAt.set(id, nowMs())),
    );
  });
  await Promise.all(inFlight);
  const achieved = rate(events.length, nowMs() - started);
  const ids = events.map((e) => e.id);
  const missing = await waitVisible(arrivals, ids);
  const visible = ids.filter((id) => arrivals.seenAt.has(id));
  return {
    events: events.length,
    targetRate: CONFIG.rate,
    achievedRate: achieved,
    sendToVisibleMs: summarize(visible.map((id) => arrivals.seenAt.get(id)! - sentAt.get(id)!)),
    sendToAckMs: summarize(ids.map((id) => ackedAt.get(id)! - sentAt.get(id)!)),
    notVisible: missing,
  };
}

// ---------------------------------------------------------------------------------------------

async function setup(): Promise<Bench> {
  const { brokers } = testInfra();
  const db = await createTestDatabase('bench_outbox');
  const ds = createDataSource({
    url: db.url,
    entities: [],
    migrations: [],
    poolSize: CONFIG.writers + 4,
    applicationName: 'outbox-bench',
  });
  await ds.initialize();
  await ds.runMigrations();

  // A topic of this run, partitioned like the real one: consumers of other jobs on the shared
  // catalog topic would otherwise get 100,000+ benchmark events. The outbox resolves the topic from
  // the contract registry, so the row's topic is rewritten in this throwaway database only.
  const real = TOPICS.find((t) => t.name === TeamChangedV1.topic)!;
  const topic = `${real.name}.bench-${uniqueName('r').slice(2)}`.replace(/_/g, '-');
  await ds.query(`
    create function bench_topic() returns trigger language plpgsql as $$
    begin new.topic := '${topic}'; return new; end $$`);
  await ds.query(
    'create trigger bench_topic before insert on outbox_event for each row execute function bench_topic()',
  );
  const admin = new Kafka({ clientId: uniqueName('bench-admin'), brokers, logLevel: logLevel.ERROR }).admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: real.partitions, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();

  const teamData = teams(CONFIG.teams);
  const events = makeEvents(teamData, CONFIG.events);
  return { db, ds, topic, brokers, outbox: new Outbox(), events, messages: events.map(asMessage), teamData };
}

async function teardown(b: Bench): Promise<void> {
  await b.ds.destroy().catch(() => undefined);
  await b.db.drop().catch(() => undefined);
  const admin = new Kafka({
    clientId: uniqueName('bench-admin'),
    brokers: b.brokers,
    logLevel: logLevel.ERROR,
  }).admin();
  await admin
    .connect()
    .then(() => admin.deleteTopics({ topics: [b.topic] }))
    .catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
}

function latencyLine(s: LatencySummary): string {
  return `p50 ${fmtMs(s.p50)} ms  p95 ${fmtMs(s.p95)} ms  p99 ${fmtMs(s.p99)} ms  max ${fmtMs(s.max)} ms`;
}

async function main(): Promise<void> {
  const log = benchLog;
  log(`setting up (${fmtInt(CONFIG.events)} events, ${CONFIG.teams} teams)`);
  const b = await setup();
  const [{ fsync }] = await b.ds.query('show fsync');
  const [{ synchronous_commit: syncCommit }] = await b.ds.query('show synchronous_commit');
  let handle: RelayHandle | undefined;
  let raw: Producer | undefined;
  let arrivals: Arrivals | undefined;
  try {
    log('raw producer: batches and single sends');
    raw = rawProducer(b);
    await raw.connect();
    await rawBatches(b, raw, b.messages.slice(0, CONFIG.warmupEvents));
    const rawBatch = await rawBatches(b, raw, b.messages);
    const rawSingle = await rawSingles(b, raw, b.messages.slice(0, CONFIG.singleEvents), CONFIG.writers);

    log(`relay: ${CONFIG.writers} writers committing one event per transaction`);
    handle = await startRelay(b);
    const relay = await relayThroughput(b, handle);

    log('relay: draining a backlog');
    const drain = await relayDrain(b, handle);
    handle = drain.handle;

    log(`latency at ${CONFIG.rate}/s for ${CONFIG.seconds} s: relay, then raw producer`);
    arrivals = new Arrivals({ brokers: b.brokers, topic: b.topic, groupId: uniqueName('bench-arrivals') });
    await arrivals.start();
    const relayLat = await relayLatency(b, handle, arrivals);
    const rawLat = await rawLatency(b, raw, arrivals);

    // The relay's throughput is what it sustains while there is work: draining a 50,000-event
    // backlog. With live writers the rate is set by Postgres commits (8 one-event transactions with
    // fsync), not by the relay, which keeps up (see "last ack after last commit").
    const drainRatio = drain.result.eventsPerSecond / rawBatch.eventsPerSecond;
    const ratioPass = drainRatio >= TARGET_RATIO;
    const ratio = relay.eventsPerSecond / rawBatch.eventsPerSecond;
    const singlesRatio = relay.eventsPerSecond / rawSingle.eventsPerSecond;
    const p99 = relayLat.commitToVisibleMs.p99;
    const p99Pass = p99 < TARGET_P99_MS && relayLat.notVisible === 0;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

    const lines = [
      '',
      'outbox relay vs raw kafkajs producer (same run, same broker; idempotent producers, acks=all)',
      `  machine: ${cpus().length} cpu, node ${process.versions.node}, postgres fsync=${fsync} synchronous_commit=${syncCommit}`,
      `throughput (${fmtInt(relay.events)} events, ${relay.writers} writers x 1 event/transaction)`,
      `  relay sustained ${fmtInt(drain.result.eventsPerSecond).padStart(7)} ev/s   publishing a ${fmtInt(drain.result.events)}-event backlog (batches of ${fmtMs(drain.result.cycles.meanBatch)}: per cycle: sendBatch ${fmtMs(drain.result.cycles.meanSendMs)} ms + database and JS ${fmtMs(drain.result.cycles.meanBetweenMs)} ms)`,
      `  with writers    ${fmtInt(relay.eventsPerSecond).padStart(7)} ev/s   first commit -> last broker ack; bounded by the writers' commits (${fmtInt(relay.writerCommitsPerSecond)}/s), the relay kept up: last ack ${fmtMs(relay.lastAckAfterLastCommitMs)} ms after last commit`,
      `  raw batches     ${fmtInt(rawBatch.eventsPerSecond).padStart(7)} ev/s   sendBatch of ${rawBatch.batchSize}, one at a time`,
      `  raw singles     ${fmtInt(rawSingle.eventsPerSecond).padStart(7)} ev/s   send() of 1, ${rawSingle.concurrency} concurrent (${fmtInt(rawSingle.events)} events)`,
      `  ratio relay sustained / raw batches ${drainRatio.toFixed(2)} (target >= ${TARGET_RATIO})  ${verdict(ratioPass)}   [with writers / raw batches ${ratio.toFixed(2)}, with writers / raw singles ${singlesRatio.toFixed(2)}]`,
      `latency at ${fmtInt(CONFIG.rate)} events/s for ${CONFIG.seconds} s (time until a consumer sees the event)`,
      `  relay  commit -> visible   ${latencyLine(relayLat.commitToVisibleMs)}   (achieved ${fmtInt(relayLat.achievedRate)}/s${relayLat.notVisible ? `, ${relayLat.notVisible} never seen` : ''})`,
      `  raw    send   -> visible   ${latencyLine(rawLat.sendToVisibleMs)}   (achieved ${fmtInt(rawLat.achievedRate)}/s${rawLat.notVisible ? `, ${rawLat.notVisible} never seen` : ''})`,
      `  relay p99 ${fmtMs(p99)} ms (target < ${TARGET_P99_MS} ms)  ${verdict(p99Pass)}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));

    const results = {
      benchmark: 'outbox-relay',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.versions.node, postgres: { fsync, synchronousCommit: syncCommit } },
      config: CONFIG,
      throughput: {
        relay,
        relayDrain: drain.result,
        rawBatches: rawBatch,
        rawSingles: rawSingle,
        ratio,
        drainRatio,
        singlesRatio,
      },
      latency: { relay: relayLat, raw: rawLat },
      targets: {
        throughputRatio: {
          target: TARGET_RATIO,
          value: drainRatio,
          pass: ratioPass,
          measure: 'relay sustained (backlog) / raw batches',
        },
        relayP99Ms: { target: TARGET_P99_MS, value: p99, pass: p99Pass },
      },
    };
    writeResults('outbox-relay', results);
  } finally {
    await arrivals?.stop().catch(() => undefined);
    await handle?.relay.stop().catch(() => undefined);
    await raw?.disconnect().catch(() => undefined);
    await teardown(b);
  }
}

runBench(main);
