import { DataSource } from 'typeorm';
import { waitUntil } from '@itsm/platform/testing';
import { dataOf, PROBLEM_JSON, requestsSuite, typesFor } from './requests-harness';

/**
 * Submitting requests over HTTP against the real service (its catalog projection fed by catalog
 * events through Kafka): form validation with bilingual labels, unknown and retired offerings,
 * Idempotency-Key, the business context and the events that reach Kafka.
 */
describe('submitting requests (real Postgres and Kafka)', () => {
  const suite = requestsSuite({ readTopics: true });
  const { world, reader } = suite;
  const requester = suite.person('u-li.na', ['requester'], [world.departments.it.code]);

  const onboardingForm = () => ({
    employeeName: '王芳',
    employeeId: 'E202417',
    startDate: '2026-04-01',
    workLocation: 'cn-south',
    managerEmail: 'zhang.wei@example.com',
  });

  it('submits a request for the latest published version: pending approval, with business context and promised time', async () => {
    const res = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.onboarding, formData: onboardingForm(), watchers: ['u-hr.bp'] })
      .expect(201);
    expect(res.body).toMatchObject({
      number: expect.stringMatching(/^REQ-\d{6,}$/),
      offering: { offeringId: world.offerings.onboarding, version: 1, scenario: 'employee-onboarding' },
      departmentId: world.departments.it.id,
      requesterId: 'u-li.na',
      watchers: ['u-hr.bp'],
      priority: 'medium',
      status: 'pending-approval',
      currentStage: 0,
      allowedTransitions: ['approved', 'rejected', 'cancelled'],
      formData: { ...onboardingForm(), needsVpn: false },
      businessContext: {
        region: 'cn-south',
        keyDates: [{ field: 'startDate', date: '2026-04-01' }],
        businessServiceIds: [],
      },
    });
    // Five business days later, Mon–Fri in Shanghai.
    const promised = new Date(res.body.promisedAt).getTime() - new Date(res.body.submittedAt).getTime();
    expect(promised).toBeGreaterThanOrEqual(5 * 24 * 3600 * 1000);
    expect(promised).toBeLessThanOrEqual(9 * 24 * 3600 * 1000);

    const id = res.body.requestId as string;
    await reader.waitFor(() => typesFor(reader, id).length >= 2);
    expect(typesFor(reader, id)).toEqual([
      'itsm.requests.request.submitted.v1',
      'itsm.requests.request.sent-for-approval.v1',
    ]);
    expect(dataOf(reader, id, 'itsm.requests.request.submitted.v1')[0]).toMatchObject({
      requestId: id,
      offeringId: world.offerings.onboarding,
      offeringVersion: 1,
      departmentId: world.departments.it.id,
      region: 'cn-south',
      priority: 'medium',
      requesterId: 'u-li.na',
      actor: 'u-li.na',
      status: 'submitted',
      businessContext: { keyDates: [{ field: 'startDate', date: '2026-04-01' }] },
    });
    const approvals = (await requester.get(`/requests/${id}/approvals`).expect(200)).body.items;
    expect(approvals).toEqual([
      expect.objectContaining({
        stageKey: 'hiring-manager',
        mode: 'any',
        status: 'pending',
        approver: { kind: 'user', userId: 'zhang.wei@example.com' },
      }),
    ]);
    await reader.waitFor(() => reader.messages.some((m) => m.key === approvals[0].approvalId));
    expect(dataOf(reader, approvals[0].approvalId, 'itsm.requests.approval.requested.v1')[0]).toMatchObject({
      requestId: id,
      stageKey: 'hiring-manager',
      stageCount: 1,
    });
  });

  it('refuses invalid form data with 400, naming the fields in both languages', async () => {
    const res = await requester
      .post('/requests')
      .set('accept-language', 'zh-CN')
      .send({
        offeringId: world.offerings.onboarding,
        formData: { ...onboardingForm(), employeeId: '42', startDate: 'soon', shoeSize: 42 },
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      code: 'requests.form.invalid',
      title: '表单填写有误',
      detail: expect.stringContaining('工号'),
    });
    const fields = Object.fromEntries((res.body.fields as { path: string }[]).map((f) => [f.path, f]));
    expect(fields['formData.employeeId']).toMatchObject({
      code: 'pattern',
      label: { en: 'Employee ID', 'zh-CN': '工号' },
      messages: { 'zh-CN': expect.stringMatching(/^工号：/), en: expect.stringMatching(/^Employee ID: /) },
    });
    expect(fields['formData.startDate']).toMatchObject({
      code: 'format',
      label: { en: 'Start date', 'zh-CN': '入职日期' },
    });
    expect(fields['formData.shoeSize']).toMatchObject({ code: 'additionalProperties' });
    const english = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.onboarding, formData: { employeeName: '王芳' } })
      .expect(400);
    expect(english.body.detail).toContain('Employee ID');
    expect(english.body.fields.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['formData.employeeId', 'formData.managerEmail']),
    );
  });

  it('refuses control characters in the ids of people and e-mails off the documented pattern (issue 10, item 13)', async () => {
    const ds = suite.svc.app.get(DataSource);
    const count = async () => Number((await ds.query('select count(*)::int as n from request'))[0].n);
    const before = await count();
    const ids = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.onboarding,
        formData: onboardingForm(),
        onBehalfOf: 'u-wang\nfang',
        watchers: ['u-ok', 'u-hr\u007fbp'],
      })
      .expect(400);
    expect(ids.body).toMatchObject({ code: 'validation.failed' });
    expect(ids.body.fields.map((f: { path: string }) => f.path)).toEqual(['onBehalfOf', 'watchers[1]']);
    // Forms' `format: email` is the same pattern as the API's, not a looser one of its own.
    const mail = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.onboarding,
        formData: { ...onboardingForm(), managerEmail: 'zhang!wei@example.com' },
      })
      .expect(400);
    expect(mail.body.fields).toEqual([expect.objectContaining({ path: 'formData.managerEmail', code: 'format' })]);
    expect(await count()).toBe(before);
  });

  it('answers 404 for an unknown offering or version, 409 for a retired one', async () => {
    const unknown = await requester
      .post('/requests')
      .send({ offeringId: '01960000-0000-7000-8000-00000000dead', formData: {} })
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'requests.offering.not_found' });
    const version = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.onboarding, offeringVersion: 7, formData: onboardingForm() })
      .expect(404);
    expect(version.body).toMatchObject({ code: 'requests.offering_version.not_found' });
    const retired = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.retired, formData: {} })
      .expect(409);
    expect(retired.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(retired.body).toMatchObject({ code: 'requests.offering.retired', offeringId: world.offerings.retired });
    expect((await requester.post('/requests').send({ offeringId: 'nope', formData: {} }).expect(400)).body.code).toBe(
      'validation.failed',
    );
  });

  it('replays the first response for the same Idempotency-Key and body, and refuses the key with another body', async () => {
    const key = `submit-${Date.now()}`;
    const body = { offeringId: world.offerings.certificate, formData: { purpose: 'visa' } };
    const first = await requester.post('/requests').set('idempotency-key', key).send(body).expect(201);
    const again = await requester
      .post('/requests')
      .set('idempotency-key', key)
      .send({ formData: { purpose: 'visa' }, offeringId: world.offerings.certificate })
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    // The replay points at the same request, as the first answer did.
    expect(first.headers.location).toBe(`/requests/${first.body.requestId}`);
    expect(again.headers.location).toBe(first.headers.location);

    const other = await requester
      .post('/requests')
      .set('idempotency-key', key)
      .send({ ...body, formData: { purpose: 'loan' } })
      .expect(422);
    expect(other.body).toMatchObject({ code: 'requests.idempotency_key.reused' });

    // Another person's key is their own.
    const someoneElse = await suite.as('u-zhou.min', ['requester']);
    const theirs = await someoneElse.post('/requests').set('idempotency-key', key).send(body).expect(201);
    expect(theirs.body.requestId).not.toBe(first.body.requestId);

    const ds = suite.svc.app.get(DataSource);
    const [{ n }] = await ds.query(
      'select count(*)::int as n from request where requester_id = $1 and offering_id = $2',
      ['u-li.na', world.offerings.certificate],
    );
    expect(n).toBe(1);
    await reader.waitFor(() =>
      typesFor(reader, first.body.requestId).includes('itsm.requests.request.fulfilment-started.v1'),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      typesFor(reader, first.body.requestId).filter((t) => t === 'itsm.requests.request.submitted.v1'),
    ).toHaveLength(1);
  });

  it('sends an offering without approval stages straight into fulfilment, its task open and assigned', async () => {
    const res = await requester
      .post('/requests')
      .send({ offeringId: world.offerings.certificate, formData: { purpose: 'housing' } })
      .expect(201);
    expect(res.body).toMatchObject({
      status: 'in-fulfilment',
      priority: 'medium',
      departmentId: world.departments.hr.id,
    });
    const id = res.body.requestId;
    await reader.waitFor(() => typesFor(reader, id).length >= 3);
    expect(typesFor(reader, id)).toEqual([
      'itsm.requests.request.submitted.v1',
      'itsm.requests.request.approved.v1',
      'itsm.requests.request.fulfilment-started.v1',
    ]);
    const tasks = (await requester.get(`/requests/${id}/tasks`).expect(200)).body.items;
    expect(tasks).toEqual([
      expect.objectContaining({
        key: 'issue-certificate',
        status: 'open',
        teamId: world.teams.hrOperations,
        assignee: expect.stringMatching(/^u-/),
      }),
    ]);
    await reader.waitFor(() => typesFor(reader, tasks[0].taskId).length >= 2);
    expect(typesFor(reader, tasks[0].taskId)).toEqual([
      'itsm.requests.task.created.v1',
      'itsm.requests.task.assigned.v1',
    ]);
    expect(dataOf(reader, tasks[0].taskId, 'itsm.requests.task.assigned.v1')[0]).toMatchObject({
      strategy: 'round-robin',
      teamId: world.teams.hrOperations,
    });
  });

  it('reads business services from the form and resolves their owners as approvers', async () => {
    const res = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.campaign,
        formData: {
          campaignName: '双 11',
          startDate: '2026-11-01',
          businessServiceCodes: [`online-store-${world.suffix}`],
        },
      })
      .expect(201);
    expect(res.body.businessContext).toEqual({
      businessLineId: world.businessLine,
      businessServiceIds: [world.businessServices.online],
      region: null,
      keyDates: [{ field: 'startDate', date: '2026-11-01' }],
    });
    const approvals = (await requester.get(`/requests/${res.body.requestId}/approvals`).expect(200)).body.items;
    expect(approvals).toEqual([
      expect.objectContaining({
        stageKey: 'business-owner',
        approver: { kind: 'user', userId: 'wang.xiaowen@example.com' },
      }),
    ]);
    await waitUntil(
      async () => (await suite.svc.app.get(DataSource).query('select 1 from outbox_event')).length === 0,
      20_000,
      'the outbox to drain',
    );
  });
});
