import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { offeringPublished } from './catalog-world';
import { controlClock, PROBLEM_JSON, publishOfferings, requestsSuite, TestClock } from './requests-harness';

/**
 * Date rules an offering's form declares and time zone fields (issue 10, item 12): an opening date
 * in 2020 or next week is refused by an offering that needs two weeks, "today" being the store's;
 * an unknown time zone is a 400 naming the field instead of silently becoming Shanghai.
 */
describe('date rules and time zones of a form', () => {
  const suite = requestsSuite();
  const { world } = suite;
  const requester = suite.person('u-dr.requester', ['requester']);
  const offeringId = uuidv7();
  let clock: TestClock;
  let ds: DataSource;

  const STORE_ZONE = { kind: 'form-field' as const, field: 'storeTimeZone', default: 'Asia/Shanghai' };

  beforeAll(async () => {
    ds = suite.svc.app.get(DataSource);
    // 20:00 UTC: already 2 March in Shanghai, still 1 March in Los Angeles.
    clock = controlClock(suite.svc.app, '2027-03-01T20:00:00Z');
    const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
    await publishOfferings(suite.svc, [
      offeringPublished(world, {
        offeringId,
        code: 'pop-up-store',
        formSchema: {
          type: 'object',
          required: ['storeName', 'openingDate'],
          additionalProperties: false,
          properties: {
            storeName: { type: 'string', title: '门店名称 / Store name' },
            openingDate: {
              type: 'string',
              format: 'date',
              title: '开业日期 / Opening date',
              'x-date-rule': { minDaysAhead: 14, timeZone: STORE_ZONE },
            },
            siteSurveyDate: {
              type: 'string',
              format: 'date',
              title: '现场勘察日期 / Site survey date',
              'x-date-rule': { minDaysAhead: 0, timeZone: { kind: 'fixed', zone: 'Asia/Shanghai' } },
            },
            storeTimeZone: {
              type: 'string',
              format: 'time-zone',
              title: '门店时区 / Store time zone',
              default: 'Asia/Shanghai',
            },
          },
        },
        taskPlan: {
          tasks: [
            {
              key: 'survey',
              name: text('Site survey', '现场勘察'),
              team: { kind: 'fixed', teamId: world.teams.serviceDesk },
              due: { relativeTo: 'form-field', field: 'siteSurveyDate', offset: 'P0D' },
            },
          ],
        },
        reminders: [
          {
            key: 'readiness-t-3',
            kind: 'readiness-report',
            name: text('T-3 readiness', '开业前 3 天就绪报告'),
            field: 'openingDate',
            offset: '-P3D',
            atLocalTime: '09:00',
            timeZone: STORE_ZONE,
          },
        ],
      }),
    ]);
  });

  const submit = (formData: Record<string, unknown>, language = 'en') =>
    requester
      .post('/requests')
      .set('Accept-Language', language)
      .send({ offeringId, formData: { storeName: '深圳快闪店', ...formData } });
  const count = async () =>
    Number((await ds.query('select count(*)::int as n from request where offering_id = $1', [offeringId]))[0].n);

  it('refuses an opening date in the past or too soon, naming the field and the earliest date in both languages', async () => {
    const before = await count();
    const past = await submit({ openingDate: '2020-01-01' }).expect(400);
    expect(past.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(past.body).toMatchObject({ code: 'requests.form.invalid', title: 'The form is not filled in correctly' });
    // Today in Shanghai is 2 March: two weeks ahead is 16 March.
    expect(past.body.fields).toEqual([
      expect.objectContaining({
        path: 'formData.openingDate',
        code: 'x-date-rule',
        label: { en: 'Opening date', 'zh-CN': '开业日期' },
        messages: {
          en: 'Opening date: must be on or after 2027-03-16 (14 days from today, Asia/Shanghai)',
          'zh-CN': '开业日期：不能早于 2027-03-16（今天起 14 天后，Asia/Shanghai 时间）',
        },
      }),
    ]);
    const zh = await submit({ openingDate: '2027-03-15' }, 'zh-CN').expect(400);
    expect(zh.body).toMatchObject({ title: '表单填写有误', detail: expect.stringContaining('开业日期') });
    expect(await count()).toBe(before);
    await submit({ openingDate: '2027-03-16' }).expect(201);
  });

  it("counts the days from the store's today: in Los Angeles it is still 1 March", async () => {
    await submit({ openingDate: '2027-03-15', storeTimeZone: 'America/Los_Angeles' }).expect(201);
    await submit({ openingDate: '2027-03-14', storeTimeZone: 'America/Los_Angeles' }).expect(400);
  });

  it('"not before today": today passes, yesterday does not', async () => {
    await submit({ openingDate: '2027-04-01', siteSurveyDate: '2027-03-02' }).expect(201);
    const res = await submit({ openingDate: '2027-04-01', siteSurveyDate: '2027-03-01' }).expect(400);
    expect(res.body.fields).toEqual([
      expect.objectContaining({
        path: 'formData.siteSurveyDate',
        messages: expect.objectContaining({
          en: expect.stringContaining('on or after 2027-03-02 (today, Asia/Shanghai)'),
        }),
      }),
    ]);
  });

  it('refuses an unknown time zone with a 400 naming the field, rather than using Shanghai', async () => {
    const before = await count();
    const res = await submit({ openingDate: '2027-04-01', storeTimeZone: 'Mars/Base' }).expect(400);
    expect(res.body).toMatchObject({ code: 'requests.form.invalid' });
    expect(res.body.fields).toEqual([
      expect.objectContaining({
        path: 'formData.storeTimeZone',
        code: 'format',
        label: { en: 'Store time zone', 'zh-CN': '门店时区' },
        messages: {
          en: "Store time zone: must be a valid IANA time zone (such as 'Asia/Shanghai')",
          'zh-CN': "门店时区：不是有效的IANA 时区（例如 'Asia/Shanghai'）",
        },
      }),
    ]);
    expect(await count()).toBe(before);
    // The store-opening of the shared catalog declares its zone field the same way.
    const shared = await requester
      .post('/requests')
      .send({
        offeringId: world.offerings.storeOpening,
        formData: { storeName: '火星店', region: 'cn-south', openingDate: '2027-05-01', storeTimeZone: 'Mars/Base' },
      })
      .expect(400);
    expect(shared.body.fields.map((f: { path: string }) => f.path)).toEqual(['formData.storeTimeZone']);
  });

  it('applies a rule to the key dates being moved, not to those that stay', async () => {
    const id = (await submit({ openingDate: '2027-03-20', siteSurveyDate: '2027-03-05' }).expect(201)).body
      .requestId as string;
    // Ten days on, the opening is four days ahead: moving the survey still works, the opening stays put.
    clock.set('2027-03-12T02:00:00Z');
    await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { siteSurveyDate: '2027-03-13' } })
      .expect(200);
    const sooner = await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-03-19' } })
      .expect(400);
    expect(sooner.body.fields).toEqual([
      expect.objectContaining({ path: 'formData.openingDate', code: 'x-date-rule' }),
    ]);
    const past = await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { siteSurveyDate: '2027-03-11' } })
      .expect(400);
    expect(past.body.fields).toEqual([expect.objectContaining({ path: 'formData.siteSurveyDate' })]);
    await requester
      .patch(`/requests/${id}/key-dates`)
      .send({ dates: { openingDate: '2027-03-26' } })
      .expect(200);
    expect((await requester.get(`/requests/${id}`).expect(200)).body.businessContext.keyDates).toEqual(
      expect.arrayContaining([
        { field: 'openingDate', date: '2027-03-26' },
        { field: 'siteSurveyDate', date: '2027-03-13' },
      ]),
    );
  });
});
