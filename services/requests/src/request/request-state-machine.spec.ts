import { REQUEST_STATUSES } from '@itsm/contracts';
import { InvalidStateTransitionError } from '@itsm/platform/errors';
import { allowedTransitions, assertReopenable, assertTransition, canTransition } from './request-state-machine';

describe('request state machine', () => {
  it.each([
    ['submitted', 'pending-approval'],
    ['submitted', 'approved'],
    ['pending-approval', 'approved'],
    ['pending-approval', 'rejected'],
    ['pending-approval', 'cancelled'],
    ['approved', 'in-fulfilment'],
    ['in-fulfilment', 'fulfilled'],
    ['in-fulfilment', 'cancelled'],
    ['fulfilled', 'closed'],
    ['fulfilled', 'in-fulfilment'],
    ['rejected', 'closed'],
    ['cancelled', 'closed'],
    ['closed', 'in-fulfilment'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['submitted', 'fulfilled'],
    ['pending-approval', 'in-fulfilment'],
    ['rejected', 'in-fulfilment'],
    ['cancelled', 'in-fulfilment'],
    ['closed', 'cancelled'],
    ['fulfilled', 'cancelled'],
    ['in-fulfilment', 'closed'],
  ] as const)('refuses %s → %s with a 409 listing what is allowed', (from, to) => {
    let caught: unknown;
    try {
      assertTransition(from, to);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidStateTransitionError);
    expect(caught).toMatchObject({
      status: 409,
      code: 'state.transition_not_allowed',
      extra: { from, to, allowed: [...allowedTransitions(from)] },
    });
  });

  it('lets every state go somewhere and never back to submitted', () => {
    for (const status of REQUEST_STATUSES) {
      expect(allowedTransitions(status).length).toBeGreaterThan(0);
      expect(allowedTransitions(status)).not.toContain('submitted');
    }
  });

  describe('reopen', () => {
    const now = new Date('2026-03-20T08:00:00Z');

    it('goes from fulfilled at any time', () => {
      expect(() =>
        assertReopenable({ status: 'fulfilled', outcome: 'fulfilled', closedAt: null }, now, 14),
      ).not.toThrow();
    });

    it('goes from closed within the window when the request was fulfilled', () => {
      expect(() =>
        assertReopenable(
          { status: 'closed', outcome: 'fulfilled', closedAt: new Date('2026-03-10T08:00:00Z') },
          now,
          14,
        ),
      ).not.toThrow();
    });

    it('refuses after the window', () => {
      expect(() =>
        assertReopenable(
          { status: 'closed', outcome: 'fulfilled', closedAt: new Date('2026-03-01T08:00:00Z') },
          now,
          14,
        ),
      ).toThrow(expect.objectContaining({ status: 409, code: 'requests.request.reopen_window_passed' }));
    });

    it('refuses a request that closed rejected or cancelled', () => {
      for (const outcome of ['rejected', 'cancelled'] as const) {
        expect(() => assertReopenable({ status: 'closed', outcome, closedAt: now }, now, 14)).toThrow(
          expect.objectContaining({ code: 'requests.request.not_reopenable' }),
        );
      }
    });

    it('refuses from states that are still running', () => {
      expect(() => assertReopenable({ status: 'pending-approval', outcome: null, closedAt: null }, now, 14)).toThrow(
        expect.objectContaining({
          code: 'state.transition_not_allowed',
          extra: expect.objectContaining({ allowed: ['approved', 'rejected', 'cancelled'] }),
        }),
      );
    });
  });
});
