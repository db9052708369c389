import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  createEvent,
  type EventDataInput,
  OfferingPublishedV1,
  OfferingReinstatedV1,
  OfferingRetiredV1,
  TeamChangedV1,
} from '@itsm/contracts';
import { waitUntil } from '@itsm/platform/testing';
import { publishCatalogEvents, requestsSuite } from './requests-harness';

/**
 * The catalog projection from catalog events on the real broker: catalog aggregates arrive on
 * different topics in no particular order and may be replayed, so the projection keeps the newest
 * state and the highest published version, and a retirement sticks.
 */
describe('catalog projection (real Kafka)', () => {
  const suite = requestsSuite();
  const { world } = suite;
  let ds: DataSource;

  beforeAll(() => {
    ds = suite.svc.app.get(DataSource);
  });

  const text = (en: string) => ({ en, 'zh-CN': en });
  /** An offering version as the catalog publishes it: IT department, no approvals, no reminders, open to everyone. */
  const published = (
    offeringId: string,
    version: number,
    fields: Pick<
      EventDataInput<typeof OfferingPublishedV1>,
      'code' | 'scenario' | 'name' | 'description' | 'formSchema' | 'taskPlan' | 'promisedDelivery'
    >,
  ) =>
    createEvent(OfferingPublishedV1, offeringId, {
      offeringId,
      version,
      status: 'published',
      departmentId: world.departments.it.id,
      approvalPolicy: { stages: [] },
      reminders: [],
      audience: { departmentIds: [], roles: [] },
      ...fields,
      publishedAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });

  it('keeps the newest team state when an older one arrives later, and ignores a replay', async () => {
    const teamId = uuidv7();
    const team = (name: string, updatedAt: string) =>
      createEvent(TeamChangedV1, teamId, {
        teamId,
        code: `late-${world.suffix}`,
        departmentId: world.departments.it.id,
        name: text(name),
        regions: ['cn-east'],
        members: [],
        archived: false,
        updatedAt,
      });
    const newer = team('Network – East (renamed)', '2026-03-02T00:00:00.000Z');
    await publishCatalogEvents([newer]);
    await waitUntil(
      async () => (await ds.query('select 1 from catalog_team where id = $1', [teamId])).length === 1,
      30_000,
      'the team',
    );
    const older = team('Network – East', '2026-03-01T00:00:00.000Z');
    // The newer event again, and a marker after both, so we know they were consumed.
    const marker = uuidv7();
    await publishCatalogEvents([
      older,
      newer,
      createEvent(TeamChangedV1, marker, { ...older.data, teamId: marker, code: `marker-${world.suffix}` }),
    ]);
    await waitUntil(
      async () => (await ds.query('select 1 from catalog_team where id = $1', [marker])).length === 1,
      30_000,
      'the marker team',
    );
    const [row] = await ds.query('select name, source_updated_at from catalog_team where id = $1', [teamId]);
    expect(row.name.en).toBe('Network – East (renamed)');
    expect(new Date(row.source_updated_at).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    const [{ n }] = await ds.query(`select count(*)::int as n from inbox_event where event_id = $1`, [newer.id]);
    expect(n).toBe(1);
  });

  it('keeps the highest published version whatever the order, and new requests pin it', async () => {
    const offeringId = uuidv7();
    const version = (v: number) =>
      published(offeringId, v, {
        code: `laptop-${world.suffix}`,
        scenario: 'laptop-request',
        name: text(`Laptop v${v}`),
        description: text('A laptop'),
        formSchema: {
          type: 'object',
          properties: { model: { type: 'string', title: `型号 v${v} / Model v${v}` } },
          required: v === 2 ? ['model'] : [],
        },
        taskPlan: {
          tasks: [
            {
              key: 'ship',
              name: text('Ship it'),
              team: { kind: 'fixed', teamId: world.teams.endUserComputing },
              dependsOn: [],
              checklist: [],
            },
          ],
        },
        promisedDelivery: { duration: 'P2D', basis: 'calendar' },
      });
    await publishCatalogEvents([version(2), version(1)]);
    await waitUntil(
      async () =>
        (await ds.query('select 1 from catalog_offering_version where offering_id = $1', [offeringId])).length === 2,
      30_000,
      'both versions',
    );
    expect(
      (await ds.query('select latest_version from catalog_offering where id = $1', [offeringId]))[0].latest_version,
    ).toBe(2);

    const requester = await suite.as('u-li.na', ['requester']);
    const latest = await requester.post('/requests').send({ offeringId, formData: {} }).expect(400);
    expect(latest.body.fields[0]).toMatchObject({
      path: 'formData.model',
      label: { en: 'Model v2', 'zh-CN': '型号 v2' },
    });
    const pinned = await requester.post('/requests').send({ offeringId, offeringVersion: 1, formData: {} }).expect(201);
    expect(pinned.body.offering).toMatchObject({ offeringId, version: 1 });
  });

  it('keeps an offering retired even when its retirement arrives before its publication', async () => {
    const offeringId = uuidv7();
    const retired = createEvent(OfferingRetiredV1, offeringId, {
      offeringId,
      version: 1,
      code: `gone-${world.suffix}`,
      retiredAt: new Date().toISOString(),
    });
    await publishCatalogEvents([retired]);
    await waitUntil(
      async () =>
        (await ds.query('select 1 from catalog_offering where id = $1 and retired', [offeringId])).length === 1,
      30_000,
      'the retirement',
    );
    const publication = published(offeringId, 1, {
      code: `gone-${world.suffix}`,
      scenario: 'gone',
      name: text('Gone'),
      description: text('Gone'),
      formSchema: { type: 'object', properties: {} },
      taskPlan: {
        tasks: [
          {
            key: 'noop',
            name: text('Nothing'),
            team: { kind: 'fixed', teamId: world.teams.serviceDesk },
            dependsOn: [],
            checklist: [],
          },
        ],
      },
      promisedDelivery: { duration: 'P1D', basis: 'calendar' },
    });
    await publishCatalogEvents([publication]);
    await waitUntil(
      async () =>
        (await ds.query('select 1 from catalog_offering_version where offering_id = $1', [offeringId])).length === 1,
      30_000,
      'the version',
    );
    const requester = await suite.as('u-li.na', ['requester']);
    expect((await requester.post('/requests').send({ offeringId, formData: {} }).expect(409)).body.code).toBe(
      'requests.offering.retired',
    );
  });

  it('takes requests again once the offering is reinstated; a reinstatement older than the retirement changes nothing', async () => {
    const offeringId = uuidv7();
    const code = `back-${world.suffix}`;
    const publication = published(offeringId, 1, {
      code,
      scenario: 'back',
      name: text('Back'),
      description: text('Back'),
      formSchema: { type: 'object', properties: {} },
      taskPlan: {
        tasks: [
          {
            key: 'noop',
            name: text('Nothing'),
            team: { kind: 'fixed', teamId: world.teams.serviceDesk },
            dependsOn: [],
            checklist: [],
          },
        ],
      },
      promisedDelivery: { duration: 'P1D', basis: 'calendar' },
    });
    const retiredAt = '2027-01-10T00:00:00.000Z';
    const reinstated = (at: string) =>
      createEvent(OfferingReinstatedV1, offeringId, { offeringId, version: 1, code, reinstatedAt: at });
    const retiredNow = async () =>
      (await ds.query('select retired from catalog_offering where id = $1', [offeringId]))[0]?.retired as
        boolean | undefined;
    // In the order the catalog publishes them on the offering's partition, except that the
    // reinstatement is dated before the retirement: a stale one, to be ignored.
    const stale = reinstated('2027-01-09T00:00:00.000Z');
    await publishCatalogEvents([
      publication,
      createEvent(OfferingRetiredV1, offeringId, { offeringId, version: 1, code, retiredAt }),
      stale,
    ]);
    await waitUntil(
      async () => (await ds.query('select 1 from inbox_event where event_id = $1', [stale.id])).length === 1,
      30_000,
      'the stale reinstatement',
    );
    expect(await retiredNow()).toBe(true);

    await publishCatalogEvents([reinstated('2027-01-11T00:00:00.000Z')]);
    await waitUntil(async () => (await retiredNow()) === false, 30_000, 'the reinstatement');
    const requester = await suite.as('u-li.na', ['requester']);
    expect(
      (await requester.post('/requests').send({ offeringId, formData: {} }).expect(201)).body.offering,
    ).toMatchObject({ offeringId, version: 1 });
  });

  it('submits each Idempotency-Key once, even when the same submission races itself', async () => {
    const requester = await suite.as('u-racer', ['requester']);
    const key = `race-${world.suffix}`;
    const body = { offeringId: world.offerings.certificate, formData: { purpose: 'visa' } };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => requester.post('/requests').set('idempotency-key', key).send(body)),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.requestId)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    const [{ n }] = await ds.query('select count(*)::int as n from request where requester_id = $1', ['u-racer']);
    expect(n).toBe(1);
    const [{ tasks }] = await ds.query('select count(*)::int as tasks from task where request_id = $1', [
      responses[0].body.requestId,
    ]);
    expect(tasks).toBe(1);
  });

  it('serves health, metrics and its OpenAPI document without a token', async () => {
    await suite.svc.anonymous.get('/health/live').expect(200);
    const ready = await suite.svc.anonymous.get('/health/ready').expect(200);
    expect(ready.body.info).toEqual({ database: expect.objectContaining({ status: 'up' }) });
    const details = await suite.svc.anonymous.get('/health/details').expect(200);
    expect(details.body.info).toMatchObject({
      database: { status: 'up' },
      kafka: { status: 'up' },
      consumer: { status: 'up' },
      outbox: { status: 'up' },
    });
    const openapi = await suite.svc.anonymous.get('/openapi.json').expect(200);
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/requests',
        '/requests/{id}',
        '/requests/{id}/timeline',
        '/requests/{id}/approvals/{approvalId}/approve',
        '/approvals',
        '/tasks/{id}/complete',
      ]),
    );
  });
});
