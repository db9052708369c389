import { Kafka, logLevel, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createEvent, TeamChangedV1 } from '@itsm/contracts';
import { createDataSource, migrate, newId } from '../src/database';
import { createIdempotentProducer, Outbox, OutboxRelay } from '../src/messaging';
import { createTestDatabase, TestDatabase, testInfra, TopicReader, uniqueName } from '../src/testing';
import { team } from './team-event';

function teamChanged(name: string) {
  const teamId = newId();
  return createEvent(TeamChangedV1, teamId, team(name, teamId));
}

/**
 * The relay keeps a backlog moving by itself: after a send that never comes back (a broker that
 * died in the middle of a request and never answered), it gives the batch up, starts over with a
 * new producer and delivers every waiting event, with no new write to wake it and no safety poll
 * to rescue it (the poll here is an hour).
 */
describe('the outbox relay after a send that never comes back (real Postgres and Kafka)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let relay: OutboxRelay;
  let reader: TopicReader;
  const producers: Producer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    dataSource = await createDataSource({
      url: db.url,
      entities: [],
      migrations: [],
      applicationName: 'relay-test',
    }).initialize();
    await migrate(dataSource);
    reader = await new TopicReader(testInfra().brokers, [TeamChangedV1.topic]).start();
  });

  afterAll(async () => {
    await relay?.stop();
    await reader?.stop();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('gives up on the hung batch and delivers every event with a new producer, without a new write', async () => {
    const kafka = new Kafka({
      clientId: uniqueName('relay-test'),
      brokers: testInfra().brokers,
      logLevel: logLevel.NOTHING,
    });
    relay = new OutboxRelay({
      dataSource,
      databaseUrl: db.url,
      pollIntervalMs: 3_600_000,
      sendTimeoutMs: 1000,
      createProducer: () => {
        const producer = createIdempotentProducer(kafka);
        // The first producer's first send hangs for good, as on a broker that died mid-request.
        if (producers.push(producer) === 1) producer.sendBatch = () => new Promise(() => undefined);
        return producer;
      },
    });
    await relay.start();

    const events = [1, 2, 3].map((n) => teamChanged(`hung ${n}`));
    await dataSource.transaction((m) => new Outbox().append(m, events));

    const ids = new Set(events.map((e) => e.id));
    const ours = () => reader.messages.filter((m) => ids.has(m.headers['ce_id']!));
    await reader.waitFor(() => ours().length === 3, 30_000);
    expect(producers.length).toBeGreaterThanOrEqual(2);
    const [{ n }] = await dataSource.query('select count(*)::int as n from outbox_event');
    expect(n).toBe(0);
    expect(relay.state).toMatchObject({ running: true, failures: 0 });
  });
});
