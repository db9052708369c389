import { DateTime, Info, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from 'luxon';
import type { ReminderTimeZone } from '@itsm/contracts';

const HOUR = 3_600_000;
/** Hours remembered per zone (some six weeks of them), the oldest dropped first. */
const MAX_HOURS = 1000;
/** Zones remembered by name, the oldest dropped first: names come from forms. */
const MAX_ZONES = 100;

/**
 * An IANA zone that remembers its UTC offsets by the hour. Luxon asks a zone for its offset a few
 * times per operation, each an Intl formatToParts (most of what Luxon costs us), and the hours asked
 * about repeat: the current hour, a form's dates. An hour is remembered only when its first and last
 * millisecond have the same offset: the tz database never changes an offset twice within an hour
 * (days apart at the closest), so that offset holds for the whole hour. An hour with a change in it
 * is asked of the zone every time.
 */
export class HourlyOffsetZone extends Zone {
  private readonly offsets = new Map<number, number>();

  constructor(private readonly zone: Zone) {
    super();
  }

  /** 'iana', as the zone's: Luxon formats in it with Intl, by name. */
  override get type(): string {
    return this.zone.type;
  }

  override get name(): string {
    return this.zone.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.zone.isValid;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.zone.offsetName(ts, options);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.zone.formatOffset(ts, format);
  }

  override equals(other: Zone): boolean {
    return this.zone.equals(other);
  }

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    const known = this.offsets.get(hour);
    if (known !== undefined) return known;
    if (!Number.isFinite(hour)) return this.zone.offset(ts);
    const first = this.zone.offset(hour * HOUR);
    if (first !== this.zone.offset(hour * HOUR + HOUR - 1)) return this.zone.offset(ts);
    if (this.offsets.size >= MAX_HOURS) this.offsets.delete(this.offsets.keys().next().value as number);
    this.offsets.set(hour, first);
    return first;
  }
}

const zones = new Map<string, HourlyOffsetZone>();

/**
 * The Luxon zone a name stands for, exactly as `DateTime.setZone(name)` reads it (so 'UTC', fixed
 * offsets and invalid names are Luxon's own), except that a valid IANA zone remembers its offsets.
 * Pass it to Luxon wherever a zone name would go; `.isValid` tells whether Luxon takes the name.
 */
export function zoneNamed(name: string): Zone {
  const known = zones.get(name);
  if (known) return known;
  const zone = Info.normalizeZone(name);
  // Same name: not 'default', which follows Settings.defaultZone.
  if (zone.type !== 'iana' || zone.name !== name || !zone.isValid) return zone;
  if (zones.size >= MAX_ZONES) zones.delete(zones.keys().next().value as string);
  const hourly = new HourlyOffsetZone(zone);
  zones.set(name, hourly);
  return hourly;
}

/** Whether Luxon takes the name as a zone (as `DateTime.setZone` would), without computing a time in it. */
export const isZone = (zone: unknown): zone is string =>
  typeof zone === 'string' && zone !== '' && zoneNamed(zone).isValid;

/** A zone an offering names: fixed, or the form's field (e.g. the store's zone) when it holds a valid one. */
export function zoneFrom(source: ReminderTimeZone, formData: Record<string, unknown>): string {
  if (source.kind === 'fixed') return source.zone;
  const value = formData[source.field];
  return isZone(value) ? value : source.default;
}

/** A form's date (midnight in the zone) or date-time (the same instant, seen in the zone); null when neither. */
export function inZone(value: string, zoneName: string): DateTime | null {
  const zone = zoneNamed(zoneName);
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone })
    : DateTime.fromISO(value, { setZone: true }).setZone(zone);
  return at.isValid ? at : null;
}
