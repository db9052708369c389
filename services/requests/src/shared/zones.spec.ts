import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import { HourlyOffsetZone, zoneNamed } from './zones';

const HOUR = 3_600_000;
const ms = (iso: string) => Date.parse(iso);

/** Every `step` ms from `from` to `to`, and the milliseconds either side of each. */
function sweep(from: string, to: string, step: number): number[] {
  const out: number[] = [];
  for (let ts = ms(from); ts <= ms(to); ts += step) out.push(ts - 1, ts, ts + 1);
  return out;
}

describe('zones that remember their offsets by the hour', () => {
  const transitions: [zone: string, from: string, to: string][] = [
    ['America/New_York', '2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z'], // 02:00 EST → 03:00 EDT
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T08:00:00Z'], // 02:00 EDT → 01:00 EST
    ['Europe/London', '2026-03-29T00:00:00Z', '2026-03-29T03:00:00Z'], // 01:00 GMT → 02:00 BST
    ['Europe/London', '2026-10-25T00:00:00Z', '2026-10-25T03:00:00Z'], // 02:00 BST → 01:00 GMT
    ['Australia/Lord_Howe', '2026-04-04T13:00:00Z', '2026-04-04T17:00:00Z'], // 02:00 +11 → 01:30 +10:30
    ['Australia/Lord_Howe', '2026-10-03T14:00:00Z', '2026-10-03T17:00:00Z'], // 02:00 +10:30 → 02:30 +11
  ];

  it.each(transitions)('gives the offsets of %s across its change from %s, minute by minute', (name, from, to) => {
    const iana = IANAZone.create(name);
    const hourly = new HourlyOffsetZone(iana);
    const instants = sweep(from, to, 60_000);
    const offsets = instants.map((ts) => iana.offset(ts));
    expect(new Set(offsets).size).toBe(2);
    // Twice: the second pass reads what the first remembered.
    expect(instants.map((ts) => hourly.offset(ts))).toEqual(offsets);
    expect(instants.map((ts) => hourly.offset(ts))).toEqual(offsets);
  });

  it('agrees with the zone itself over a sweep of instants, asked in any order', () => {
    for (const name of [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'America/Sao_Paulo',
    ]) {
      const iana = IANAZone.create(name);
      const hourly = new HourlyOffsetZone(iana);
      // Every 11 h 17 min over two years (each hour of the day in turn, more hours than are kept), then backwards.
      const instants = sweep('2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 11 * HOUR + 17 * 60_000);
      const offsets = instants.map((ts) => iana.offset(ts));
      expect(instants.map((ts) => hourly.offset(ts))).toEqual(offsets);
      expect([...instants].reverse().map((ts) => hourly.offset(ts))).toEqual([...offsets].reverse());
    }
  });

  it('gives Luxon the same wall-clock times as the zone’s name does', () => {
    const zone = zoneNamed('America/New_York');
    // 09:00 on the wall clock either side of the spring change, and the hour that is skipped.
    for (const iso of ['2026-03-07T09:00', '2026-03-08T09:00', '2026-03-08T02:30', '2026-11-01T01:30']) {
      const byName = DateTime.fromISO(iso, { zone: 'America/New_York' });
      const byZone = DateTime.fromISO(iso, { zone });
      expect(byZone.toMillis()).toBe(byName.toMillis());
      expect(byZone.toISO()).toBe(byName.toISO());
    }
    expect(DateTime.fromISO('2026-03-08T09:00', { zone }).toISO()).toBe('2026-03-08T09:00:00.000-04:00');
    expect(DateTime.fromISO('2026-03-07T09:00', { zone }).toISO()).toBe('2026-03-07T09:00:00.000-05:00');
  });

  it('is the zone for its name, once', () => {
    const zone = zoneNamed('Asia/Shanghai');
    expect(zone).toBeInstanceOf(HourlyOffsetZone);
    expect(zoneNamed('Asia/Shanghai')).toBe(zone);
    expect(zone.name).toBe('Asia/Shanghai');
    expect(zone.type).toBe('iana');
    expect(zone.equals(IANAZone.create('Asia/Shanghai'))).toBe(true);
    expect(IANAZone.create('Asia/Shanghai').equals(zone)).toBe(true);
  });

  it('reads other names as Luxon does, and refuses what is no zone', () => {
    expect(zoneNamed('UTC')).toBe(FixedOffsetZone.utcInstance);
    expect(zoneNamed('UTC+8').equals(FixedOffsetZone.instance(480))).toBe(true);
    for (const name of ['Mars/Olympus', 'Asia/Shanghai ', 'Sport~~blorp', '']) {
      expect(zoneNamed(name).isValid).toBe(false);
      expect(zoneNamed(name)).not.toBeInstanceOf(HourlyOffsetZone);
      expect(DateTime.now().setZone(name).isValid).toBe(false);
    }
  });
});
