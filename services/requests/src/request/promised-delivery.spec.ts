import { promisedDeliveryAt } from './promised-delivery';

const SHANGHAI = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);

describe('promisedDeliveryAt', () => {
  it('adds calendar time as is', () => {
    expect(
      promisedDeliveryAt(at('2026-03-06T02:00:00Z'), { duration: 'P2DT4H', basis: 'calendar' }, SHANGHAI).toISOString(),
    ).toBe('2026-03-08T06:00:00.000Z');
  });

  it('counts business days Monday to Friday in the business time zone', () => {
    // Friday 10:00 in Shanghai + 1 business day → Monday 10:00.
    expect(
      promisedDeliveryAt(
        at('2026-03-06T02:00:00Z'),
        { duration: 'P1D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-09T02:00:00.000Z');
    // Wednesday + 5 business days → next Wednesday.
    expect(
      promisedDeliveryAt(
        at('2026-03-04T02:00:00Z'),
        { duration: 'P5D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-11T02:00:00.000Z');
    // Days as written, however many weeks they span: Monday + 7 → Wednesday next week, Wednesday + 10 → Wednesday two weeks on.
    expect(
      promisedDeliveryAt(
        at('2026-03-02T02:00:00Z'),
        { duration: 'P7D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-11T02:00:00.000Z');
    expect(
      promisedDeliveryAt(
        at('2026-03-04T02:00:00Z'),
        { duration: 'P10D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-18T02:00:00.000Z');
    // A week counts as five business days.
    expect(
      promisedDeliveryAt(
        at('2026-03-04T02:00:00Z'),
        { duration: 'P1W', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-11T02:00:00.000Z');
  });

  it('counts whole weeks and the days left, keeping the wall-clock time across a daylight-saving change', () => {
    // Friday 09:00 EST + 13 business days → Wednesday 09:00 EDT (New York moves to summer time on 8 March).
    expect(
      promisedDeliveryAt(
        at('2026-03-06T14:00:00Z'),
        { duration: 'P2W3D', basis: 'business-days' },
        'America/New_York',
      ).toISOString(),
    ).toBe('2026-03-25T13:00:00.000Z');
  });

  it('starts counting on Monday morning when submitted at the weekend', () => {
    // Saturday 15:00 Shanghai + 1 business day → Tuesday 00:00 Shanghai.
    expect(
      promisedDeliveryAt(
        at('2026-03-07T07:00:00Z'),
        { duration: 'P1D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-09T16:00:00.000Z');
  });

  it('uses the zone to decide what a weekend is', () => {
    // Friday 23:30 UTC is already Saturday in Shanghai.
    expect(
      promisedDeliveryAt(at('2026-03-06T23:30:00Z'), { duration: 'P1D', basis: 'business-days' }, 'UTC').toISOString(),
    ).toBe('2026-03-09T23:30:00.000Z');
    expect(
      promisedDeliveryAt(
        at('2026-03-06T23:30:00Z'),
        { duration: 'P1D', basis: 'business-days' },
        SHANGHAI,
      ).toISOString(),
    ).toBe('2026-03-09T16:00:00.000Z');
  });
});
