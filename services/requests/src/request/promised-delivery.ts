import { DateTime, Duration } from 'luxon';
import type { PromisedDelivery } from '@itsm/contracts';
import { zoneNamed } from '../shared/zones';

/**
 * The promised delivery time of a request submitted at `submittedAt`. `calendar` adds the
 * duration as is; `business-days` counts its days (a week being five) on Mondays to Fridays in
 * the business time zone, starting from the next business day when submitted on a weekend, then
 * adds the time part. Public holidays and make-up working days (调休) are the SLA service's
 * calendars' concern; this is the offering's promise, not an SLA target.
 */
export function promisedDeliveryAt(submittedAt: Date, promise: PromisedDelivery, zoneName: string): Date {
  const zone = zoneNamed(zoneName);
  const start = DateTime.fromJSDate(submittedAt, { zone });
  const duration = Duration.fromISO(promise.duration);
  if (promise.basis === 'calendar') return start.plus(duration).toJSDate();

  // The parts as written: P10D is ten business days and P2W ten as well (shifting days into weeks
  // would make P10D one week and three days, eight business days).
  const parts = duration.toObject();
  // Days are counted on the zone's calendar, in its wall-clock time held as UTC: the same dates,
  // without looking up the zone's offset at every step (that lookup is most of the cost).
  let at: DateTime = start
    .setZone('utc', { keepLocalTime: true })
    .plus({ years: parts.years ?? 0, months: parts.months ?? 0 });
  if (isWeekend(at)) at = nextBusinessDay(at).startOf('day');
  let businessDays = (parts.weeks ?? 0) * 5 + Math.floor(parts.days ?? 0);
  // From a weekday, five business days on is the same weekday a week later: whole weeks at once.
  if (businessDays >= 5) {
    at = at.plus({ weeks: Math.floor(businessDays / 5) });
    businessDays %= 5;
  }
  while (businessDays > 0) {
    at = nextBusinessDay(at);
    businessDays--;
  }
  return at
    .setZone(zone, { keepLocalTime: true })
    .plus({ hours: parts.hours ?? 0, minutes: parts.minutes ?? 0, seconds: parts.seconds ?? 0 })
    .toJSDate();
}

function isWeekend(at: DateTime): boolean {
  return at.weekday === 6 || at.weekday === 7;
}

function nextBusinessDay(at: DateTime): DateTime {
  let next = at.plus({ days: 1 });
  while (isWeekend(next)) next = next.plus({ days: 1 });
  return next;
}
