import { DataSource } from 'typeorm';
import { createEvent, TeamChangedV1 } from '@itsm/contracts';
import { Outbox } from '@itsm/platform/messaging';
import { TopicReader, testInfra } from '@itsm/platform/testing';
import { CatalogUnderTest, fixtures, startCatalog } from './catalog-harness';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/**
 * Every change is audited in its own transaction: who, when, what before and after, from where,
 * and which event it published. (The harness also checks, when the catalog closes, that every
 * change made by any test left exactly one matching record.)
 */
describe('catalog audit trail (real Postgres and Kafka)', () => {
  let catalog: CatalogUnderTest;
  let reader: TopicReader;
  let it1: { id: string; code: string };
  let hr: { id: string; code: string };

  beforeAll(async () => {
    // The test calls from loopback, where `./itsm run` puts the gateway: the proxy the catalog trusts.
    catalog = await startCatalog({ TRUSTED_PROXIES: 'loopback' });
    reader = await new TopicReader(testInfra().brokers, [TeamChangedV1.topic]).start();
    const dept = async (overrides = {}) => {
      const body = await fixtures.department(catalog.http, overrides);
      return { id: body['departmentId'] as string, code: body['code'] as string };
    };
    it1 = await dept();
    hr = await dept({ kind: 'hr', name: text('HR', '人力资源部') });
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  const asUser = async (subject: string, roles: string[], departments: string[] = []) =>
    `Bearer ${await catalog.issuer.tokenFor({ subject, roles: roles as never, departments })}`;

  it('records who changed what, before and after, from where, with the event it published', async () => {
    const team = await fixtures.team(catalog.http, it1.id, { name: text('Network South', '华南网络组') });
    const teamId = team['teamId'] as string;
    const admin = await asUser('u-admin.it', ['department-admin'], [it1.code]);
    const res = await catalog.anonymous
      .patch(`/teams/${teamId}`)
      .set('authorization', admin)
      .set('x-request-id', 'audit-test-rename-1')
      .set('x-forwarded-for', '198.51.100.7, 10.0.0.5')
      .send({ name: text('Network South China', '华南网络组（新）'), expectedVersion: 1 })
      .expect(200);
    expect(res.headers['x-request-id']).toBe('audit-test-rename-1');

    const history = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'team', objectId: teamId })
      .expect(200);
    expect(history.body.items).toHaveLength(2);
    const [renamed, created] = history.body.items;
    expect(created).toMatchObject({
      action: 'team.created',
      before: null,
      actor: { subject: 'u-platform.admin', kind: 'user' },
      department: it1.code,
    });
    expect(renamed).toMatchObject({
      action: 'team.updated',
      objectType: 'team',
      objectId: teamId,
      department: it1.code,
      actor: { subject: 'u-admin.it', kind: 'user' },
      requestId: 'audit-test-rename-1',
      // The right-most entry is what the trusted proxy saw; the rest is what the caller claimed, kept for the record.
      clientAddress: '10.0.0.5',
      forwardedFor: '198.51.100.7, 10.0.0.5',
      before: { name: { en: 'Network South' } },
      after: { name: { en: 'Network South China', 'zh-CN': '华南网络组（新）' } },
    });
    expect(Date.parse(renamed.occurredAt)).toBeGreaterThan(Date.now() - 60_000);
    // The record names the very event that reached Kafka for this change.
    const isIt = (m: { headers: Record<string, string> }) => m.headers['ce_id'] === renamed.eventIds[0];
    const message = (await reader.waitFor((all) => all.some(isIt))).find(isIt)!;
    expect(message.key).toBe(teamId);
    expect(JSON.parse(message.value!.toString('utf8'))).toMatchObject({ name: { en: 'Network South China' } });
  });

  it('writes nothing for a refused change: the audit record shares the change transaction', async () => {
    const team = await fixtures.team(catalog.http, it1.id);
    const teamId = team['teamId'] as string;
    await catalog.http
      .patch(`/teams/${teamId}`)
      .send({ name: text('Stale', '过期'), expectedVersion: 7 })
      .expect(409);
    // A department admin of another department is refused (403) before anything is written.
    const hrAdmin = await asUser('u-admin.hr', ['department-admin'], [hr.code]);
    await catalog.anonymous
      .patch(`/teams/${teamId}`)
      .set('authorization', hrAdmin)
      .send({ name: text('Taken over', '接管') })
      .expect(403);
    const history = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'team', objectId: teamId })
      .expect(200);
    expect(history.body.items.map((r: { action: string }) => r.action)).toEqual(['team.created']);
  });

  it('answers per actor: oneself, a platform admin, and a department admin only within their departments', async () => {
    const itAdmin = await asUser('u-admin.it2', ['department-admin'], [it1.code]);
    await fixtures.regions(catalog.http, ['cn-east']);
    const itTeam = (
      await catalog.anonymous
        .post('/teams')
        .set('authorization', itAdmin)
        .send({
          code: `team-a-${Date.now().toString(36)}`,
          departmentId: it1.id,
          name: text('Desk A', 'A 组'),
          regions: ['cn-east'],
          members: [],
        })
        .expect(201)
    ).body.teamId as string;
    const hrAdmin = await asUser('u-admin.hr2', ['department-admin'], [hr.code]);

    const own = await catalog.anonymous
      .get('/audit-records')
      .query({ actor: 'u-admin.it2' })
      .set('authorization', itAdmin)
      .expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ objectId: itTeam, action: 'team.created' })]);
    const byPlatformAdmin = await catalog.http.get('/audit-records').query({ actor: 'u-admin.it2' }).expect(200);
    expect(byPlatformAdmin.body.items).toHaveLength(1);
    // Another department's admin sees none of it; a requester may not ask at all.
    const byHrAdmin = await catalog.anonymous
      .get('/audit-records')
      .query({ actor: 'u-admin.it2' })
      .set('authorization', hrAdmin)
      .expect(200);
    expect(byHrAdmin.body.items).toEqual([]);
    const requester = await asUser('u-requester.li', ['requester']);
    const refused = await catalog.anonymous
      .get('/audit-records')
      .query({ actor: 'u-admin.it2' })
      .set('authorization', requester)
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'audit.actor.forbidden' });
    // Anyone may read their own (empty) trail.
    await catalog.anonymous
      .get('/audit-records')
      .query({ actor: 'u-requester.li' })
      .set('authorization', requester)
      .expect(200);
  });

  it('pages newest first with a cursor', async () => {
    const teamId = (await fixtures.team(catalog.http, it1.id))['teamId'] as string;
    await fixtures.regions(catalog.http, ['cn-r1', 'cn-r2', 'cn-r3']);
    for (const version of [1, 2, 3]) {
      await catalog.http
        .patch(`/teams/${teamId}`)
        .send({ regions: [`cn-r${version}`], expectedVersion: version })
        .expect(200);
    }
    const first = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'team', objectId: teamId, limit: 3 })
      .expect(200);
    expect(first.body.items.map((r: { after: { regions: string[] } }) => r.after.regions)).toEqual([
      ['cn-r3'],
      ['cn-r2'],
      ['cn-r1'],
    ]);
    const rest = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'team', objectId: teamId, limit: 3, cursor: first.body.nextCursor })
      .expect(200);
    expect(rest.body).toMatchObject({ items: [expect.objectContaining({ action: 'team.created' })], nextCursor: null });
  });

  it('refuses unclear queries and hides unknown objects', async () => {
    const noTarget = await catalog.http.get('/audit-records').expect(400);
    expect(noTarget.body.fields).toEqual([expect.objectContaining({ path: 'actor' })]);
    const half = await catalog.http.get('/audit-records').query({ objectType: 'team' }).expect(400);
    expect(half.body.fields).toEqual([expect.objectContaining({ path: 'objectId' })]);
    await catalog.http.get('/audit-records').query({ actor: 'x', limit: 201 }).expect(400);
    await catalog.http.get('/audit-records').query({ actor: 'x', cursor: 'bm9wZQ' }).expect(400);
    const unknown = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'team', objectId: '0190a0a0-0000-7000-8000-000000000000' })
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'audit.object.not_found' });
    await catalog.anonymous.get('/audit-records').query({ actor: 'x' }).expect(401);
  });

  it('the harness notices a change published without its audit record', async () => {
    const other = await startCatalog();
    const teamId = (await fixtures.team(other.http, (await fixtures.department(other.http))['departmentId'] as string))[
      'teamId'
    ] as string;
    expect(await other.auditLedger.discrepancies()).toEqual([]);
    // An event written past the use cases: published, but nobody recorded who changed what.
    const { version: _v, createdAt: _c, ...team } = (await other.http.get(`/teams/${teamId}`)).body;
    const sneaky = createEvent(TeamChangedV1, teamId, { ...team, name: text('Sneaky', '偷改') });
    await other.app.get(DataSource).transaction((m) => other.app.get(Outbox).append(m, sneaky));
    expect(await other.auditLedger.discrepancies()).toEqual([
      `event ${TeamChangedV1.type} ${sneaky.id} has 0 audit records`,
    ]);
    await expect(other.close()).rejects.toThrow(/audit trail does not match/);
  });

  it('keeps records append-only: the database refuses to change or delete one', async () => {
    const pg = catalog.app.get(DataSource);
    await expect(pg.query("update audit_record set actor_subject = 'someone-else'")).rejects.toThrow(
      /cannot be changed or deleted/,
    );
    await expect(pg.query('delete from audit_record')).rejects.toThrow(/cannot be changed or deleted/);
  });
});
