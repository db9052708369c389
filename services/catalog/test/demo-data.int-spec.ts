import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase, testInfra, TopicReader, uniqueName } from '@itsm/platform/testing';
import { createKafka, ensureTopics } from '@itsm/platform/messaging';
import {
  BusinessLineChangedV1,
  BusinessServiceChangedV1,
  DepartmentChangedV1,
  OfferingPublishedV1,
  RegionChangedV1,
  TeamChangedV1,
} from '@itsm/contracts';
import { catalogEnv } from '../src/config';
import { createCatalogApp } from '../src/bootstrap';
import { DEMO_BUSINESS } from '../src/demo/demo-business';
import { CatalogUnderTest, startCatalog } from './catalog-harness';

type Item = Record<string, unknown>;
type Task = { key: string; team: { kind: string; field?: string; mapping?: Record<string, string> } };
type Reminder = {
  key: string;
  kind: string;
  field: string;
  offset: string;
  atLocalTime: string;
  timeZone: Record<string, string>;
};
type OfferingItem = {
  offeringId: string;
  code: string;
  status: string;
  current: {
    scenario: string;
    departmentId: string;
    taskPlan: { tasks: Task[] };
    reminders: Reminder[];
    formSchema: { properties: Record<string, Record<string, unknown>> };
  };
};

const TABLES = [
  'region',
  'department',
  'team',
  'business_line',
  'business_service',
  'offering',
  'offering_version',
] as const;

/** Another catalog process on an existing database, as a restart or a second replica would be. */
function bootOn(databaseUrl: string, demoData: boolean): Promise<INestApplication> {
  const config = catalogEnv.parse({
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testInfra().brokers.join(','),
    KAFKA_GROUP_ID: uniqueName('catalog'),
    LOG_LEVEL: 'error',
    DEMO_DATA: String(demoData),
  });
  return createCatalogApp(config);
}

async function countRows(dataSource: DataSource): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES)
    counts[table] = Number((await dataSource.query(`select count(*) from ${table}`))[0].count);
  return counts;
}

const EXPECTED_COUNTS = {
  region: DEMO_BUSINESS.regions.length,
  department: DEMO_BUSINESS.departments.length,
  team: DEMO_BUSINESS.teams.length,
  business_line: DEMO_BUSINESS.businessLines.length,
  business_service: DEMO_BUSINESS.businessServices.length,
  offering: DEMO_BUSINESS.offerings.length,
  offering_version: DEMO_BUSINESS.offerings.length,
};

