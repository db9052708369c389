import { assertTaskTransition } from './task-state-machine';

describe('task state machine', () => {
  it.each([
    ['blocked', 'open'],
    ['open', 'done'],
    ['open', 'failed'],
    ['failed', 'open'],
    ['failed', 'skipped'],
    ['done', 'open'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(() => assertTaskTransition(from, to)).not.toThrow();
  });

  it('refuses completing a task twice with a 409 listing what is allowed', () => {
    expect(() => assertTaskTransition('done', 'done')).toThrow(
      expect.objectContaining({
        status: 409,
        code: 'requests.task.transition_not_allowed',
        extra: { from: 'done', to: 'done', allowed: ['open'] },
      }),
    );
  });

  it('refuses completing a blocked task and anything after skipping', () => {
    expect(() => assertTaskTransition('blocked', 'done')).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => assertTaskTransition('skipped', 'open')).toThrow(
      expect.objectContaining({ extra: expect.objectContaining({ allowed: [] }) }),
    );
  });
});
