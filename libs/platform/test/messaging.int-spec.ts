import { Controller, INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { newId } from '../src/database';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import {
  createEvent,
  deadLetterTopic,
  DomainEvent,
  TeamChangedV1,
  TeamChangedV1Data,
  toKafkaMessage,
} from '@itsm/contracts';
import { Outbox, outboxCommits, ReceivedEvent } from '../src/messaging';
import { team } from './team-event';
import { PlatformModule, createServiceApp } from '../src/service';
import {
  createTestDatabase,
  startTestTracing,
  TestDatabase,
  testInfra,
  TopicReader,
  uniqueName,
  waitUntil,
} from '../src/testing';

class ReceivedTeams1763800009000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'create table received_team (event_id uuid not null, team_id uuid not null, name text not null, received_at timestamptz default clock_timestamp())',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table received_team');
  }
}

const deadlocksLeft = new Map<string, number>();

/** A consumer like a service's: it writes through the delivery's transaction, and fails on 'poison'. */
@Controller()
class TeamProjectionConsumer {
  @EventPattern(TeamChangedV1.type)
  async onTeamChanged(@Payload() { event, manager }: ReceivedEvent<TeamChangedV1Data>) {
    if (event.data.name.en === 'poison') throw new Error('cannot project a poisoned team');
    const deadlocks = deadlocksLeft.get(event.id) ?? 0;
    if (deadlocks > 0) {
      deadlocksLeft.set(event.id, deadlocks - 1);
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    }
    await manager.query('insert into received_team (event_id, team_id, name) values ($1, $2, $3)', [
      event.id,
      event.data.teamId,
      event.data.name.en,
    ]);
  }
}

