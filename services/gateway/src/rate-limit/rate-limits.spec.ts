import type { Response } from 'express';
import { loadConfig } from '@itsm/platform/config';
import { gatewayEnv } from '../config';
import { RateLimitExceededError } from './rate-limit.errors';
import { rateLimitSettingsOf } from './rate-limit.settings';
import { RateLimits } from './rate-limits';

/** Just what RateLimits touches of a response. */
function response(): Response & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    headers,
    headersSent: false,
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
  } as unknown as Response & {
    headers: Record<string, string>;
  };
}

describe('RateLimits', () => {
  const limits = new RateLimits({ user: 3, key: 5, anonymous: 2, login: 1 });

  it('counts each caller on its own and tells it its budget', async () => {
    for (let i = 1; i <= 3; i++) {
      const res = response();
      await limits.consume('user', 'u-1', res);
      expect(res.headers).toEqual({
        'ratelimit-limit': '3',
        'ratelimit-remaining': String(3 - i),
        'ratelimit-reset': expect.stringMatching(/^[1-9]\d?$/),
      });
    }
    const over = response();
    const error = await limits.consume('user', 'u-1', over).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitExceededError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit.exceeded', extra: { limit: 3 } });
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(over.headers['ratelimit-remaining']).toBe('0');
    // Another person, and the same id in another bucket, have their own budgets.
    await expect(limits.consume('user', 'u-2', response())).resolves.toBeUndefined();
    await expect(limits.consume('key', 'u-1', response())).resolves.toBeUndefined();
  });

  it('charges a refused credential check to the client address, then answers 429 once that is spent', async () => {
    const req = { ip: '10.1.2.3', socket: {} } as never;
    const refused = new Error('refused');
    for (let i = 0; i < 2; i++)
      await expect(limits.countingRefusals(req, response(), () => Promise.reject(refused))).rejects.toBe(refused);
    await expect(limits.countingRefusals(req, response(), () => Promise.reject(refused))).rejects.toBeInstanceOf(
      RateLimitExceededError,
    );
    // A check that passes costs nothing here.
    await expect(limits.countingRefusals(req, response(), () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('counts only failures where asked: refuses once they reach the limit, without counting the refusal', async () => {
    const own = new RateLimits({ user: 1, key: 1, anonymous: 1, login: 2 });
    await own.refuseIfSpent('login', '10.0.0.9', response());
    await own.penalize('login', '10.0.0.9');
    await own.refuseIfSpent('login', '10.0.0.9', response());
    await own.penalize('login', '10.0.0.9');
    const res = response();
    await expect(own.refuseIfSpent('login', '10.0.0.9', res)).rejects.toMatchObject({
      status: 429,
      code: 'rate_limit.exceeded',
    });
    expect(res.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'retry-after': expect.stringMatching(/^\d+$/),
    });
    await expect(own.refuseIfSpent('login', '10.0.0.10', response())).resolves.toBeUndefined();
  });

  it('reads its limits from the environment, with defaults', () => {
    const base = { DATABASE_URL: 'postgres://itsm:itsm@127.0.0.1:5432/gateway', CATALOG_URL: 'http://127.0.0.1:3001' };
    expect(rateLimitSettingsOf(loadConfig(gatewayEnv, base))).toEqual({
      user: 600,
      key: 1200,
      anonymous: 120,
      login: 300,
    });
    expect(rateLimitSettingsOf(loadConfig(gatewayEnv, { ...base, RATE_LIMIT_LOGIN_PER_MINUTE: '5' })).login).toBe(5);
    expect(() => loadConfig(gatewayEnv, { ...base, RATE_LIMIT_USER_PER_MINUTE: '0' })).toThrow(
      /RATE_LIMIT_USER_PER_MINUTE: expected a whole number/,
    );
  });
});
