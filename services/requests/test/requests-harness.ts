import { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DomainEvent, topicForType, toKafkaMessage } from '@itsm/contracts';
import type { Role } from '@itsm/platform/auth';
import {
  ServiceUnderTest,
  startServiceUnderTest,
  testInfra,
  TopicReader,
  uniqueName,
  waitUntil,
  withAuthorization,
} from '@itsm/platform/testing';
import { requestsEnv } from '../src/config';
import { createRequestsApp } from '../src/bootstrap';
import { buildCatalogWorld, CatalogWorld } from './catalog-world';
import { Clock } from '../src/reminder/clock';

export type RequestsUnderTest = ServiceUnderTest;
export type Http = ServiceUnderTest['http'];

/** The media type of every error response (RFC 9457). */
export const PROBLEM_JSON = /^application\/problem\+json/;

export const REQUESTS_TOPICS = ['itsm.requests.request.v1', 'itsm.requests.approval.v1', 'itsm.requests.task.v1'];

/** The real requests app on a fresh database, against the real Postgres and Kafka. */
export function startRequests(env: Record<string, string> = {}): Promise<RequestsUnderTest> {
  return startServiceUnderTest({ name: 'requests', configSchema: requestsEnv, createApp: createRequestsApp, env });
}

/** Writes catalog events to their topics, as the catalog's outbox relay would. */
export async function publishCatalogEvents(events: DomainEvent[]): Promise<void> {
  const kafka = new Kafka({
    clientId: uniqueName('catalog-publisher'),
    brokers: testInfra().brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  try {
    const byTopic = new Map<string, DomainEvent[]>();
    for (const event of events) {
      const topic = topicForType(event.type)!;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list.map((e) => toKafkaMessage(e)) })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Publishes a catalog (a fresh one unless given) and waits until the service has projected all of it. */
export async function publishCatalog(
  svc: RequestsUnderTest,
  world: CatalogWorld = buildCatalogWorld(),
): Promise<CatalogWorld> {
  await publishCatalogEvents(world.events);
  const ds = svc.app.get(DataSource);
  await waitUntil(
    async () => {
      const [row] = await ds.query(
        `select (select count(*) from catalog_offering_version where offering_id = any($1::uuid[]))::int as versions,
                (select count(*) from catalog_offering where id = $2 and retired)::int as retired,
                (select count(*) from catalog_team where id = any($3::uuid[]))::int as teams,
                (select count(*) from catalog_department where id = any($4::uuid[]))::int as departments,
                (select count(*) from catalog_business_service where id = any($5::uuid[]))::int as services`,
        [
          Object.values(world.offerings),
          world.offerings.retired,
          Object.values(world.teams),
          [world.departments.it.id, world.departments.hr.id],
          Object.values(world.businessServices),
        ],
      );
      return (
        row.versions === 6 &&
        row.retired === 1 &&
        row.teams === Object.keys(world.teams).length &&
        row.departments === 2 &&
        row.services === 2
      );
    },
    60_000,
    'the catalog projection',
  );
  return world;
}

/** Publishes offering versions (see `offeringPublished`) and waits until the service has projected them. */
export async function publishOfferings(svc: RequestsUnderTest, versions: DomainEvent[]): Promise<void> {
  await publishCatalogEvents(versions);
  const keys = versions.map((v) => `${v.subject}@${(v.data as { version: number }).version}`);
  await waitUntil(
    async () => {
      const rows: { key: string }[] = await svc.app
        .get(DataSource)
        .query(
          `select offering_id || '@' || version as key from catalog_offering_version where offering_id || '@' || version = any($1)`,
          [keys],
        );
      return rows.length === keys.length;
    },
    30_000,
    'the offering versions',
  );
}

/** supertest as a given person: their subject, roles and departments in a token the service verifies. */
export async function as(
  svc: RequestsUnderTest,
  subject: string,
  roles: Role[],
  departments: string[] = [],
): Promise<Http> {
  const token = await svc.issuer.tokenFor({ subject, roles, departments, expiresInSeconds: 3600 });
  return withAuthorization(svc.anonymous, `Bearer ${token}`);
}

export async function readRequestsTopics(): Promise<TopicReader> {
  return new TopicReader(testInfra().brokers, REQUESTS_TOPICS).start();
}

/** Event types that reached Kafka about one aggregate (its key), in order. */
export function typesFor(reader: TopicReader, key: string): string[] {
  return reader.messages.filter((m) => m.key === key).map((m) => m.headers['ce_type']);
}

/** A request's events, in order, when it was approved and then fulfilled. */
export const APPROVED_THEN_FULFILLED = [
  'itsm.requests.request.submitted.v1',
  'itsm.requests.request.sent-for-approval.v1',
  'itsm.requests.request.approved.v1',
  'itsm.requests.request.fulfilment-started.v1',
  'itsm.requests.request.fulfilled.v1',
];

/** A task's events, in order, when it was created blocked, then opened, assigned and completed. */
export const BLOCKED_TASK_COMPLETED = [
  'itsm.requests.task.created.v1',
  'itsm.requests.task.opened.v1',
  'itsm.requests.task.assigned.v1',
  'itsm.requests.task.completed.v1',
];

export function dataOf(reader: TopicReader, key: string, type: string): Record<string, unknown>[] {
  return reader.messages
    .filter((m) => m.key === key && m.headers['ce_type'] === type)
    .map((m) => JSON.parse(m.value!.toString('utf8')));
}

export interface RequestsReplica {
  app: INestApplication;
  /** supertest against this replica as a given person (tokens from the first instance's issuer). */
  as(subject: string, roles: Role[], departments?: string[]): Promise<Http>;
  close(): Promise<void>;
}

/**
 * Another instance of the requests service on the same database and consumer group as `svc`, as
 * a second replica in production would be. Start `svc` with `{ KAFKA_GROUP_ID: groupId }` first
 * (it migrates the database), then the replica.
 */
export async function startReplica(
  svc: RequestsUnderTest,
  groupId: string,
  env: Record<string, string> = {},
): Promise<RequestsReplica> {
  const config = requestsEnv.parse({
    AUTH_ISSUER: svc.issuer.issuer,
    AUTH_AUDIENCE: svc.issuer.audience,
    AUTH_JWKS_URL: svc.issuer.jwksUrl,
    DATABASE_URL: svc.db.url,
    KAFKA_BROKERS: testInfra().brokers.join(','),
    KAFKA_GROUP_ID: groupId,
    LOG_LEVEL: 'error',
    ...env,
  });
  const app = await createRequestsApp(config);
  await app.init();
  const anonymous = request(app.getHttpServer());
  return {
    app,
    async as(subject, roles, departments = []) {
      const token = await svc.issuer.tokenFor({ subject, roles, departments, expiresInSeconds: 3600 });
      return withAuthorization(anonymous, `Bearer ${token}`);
    },
    close: () => app.close(),
  };
}

// ---------------------------------------------------------------- one service and catalog per suite

export interface RequestsSuiteOptions {
  /** Extra environment for the service, e.g. a shorter reminder poll. */
  env?: Record<string, string>;
  /** Read the requests topics from before the first test: `suite.reader`. */
  readTopics?: boolean;
  /** A second instance on the same database and consumer group, started before the catalog is published: `suite.replica`. */
  replica?: boolean;
}

/** What a suite shares. `world` and `reader` exist from the start; the service once the suite's beforeAll ran. */
export interface RequestsSuite {
  /** The service's consumer group, for further replicas (`startReplica(suite.svc, suite.groupId)`). */
  readonly groupId: string;
  /** The catalog the suite publishes before its tests. */
  readonly world: CatalogWorld;
  /** Reads the requests topics from before the first test (only with `readTopics`). */
  readonly reader: TopicReader;
  readonly svc: RequestsUnderTest;
  readonly replica: RequestsReplica;
  /** supertest as a given person (see `as`). */
  as(subject: string, roles: Role[], departments?: string[]): Promise<Http>;
  /**
   * A person the suite acts as, declared in the describe block: their token is issued once the
   * service runs (before the block's own beforeAll), and each call goes out with it.
   */
  person(subject: string, roles: Role[], departments?: string[]): Http;
}

/**
 * The set-up every requests integration suite shares, as hooks of the describe block it is called
 * in (so they run before the block's own beforeAll): the real service on a fresh database, the
 * catalog world projected into it, and what the options ask for; all of it closed after the block.
 */
export function requestsSuite(options: RequestsSuiteOptions = {}): RequestsSuite {
  const groupId = uniqueName('requests');
  const world = buildCatalogWorld();
  const reader = new TopicReader(testInfra().brokers, REQUESTS_TOPICS);
  let svc: RequestsUnderTest | undefined;
  let replica: RequestsReplica | undefined;
  const people: { subject: string; roles: Role[]; departments: string[]; http?: Http }[] = [];

  beforeAll(async () => {
    svc = await startRequests({ ...options.env, KAFKA_GROUP_ID: groupId });
    // Before the catalog, so that both instances' consumers share its events.
    if (options.replica) replica = await startReplica(svc, groupId);
    await publishCatalog(svc, world);
    if (options.readTopics) await reader.start();
    for (const p of people) p.http = await as(svc, p.subject, p.roles, p.departments);
  });

  afterAll(async () => {
    if (options.readTopics) await reader.stop();
    await replica?.close();
    await svc?.close();
  });

  const running = (): RequestsUnderTest => {
    if (!svc) throw new Error('requestsSuite: the service starts in beforeAll; use it inside hooks and tests');
    return svc;
  };
  return {
    groupId,
    world,
    get reader() {
      if (!options.readTopics) throw new Error('requestsSuite: pass { readTopics: true } to read the requests topics');
      return reader;
    },
    get svc() {
      return running();
    },
    get replica() {
      if (!replica) throw new Error('requestsSuite: pass { replica: true } for a replica; it starts in beforeAll');
      return replica;
    },
    as: (subject, roles, departments = []) => as(running(), subject, roles, departments),
    person(subject, roles, departments = []) {
      const p: (typeof people)[number] = { subject, roles, departments };
      people.push(p);
      return new Proxy({} as Http, {
        get(_target, property) {
          if (!p.http) throw new Error(`requestsSuite: ${subject} can act once the suite's beforeAll ran`);
          const value: unknown = Reflect.get(p.http, property);
          return typeof value === 'function' ? value.bind(p.http) : value;
        },
      });
    },
  };
}

// ---------------------------------------------------------------- reading tasks

export interface TaskItem {
  taskId: string;
  requestId: string;
  key: string;
  status: string;
  teamId: string | null;
  assignee: string | null;
}

/** A request's tasks by their key in the plan, as this caller sees them. */
export async function tasksByKey(http: Http, requestId: string): Promise<Record<string, TaskItem>> {
  const items = (await http.get(`/requests/${requestId}/tasks`).expect(200)).body.items as TaskItem[];
  return Object.fromEntries(items.map((t) => [t.key, t]));
}

// ---------------------------------------------------------------- reminders: a controllable clock

/** The app's reminder clock, set by the test from here on (production reads system time). */
export interface TestClock {
  set(at: Date | string): void;
  now(): Date;
}

export function controlClock(app: INestApplication, start: Date | string): TestClock {
  let current = new Date(start);
  // The one Clock instance the poller and scheduler share: its reading is replaced, nothing else.
  app.get(Clock).now = () => new Date(current);
  return {
    set: (at) => (current = new Date(at)),
    now: () => new Date(current),
  };
}
