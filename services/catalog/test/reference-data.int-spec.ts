import { BusinessServiceChangedV1 } from '@itsm/contracts';
import { testInfra, TopicReader } from '@itsm/platform/testing';
import { CatalogUnderTest, fixtures, startCatalog } from './catalog-harness';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

describe('catalog reference data: departments, teams, business lines and services', () => {
  let catalog: CatalogUnderTest;
  let reader: TopicReader;

  beforeAll(async () => {
    catalog = await startCatalog();
    reader = await new TopicReader(testInfra().brokers, [BusinessServiceChangedV1.topic]).start();
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  it('lists teams by department and region', async () => {
    const it1 = (await fixtures.department(catalog.http))['departmentId'] as string;
    const hr = (await fixtures.department(catalog.http, { kind: 'hr', name: text('HR', '人力资源部') }))['departmentId'] as string;
    await fixtures.team(catalog.http, it1, { regions: ['cn-south'] });
    await fixtures.team(catalog.http, it1, { regions: ['cn-east', 'cn-north'] });
    await fixtures.team(catalog.http, hr, { regions: ['cn-east'] });

    const east = await catalog.http.get('/teams').query({ departmentId: it1, region: 'cn-east' }).expect(200);
    expect(east.body.items).toHaveLength(1);
    expect(east.body.items[0]).toMatchObject({ departmentId: it1, regions: ['cn-east', 'cn-north'], version: 1 });
    const hrDesks = await catalog.http.get('/departments').query({ kind: 'hr' }).expect(200);
    expect(hrDesks.body.items.map((d: { departmentId: string }) => d.departmentId)).toContain(hr);
  });

  it('finds a business service by a monitoring label and publishes its snapshot', async () => {
    const line = await catalog.http.post('/business-lines').send({ code: `retail-${Date.now()}`, name: text('Retail stores', '门店零售') }).expect(201);
    const code = `pos-checkout-${Date.now()}`;
    const created = await catalog.http
      .post('/business-services')
      .send({
        code,
        businessLineId: line.body.businessLineId,
        name: text('POS checkout', '门店收银'),
        criticality: 'critical',
        ownerName: '王芳',
        downtimeCostPerHour: { amount: 120000, currency: 'CNY' },
        typicalUsersAffected: 3500,
        labels: { service: code, tier: 'store' },
      })
      .expect(201);
    const id = created.body.businessServiceId as string;

    const found = await catalog.http.get('/business-services').query({ label: `service:${code}` }).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ businessServiceId: id, downtimeCostPerHour: { amount: 120000, currency: 'CNY' } })]);
    await catalog.http.get('/business-services').query({ label: 'no-colon' }).expect(400);

    await reader.waitFor((m) => m.some((x) => x.key === id));
    const [event] = reader.messages.filter((x) => x.key === id);
    expect(JSON.parse(event.value!.toString())).toMatchObject({ businessServiceId: id, criticality: 'critical', labels: { tier: 'store' } });
  });

  it('guards edits: optimistic version, unique codes, known references; archived rows leave the default list', async () => {
    const dep = await fixtures.department(catalog.http);
    const id = dep['departmentId'] as string;

    const stale = await catalog.http.patch(`/departments/${id}`).send({ name: text('x', 'x'), expectedVersion: 99 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'concurrency.version_mismatch', currentVersion: 1 });

    const taken = await catalog.http.post('/departments').send({ code: dep['code'], kind: 'it', name: text('Dup', '重复') }).expect(409);
    expect(taken.body).toMatchObject({ code: 'catalog.department.code_taken', fields: [expect.objectContaining({ path: 'code' })] });

    const orphan = await catalog.http
      .post('/teams')
      .send({ code: `orphan-${Date.now()}`, departmentId: '01900000-0000-7000-8000-000000000000', name: text('Orphan', '孤儿团队') })
      .expect(400);
    expect(orphan.body).toMatchObject({ code: 'catalog.department.unknown', fields: [expect.objectContaining({ path: 'departmentId' })] });

    const unknownField = await catalog.http.post('/departments').send({ code: 'x-y', kind: 'it', name: text('a', 'b'), colour: 'red' }).expect(400);
    expect(unknownField.body.fields).toEqual([expect.objectContaining({ path: 'colour', code: 'unrecognized_keys' })]);

    const archived = await catalog.http.patch(`/departments/${id}`).send({ archived: true, expectedVersion: 1 }).expect(200);
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    const active = await catalog.http.get('/departments').query({ limit: 200 }).expect(200);
    expect(active.body.items.map((d: { departmentId: string }) => d.departmentId)).not.toContain(id);
    const all = await catalog.http.get('/departments').query({ limit: 200, includeArchived: true }).expect(200);
    expect(all.body.items.map((d: { departmentId: string }) => d.departmentId)).toContain(id);
  });
});
