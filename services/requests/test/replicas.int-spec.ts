import { DataSource } from 'typeorm';
import { uniqueName } from '@itsm/platform/testing';
import type { Role } from '@itsm/platform/auth';
import { Http, requestsSuite } from './requests-harness';

const TASK_CREATED = 'itsm.requests.task.created.v1';

/**
 * Two instances of the service on one database and one consumer group, as two replicas behind the
 * gateway: submissions and approvals arriving through both at once create each task exactly once
 * (rows and task-created events), and the catalog projection they share is built once.
 */
describe('two replicas on one database and consumer group (real Postgres and Kafka)', () => {
  const suite = requestsSuite({ replica: true, readTopics: true });
  const { world, reader } = suite;
  let ds: DataSource;

  beforeAll(() => {
    ds = suite.svc.app.get(DataSource);
  });

  /** The same person through each replica. */
  const both = async (subject: string, roles: Role[], departments: string[] = []): Promise<[Http, Http]> => [
    await suite.as(subject, roles, departments),
    await suite.replica.as(subject, roles, departments),
  ];

  const taskCreatedEvents = (requestIds: string[]) =>
    reader.messages
      .filter((m) => m.headers['ce_type'] === TASK_CREATED)
      .map((m) => JSON.parse(m.value!.toString('utf8')) as { taskId: string; requestId: string; key: string })
      .filter((e) => requestIds.includes(e.requestId));

  it('both replicas serve the catalog projection they built together from one consumer group', async () => {
    const [one, two] = await both('u-replica.requester', ['requester']);
    for (const http of [one, two]) {
      await http
        .post('/requests')
        .send({ offeringId: world.offerings.certificate, formData: { purpose: 'loan' } })
        .expect(201);
    }
    const [{ versions }] = await ds.query(
      'select count(*)::int as versions from catalog_offering_version where offering_id = $1',
      [world.offerings.certificate],
    );
    expect(versions).toBe(1);
    // Every catalog event of this world was applied once, whichever replica's consumer got it.
    const rows: { event_id: string; applied: number }[] = await ds.query(
      'select event_id, count(*)::int as applied from inbox_event where event_id = any($1::uuid[]) group by event_id',
      [world.events.map((e) => e.id)],
    );
    expect(rows).toHaveLength(world.events.length);
    expect(rows.every((r) => r.applied === 1)).toBe(true);
  });

  it('concurrent approvals of the same requests through both replicas create each task exactly once', async () => {
    const [requesterOne, requesterTwo] = await both('u-replica.hr', ['requester'], [world.departments.hr.code]);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const http = i % 2 === 0 ? requesterOne : requesterTwo;
      const res = await http
        .post('/requests')
        .send({
          offeringId: world.offerings.onboarding,
          formData: {
            employeeName: `员工${i}`,
            employeeId: `E50000${i}`,
            startDate: '2027-05-01',
            workLocation: 'cn-south',
            managerEmail: 'replica.manager@example.com',
          },
        })
        .expect(201);
      ids.push(res.body.requestId as string);
    }

    // The manager approves every request through both replicas at the same moment: one decision wins.
    const [managerOne, managerTwo] = await both('replica.manager@example.com', ['requester']);
    const pending = (await managerOne.get('/approvals?limit=200').expect(200)).body.items as {
      approvalId: string;
      requestId: string;
    }[];
    expect(pending.map((a) => a.requestId).sort()).toEqual([...ids].sort());
    const decisions = await Promise.all(
      pending.flatMap((a) =>
        [managerOne, managerTwo].map((http) =>
          http.post(`/requests/${a.requestId}/approvals/${a.approvalId}/approve`).send({}),
        ),
      ),
    );
    const statuses = decisions.map((d) => d.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(ids.length);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 409)).toBe(true);

    const rows: { request_id: string; tasks: number; keys: number }[] = await ds.query(
      'select request_id, count(*)::int as tasks, count(distinct key)::int as keys from task where request_id = any($1::uuid[]) group by request_id',
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) expect(row).toMatchObject({ tasks: 6, keys: 6 });

    await reader.waitFor(() => taskCreatedEvents(ids).length >= ids.length * 6);
    // Room for a stray duplicate to arrive, if a replica had written one.
    await new Promise((r) => setTimeout(r, 500));
    const created = taskCreatedEvents(ids);
    expect(created).toHaveLength(ids.length * 6);
    expect(new Set(created.map((e) => e.taskId)).size).toBe(ids.length * 6);
    expect(new Set(created.map((e) => `${e.requestId}/${e.key}`)).size).toBe(ids.length * 6);
  });

  it('concurrent submissions through both replicas, with and without the same Idempotency-Key, create each request and task once', async () => {
    const [one, two] = await both('u-replica.burst', ['requester'], [world.departments.hr.code]);
    const body = { offeringId: world.offerings.certificate, formData: { purpose: 'visa' } };
    const distinct = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? one : two).post('/requests').send(body)),
    );
    expect(distinct.map((r) => r.status)).toEqual(Array(10).fill(201));
    const key = uniqueName('idem');
    const duplicates = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        (i % 2 === 0 ? one : two).post('/requests').set('Idempotency-Key', key).send(body),
      ),
    );
    expect(duplicates.map((r) => r.status)).toEqual(Array(4).fill(201));
    expect(new Set(duplicates.map((r) => r.body.requestId)).size).toBe(1);
    expect(duplicates.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);

    const ids = [...distinct.map((r) => r.body.requestId as string), duplicates[0].body.requestId as string];
    const [{ requests }] = await ds.query(
      `select count(*)::int as requests from request where requester_id = 'u-replica.burst'`,
    );
    expect(requests).toBe(11);
    const [{ tasks }] = await ds.query('select count(*)::int as tasks from task where request_id = any($1::uuid[])', [
      ids,
    ]);
    expect(tasks).toBe(11);
    await reader.waitFor(() => taskCreatedEvents(ids).length >= 11);
    await new Promise((r) => setTimeout(r, 500));
    expect(taskCreatedEvents(ids)).toHaveLength(11);

    // Round robin through both replicas at once: every task of the team took its own turn, so the
    // team's two members share its tasks evenly (this suite's earlier certificates included).
    const team = world.teams.hrOperations;
    const [{ turns }] = await ds.query('select turns::int as turns from assignment_rule where team_id = $1', [team]);
    const shares: { assignee: string; tasks: number }[] = await ds.query(
      'select assignee, count(*)::int as tasks from task where team_id = $1 group by assignee order by assignee',
      [team],
    );
    const assigned = shares.reduce((sum, s) => sum + s.tasks, 0);
    expect(turns).toBe(assigned);
    expect(shares.map((s) => s.assignee).sort()).toEqual([...world.members[team]].sort());
    expect(Math.abs(shares[0].tasks - shares[1].tasks)).toBeLessThanOrEqual(1);
  });
});
