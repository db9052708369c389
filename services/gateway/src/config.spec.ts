import { ConfigError, loadConfig } from '@itsm/platform/config';
import { gatewayEnv } from './config';

const required = { DATABASE_URL: 'postgres://itsm:itsm@127.0.0.1:5432/gateway', CATALOG_URL: 'http://127.0.0.1:3001' };

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(gatewayEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.issues.map((i) => [i.variable, i.problem]));
    throw error;
  }
  throw new Error('the environment was accepted');
}

describe('gateway config', () => {
  it('fills in the identity defaults', () => {
    expect(loadConfig(gatewayEnv, required)).toMatchObject({
      AUTH_ISSUER: 'itsm-gateway',
      AUTH_AUDIENCE: 'itsm',
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 14 * 24 * 60 * 60,
      KEY_ROTATION_DAYS: 30,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_MAX_FAILURES_PER_USERNAME: 20,
      LOGIN_LOCKOUT_MINUTES: 15,
      GATEWAY_DEMO_USERS: false,
    });
  });

  it('listens on loopback and believes no X-Forwarded-For unless told otherwise', () => {
    expect(loadConfig(gatewayEnv, required)).toMatchObject({
      HOST: '127.0.0.1',
      TRUSTED_PROXIES: [],
      HTTP_HEADERS_TIMEOUT_MS: 10_000,
      HTTP_REQUEST_TIMEOUT_MS: 30_000,
    });
    expect(loadConfig(gatewayEnv, { ...required, HOST: '0.0.0.0', TRUSTED_PROXIES: '10.0.0.0/8' })).toMatchObject({
      HOST: '0.0.0.0',
      TRUSTED_PROXIES: ['10.0.0.0/8'],
    });
  });

  it('requires its own database', () => {
    expect(problemsOf({ CATALOG_URL: required.CATALOG_URL })).toEqual({ DATABASE_URL: 'required' });
    expect(problemsOf({ ...required, DATABASE_URL: 'mysql://x' })).toMatchObject({
      DATABASE_URL: expect.stringContaining('postgres://'),
    });
  });

  it('names a bad lifetime or rotation period', () => {
    expect(problemsOf({ ...required, ACCESS_TOKEN_TTL_SECONDS: '5', KEY_ROTATION_DAYS: 'monthly' })).toEqual({
      ACCESS_TOKEN_TTL_SECONDS: expect.stringContaining('from 60 to 86400'),
      KEY_ROTATION_DAYS: expect.stringContaining('from 1 to 365'),
    });
  });

  it('takes GATEWAY_DEMO_USERS as a boolean', () => {
    expect(loadConfig(gatewayEnv, { ...required, GATEWAY_DEMO_USERS: 'true' }).GATEWAY_DEMO_USERS).toBe(true);
  });
});
