import { validate, version } from 'uuid';
import { newUuidV7 } from './uuid-v7';

const msecsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('newUuidV7', () => {
  afterEach(() => jest.restoreAllMocks());

  it('makes valid version-7 UUIDs carrying the current time', () => {
    const before = Date.now();
    const id = newUuidV7();
    expect(validate(id) && version(id)).toBe(7);
    expect(msecsOf(id)).toBeGreaterThanOrEqual(before);
    expect(msecsOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('counts up within one millisecond, across refills of the random pool', () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 11, 3, 9, 0, 0));
    const ids = Array.from({ length: 2_000 }, () => newUuidV7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(-8))).size).toBeGreaterThan(1_990);
  });

  it('stays ordered when the clock steps back', () => {
    const now = Date.UTC(2026, 11, 3, 9, 0, 0);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 10_000);
    const first = newUuidV7();
    clock.mockReturnValue(now);
    const second = newUuidV7();
    expect(second > first).toBe(true);
  });
});