describe('catalog demo data (DEMO_DATA=true, real Postgres and Kafka)', () => {
  let catalog: CatalogUnderTest;
  let reader: TopicReader;

  const topics = [
    RegionChangedV1,
    DepartmentChangedV1,
    TeamChangedV1,
    BusinessLineChangedV1,
    BusinessServiceChangedV1,
    OfferingPublishedV1,
  ].map((c) => c.topic);

  /** Every page of a list endpoint. */
  async function all<T = Item>(path: string, query: Record<string, string> = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const res = await catalog.http
        .get(path)
        .query({ ...query, limit: '3', ...(cursor ? { cursor } : {}) })
        .expect(200);
      items.push(...(res.body.items as T[]));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    return items;
  }

  beforeAll(async () => {
    // The reader starts at the topics' ends before the catalog runs, so it sees exactly this load.
    const admin = createKafka({ brokers: testInfra().brokers, clientId: uniqueName('demo-test') }).admin();
    await admin.connect();
    await ensureTopics(admin);
    await admin.disconnect();
    reader = await new TopicReader(testInfra().brokers, topics).start();
    catalog = await startCatalog({ DEMO_DATA: 'true' });
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  it('loads the whole demo business into the empty catalog', async () => {
    expect(await countRows(catalog.app.get(DataSource))).toEqual(EXPECTED_COUNTS);
  });

  it('publishes at least 8 offerings covering the four business scenarios', async () => {
    const published = await all<OfferingItem>('/offerings', { status: 'published' });
    expect(published.length).toBeGreaterThanOrEqual(8);
    expect(published.every((o) => o.status === 'published')).toBe(true);
    const scenarios = published.map((o) => o.current.scenario);
    expect(scenarios).toEqual(
      expect.arrayContaining(['employee-onboarding', 'store-opening', 'campaign-support', 'partner-onboarding']),
    );
  });

  it('gives the HR and Facilities desks two published offerings each', async () => {
    const departments = await all<{ departmentId: string; kind: string }>('/departments');
    expect(departments.map((d) => d.kind).sort()).toEqual(['facilities', 'finance', 'hr', 'it', 'legal']);
    for (const kind of ['hr', 'facilities']) {
      const { departmentId } = departments.find((d) => d.kind === kind)!;
      const offerings = await all<OfferingItem>('/offerings', { status: 'published', departmentId });
      expect(offerings).toHaveLength(2);
      expect(offerings.every((o) => o.current.departmentId === departmentId)).toBe(true);
    }
  });

  it('has support teams covering South, East and North China, the regions the catalog knows', async () => {
    const regions = await all<{ code: string; name: { en: string; 'zh-CN': string } }>('/regions');
    expect(regions.map((r) => [r.code, r.name['zh-CN']])).toEqual([
      ['cn-south', '华南'],
      ['cn-east', '华东'],
      ['cn-north', '华北'],
    ]);
    const teams = await all<{ regions: string[] }>('/teams');
    expect(teams).toHaveLength(DEMO_BUSINESS.teams.length);
    expect(new Set(teams.flatMap((t) => t.regions))).toEqual(new Set(['cn-south', 'cn-east', 'cn-north']));
  });

  it('routes the store opening network line by region to three regional teams and reports readiness at T-3', async () => {
    const [storeOpening] = await all<OfferingItem>('/offerings', { status: 'published', scenario: 'store-opening' });
    expect(storeOpening.code).toBe('store-opening-it');
    const { tasks } = storeOpening.current.taskPlan;
    expect(tasks.map((t) => t.key)).toEqual([
      'network-line',
      'pos',
      'cctv',
      'time-clock',
      'store-systems-check',
      'handover',
    ]);

    const networkLine = tasks.find((t) => t.key === 'network-line')!;
    expect(networkLine.team).toMatchObject({ kind: 'by-field', field: 'region' });
    const mapping = networkLine.team.mapping!;
    expect(Object.keys(mapping).sort()).toEqual(['cn-east', 'cn-north', 'cn-south']);
    expect(new Set(Object.values(mapping)).size).toBe(3);
    for (const [region, teamId] of Object.entries(mapping)) {
      const team = await catalog.http.get(`/teams/${teamId}`).expect(200);
      expect(team.body.regions).toEqual([region]);
    }

    // An opening date at least two weeks ahead, in the store's time zone (issue 10, item 12).
    expect(storeOpening.current.formSchema.properties.openingDate['x-date-rule']).toEqual({
      minDaysAhead: 14,
      timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
    });
    expect(storeOpening.current.formSchema.properties.storeTimeZone).toMatchObject({ format: 'time-zone' });
    expect(storeOpening.current.reminders).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'readiness-report',
          field: 'openingDate',
          offset: '-P3D',
          atLocalTime: '09:00',
          timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
        }),
        expect.objectContaining({ offset: '-P7D' }),
      ]),
    );
  });

  it('announces every loaded row on Kafka through the outbox', async () => {
    const dataSource = catalog.app.get(DataSource);
    const idsOf = async (table: string) =>
      ((await dataSource.query(`select id from ${table}`)) as { id: string }[]).map((r) => r.id);
    const expected: [string, string, string[]][] = [
      [RegionChangedV1.topic, RegionChangedV1.type, await idsOf('region')],
      [DepartmentChangedV1.topic, DepartmentChangedV1.type, await idsOf('department')],
      [TeamChangedV1.topic, TeamChangedV1.type, await idsOf('team')],
      [BusinessLineChangedV1.topic, BusinessLineChangedV1.type, await idsOf('business_line')],
      [BusinessServiceChangedV1.topic, BusinessServiceChangedV1.type, await idsOf('business_service')],
      [OfferingPublishedV1.topic, OfferingPublishedV1.type, await idsOf('offering')],
    ];
    const missing = () =>
      expected.flatMap(([topic, type, ids]) => {
        const keys = new Set(
          reader.messages.filter((m) => m.topic === topic && m.headers['ce_type'] === type).map((m) => m.key),
        );
        return ids.filter((id) => !keys.has(id)).map((id) => `${type} ${id}`);
      });
    await reader.waitFor(() => missing().length === 0, 30_000).catch(() => undefined);
    expect(missing()).toEqual([]);
  });

  it('loads nothing on a second start with the data present', async () => {
    const before = await countRows(catalog.app.get(DataSource));
    const publishedBefore = reader.messages.filter((m) => m.headers['ce_type'] === OfferingPublishedV1.type).length;
    const second = await bootOn(catalog.db.url, true);
    try {
      await second.init();
      expect(await countRows(second.get(DataSource))).toEqual(before);
    } finally {
      await second.close();
    }
    await new Promise((r) => setTimeout(r, 500)); // room for stray events to show up if there were any
    expect(reader.messages.filter((m) => m.headers['ce_type'] === OfferingPublishedV1.type)).toHaveLength(
      publishedBefore,
    );
  });

  describe('replicas starting together', () => {
    let db: TestDatabase;
    const apps: INestApplication[] = [];

    beforeAll(async () => {
      db = await createTestDatabase('catalog');
      // Migrate first, so the two replicas below race only on the demo load.
      const migrate = await bootOn(db.url, false);
      await migrate.init();
      await migrate.close();
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
      await db?.drop();
    });

    it('load the demo business exactly once', async () => {
      apps.push(await bootOn(db.url, true), await bootOn(db.url, true));
      await Promise.all(apps.map((app) => app.init()));
      expect(await countRows(apps[0].get(DataSource))).toEqual(EXPECTED_COUNTS);
    });
  });
});
