import { DataSource } from 'typeorm';
import type { ReadMessage } from '@itsm/platform/testing';
import {
  APPROVED_THEN_FULFILLED,
  BLOCKED_TASK_COMPLETED,
  dataOf,
  requestsSuite,
  tasksByKey,
  typesFor,
} from './requests-harness';

const TASK_TOPIC = 'itsm.requests.task.v1';
const APPROVAL_TOPIC = 'itsm.requests.approval.v1';

/** Events on a topic whose data names this request (task and approval events are keyed by their own id). */
function aboutRequest(
  messages: ReadMessage[],
  topic: string,
  requestId: string,
): { type: string; data: Record<string, unknown> }[] {
  return messages
    .filter((m) => m.topic === topic)
    .map((m) => ({
      type: m.headers['ce_type'],
      data: JSON.parse(m.value!.toString('utf8')) as Record<string, unknown>,
    }))
    .filter((e) => e.data['requestId'] === requestId);
}

/**
 * Business stories from issue 4, walked over HTTP against the real service, with what reached
 * Kafka checked at each step. The catalog is the one `catalog-world.ts` publishes, which mirrors
 * the demo offerings (a service test may not import the catalog service).
 */
describe('scenarios: employee onboarding, partner onboarding rejected (real Postgres and Kafka)', () => {
  const suite = requestsSuite({ readTopics: true });
  const { world, reader } = suite;
  const requester = suite.person('u-hr.partner', ['requester'], [world.departments.hr.code]);
  const itAgent = suite.person('u-scenario.agent', ['agent'], [world.departments.it.code]);

  const tasksOf = (requestId: string) => tasksByKey(requester, requestId);

  it('(a) new employee onboarding: the hiring manager approves, five tasks run in parallel after the account, the laptop waits, and the request is fulfilled', async () => {
    const id = (
      await requester
        .post('/requests')
        .send({
          offeringId: world.offerings.onboarding,
          formData: {
            employeeName: '陈晓',
            employeeId: 'E400001',
            startDate: '2027-02-01',
            workLocation: 'cn-east',
            managerEmail: 'hiring.manager@example.com',
          },
        })
        .expect(201)
    ).body.requestId as string;

    // Approval by the hiring manager named in the form; nothing is fulfilled before that.
    const manager = await suite.as('hiring.manager@example.com', ['requester']);
    const waiting = (await manager.get('/approvals?assignedTo=me').expect(200)).body.items as {
      approvalId: string;
      requestId: string;
      stageKey: string;
    }[];
    expect(waiting).toEqual([expect.objectContaining({ requestId: id, stageKey: 'hiring-manager' })]);
    expect(await tasksOf(id)).toEqual({});
    await manager
      .post(`/requests/${id}/approvals/${waiting[0].approvalId}/approve`)
      .send({ reason: '确认入职' })
      .expect(200);

    // The account task opens first; the five others wait for it, unassigned.
    let tasks = await tasksOf(id);
    const five = ['mailbox', 'vpn', 'collaboration-tools', 'business-access', 'laptop'];
    expect(tasks['accounts']).toMatchObject({
      status: 'open',
      teamId: world.teams.identityAccess,
      assignee: expect.any(String),
    });
    for (const key of five) expect(tasks[key]).toMatchObject({ status: 'blocked', assignee: null });
    const early = await itAgent.post(`/tasks/${tasks['laptop'].taskId}/complete`).send({}).expect(409);
    expect(early.body).toMatchObject({ code: 'requests.task.transition_not_allowed', from: 'blocked' });

    await itAgent
      .post(`/tasks/${tasks['accounts'].taskId}/complete`)
      .send({
        checklist: ['Directory account created', 'SSO and MFA enrolled'].map((item) => ({ item, done: true })),
        fields: { account: 'chen.xiao' },
      })
      .expect(200);
    tasks = await tasksOf(id);
    // Now the five run in parallel, each with its team and a member.
    for (const key of five)
      expect(tasks[key]).toMatchObject({ status: 'open', teamId: expect.any(String), assignee: expect.any(String) });
    expect(tasks['laptop'].teamId).toBe(world.teams.endUserComputing);

    for (const key of five.filter((k) => k !== 'laptop'))
      await itAgent.post(`/tasks/${tasks[key].taskId}/complete`).send({}).expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.status).toBe('in-fulfilment');
    await itAgent
      .post(`/tasks/${tasks['laptop'].taskId}/complete`)
      .send({
        checklist: [
          { item: 'Imaged', done: true },
          { item: 'Delivered', done: true },
        ],
      })
      .expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body).toMatchObject({
      status: 'fulfilled',
      outcome: 'fulfilled',
    });

    // What reached Kafka, in order per aggregate.
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.fulfilled.v1'));
    expect(typesFor(reader, id)).toEqual(APPROVED_THEN_FULFILLED);
    expect(typesFor(reader, waiting[0].approvalId)).toEqual([
      'itsm.requests.approval.requested.v1',
      'itsm.requests.approval.decided.v1',
    ]);
    expect(dataOf(reader, waiting[0].approvalId, 'itsm.requests.approval.requested.v1')[0]).toMatchObject({
      requestId: id,
      approver: { kind: 'user', userId: 'hiring.manager@example.com' },
    });
    expect(dataOf(reader, waiting[0].approvalId, 'itsm.requests.approval.decided.v1')[0]).toMatchObject({
      decision: 'approved',
      stageOutcome: 'passed',
    });

    await reader.waitFor(() =>
      Object.values(tasks).every((t) => typesFor(reader, t.taskId).includes('itsm.requests.task.completed.v1')),
    );
    // The account task is created open; the five are created blocked and open when it is done.
    expect(typesFor(reader, tasks['accounts'].taskId)).toEqual([
      'itsm.requests.task.created.v1',
      'itsm.requests.task.assigned.v1',
      'itsm.requests.task.completed.v1',
    ]);
    expect(dataOf(reader, tasks['accounts'].taskId, 'itsm.requests.task.created.v1')[0]).toMatchObject({
      status: 'open',
      dependsOn: [],
    });
    for (const key of five) expect(typesFor(reader, tasks[key].taskId)).toEqual(BLOCKED_TASK_COMPLETED);
    // The laptop was created blocked on the account task and assigned only once it had opened.
    expect(dataOf(reader, tasks['laptop'].taskId, 'itsm.requests.task.created.v1')[0]).toMatchObject({
      status: 'blocked',
      dependsOn: ['accounts'],
      assignee: null,
    });
    const accountsDone = Date.parse(
      dataOf(reader, tasks['accounts'].taskId, 'itsm.requests.task.completed.v1')[0]['occurredAt'] as string,
    );
    const laptopOpened = Date.parse(
      dataOf(reader, tasks['laptop'].taskId, 'itsm.requests.task.opened.v1')[0]['occurredAt'] as string,
    );
    expect(laptopOpened).toBeGreaterThanOrEqual(accountsDone);
    expect(dataOf(reader, tasks['laptop'].taskId, 'itsm.requests.task.assigned.v1')[0]).toMatchObject({
      teamId: world.teams.endUserComputing,
      assignee: expect.any(String),
    });
    expect(dataOf(reader, id, 'itsm.requests.request.fulfilled.v1')[0]).toMatchObject({
      status: 'fulfilled',
      previousStatus: 'in-fulfilment',
    });
  });

  it('(c) partner onboarding rejected at the security stage ends with no tasks created', async () => {
    const id = (
      await requester
        .post('/requests')
        .send({
          offeringId: world.offerings.partner,
          formData: {
            partnerName: '深圳某物流公司',
            accessChannel: 'api',
            managerEmail: 'partner.manager@example.com',
          },
        })
        .expect(201)
    ).body.requestId as string;

    const manager = await suite.as('partner.manager@example.com', ['requester']);
    const [managerStage] = (await manager.get('/approvals').expect(200)).body.items as { approvalId: string }[];
    await manager.post(`/requests/${id}/approvals/${managerStage.approvalId}/approve`).send({}).expect(200);

    // The security stage is for the security-officer role; an IT department admin decides in its place.
    const security = (
      (await requester.get(`/requests/${id}/approvals`).expect(200)).body.items as {
        approvalId: string;
        stageKey: string;
        status: string;
      }[]
    ).find((a) => a.stageKey === 'security')!;
    expect(security.status).toBe('pending');
    const itAdmin = await suite.as('u-scenario.admin', ['department-admin'], [world.departments.it.code]);
    const rejected = await itAdmin
      .post(`/requests/${id}/approvals/${security.approvalId}/reject`)
      .send({ reason: 'API 接入未通过安全评估 / API access failed the security review' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', override: true });
    expect((await requester.get(`/requests/${id}`).expect(200)).body).toMatchObject({ status: 'rejected' });
    expect(await tasksOf(id)).toEqual({});
    expect((await itAgent.get(`/tasks?requestId=${id}`).expect(200)).body.items).toEqual([]);

    // Closing it afterwards gives a later event of the same request: the outbox relays in order,
    // so once that is on Kafka anything the rejection wrote would be there too.
    await itAgent.post(`/requests/${id}/close`).send().expect(200);
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.closed.v1'));
    expect(typesFor(reader, id)).toEqual([
      'itsm.requests.request.submitted.v1',
      'itsm.requests.request.sent-for-approval.v1',
      'itsm.requests.request.rejected.v1',
      'itsm.requests.request.closed.v1',
    ]);
    expect(dataOf(reader, id, 'itsm.requests.request.rejected.v1')[0]).toMatchObject({
      status: 'rejected',
      previousStatus: 'pending-approval',
    });
    const approvalEvents = aboutRequest(reader.messages, APPROVAL_TOPIC, id).map(
      (e) => `${e.data['stageKey']}:${e.type}`,
    );
    expect(approvalEvents).toEqual(
      expect.arrayContaining([
        'manager:itsm.requests.approval.requested.v1',
        'manager:itsm.requests.approval.decided.v1',
        'security:itsm.requests.approval.decided.v1',
      ]),
    );
    expect(aboutRequest(reader.messages, TASK_TOPIC, id)).toEqual([]);
    const [{ count }] = await suite.svc.app
      .get(DataSource)
      .query('select count(*)::int as count from task where request_id = $1', [id]);
    expect(count).toBe(0);
  });
});
