import { DataSource } from 'typeorm';
import { controlClock, dataOf, requestsSuite, startReplica, TestClock, typesFor } from './requests-harness';

const REPORTED = 'itsm.requests.request.readiness-reported.v1';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ReminderItem {
  key: string;
  kind: string;
  fireAt: string;
  status: string;
}

/**
 * Durable reminders against the real Postgres and Kafka: the T-3 09:00 store-time readiness report is
 * scheduled at submission, fires once when the (test-controlled) clock reaches it with every task
 * listed, moves with the opening date, never fires for a cancelled request, fires once with two
 * replicas on the same database and consumer group, and fires after a restart if it came due meanwhile.
 * The clock only moves forward through the suite; each test works in its own months.
 */
describe('reminders and readiness reports (real Postgres and Kafka)', () => {
  const suite = requestsSuite({ env: { REMINDER_POLL_MS: '100' }, readTopics: true });
  const { world, reader } = suite;
  const requester = suite.person('u-li.na', ['requester'], [world.departments.it.code]);
  let clock: TestClock;
  let db: DataSource;

  beforeAll(() => {
    clock = controlClock(suite.svc.app, '2027-01-01T00:00:00Z');
    db = suite.svc.app.get(DataSource);
  });

  const submitStore = async (formData: Record<string, unknown>): Promise<string> =>
    (
      await requester
        .post('/requests')
        .send({
          offeringId: world.offerings.storeOpening,
          formData: { storeName: '深圳海岸城店', region: 'cn-south', ...formData },
        })
        .expect(201)
    ).body.requestId;
  const remindersOf = async (id: string) =>
    (await requester.get(`/requests/${id}/reminders`).expect(200)).body.items as ReminderItem[];
  const reports = (id: string) => dataOf(reader, id, REPORTED);
  /** Long enough for several polls (every 100 ms) to have run. */
  const severalPolls = () => pause(800);
  /** No report while the clock is at `before`; exactly one once it is at `after`, which is returned. */
  const expectOneReportBetween = async (
    id: string,
    before: string,
    after: string,
  ): Promise<Record<string, unknown>> => {
    clock.set(before);
    await severalPolls();
    expect(reports(id)).toEqual([]);
    clock.set(after);
    await reader.waitFor(() => reports(id).length > 0);
    await severalPolls();
    expect(reports(id)).toHaveLength(1);
    return reports(id)[0]!;
  };

  it('schedules the T-3 report at 09:00 store time at submission: Asia/Shanghai, and Europe/Berlin across its DST change', async () => {
    const shanghai = await submitStore({ openingDate: '2027-03-12' });
    expect(await remindersOf(shanghai)).toEqual([
      { key: 'readiness-t-3', kind: 'readiness-report', fireAt: '2027-03-09T01:00:00.000Z', status: 'scheduled' },
    ]);
    // Summer time starts in Berlin on 28 March 2027: 09:00 is then 07:00 UTC, the day before 08:00.
    const berlin = await submitStore({ openingDate: '2027-03-31', storeTimeZone: 'Europe/Berlin' });
    expect((await remindersOf(berlin))[0]?.fireAt).toBe('2027-03-28T07:00:00.000Z');
    const berlinBefore = await submitStore({ openingDate: '2027-03-30', storeTimeZone: 'Europe/Berlin' });
    expect((await remindersOf(berlinBefore))[0]?.fireAt).toBe('2027-03-27T08:00:00.000Z');
    // Committed with the submission, in the same table the poller claims from.
    const rows: { n: number }[] = await db.query(
      `select count(*)::int as n from reminder where request_id = any($1::uuid[]) and status = 'scheduled'`,
      [[shanghai, berlin, berlinBefore]],
    );
    expect(rows[0]!.n).toBe(3);
    // A time already past at submission (T-3 of an opening the day after tomorrow) is not set.
    expect(await remindersOf(await submitStore({ openingDate: '2027-01-02' }))).toEqual([]);
  });

  it('fires exactly one readiness report when the clock reaches it, listing every task with its state, owner and due date', async () => {
    const id = await submitStore({ openingDate: '2027-04-20' });
    const [approval] = (await requester.get(`/requests/${id}/approvals`).expect(200)).body.items as {
      approvalId: string;
    }[];
    const lead = await suite.as('u-liang.jiahao', ['team-lead'], [world.departments.it.code]);
    await lead.post(`/requests/${id}/approvals/${approval!.approvalId}/approve`).send({}).expect(200);

    const report = await expectOneReportBetween(id, '2027-04-17T00:59:59Z', '2027-04-17T01:00:05Z');
    expect(report).toMatchObject({
      requestId: id,
      reminderKey: 'readiness-t-3',
      fireAt: '2027-04-17T01:00:00.000Z',
      firedAt: '2027-04-17T01:00:05.000Z',
      anchor: { field: 'openingDate', date: '2027-04-20' },
      status: 'in-fulfilment',
      requesterId: 'u-li.na',
      region: 'cn-south',
      businessContext: { region: 'cn-south', keyDates: [{ field: 'openingDate', date: '2027-04-20' }] },
      businessOwners: [],
      actor: 'service:requests',
      summary: { total: 3, done: 0, open: 1, blocked: 2, overdue: 1 },
    });
    const tasks = Object.fromEntries((report['tasks'] as { key: string }[]).map((t) => [t.key, t]));
    expect(Object.keys(tasks).sort()).toEqual(['handover', 'network-line', 'pos']);
    // Due 14 days before the opening, from midnight in the business time zone (Asia/Shanghai): overdue at T-3.
    expect(tasks['network-line']).toMatchObject({
      status: 'open',
      teamId: world.teams.networkSouth,
      assignee: expect.any(String),
      dueAt: '2027-04-05T16:00:00.000Z',
      overdue: true,
    });
    expect(tasks['network-line']).toMatchObject({ teamName: { en: expect.any(String), 'zh-CN': expect.any(String) } });
    expect(tasks['pos']).toMatchObject({
      status: 'blocked',
      teamId: world.teams.storeItSouth,
      assignee: null,
      dueAt: null,
    });
    expect(tasks['handover']).toMatchObject({ status: 'blocked', teamId: world.teams.serviceDesk });

    expect(await remindersOf(id)).toEqual([expect.objectContaining({ key: 'readiness-t-3', status: 'fired' })]);
    const [row] = await db.query(`select fired_at, attempts from reminder where request_id = $1`, [id]);
    expect(new Date(row.fired_at).toISOString()).toBe('2027-04-17T01:00:05.000Z');
    expect(row.attempts).toBe(1);
    // Audited once, as the service, and on the request's timeline.
    const audit = (await suite.svc.http.get(`/audit-records?objectType=request&objectId=${id}`).expect(200)).body
      .items as { action: string; actorSubject?: string; actor?: unknown }[];
    expect(audit.filter((a) => a.action === 'request.readiness-reported')).toHaveLength(1);
    expect(JSON.stringify(audit.find((a) => a.action === 'request.readiness-reported'))).toContain('service:requests');
    const timeline = (await requester.get(`/requests/${id}/timeline`).expect(200)).body.items as {
      kind: string;
      actor: string;
    }[];
    expect(timeline).toContainEqual(expect.objectContaining({ kind: 'readiness-reported', actor: 'service:requests' }));
  });

  it('moves the reminder when the opening date changes, and fires it at the new time, not the old one', async () => {
    const id = await submitStore({ openingDate: '2027-06-10' });
    expect((await remindersOf(id))[0]?.fireAt).toBe('2027-06-07T01:00:00.000Z');

    const bad = await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { storeName: '2027-06-20' } })
      .expect(400);
    expect(bad.body.code).toBe('requests.key_date.unknown_field');
    const invalid = await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-13-45' } })
      .expect(400);
    expect(invalid.body.code).toBe('requests.form.invalid');
    const stranger = await suite.as('u-stranger', ['requester']);
    await stranger
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-06-20' } })
      .expect(404);

    const moved = await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-06-20' }, reason: '装修延期 / fit-out delayed' })
      .expect(200);
    expect(moved.body.businessContext.keyDates).toEqual([{ field: 'openingDate', date: '2027-06-20' }]);
    expect(await remindersOf(id)).toEqual([
      expect.objectContaining({ fireAt: '2027-06-17T01:00:00.000Z', status: 'scheduled' }),
    ]);
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.key-dates-changed.v1'));
    expect(dataOf(reader, id, 'itsm.requests.request.key-dates-changed.v1')[0]).toMatchObject({
      keyDates: [{ field: 'openingDate', date: '2027-06-20' }],
      previousKeyDates: [{ field: 'openingDate', date: '2027-06-10' }],
      actor: 'u-li.na',
    });

    expect(await expectOneReportBetween(id, '2027-06-08T00:00:00Z', '2027-06-17T01:00:01Z')).toMatchObject({
      fireAt: '2027-06-17T01:00:00.000Z',
      anchor: { field: 'openingDate', date: '2027-06-20' },
    });

    // Postponed again after the report went out: a report for the new date is due.
    await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-06-30' } })
      .expect(200);
    expect(await remindersOf(id)).toEqual([
      expect.objectContaining({ fireAt: '2027-06-27T01:00:00.000Z', status: 'scheduled' }),
    ]);
    clock.set('2027-06-27T01:00:00Z');
    await reader.waitFor(() => reports(id).length > 1);
    await severalPolls();
    expect(reports(id).map((r) => (r['anchor'] as { date: string }).date)).toEqual(['2027-06-20', '2027-06-30']);
  });

  it('never fires the reminder of a cancelled request', async () => {
    const id = await submitStore({ openingDate: '2027-08-10' });
    await requester.post(`/requests/${id}/cancel`).send({ reason: '选址取消 / site dropped' }).expect(200);
    expect(await remindersOf(id)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
    // Its date cannot move any more either.
    expect(
      (
        await requester
          .patch(`/requests/${id}/key-dates`)
          .send({ dates: { openingDate: '2027-09-10' } })
          .expect(409)
      ).body.code,
    ).toBe('requests.key_date.request_ended');

    clock.set('2027-08-08T00:00:00Z');
    await severalPolls();
    await reader.waitFor(() => typesFor(reader, id).includes('itsm.requests.request.cancelled.v1'));
    await pause(500);
    expect(reports(id)).toEqual([]);
    expect((await remindersOf(id))[0]?.status).toBe('cancelled');
  });

  it('two replicas on the same database and consumer group fire each reminder exactly once', async () => {
    // The second replica claims one timer per transaction, so both take turns at the same rows.
    const replica = await startReplica(suite.svc, suite.groupId, { REMINDER_POLL_MS: '20', REMINDER_BATCH_SIZE: '1' });
    try {
      const replicaClock = controlClock(replica.app, clock.now());
      const ids: string[] = [];
      for (let i = 0; i < 8; i += 1)
        ids.push(await submitStore({ openingDate: '2027-10-10', storeName: `双副本店 ${i}` }));

      const due = '2027-10-07T02:00:00Z';
      replicaClock.set(due);
      clock.set(due);
      await reader.waitFor(() => ids.every((id) => reports(id).length > 0), 30_000);
      await severalPolls();
      for (const id of ids) expect(reports(id)).toHaveLength(1);
      const [row] = await db.query(
        `select count(*) filter (where status = 'fired')::int as fired, sum(attempts)::int as attempts from reminder where request_id = any($1::uuid[])`,
        [ids],
      );
      expect(row).toEqual({ fired: 8, attempts: 8 });
      const [audits] = await db.query(
        `select count(*)::int as n from audit_record where action = 'request.readiness-reported' and object_id = any($1::text[])`,
        [ids],
      );
      expect(audits.n).toBe(8);
    } finally {
      await replica.close();
    }
  });

  it('a reminder that came due while the service was down fires when it starts again', async () => {
    // This instance's clock stays before the timer; the "restarted" one's clock is past it.
    const before = await startReplica(suite.svc, suite.groupId, { REMINDER_POLL_MS: '50' });
    controlClock(before.app, '2028-03-01T00:00:00Z');
    const viaBefore = await before.as('u-li.na', ['requester'], [world.departments.it.code]);
    const id = (
      await viaBefore
        .post('/requests')
        .send({
          offeringId: world.offerings.storeOpening,
          formData: { storeName: '重启店', region: 'cn-south', openingDate: '2028-03-10' },
        })
        .expect(201)
    ).body.requestId as string;
    await pause(300);
    await before.close();
    expect(reports(id)).toEqual([]);
    expect((await remindersOf(id))[0]).toMatchObject({ fireAt: '2028-03-07T01:00:00.000Z', status: 'scheduled' });

    const after = await startReplica(suite.svc, suite.groupId, { REMINDER_POLL_MS: '50' });
    try {
      controlClock(after.app, '2028-03-08T12:00:00Z');
      await reader.waitFor(() => reports(id).length > 0);
      await severalPolls();
      expect(reports(id)).toHaveLength(1);
      expect(reports(id)[0]).toMatchObject({ fireAt: '2028-03-07T01:00:00.000Z', firedAt: '2028-03-08T12:00:00.000Z' });
    } finally {
      await after.close();
    }
    const [failed] = await db.query('select count(*)::int as n from reminder where last_error is not null');
    expect(failed.n).toBe(0);
  });
});
