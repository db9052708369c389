import { DataSource } from 'typeorm';
import { Kafka as CloudEventsKafka } from 'cloudevents';
import { TopicReader, testInfra } from '@itsm/platform/testing';
import { OfferingPublishedV1, OfferingReinstatedV1 } from '@itsm/contracts';
import { CatalogUnderTest, fixtures, startCatalog } from './catalog-harness';

describe('catalog offerings (real Postgres and Kafka)', () => {
  let catalog: CatalogUnderTest;
  let departmentId: string;
  let teams: { south: string; east: string; pos: string };
  let reader: TopicReader;

  beforeAll(async () => {
    catalog = await startCatalog();
    reader = await new TopicReader(testInfra().brokers, [OfferingPublishedV1.topic]).start();
    departmentId = (await fixtures.department(catalog.http))['departmentId'] as string;
    const team = async (region: string) =>
      (await fixtures.team(catalog.http, departmentId, { regions: [region] }))['teamId'] as string;
    teams = { south: await team('cn-south'), east: await team('cn-east'), pos: await team('cn-south') };
  });

  afterAll(async () => {
    await reader?.stop();
    await catalog?.close();
  });

  const count = async (table: string) =>
    Number((await catalog.app.get(DataSource).query(`select count(*) from ${table}`))[0].count);

  it('publishing puts exactly one CloudEvent on the offering topic, keyed by the offering id, continuing the request trace', async () => {
    const created = await catalog.http.post('/offerings').send(fixtures.offeringInput(departmentId, teams)).expect(201);
    const offeringId = created.body.offeringId as string;
    expect(created.body).toMatchObject({ status: 'draft', draftVersion: 1, publishedVersion: null });

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const published = await catalog.http
      .post(`/offerings/${offeringId}/publish`)
      .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
      .send({})
      .expect(200);
    expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1, draftVersion: null });

    const ofThisOffering = (type: string) =>
      reader.messages.filter((m) => m.key === offeringId && m.headers['ce_type'] === type);
    await reader.waitFor(() => ofThisOffering(OfferingPublishedV1.type).length >= 1);
    await new Promise((r) => setTimeout(r, 500)); // room for a duplicate to show up if there were one
    const messages = ofThisOffering(OfferingPublishedV1.type);
    expect(messages).toHaveLength(1);
    const [message] = messages;

    const kafkaMessage = {
      key: message.key ?? '',
      value: message.value,
      body: message.value,
      headers: message.headers,
    };
    const event = CloudEventsKafka.toEvent(kafkaMessage as Parameters<typeof CloudEventsKafka.toEvent>[0]);
    const single = Array.isArray(event) ? event[0] : event;
    expect(single.type).toBe('itsm.catalog.offering.published.v1');
    expect(single.source).toBe('/itsm/catalog');
    expect(single.subject).toBe(offeringId);
    expect(single.specversion).toBe('1.0');
    const data = (typeof single.data === 'string' ? JSON.parse(single.data) : single.data) as Record<string, unknown>;
    expect(data).toMatchObject({ offeringId, version: 1, status: 'published', code: created.body.code });
    expect(message.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });

  it('editing a published offering opens a new draft version and leaves the published one unchanged', async () => {
    const created = await catalog.http.post('/offerings').send(fixtures.offeringInput(departmentId, teams)).expect(201);
    const id = created.body.offeringId as string;
    await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200);

    const edited = await catalog.http
      .patch(`/offerings/${id}/draft`)
      .send({ promisedDelivery: { duration: 'P10D', basis: 'business-days' } })
      .expect(200);
    expect(edited.body).toMatchObject({ publishedVersion: 1, draftVersion: 2, latestVersion: 2 });
    expect(edited.body.published.promisedDelivery.duration).toBe('P14D');
    expect(edited.body.draft.promisedDelivery.duration).toBe('P10D');

    const v1 = await catalog.http.get(`/offerings/${id}/versions/1`).expect(200);
    expect(v1.body).toMatchObject({ status: 'published', promisedDelivery: { duration: 'P14D' } });

    await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200);
    const after = await catalog.http.get(`/offerings/${id}`).expect(200);
    expect(after.body).toMatchObject({ publishedVersion: 2, draftVersion: null });
    expect(after.body.published.promisedDelivery.duration).toBe('P10D');
  });

  it('retiring is a state transition: a second retire is a 409 listing what is allowed', async () => {
    const created = await catalog.http.post('/offerings').send(fixtures.offeringInput(departmentId, teams)).expect(201);
    const id = created.body.offeringId as string;
    const early = await catalog.http.post(`/offerings/${id}/retire`).send({}).expect(409);
    expect(early.body).toMatchObject({ code: 'catalog.offering.not_published', allowed: ['published'] });
    await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200);
    await catalog.http.post(`/offerings/${id}/retire`).send({}).expect(200);
    const again = await catalog.http.post(`/offerings/${id}/retire`).send({}).expect(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.body).toMatchObject({ status: 409, code: 'catalog.offering.not_published', allowed: [] });
    await catalog.http
      .patch(`/offerings/${id}/draft`)
      .send({ name: { en: 'x', 'zh-CN': 'x' } })
      .expect(409);
  });

  it('a platform admin reinstates a retired offering (issue 10, item 14): audited, announced, its drafts publishable again', async () => {
    const reinstated = new TopicReader(testInfra().brokers, [OfferingReinstatedV1.topic]);
    await reinstated.start();
    try {
      const created = await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, teams))
        .expect(201);
      const id = created.body.offeringId as string;
      const notRetired = await catalog.http.post(`/offerings/${id}/reinstate`).send({}).expect(409);
      expect(notRetired.body).toMatchObject({ code: 'catalog.offering.not_retired', from: 'draft' });
      await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200);
      await catalog.http.post(`/offerings/${id}/retire`).send({}).expect(200);
      const publish = await catalog.http
        .post(`/offerings/${id}/publish`)
        .set('Accept-Language', 'zh-CN')
        .send({})
        .expect(409);
      expect(publish.body).toMatchObject({
        code: 'catalog.offering.retired',
        detail: expect.stringContaining('/reinstate'),
      });

      // The department's own admin may retire it, but only a platform admin brings it back.
      const code = ((await catalog.http.get(`/departments/${departmentId}`).expect(200)).body as { code: string }).code;
      const deptAdmin = await catalog.issuer.tokenFor({
        subject: 'u-dept.admin',
        roles: ['department-admin'],
        departments: [code],
      });
      const refused = await catalog.anonymous
        .post(`/offerings/${id}/reinstate`)
        .set('authorization', `Bearer ${deptAdmin}`)
        .send({})
        .expect(403);
      expect(refused.body.code).toBe('auth.role.forbidden');
      await catalog.http.post(`/offerings/${id}/reinstate`).send({ expectedVersion: 1 }).expect(409);

      const back = await catalog.http.post(`/offerings/${id}/reinstate`).send({}).expect(200);
      expect(back.body).toMatchObject({
        status: 'published',
        publishedVersion: 1,
        retiredAt: null,
        published: { version: 1, status: 'published' },
      });
      const listed = await catalog.http.get('/offerings').query({ status: 'published', limit: 200 }).expect(200);
      expect(listed.body.items.map((o: { offeringId: string }) => o.offeringId)).toContain(id);

      const history = await catalog.http
        .get('/audit-records')
        .query({ objectType: 'offering', objectId: id })
        .expect(200);
      expect(history.body.items[0]).toMatchObject({
        action: 'offering.reinstated',
        actor: { subject: 'u-platform.admin' },
        before: { status: 'retired', retiredAt: expect.any(String) },
        after: { status: 'published', retiredAt: null },
      });
      await reinstated.waitFor(() =>
        reinstated.messages.some((m) => m.key === id && m.headers['ce_type'] === OfferingReinstatedV1.type),
      );
      const event = reinstated.messages.find(
        (m) => m.key === id && m.headers['ce_type'] === OfferingReinstatedV1.type,
      )!;
      expect(JSON.parse(event.value!.toString('utf8'))).toMatchObject({
        offeringId: id,
        version: 1,
        code: created.body.code,
        reinstatedAt: expect.any(String),
      });
      expect(history.body.items[0].eventIds).toEqual([event.headers['ce_id']]);

      // Business as usual again: the next draft publishes as version 2.
      await catalog.http
        .patch(`/offerings/${id}/draft`)
        .send({ name: { en: 'Store opening (again)', 'zh-CN': '新店开业（恢复）' } })
        .expect(200);
      expect((await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200)).body).toMatchObject({
        status: 'published',
        publishedVersion: 2,
      });
    } finally {
      await reinstated.stop();
    }
  });

  it('lists offerings by scenario with cursor pagination', async () => {
    const scenario = `scn-${Date.now().toString(36)}`;
    for (let i = 0; i < 3; i++) {
      await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, teams, { scenario }))
        .expect(201);
    }
    const first = await catalog.http.get('/offerings').query({ scenario, limit: 2 }).expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await catalog.http
      .get('/offerings')
      .query({ scenario, limit: 2, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((o: { offeringId: string }) => o.offeringId);
    expect(new Set(ids).size).toBe(3);
    await catalog.http.get('/offerings').query({ cursor: 'garbage' }).expect(400);
  });

  it('documents requests, responses and problems in its OpenAPI 3.1 document', async () => {
    const doc = (await catalog.http.get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/offerings'].post;
    expect(create.requestBody.content['application/json'].schema.properties).toHaveProperty('taskPlan');
    expect(create.responses['201'].content['application/json'].schema.properties).toHaveProperty('published');
    expect(create.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
    expect(doc.components.responses.BadRequest.content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(doc.components.schemas.Problem.properties).toHaveProperty('fields');
    expect(create.responses['201'].headers.Location).toMatchObject({ required: true });
    expect(doc.paths['/teams'].get.responses['200'].content['application/json'].schema.properties).toHaveProperty(
      'nextCursor',
    );
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['401', '403']));
  });

  it('a stale expectedVersion on a draft edit is a 409, also when two edits race', async () => {
    const created = await catalog.http.post('/offerings').send(fixtures.offeringInput(departmentId, teams)).expect(201);
    const id = created.body.offeringId as string;
    expect(created.body.version).toBe(1);

    const first = await catalog.http
      .patch(`/offerings/${id}/draft`)
      .send({ name: { en: 'First', 'zh-CN': '第一次' }, expectedVersion: 1 })
      .expect(200);
    expect(first.body).toMatchObject({ version: 2, draftVersion: 1 });
    const stale = await catalog.http
      .patch(`/offerings/${id}/draft`)
      .send({ name: { en: 'Stale', 'zh-CN': '过期' }, expectedVersion: 1 })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'concurrency.version_mismatch', currentVersion: 2 });

    // Two editors who both read version 2: exactly one edit wins.
    const raced = await Promise.all(
      ['A', 'B'].map((who) =>
        catalog.http.patch(`/offerings/${id}/draft`).send({ name: { en: who, 'zh-CN': who }, expectedVersion: 2 }),
      ),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = raced.find((r) => r.status === 200)!;
    const after = await catalog.http.get(`/offerings/${id}`).expect(200);
    expect(after.body).toMatchObject({ version: 3, draft: { name: winner.body.draft.name } });
    expect(after.body.draft.name.en).not.toBe('Stale');
  });

  it('accepts draft-07 form schemas as well as 2020-12 ones', async () => {
    const draft07 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['region', 'openingDate'],
      definitions: { region: { type: 'string', enum: ['cn-south', 'cn-east'] } },
      properties: {
        region: { $ref: '#/definitions/region' },
        openingDate: {
          type: 'string',
          format: 'date',
          'x-date-rule': { minDaysAhead: 0, timeZone: { kind: 'fixed', zone: 'Asia/Shanghai' } },
        },
        storeTimeZone: { type: 'string', format: 'time-zone' },
      },
    };
    const created = await catalog.http
      .post('/offerings')
      .send(fixtures.offeringInput(departmentId, teams, { formSchema: draft07 }))
      .expect(201);
    expect(created.body.draft.formSchema).toEqual(draft07);
    await catalog.http.post(`/offerings/${created.body.offeringId}/publish`).send({}).expect(200);

    const explicit2020 = {
      ...fixtures.offeringInput(departmentId, teams).formSchema,
      $schema: 'https://json-schema.org/draft/2020-12/schema',
    };
    await catalog.http
      .post('/offerings')
      .send(fixtures.offeringInput(departmentId, teams, { formSchema: explicit2020 }))
      .expect(201);
  });

  it('checks each form schema on its own: the same $id in two offerings, and again on publish, is fine', async () => {
    const withId = {
      ...fixtures.offeringInput(departmentId, teams).formSchema,
      $id: 'https://forms.itsm.dev/store-opening',
    };
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const created = await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, teams, { formSchema: withId }))
        .expect(201);
      ids.push(created.body.offeringId as string);
    }
    for (const id of ids) {
      const published = await catalog.http.post(`/offerings/${id}/publish`).send({}).expect(200);
      expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
      expect(published.body.published.formSchema.$id).toBe(withId.$id);
    }
    // Editing re-checks the schema too.
    await catalog.http.patch(`/offerings/${ids[0]}/draft`).send({ formSchema: withId }).expect(200);
  });

  describe('bad input gets a 4xx problem with a code, and nothing is written', () => {
    let before: { offerings: number; versions: number };
    beforeEach(async () => {
      before = { offerings: await count('offering'), versions: await count('offering_version') };
    });
    const expectNothingWritten = async () => {
      expect(await count('offering')).toBe(before.offerings);
      expect(await count('offering_version')).toBe(before.versions);
    };

    it('a malformed form schema', async () => {
      const input = fixtures.offeringInput(departmentId, teams, {
        formSchema: { type: 'object', properties: { openingDate: { type: 'strnig' } }, requierd: ['x'] },
      });
      const res = await catalog.http.post('/offerings').send(input).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('catalog.form_schema.invalid');
      expect(res.body.fields.length).toBeGreaterThan(0);
      expect(res.body.fields[0].path).toMatch(/^formSchema/);
      await expectNothingWritten();
    });

    it('a cyclic task plan', async () => {
      const input = fixtures.offeringInput(departmentId, teams);
      input.taskPlan.tasks[0] = { ...input.taskPlan.tasks[0], dependsOn: ['pos'] } as (typeof input.taskPlan.tasks)[0];
      const res = await catalog.http.post('/offerings').send(input).expect(400);
      expect(res.body.code).toBe('catalog.task_plan.cycle');
      expect(res.body.fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ path: 'taskPlan.tasks', message: expect.stringContaining('cycle') }),
        ]),
      );
      await expectNothingWritten();
    });

    it('an unknown team', async () => {
      const unknownTeam = '01900000-0000-7000-8000-000000000000';
      const res = await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, { ...teams, pos: unknownTeam }))
        .expect(400);
      expect(res.body.code).toBe('catalog.team.unknown');
      expect(res.body.fields).toEqual([
        {
          path: 'taskPlan.tasks[1].team.teamId',
          code: 'unknown_team',
          message: expect.stringContaining(unknownTeam),
          messages: expect.objectContaining({ 'zh-CN': `没有启用中的团队 ${unknownTeam}` }),
        },
      ]);
      await expectNothingWritten();
    });

    it('an oversized body', async () => {
      const input = fixtures.offeringInput(departmentId, teams, {
        description: { en: 'x'.repeat(2_000_000), 'zh-CN': 'x' },
      });
      const res = await catalog.http.post('/offerings').send(input).expect(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('http.payload_too_large');
      await expectNothingWritten();
    });

    it('a NUL character in a name, naming the field', async () => {
      const input = fixtures.offeringInput(departmentId, teams, {
        name: { en: 'Store\u0000opening', 'zh-CN': '新店开业' },
      });
      const res = await catalog.http.post('/offerings').send(input).expect(400);
      expect(res.body).toMatchObject({
        code: 'validation.failed',
        fields: [{ path: 'name.en', code: 'custom', message: expect.stringContaining('NUL') }],
      });
      await expectNothingWritten();
    });

    it('a NUL character anywhere in the form schema, keys included', async () => {
      const input = fixtures.offeringInput(departmentId, teams);
      const formSchema = structuredClone(input.formSchema) as { properties: Record<string, Record<string, unknown>> };
      formSchema.properties['storeName']['title'] = 'Store\u0000name';
      formSchema.properties['odd\u0000key'] = { type: 'string' };
      const res = await catalog.http
        .post('/offerings')
        .send({ ...input, formSchema })
        .expect(400);
      expect(res.body.code).toBe('validation.failed');
      expect(res.body.fields.map((f: { path: string }) => f.path)).toEqual([
        'formSchema.properties.storeName.title',
        'formSchema.properties.odd\\u0000key',
      ]);
      await expectNothingWritten();
    });

    it('a NUL character in a checklist item', async () => {
      const input = fixtures.offeringInput(departmentId, teams);
      const tasks = input.taskPlan.tasks.map((task, i) =>
        i === 1 ? { ...task, checklist: ['cash drawer\u0000'] } : task,
      );
      const res = await catalog.http
        .post('/offerings')
        .send({ ...input, taskPlan: { tasks } })
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'validation.failed',
        fields: [expect.objectContaining({ path: 'taskPlan.tasks[1].checklist[0]' })],
      });
      await expectNothingWritten();
    });

    it("a task's output schema that is no JSON Schema of an object, or a checklist item listed twice (issue 10, item 8)", async () => {
      const input = fixtures.offeringInput(departmentId, teams);
      const withTask = (i: number, extra: Record<string, unknown>) => ({
        ...input,
        taskPlan: { tasks: input.taskPlan.tasks.map((task, j) => (j === i ? { ...task, ...extra } : task)) },
      });
      const typo = await catalog.http
        .post('/offerings')
        .send(withTask(1, { outputSchema: { type: 'object', properties: { circuitId: { type: 'strnig' } } } }))
        .expect(400);
      expect(typo.body.code).toBe('catalog.form_schema.invalid');
      expect(typo.body.fields[0].path).toMatch(/^taskPlan\.tasks\[1\]\.outputSchema\.properties\.circuitId/);
      const notObject = await catalog.http
        .post('/offerings')
        .send(withTask(0, { outputSchema: { type: 'string' } }))
        .expect(400);
      expect(notObject.body).toMatchObject({
        code: 'catalog.form_schema.invalid',
        fields: [{ path: 'taskPlan.tasks[0].outputSchema', code: 'not_an_object_form' }],
      });
      const nul = await catalog.http
        .post('/offerings')
        .send(withTask(0, { outputSchema: { type: 'object', properties: { 'id\u0000': { type: 'string' } } } }))
        .expect(400);
      expect(nul.body.fields.map((f: { path: string }) => f.path)).toEqual([
        'taskPlan.tasks[0].outputSchema.properties.id\\u0000',
      ]);
      const twice = await catalog.http
        .post('/offerings')
        .send(withTask(0, { checklist: ['Line installed'], optionalChecklist: ['Line installed'] }))
        .expect(400);
      expect(twice.body.fields).toEqual([
        expect.objectContaining({
          path: 'taskPlan.tasks[0].optionalChecklist[0]',
          message: expect.stringContaining('duplicate'),
        }),
      ]);
      await expectNothingWritten();

      // Both are part of the published version.
      const outputSchema = {
        type: 'object',
        required: ['circuitId'],
        properties: { circuitId: { type: 'string', title: '专线编号 / Circuit ID' } },
      };
      const created = await catalog.http
        .post('/offerings')
        .send(
          withTask(0, {
            checklist: ['Line installed'],
            optionalChecklist: ['Footfall counter calibrated'],
            outputSchema,
          }),
        )
        .expect(201);
      expect(created.body.draft.taskPlan.tasks[0]).toMatchObject({
        checklist: ['Line installed'],
        optionalChecklist: ['Footfall counter calibrated'],
        outputSchema,
      });
    });

    it('a date rule written wrongly or on a field that is no date, and a time zone field that does not say so (issue 10, item 12)', async () => {
      const input = fixtures.offeringInput(departmentId, teams);
      const withProperties = (properties: Record<string, unknown>) => ({
        ...input,
        formSchema: { ...input.formSchema, properties: { ...input.formSchema.properties, ...properties } },
      });
      const zone = { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' };

      const negative = await catalog.http
        .post('/offerings')
        .send(
          withProperties({
            openingDate: { type: 'string', format: 'date', 'x-date-rule': { minDaysAhead: -3, timeZone: zone } },
          }),
        )
        .expect(400);
      expect(negative.body).toMatchObject({
        code: 'catalog.form_schema.invalid',
        fields: [expect.objectContaining({ path: 'formSchema.properties.openingDate.x-date-rule.minDaysAhead' })],
      });
      const mars = await catalog.http
        .post('/offerings')
        .send(
          withProperties({
            openingDate: {
              type: 'string',
              format: 'date',
              'x-date-rule': { minDaysAhead: 3, timeZone: { kind: 'fixed', zone: 'Mars/Base' } },
            },
          }),
        )
        .expect(400);
      expect(mars.body.fields.map((f: { path: string }) => f.path)).toContain(
        'formSchema.properties.openingDate.x-date-rule.timeZone.zone',
      );

      const notADate = await catalog.http
        .post('/offerings')
        .send(withProperties({ storeName: { type: 'string', 'x-date-rule': { minDaysAhead: 3, timeZone: zone } } }))
        .expect(400);
      expect(notADate.body).toMatchObject({
        code: 'catalog.form_field.unknown',
        fields: [{ path: 'formSchema.properties.storeName', code: 'not_a_date_field', message: expect.any(String) }],
      });
      const plainZone = await catalog.http
        .post('/offerings')
        .send(withProperties({ storeTimeZone: { type: 'string' } }))
        .expect(400);
      expect(plainZone.body.fields).toEqual([
        {
          path: 'reminders[0].timeZone.field',
          code: 'not_a_time_zone_field',
          message: expect.stringContaining("'time-zone'"),
          messages: expect.objectContaining({ 'zh-CN': expect.stringContaining('time-zone') }),
        },
      ]);
      const unknownZoneField = await catalog.http
        .post('/offerings')
        .send(
          withProperties({
            openingDate: {
              type: 'string',
              format: 'date',
              'x-date-rule': { minDaysAhead: 3, timeZone: { ...zone, field: 'shopZone' } },
            },
          }),
        )
        .expect(400);
      expect(unknownZoneField.body.fields).toEqual([
        expect.objectContaining({
          path: 'formSchema.properties.openingDate.x-date-rule.timeZone.field',
          code: 'unknown_form_field',
        }),
      ]);
      await expectNothingWritten();
    });

    it('a form schema too large to travel in one event, or nested too deeply', async () => {
      const properties = Object.fromEntries(
        Array.from({ length: 6000 }, (_, i) => [`field${i}`, { type: 'string', title: `Field ${i} / 字段 ${i}` }]),
      );
      const big = fixtures.offeringInput(departmentId, teams, {
        formSchema: { ...fixtures.offeringInput(departmentId, teams).formSchema, properties },
      });
      const tooBig = await catalog.http.post('/offerings').send(big).expect(400);
      expect(tooBig.body).toMatchObject({
        code: 'catalog.form_schema.invalid',
        fields: [{ path: 'formSchema', code: 'too_big', message: expect.stringContaining('262144') }],
      });

      // Built as text: serializing an object this deep would overflow the test's own stack.
      const levels = 5000;
      const nested = `${'{"type":"object","properties":{"x":'.repeat(levels)}{"type":"string"}${'}}'.repeat(levels)}`;
      const body = JSON.stringify(fixtures.offeringInput(departmentId, teams, { formSchema: 'NESTED' })).replace(
        '"NESTED"',
        nested,
      );
      const deep = await catalog.http.post('/offerings').set('content-type', 'application/json').send(body).expect(400);
      expect(deep.body.code).toBe('validation.failed');
      expect(deep.body.fields).toEqual([
        expect.objectContaining({
          path: expect.stringMatching(/^formSchema\.properties\.x/),
          message: expect.stringContaining('nested'),
        }),
      ]);
      await expectNothingWritten();
    });

    it('a form schema in an unsupported dialect, or one that $refs another form', async () => {
      const formSchema = fixtures.offeringInput(departmentId, teams).formSchema;
      const old = await catalog.http
        .post('/offerings')
        .send(
          fixtures.offeringInput(departmentId, teams, {
            formSchema: { ...formSchema, $schema: 'https://json-schema.org/draft/2019-09/schema' },
          }),
        )
        .expect(400);
      expect(old.body).toMatchObject({
        code: 'catalog.form_schema.invalid',
        fields: [{ path: 'formSchema.$schema', code: 'unsupported_dialect' }],
      });

      const other = { ...formSchema, $id: 'https://forms.itsm.dev/other-form' };
      await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, teams, { formSchema: other }))
        .expect(201);
      before = { offerings: await count('offering'), versions: await count('offering_version') };
      const referring = {
        ...formSchema,
        properties: {
          ...formSchema.properties,
          storeName: { $ref: 'https://forms.itsm.dev/other-form#/properties/storeName' },
        },
      };
      const res = await catalog.http
        .post('/offerings')
        .send(fixtures.offeringInput(departmentId, teams, { formSchema: referring }))
        .expect(400);
      expect(res.body).toMatchObject({
        code: 'catalog.form_schema.invalid',
        fields: [{ path: 'formSchema', code: 'invalid_json_schema' }],
      });
      await expectNothingWritten();
    });

    it('a cursor that is not one this API returned', async () => {
      for (const cursor of [
        'garbage',
        Buffer.from(JSON.stringify({ id: 'nope' })).toString('base64url'),
        Buffer.from('{"id":42}').toString('base64url'),
      ]) {
        const res = await catalog.http.get('/offerings').query({ cursor }).expect(400);
        expect(res.body).toMatchObject({ code: 'validation.failed', fields: [{ path: 'cursor', code: 'invalid' }] });
      }
    });

    it('malformed JSON and a malformed id', async () => {
      const res = await catalog.http
        .post('/offerings')
        .set('content-type', 'application/json')
        .send('{"code": ')
        .expect(400);
      expect(res.body.code).toBe('http.malformed_json');
      const bad = await catalog.http.get('/offerings/not-a-uuid').expect(400);
      expect(bad.body.fields[0].path).toBe('id');
      await catalog.http.get('/offerings/01900000-0000-7000-8000-000000000000').expect(404);
      await expectNothingWritten();
    });
  });
});
