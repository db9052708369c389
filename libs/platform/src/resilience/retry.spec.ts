import { backoffDelay, withTimeout } from './retry';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the ceiling', () => {
    const backoff = { baseMs: 200, maxMs: 5000 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((a) => backoffDelay(a, backoff))).toEqual([
      200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(backoffDelay(0, { baseMs: 100, maxMs: 1000 })).toBe(100);
  });
});

describe('withTimeout', () => {
  it('gives the outcome of work that finishes in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
  });

  it('rejects, naming the work, when it does not', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10, 'publishing a batch')).rejects.toThrow(
      'publishing a batch took longer than 10 ms',
    );
  });
});
