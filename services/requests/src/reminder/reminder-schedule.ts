import { Duration } from 'luxon';
import type { Reminder } from '@itsm/contracts';
import { inZone, zoneFrom } from '../shared/zones';

/** When one of the offering's reminders fires for a request, and what it hangs on. */
export interface ReminderPlan {
  key: string;
  kind: string;
  name: Reminder['name'];
  anchorField: string;
  anchorDate: string;
  timeZone: string;
  fireAt: Date;
}

/** The reminder's zone: fixed, or the form's field (e.g. the store's zone) when it names a valid IANA zone. */
export function reminderZone(reminder: Reminder, formData: Record<string, unknown>): string {
  return zoneFrom(reminder.timeZone, formData);
}

/**
 * The instant a reminder fires: the anchor date (a form date, or the local date of a date-time)
 * moved by the signed ISO offset ('-P3D'), at the local time of day, in the reminder's zone —
 * so T-3 09:00 is 09:00 on the store's wall clock whatever the server's zone. No date, no reminder.
 */
export function reminderFireAt(reminder: Reminder, formData: Record<string, unknown>): ReminderPlan | null {
  const value = formData[reminder.field];
  if (typeof value !== 'string' || value === '') return null;
  const timeZone = reminderZone(reminder, formData);
  const anchor = inZone(value, timeZone);
  if (!anchor) return null;
  const negative = reminder.offset.startsWith('-');
  const offset = Duration.fromISO(negative ? reminder.offset.slice(1) : reminder.offset);
  const day = (negative ? anchor.minus(offset) : anchor.plus(offset)).startOf('day');
  const [hour, minute, second] = reminder.atLocalTime.split(':').map(Number);
  const at = day.set({ hour, minute, second: second ?? 0, millisecond: 0 });
  return {
    key: reminder.key,
    kind: reminder.kind,
    name: reminder.name,
    anchorField: reminder.field,
    anchorDate: value,
    timeZone,
    fireAt: at.toJSDate(),
  };
}

/** Every reminder of the offering that the form's dates give a time to. */
export function planReminders(reminders: Reminder[], formData: Record<string, unknown>): ReminderPlan[] {
  return reminders.flatMap((r) => reminderFireAt(r, formData) ?? []);
}
