import type { Reminder } from '@itsm/contracts';
import { planReminders, reminderFireAt, reminderZone } from './reminder-schedule';

const t3: Reminder = {
  key: 'readiness-t-3',
  kind: 'readiness-report',
  name: { en: 'T-3 readiness', 'zh-CN': '开业前 3 天就绪报告' },
  field: 'openingDate',
  offset: '-P3D',
  atLocalTime: '09:00',
  timeZone: { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' },
};

describe('reminder fire times', () => {
  it('T-3 at 09:00 in the store’s zone (Asia/Shanghai by default)', () => {
    expect(reminderFireAt(t3, { openingDate: '2027-03-12' })?.fireAt.toISOString()).toBe('2027-03-09T01:00:00.000Z');
  });

  it('follows the store’s zone across a DST change (Berlin, summer time from 28 March 2027)', () => {
    expect(
      reminderFireAt(t3, { openingDate: '2027-03-31', storeTimeZone: 'Europe/Berlin' })?.fireAt.toISOString(),
    ).toBe('2027-03-28T07:00:00.000Z');
    expect(
      reminderFireAt(t3, { openingDate: '2027-03-30', storeTimeZone: 'Europe/Berlin' })?.fireAt.toISOString(),
    ).toBe('2027-03-27T08:00:00.000Z');
  });

  it('takes the local date of a date-time anchor, a fixed zone, and a positive offset', () => {
    const fixed: Reminder = {
      ...t3,
      offset: 'P1D',
      atLocalTime: '18:30',
      timeZone: { kind: 'fixed', zone: 'America/New_York' },
    };
    expect(reminderFireAt(fixed, { openingDate: '2027-07-01T02:00:00+08:00' })?.fireAt.toISOString()).toBe(
      '2027-07-01T22:30:00.000Z',
    );
  });

  it('falls back to the default zone for a value that is not an IANA zone, and skips an empty date', () => {
    expect(reminderZone(t3, { storeTimeZone: 'Mars/Olympus' })).toBe('Asia/Shanghai');
    expect(planReminders([t3], { openingDate: '' })).toEqual([]);
    expect(planReminders([t3], {})).toEqual([]);
  });
});
