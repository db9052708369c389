import { DataSource } from 'typeorm';
import { BusinessServiceChangedV1, EMAIL_PATTERN } from '@itsm/contracts';
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
    const hr = (await fixtures.department(catalog.http, { kind: 'hr', name: text('HR', '人力资源部') }))[
      'departmentId'
    ] as string;
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
    const line = await catalog.http
      .post('/business-lines')
      .send({ code: `retail-${Date.now()}`, name: text('Retail stores', '门店零售') })
      .expect(201);
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

    const found = await catalog.http
      .get('/business-services')
      .query({ label: `service:${code}` })
      .expect(200);
    expect(found.body.items).toEqual([
      expect.objectContaining({ businessServiceId: id, downtimeCostPerHour: { amount: 120000, currency: 'CNY' } }),
    ]);
    await catalog.http.get('/business-services').query({ label: 'no-colon' }).expect(400);

    await reader.waitFor((m) => m.some((x) => x.key === id));
    const [event] = reader.messages.filter((x) => x.key === id);
    expect(JSON.parse(event.value!.toString())).toMatchObject({
      businessServiceId: id,
      criticality: 'critical',
      labels: { tier: 'store' },
    });
  });

  describe('bad input gets a 400 naming the field, never a 500, and nothing is written', () => {
    const count = async (table: string) =>
      Number((await catalog.app.get(DataSource).query(`select count(*) from ${table}`))[0].count);
    let businessLineId: string;
    const serviceInput = (overrides: Record<string, unknown> = {}) => ({
      code: `svc-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
      businessLineId,
      name: text('Online store', '线上商城'),
      criticality: 'high',
      ownerName: '王芳',
      downtimeCostPerHour: { amount: 19.99, currency: 'CNY' },
      typicalUsersAffected: 10,
      ...overrides,
    });

    beforeAll(async () => {
      const line = await catalog.http
        .post('/business-lines')
        .send({ code: `online-${Date.now()}`, name: text('Online', '线上') })
        .expect(201);
      businessLineId = line.body.businessLineId as string;
    });

    it('a downtime cost larger than numeric(14,2) holds, or with fractions of a cent', async () => {
      const before = await count('business_service');
      for (const amount of [1e12, 1e21]) {
        const res = await catalog.http
          .post('/business-services')
          .send(serviceInput({ downtimeCostPerHour: { amount, currency: 'CNY' } }))
          .expect(400);
        expect(res.body).toMatchObject({
          code: 'validation.failed',
          fields: [expect.objectContaining({ path: 'downtimeCostPerHour.amount', code: 'too_big' })],
        });
      }
      const cents = await catalog.http
        .post('/business-services')
        .send(serviceInput({ downtimeCostPerHour: { amount: 1.005, currency: 'CNY' } }))
        .expect(400);
      expect(cents.body.fields).toEqual([
        expect.objectContaining({ path: 'downtimeCostPerHour.amount', code: 'not_multiple_of' }),
      ]);
      expect(await count('business_service')).toBe(before);

      // Amounts whose cents are not exact in binary floating point, and the largest one, are stored exactly.
      const created = await catalog.http.post('/business-services').send(serviceInput()).expect(201);
      expect(created.body.downtimeCostPerHour).toEqual({ amount: 19.99, currency: 'CNY' });
      const id = created.body.businessServiceId as string;
      const max = await catalog.http
        .patch(`/business-services/${id}`)
        .send({ downtimeCostPerHour: { amount: 999_999_999_999.99, currency: 'CNY' } })
        .expect(200);
      expect(max.body.downtimeCostPerHour.amount).toBe(999_999_999_999.99);
      const patched = await catalog.http
        .patch(`/business-services/${id}`)
        .send({ downtimeCostPerHour: { amount: 1e12, currency: 'CNY' } })
        .expect(400);
      expect(patched.body.fields).toEqual([expect.objectContaining({ path: 'downtimeCostPerHour.amount' })]);
      expect((await catalog.http.get(`/business-services/${id}`).expect(200)).body).toMatchObject({
        version: 2,
        downtimeCostPerHour: { amount: 999_999_999_999.99 },
      });
    });

    it('a NUL character in a name, an owner or a label', async () => {
      const before = { departments: await count('department'), services: await count('business_service') };
      const dep = await catalog.http
        .post('/departments')
        .send({ code: `nul-${Date.now()}`, kind: 'it', name: text('IT\u0000', '信息技术部') })
        .expect(400);
      expect(dep.body).toMatchObject({
        code: 'validation.failed',
        fields: [{ path: 'name.en', code: 'custom', message: expect.stringContaining('NUL') }],
      });

      const svc = await catalog.http
        .post('/business-services')
        .send(serviceInput({ ownerName: '王\u0000芳', labels: { tier: 'store\u0000' } }))
        .expect(400);
      expect(svc.body.fields.map((f: { path: string }) => f.path)).toEqual(['ownerName', 'labels.tier']);
      await catalog.http.get('/business-services').query({ label: 'tier:\u0000' }).expect(400);
      expect({ departments: await count('department'), services: await count('business_service') }).toEqual(before);
    });

    it('a NUL character in a team member', async () => {
      const departmentId = (await fixtures.department(catalog.http))['departmentId'] as string;
      const before = await count('team');
      const res = await catalog.http
        .post('/teams')
        .send({
          code: `nul-${Date.now()}`,
          departmentId,
          name: text('Desk', '服务台'),
          members: [{ userId: 'u-1', displayName: 'Li\u0000Wei', role: 'lead' }],
        })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'validation.failed',
        fields: [expect.objectContaining({ path: 'members[0].displayName' })],
      });
      expect(await count('team')).toBe(before);
    });

    it('unknown or archived regions, control characters in member ids, e-mails off the documented pattern (issue 10, item 13)', async () => {
      const departmentId = (await fixtures.department(catalog.http))['departmentId'] as string;
      await fixtures.regions(catalog.http, ['cn-south', 'cn-west']);
      const west = (await catalog.http.get('/regions').query({ limit: 200 }).expect(200)).body.items.find(
        (r: { code: string }) => r.code === 'cn-west',
      );
      await catalog.http.patch(`/regions/${west.regionId}`).send({ archived: true }).expect(200);
      const before = { teams: await count('team'), services: await count('business_service') };
      const team = (extra: Record<string, unknown>) =>
        catalog.http
          .post('/teams')
          .send({ code: `bad-${Date.now()}`, departmentId, name: text('Desk', '服务台'), ...extra });

      const mars = await team({ regions: ['cn-south', 'mars-1', 'cn-west'] }).expect(400);
      expect(mars.body).toMatchObject({
        code: 'catalog.region.unknown',
        detail: expect.stringContaining('mars-1, cn-west'),
      });
      expect(mars.body.fields).toEqual([
        expect.objectContaining({ path: 'regions[1]', code: 'unknown_region' }),
        expect.objectContaining({ path: 'regions[2]', code: 'unknown_region' }),
      ]);
      const zh = await team({ regions: ['mars-1'] })
        .set('Accept-Language', 'zh-CN')
        .expect(400);
      expect(zh.body.detail).toBe('未知区域：mars-1');

      const ids = await team({
        members: [
          { userId: 'u-li\nwei', displayName: 'Li Wei', role: 'lead' },
          { userId: 'u-wang\u007f', displayName: 'Wang', role: 'member' },
          { userId: 'u-zhao\tmin', displayName: 'Zhao', role: 'member' },
        ],
      }).expect(400);
      expect(ids.body.fields.map((f: { path: string }) => f.path)).toEqual([
        'members[0].userId',
        'members[1].userId',
        'members[2].userId',
      ]);
      expect(ids.body.fields[0].message).toContain('control characters');

      const mail = await team({
        members: [{ userId: 'u-li', displayName: 'Li', email: 'li@store-.cn', role: 'lead' }],
      }).expect(400);
      expect(mail.body.fields).toEqual([expect.objectContaining({ path: 'members[0].email' })]);
      const line = await catalog.http
        .post('/business-lines')
        .send({ code: `line-${Date.now()}`, name: text('Line', '业务线') })
        .expect(201);
      const service = {
        code: `svc-${Date.now()}`,
        businessLineId: line.body.businessLineId,
        name: text('POS', '收银'),
        criticality: 'high',
        ownerName: 'Li',
        downtimeCostPerHour: { amount: 1, currency: 'CNY' },
        typicalUsersAffected: 1,
      };
      for (const ownerEmail of [
        'owner@store-.cn',
        'owner@-store.cn',
        'a..b@example.com',
        'owner@example',
        `${'x'.repeat(65)}@example.com`,
      ]) {
        const res = await catalog.http
          .post('/business-services')
          .send({ ...service, ownerEmail })
          .expect(400);
        expect(res.body.fields).toEqual([expect.objectContaining({ path: 'ownerEmail' })]);
      }
      expect({ teams: await count('team'), services: await count('business_service') }).toEqual(before);
      await catalog.http
        .post('/business-services')
        .send({ ...service, ownerEmail: "o'neil+pos@store-1.example.cn" })
        .expect(201);

      // The pattern the API documents is the one it checks.
      const doc = (await catalog.http.get('/openapi.json').expect(200)).body;
      const documented =
        doc.paths['/business-services'].post.requestBody.content['application/json'].schema.properties.ownerEmail;
      expect(documented).toMatchObject({ format: 'email', pattern: EMAIL_PATTERN.source });
    });

    it('a cursor that is not one this API returned', async () => {
      for (const path of ['/teams', '/departments', '/business-services']) {
        for (const cursor of ['garbage', Buffer.from(JSON.stringify({ id: 'nope' })).toString('base64url')]) {
          const res = await catalog.http.get(path).query({ cursor }).expect(400);
          expect(res.body).toMatchObject({ code: 'validation.failed', fields: [{ path: 'cursor', code: 'invalid' }] });
        }
      }
    });
  });

  it('keeps the regions teams may cover: platform admins add, rename and archive them; everyone reads them', async () => {
    const code = `cn-r${Date.now().toString(36)}`;
    const created = await catalog.http
      .post('/regions')
      .send({ code, name: text('Southwest China', '西南') })
      .expect(201);
    expect(created.body).toMatchObject({
      regionId: expect.any(String),
      code,
      name: { 'zh-CN': '西南' },
      archived: false,
      version: 1,
    });
    const taken = await catalog.http
      .post('/regions')
      .send({ code, name: text('Again', '重复') })
      .expect(409);
    expect(taken.body.code).toBe('catalog.region.code_taken');
    const departmentAdmin = await catalog.issuer.tokenFor({
      subject: 'u-it.admin',
      roles: ['department-admin'],
      departments: ['it'],
    });
    const refused = await catalog.anonymous
      .post('/regions')
      .set('authorization', `Bearer ${departmentAdmin}`)
      .send({ code: `${code}-x`, name: text('x', 'x') })
      .expect(403);
    expect(refused.body.code).toBe('auth.role.forbidden');
    await catalog.anonymous.get('/regions').set('authorization', `Bearer ${departmentAdmin}`).expect(200);
    const renamed = await catalog.http
      .patch(`/regions/${created.body.regionId}`)
      .send({ name: text('Southwest', '西南区'), expectedVersion: 1 })
      .expect(200);
    expect(renamed.body).toMatchObject({ code, version: 2 });
    const recodes = await catalog.http.patch(`/regions/${created.body.regionId}`).send({ code: 'cn-x' }).expect(400);
    expect(recodes.body.fields).toEqual([expect.objectContaining({ path: 'code', code: 'unrecognized_keys' })]);
    const history = await catalog.http
      .get('/audit-records')
      .query({ objectType: 'region', objectId: created.body.regionId })
      .expect(200);
    expect(history.body.items.map((r: { action: string }) => r.action)).toEqual(['region.updated', 'region.created']);
  });

  it('guards edits: optimistic version, unique codes, known references; archived rows leave the default list', async () => {
    const dep = await fixtures.department(catalog.http);
    const id = dep['departmentId'] as string;

    const stale = await catalog.http
      .patch(`/departments/${id}`)
      .send({ name: text('x', 'x'), expectedVersion: 99 })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'concurrency.version_mismatch', currentVersion: 1 });

    const taken = await catalog.http
      .post('/departments')
      .send({ code: dep['code'], kind: 'it', name: text('Dup', '重复') })
      .expect(409);
    expect(taken.body).toMatchObject({
      code: 'catalog.department.code_taken',
      fields: [expect.objectContaining({ path: 'code' })],
    });

    const orphan = await catalog.http
      .post('/teams')
      .send({
        code: `orphan-${Date.now()}`,
        departmentId: '01900000-0000-7000-8000-000000000000',
        name: text('Orphan', '孤儿团队'),
      })
      .expect(400);
    expect(orphan.body).toMatchObject({
      code: 'catalog.department.unknown',
      fields: [expect.objectContaining({ path: 'departmentId' })],
    });

    const unknownField = await catalog.http
      .post('/departments')
      .send({ code: 'x-y', kind: 'it', name: text('a', 'b'), colour: 'red' })
      .expect(400);
    expect(unknownField.body.fields).toEqual([expect.objectContaining({ path: 'colour', code: 'unrecognized_keys' })]);

    const archived = await catalog.http
      .patch(`/departments/${id}`)
      .send({ archived: true, expectedVersion: 1 })
      .expect(200);
    expect(archived.body).toMatchObject({ archived: true, version: 2 });
    const active = await catalog.http.get('/departments').query({ limit: 200 }).expect(200);
    expect(active.body.items.map((d: { departmentId: string }) => d.departmentId)).not.toContain(id);
    const all = await catalog.http.get('/departments').query({ limit: 200, includeArchived: true }).expect(200);
    expect(all.body.items.map((d: { departmentId: string }) => d.departmentId)).toContain(id);
  });
});
