import { DataSource } from 'typeorm';
import { requestsSuite, TaskItem } from './requests-harness';

const ids = (
  body: { items: { taskId?: string; requestId?: string; approvalId?: string }[] },
  field: 'taskId' | 'requestId' | 'approvalId',
) => body.items.map((i) => i[field] as string);

/**
 * The agents' queues over HTTP (issue 4 item 6): my tasks, my teams' tasks, approvals waiting for
 * me, overdue tasks and requests, filters by business service, region and department, cursor
 * pages with a cap; and every queue stays inside what the caller may see.
 */
describe('agent queues (real Postgres and Kafka)', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const requester = suite.person('u-qiao.yu', ['requester'], [world.departments.it.code]);
  const admin = suite.person('u-root', ['platform-admin']);
  const manager = suite.person('queue.manager@example.com', ['requester']);
  /** Onboarding that started in the past: its account task is past due. */
  let lateOnboarding: string;
  let southOnboarding: string;
  let northOnboarding: string;
  let certificate: string;
  let posCampaign: string;
  let onlineCampaign: string;

  const submit = async (offeringId: string, formData: Record<string, unknown>) =>
    (await requester.post('/requests').send({ offeringId, formData }).expect(201)).body.requestId as string;
  const onboardingForm = (employeeId: string, startDate: string, workLocation: string) => ({
    employeeName: '新同事',
    employeeId,
    startDate,
    workLocation,
    managerEmail: 'queue.manager@example.com',
  });

  beforeAll(async () => {
    lateOnboarding = await submit(world.offerings.onboarding, onboardingForm('E300001', '2020-01-10', 'cn-south'));
    southOnboarding = await submit(world.offerings.onboarding, onboardingForm('E300002', '2027-03-01', 'cn-south'));
    northOnboarding = await submit(world.offerings.onboarding, onboardingForm('E300003', '2027-03-01', 'cn-north'));
    certificate = await submit(world.offerings.certificate, { purpose: 'visa' });
    const campaign = (codes: string[]) =>
      submit(world.offerings.campaign, { campaignName: '双11', startDate: '2027-11-11', businessServiceCodes: codes });
    posCampaign = await campaign([`pos-checkout-${world.suffix}`]);
    onlineCampaign = await campaign([`online-store-${world.suffix}`]);

    // The late onboarding goes into fulfilment: its account task opens with a due date years ago.
    const [approval] = (await manager.get(`/requests/${lateOnboarding}/approvals`).expect(200)).body.items as {
      approvalId: string;
    }[];
    await manager.post(`/requests/${lateOnboarding}/approvals/${approval.approvalId}/approve`).send({}).expect(200);
  });

  it('my tasks: only the open tasks assigned to the caller', async () => {
    const lead = await suite.as('u-chen.jing', ['team-lead'], [world.departments.it.code]);
    const mine = (await lead.get('/tasks?assignedTo=me').expect(200)).body as { items: TaskItem[] };
    expect(mine.items.map((t) => [t.requestId, t.key, t.assignee])).toEqual([
      [lateOnboarding, 'accounts', 'u-chen.jing'],
    ]);
    const hrLead = await suite.as('u-su.wan', ['team-lead'], [world.departments.hr.code]);
    expect(
      ((await hrLead.get('/tasks?assignedTo=me').expect(200)).body.items as TaskItem[]).map((t) => t.requestId),
    ).toEqual([certificate]);
  });

  it("my team's tasks: a team member sees the team's tasks, an agent of another desk does not", async () => {
    const member = await suite.as('u-yang.fan', ['agent'], []);
    const team = (await member.get('/tasks?assignedTo=my-teams').expect(200)).body.items as TaskItem[];
    expect(team.length).toBeGreaterThan(0);
    expect(team.every((t) => t.teamId === world.teams.identityAccess)).toBe(true);
    expect(team.map((t) => t.key)).toContain('accounts');

    const hrAgent = await suite.as('u-hr.agent', ['agent'], [world.departments.hr.code]);
    const hrQueue = (await hrAgent.get('/tasks?assignedTo=my-teams').expect(200)).body.items as TaskItem[];
    expect(hrQueue.map((t) => t.requestId)).toEqual([certificate]);
  });

  it('approvals waiting for me, by region, department and business service', async () => {
    const waiting = (await manager.get('/approvals?assignedTo=me').expect(200)).body;
    expect(ids(waiting, 'requestId').sort()).toEqual([southOnboarding, northOnboarding].sort());
    expect(ids((await manager.get('/approvals?region=cn-north').expect(200)).body, 'requestId')).toEqual([
      northOnboarding,
    ]);
    expect(
      ids((await manager.get(`/approvals?departmentId=${world.departments.it.id}`).expect(200)).body, 'requestId'),
    ).toHaveLength(2);
    expect((await manager.get(`/approvals?departmentId=${world.departments.hr.id}`).expect(200)).body.items).toEqual(
      [],
    );

    const posOwner = await suite.as('li.jianping@example.com', ['requester']);
    expect(
      ids(
        (await posOwner.get(`/approvals?businessServiceId=${world.businessServices.pos}`).expect(200)).body,
        'requestId',
      ),
    ).toEqual([posCampaign]);
    expect(
      (await posOwner.get(`/approvals?businessServiceId=${world.businessServices.online}`).expect(200)).body.items,
    ).toEqual([]);
    // Someone who is asked for nothing has an empty queue.
    expect((await (await suite.as('u-nobody', ['requester'])).get('/approvals').expect(200)).body.items).toEqual([]);
  });

  it('overdue tasks: past due and not done; done tasks leave the queue', async () => {
    const itAgent = await suite.as('u-queue.agent', ['agent'], [world.departments.it.code]);
    const overdue = (await itAgent.get('/tasks?overdue=true').expect(200)).body.items as TaskItem[];
    expect(overdue.map((t) => [t.requestId, t.key])).toEqual([[lateOnboarding, 'accounts']]);
    // The certificate's task is due two days after submission: not overdue, even for a platform admin.
    expect(ids((await admin.get(`/tasks?overdue=true&requestId=${certificate}`).expect(200)).body, 'taskId')).toEqual(
      [],
    );
    expect(
      ids((await admin.get(`/tasks?overdue=false&requestId=${certificate}`).expect(200)).body, 'taskId'),
    ).toHaveLength(1);

    await itAgent
      .post(`/tasks/${overdue[0].taskId}/complete`)
      .send({ checklist: ['Directory account created', 'SSO and MFA enrolled'].map((item) => ({ item, done: true })) })
      .expect(200);
    expect((await itAgent.get('/tasks?overdue=true').expect(200)).body.items).toEqual([]);
  });

  it('overdue requests: past the promised delivery and not finished', async () => {
    // The promised time is computed from "now" at submission; moving it back stands in for time passing.
    const ds = suite.svc.app.get(DataSource);
    await ds.query(`update request set promised_at = now() - interval '1 day' where id = any($1::uuid[])`, [
      [southOnboarding, certificate],
    ]);
    const overdue = (await admin.get('/requests?overdue=true').expect(200)).body;
    expect(ids(overdue, 'requestId').sort()).toEqual([southOnboarding, certificate].sort());
    const itAgent = await suite.as('u-queue.agent', ['agent'], [world.departments.it.code]);
    expect(ids((await itAgent.get('/requests?overdue=true').expect(200)).body, 'requestId')).toEqual([southOnboarding]);
    expect(
      ids(
        (await admin.get(`/requests?overdue=true&departmentId=${world.departments.hr.id}`).expect(200)).body,
        'requestId',
      ),
    ).toEqual([certificate]);
    expect(ids((await admin.get('/requests?overdue=false').expect(200)).body, 'requestId')).not.toContain(certificate);

    // A cancelled request owes nothing any more.
    await requester.post(`/requests/${southOnboarding}/cancel`).send({ reason: 'hire withdrew' }).expect(200);
    expect(ids((await admin.get('/requests?overdue=true').expect(200)).body, 'requestId')).toEqual([certificate]);
    // Someone who may see none of them sees no overdue requests.
    expect(
      (await (await suite.as('u-nobody', ['requester'])).get('/requests?overdue=true').expect(200)).body.items,
    ).toEqual([]);
  });

  it('tasks and requests by business service, region and department', async () => {
    expect(
      ids(
        (await admin.get(`/requests?businessServiceId=${world.businessServices.online}`).expect(200)).body,
        'requestId',
      ),
    ).toEqual([onlineCampaign]);
    const south = (await admin.get('/tasks?region=cn-south').expect(200)).body.items as TaskItem[];
    expect(new Set(south.map((t) => t.requestId))).toEqual(new Set([lateOnboarding]));
    expect((await admin.get('/tasks?region=cn-north').expect(200)).body.items).toEqual([]);
    expect(
      ids((await admin.get(`/tasks?departmentId=${world.departments.hr.id}`).expect(200)).body, 'requestId'),
    ).toEqual([certificate]);
    expect((await admin.get(`/tasks?businessServiceId=${world.businessServices.pos}`).expect(200)).body.items).toEqual(
      [],
    );
    // Filters never widen access: a requester sees only the tasks of their own requests.
    const stranger = await suite.as('u-stranger', ['requester']);
    expect((await stranger.get('/tasks?region=cn-south').expect(200)).body.items).toEqual([]);
    expect(
      ids((await requester.get(`/tasks?departmentId=${world.departments.hr.id}`).expect(200)).body, 'requestId'),
    ).toEqual([certificate]);
  });

  it('cursor pages: every item once, in order; the page size is capped at 200; bad input is a 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: TaskItem[]; nextCursor: string | null } } = await admin
        .get(`/tasks?requestId=${lateOnboarding}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...res.body.items.map((t) => t.taskId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect([...seen].sort()).toEqual(seen);

    const requests: string[] = [];
    let page: { items: { requestId: string }[]; nextCursor: string | null } = (
      await admin.get('/requests?limit=2').expect(200)
    ).body;
    requests.push(...page.items.map((r) => r.requestId));
    while (page.nextCursor) {
      page = (await admin.get(`/requests?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`).expect(200)).body;
      requests.push(...page.items.map((r) => r.requestId));
    }
    expect(new Set(requests).size).toBe(requests.length);
    expect(requests).toEqual(
      expect.arrayContaining([
        lateOnboarding,
        southOnboarding,
        northOnboarding,
        certificate,
        posCampaign,
        onlineCampaign,
      ]),
    );

    for (const path of [
      '/tasks?limit=201',
      '/approvals?limit=201',
      '/requests?limit=201',
      '/tasks?overdue=yes',
      '/tasks?region=Not%20A%20Slug',
      '/approvals?businessServiceId=x',
      '/tasks?cursor=nonsense',
    ]) {
      const res = await admin.get(path).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