describe('messaging: idempotent consumer, bounded retries and dead-lettering (real Postgres and Kafka)', () => {
  const MAX_ATTEMPTS = 3;
  let db: TestDatabase;
  let app: INestApplication;
  let producer: Producer;
  let dataSource: DataSource;
  let dlq: TopicReader;
  const groupId = uniqueName('messaging-test');

  const spans = startTestTracing('messaging-test');

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    @Module({
      imports: [
        PlatformModule.forRoot({
          serviceName: 'messaging-test',
          logLevel: 'error',
          database: { url: db.url, entities: [], migrations: [ReceivedTeams1763800009000] },
          messaging: { brokers: testInfra().brokers, groupId, maxDeliveryAttempts: MAX_ATTEMPTS, retryBackoffMs: 20 },
          // Never fetched: this app has only open routes (health, metrics) and event handlers.
          auth: { issuer: 'itsm-gateway', audience: 'itsm', jwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json' },
        }),
      ],
      controllers: [TeamProjectionConsumer],
    })
    class TestAppModule {}

    app = await createServiceApp(TestAppModule, {
      serviceName: 'messaging-test',
      bodyLimit: '100kb',
      openApi: { title: 't', description: 't', version: '1' },
      consumeEvents: true,
    });
    await app.init();
    dataSource = app.get(DataSource);
    dlq = await new TopicReader(testInfra().brokers, [deadLetterTopic(TeamChangedV1.topic)]).start();
    const kafka = new Kafka({
      clientId: uniqueName('producer'),
      brokers: testInfra().brokers,
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.stop();
    await app?.close();
    await db?.drop();
  });

  const send = (...events: DomainEvent[]) =>
    producer.send({ topic: TeamChangedV1.topic, acks: -1, messages: events.map(toKafkaMessage) });
  const rowsFor = async (teamId: string): Promise<{ event_id: string; name: string }[]> =>
    dataSource.query('select event_id, name from received_team where team_id = $1 order by received_at', [teamId]);

  it('applies a redelivered event once', async () => {
    const teamId = newId();
    const event = createEvent(TeamChangedV1, teamId, team('Network South', teamId));
    await send(event);
    await send(event); // the same CloudEvent id again, as after a producer retry or a rebalance
    const marker = createEvent(TeamChangedV1, teamId, team('after', teamId));
    await send(marker);

    await waitUntil(async () => (await rowsFor(teamId)).some((r) => r.name === 'after'), 30000, 'marker event applied');
    const rows = await rowsFor(teamId);
    expect(rows.map((r) => r.name)).toEqual(['Network South', 'after']);
    const inbox = await dataSource.query('select outcome from inbox_event where consumer = $1 and event_id = $2', [
      groupId,
      event.id,
    ]);
    expect(inbox).toEqual([{ outcome: 'processed' }]);
  });

  it(`dead-letters a poison event after ${MAX_ATTEMPTS} attempts and the partition goes on`, async () => {
    const teamId = newId();
    const poison = createEvent(TeamChangedV1, teamId, team('poison', teamId));
    const next = createEvent(TeamChangedV1, teamId, team('healthy', teamId)); // same key: same partition, behind the poison
    await send(poison, next);

    await waitUntil(
      async () => (await rowsFor(teamId)).some((r) => r.name === 'healthy'),
      30000,
      'event behind the poison applied',
    );
    const [dead] = await dlq.waitFor((m) => m.some((x) => x.headers['ce_id'] === poison.id));
    const letter = dlq.messages.find((x) => x.headers['ce_id'] === poison.id)!;
    expect(dead).toBeDefined();
    expect(letter.key).toBe(teamId);
    expect(letter.headers).toMatchObject({
      dlq_original_topic: TeamChangedV1.topic,
      dlq_attempts: String(MAX_ATTEMPTS),
      dlq_consumer: groupId,
      ce_type: TeamChangedV1.type,
    });
    expect(letter.headers['dlq_error']).toContain('cannot project a poisoned team');
    expect(Number(letter.headers['dlq_original_partition'])).toBeGreaterThanOrEqual(0);
    expect(letter.headers['dlq_original_offset']).toMatch(/^\d+$/);
    expect(JSON.parse(letter.value!.toString())).toMatchObject({ teamId, name: { en: 'poison' } });

    expect((await rowsFor(teamId)).map((r) => r.name)).toEqual(['healthy']);
    const inbox = await dataSource.query('select outcome from inbox_event where consumer = $1 and event_id = $2', [
      groupId,
      poison.id,
    ]);
    expect(inbox).toEqual([{ outcome: 'dead-lettered' }]);
    const attempts = await dataSource.query('select * from consumer_attempt where event_id = $1', [poison.id]);
    expect(attempts).toEqual([]);
  });

  it('retries deadlocks without using up attempts', async () => {
    const teamId = newId();
    const event = createEvent(TeamChangedV1, teamId, team('deadlocked', teamId));
    deadlocksLeft.set(event.id, MAX_ATTEMPTS + 1); // more deadlocks than attempts
    await send(event);
    await waitUntil(async () => (await rowsFor(teamId)).length === 1, 30000, 'deadlocked event applied');
    expect(deadlocksLeft.get(event.id)).toBe(0);
    expect(dlq.messages.some((x) => x.headers['ce_id'] === event.id)).toBe(false);
  });

  it('dead-letters an event that breaks its contract without retrying it', async () => {
    const teamId = newId();
    const valid = createEvent(TeamChangedV1, teamId, team('fine', teamId));
    const broken: DomainEvent = {
      ...createEvent(TeamChangedV1, teamId, team('fine', teamId)),
      data: { teamId, name: 'not localized' },
    };
    await send(broken, valid);
    await waitUntil(async () => (await rowsFor(teamId)).length === 1, 30000, 'valid event applied');
    await dlq.waitFor((m) => m.some((x) => x.headers['ce_id'] === broken.id));
    const letter = dlq.messages.find((x) => x.headers['ce_id'] === broken.id)!;
    expect(letter.headers['dlq_attempts']).toBe('0');
    expect(letter.headers['dlq_error']).toMatch(/contract violation/);
  });

  it('dead-letters a message whose id is not a UUID, and the partition goes on', async () => {
    const teamId = newId();
    const valid = createEvent(TeamChangedV1, teamId, team('behind a foreign message', teamId));
    const foreign = toKafkaMessage(createEvent(TeamChangedV1, teamId, team('foreign', teamId)));
    await producer.send({
      topic: TeamChangedV1.topic,
      acks: -1,
      messages: [{ ...foreign, headers: { ...foreign.headers, ce_id: 'evt-42' } }, toKafkaMessage(valid)],
    });
    await waitUntil(async () => (await rowsFor(teamId)).length === 1, 30000, 'event behind the foreign one applied');
    await dlq.waitFor((m) => m.some((x) => x.headers['ce_id'] === 'evt-42' && x.key === teamId));
    const letter = dlq.messages.find((x) => x.headers['ce_id'] === 'evt-42' && x.key === teamId)!;
    expect(letter.headers['dlq_error']).toMatch(/not a UUID/);
  });

  it('dead-letters an event whose earlier deliveries never finished (the process died handling it)', async () => {
    const teamId = newId();
    const killer = createEvent(TeamChangedV1, teamId, team('crashes the process', teamId));
    // As if MAX_ATTEMPTS earlier deliveries had each been cut off before the handler returned.
    await dataSource.query(
      `insert into consumer_attempt (consumer, event_id, attempts, last_error) values ($1, $2, $3, '')`,
      [groupId, killer.id, MAX_ATTEMPTS],
    );
    const next = createEvent(TeamChangedV1, teamId, team('next', teamId));
    await send(killer, next);
    await waitUntil(async () => (await rowsFor(teamId)).length === 1, 30000, 'event behind the killer applied');
    await dlq.waitFor((m) => m.some((x) => x.headers['ce_id'] === killer.id));
    const letter = dlq.messages.find((x) => x.headers['ce_id'] === killer.id)!;
    expect(letter.headers).toMatchObject({ dlq_attempts: String(MAX_ATTEMPTS) });
    expect(letter.headers['dlq_error']).toMatch(/process stopped while handling it/);
    expect((await rowsFor(teamId)).map((r) => r.name)).toEqual(['next']);
  });

  it('parks an event too large for Kafka instead of blocking the outbox behind it', async () => {
    const teamId = newId();
    const huge = createEvent(TeamChangedV1, teamId, team('huge', teamId));
    const message = toKafkaMessage(huge);
    const hugePayload = JSON.stringify({ ...huge.data, padding: 'x'.repeat(1_500_000) });
    await dataSource.query(
      `insert into outbox_event (event_id, topic, message_key, event_type, headers, payload) values ($1, $2, $3, $4, $5::json, $6::json)`,
      [huge.id, TeamChangedV1.topic, teamId, huge.type, JSON.stringify(message.headers), hugePayload],
    );
    const behind = createEvent(TeamChangedV1, teamId, team('behind the huge one', teamId));
    await dataSource.transaction((m) => app.get(Outbox).append(m, behind));

    await waitUntil(
      async () => (await rowsFor(teamId)).some((r) => r.name === 'behind the huge one'),
      30000,
      'event behind the huge one consumed',
    );
    const parked = await dataSource.query('select event_id, reason from outbox_event_parked where event_id = $1', [
      huge.id,
    ]);
    expect(parked).toHaveLength(1);
    expect(await dataSource.query('select 1 from outbox_event where event_id = $1', [huge.id])).toEqual([]);
  });

  it("continues the producer's trace in the consumer span", async () => {
    const teamId = newId();
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const event = createEvent(TeamChangedV1, teamId, team('traced', teamId), {
      traceparent: `00-${traceId}-1122334455667788-01`,
    });
    await send(event);
    await waitUntil(async () => (await rowsFor(teamId)).length === 1, 30000, 'traced event applied');
    const consumerSpan = await waitUntil(
      () => spans.getFinishedSpans().find((s) => s.attributes['messaging.message.id'] === event.id),
      5000,
      'consumer span exported',
    );
    expect(consumerSpan.spanContext().traceId).toBe(traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe('1122334455667788');
  });

  it('signals the relay once a transaction that wrote events commits, and never for a rollback', async () => {
    const signals: number[] = [];
    const count = () => signals.push(Date.now());
    outboxCommits.on('committed', count);
    try {
      const outbox = app.get(Outbox);
      const teamId = newId();
      await dataSource.transaction(async (m) => {
        await outbox.append(m, createEvent(TeamChangedV1, teamId, team('committed', teamId)));
        expect(signals).toHaveLength(0); // not before commit: the relay would find nothing
      });
      expect(signals).toHaveLength(1);
      await expect(
        dataSource.transaction(async (m) => {
          await outbox.append(m, createEvent(TeamChangedV1, teamId, team('rolled back', teamId)));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await dataSource.transaction((m) => m.query('select 1')); // a transaction without events
      expect(signals).toHaveLength(1);
    } finally {
      outboxCommits.off('committed', count);
    }
  });

  it('reports the consumer in the health details and the dead letters in /metrics', async () => {
    const { default: request } = await import('supertest');
    const details = await request(app.getHttpServer()).get('/health/details').expect(200);
    expect(details.body.details).toMatchObject({
      consumer: { status: 'up' },
      database: { status: 'up' },
      kafka: { status: 'up' },
      outbox: { status: 'up' },
    });
    const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/itsm_dead_letter_total\{[^}]*topic="itsm\.catalog\.team\.v1"[^}]*\} [1-9]/);
    expect(metrics.text).toContain('itsm_outbox_backlog');
    expect(metrics.text).toContain('itsm_consumer_lag');
  });
});
