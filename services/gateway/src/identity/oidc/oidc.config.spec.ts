import { ConfigError, loadConfig } from '@itsm/platform/config';
import { gatewayEnv } from '../../config';
import { identitySettingsOf } from '../identity.settings';

const required = { DATABASE_URL: 'postgres://itsm:itsm@127.0.0.1:5432/gateway', CATALOG_URL: 'http://127.0.0.1:3001' };
const oidc = {
  ...required,
  OIDC_ISSUER_URL: 'https://login.example.com/realms/itsm',
  OIDC_CLIENT_ID: 'itsm-gateway',
  OIDC_REDIRECT_URI: 'https://itsm.example.com/auth/oidc/callback',
};

function problemsOf(env: Record<string, string>): Record<string, string> {
  try {
    loadConfig(gatewayEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return Object.fromEntries(error.issues.map((i) => [i.variable, i.problem]));
    throw error;
  }
  throw new Error('the environment was accepted');
}

describe('gateway OIDC config', () => {
  it('is off without OIDC_ISSUER_URL', () => {
    expect(identitySettingsOf(loadConfig(gatewayEnv, required)).oidc).toBeUndefined();
  });

  it('fills in scopes, client authentication and the default mapping (everyone a requester)', () => {
    const settings = identitySettingsOf(loadConfig(gatewayEnv, oidc)).oidc;
    expect(settings).toEqual({
      issuerUrl: new URL(oidc.OIDC_ISSUER_URL),
      clientId: 'itsm-gateway',
      clientSecret: undefined,
      clientAuthMethod: 'client_secret_basic',
      redirectUri: new URL(oidc.OIDC_REDIRECT_URI),
      scopes: ['openid', 'profile', 'email'],
      roleMapping: { groupsClaim: 'groups', defaultRoles: ['requester'], defaultDepartments: [], groups: {} },
      loginAttemptTtlSeconds: 600,
    });
  });

  it('reads a role mapping', () => {
    const mapping = {
      groupsClaim: 'realm_access.roles',
      defaultRoles: [],
      groups: { 'it-agents': { roles: ['agent'], departments: ['it'] }, 'itsm-admins': { roles: ['platform-admin'] } },
    };
    const config = loadConfig(gatewayEnv, {
      ...oidc,
      OIDC_SCOPES: ' openid  groups ',
      OIDC_ROLE_MAPPING: JSON.stringify(mapping),
    });
    expect(config.OIDC_SCOPES).toEqual(['openid', 'groups']);
    expect(config.OIDC_ROLE_MAPPING).toEqual({
      groupsClaim: 'realm_access.roles',
      defaultRoles: [],
      defaultDepartments: [],
      groups: {
        'it-agents': { roles: ['agent'], departments: ['it'] },
        'itsm-admins': { roles: ['platform-admin'], departments: [] },
      },
    });
  });

  it('needs the client id and the callback once the issuer is set', () => {
    expect(problemsOf({ ...required, OIDC_ISSUER_URL: oidc.OIDC_ISSUER_URL })).toEqual({
      OIDC_CLIENT_ID: 'required',
      OIDC_REDIRECT_URI: 'required',
    });
  });

  it('names a bad mapping and says where in it the mistake is', () => {
    expect(problemsOf({ ...oidc, OIDC_ROLE_MAPPING: '{groups:' })).toEqual({
      OIDC_ROLE_MAPPING: expect.stringMatching(/^expected a JSON object/),
    });
    const unknownRole = JSON.stringify({ groups: { 'it-agents': { roles: ['superuser'] } } });
    expect(problemsOf({ ...oidc, OIDC_ROLE_MAPPING: unknownRole })).toEqual({
      OIDC_ROLE_MAPPING: expect.stringMatching(/^groups\.it-agents\.roles\[0\]: .*"requester"/),
    });
    const badDepartment = JSON.stringify({ defaultDepartments: ['IT Desk'] });
    expect(problemsOf({ ...oidc, OIDC_ROLE_MAPPING: badDepartment })).toEqual({
      OIDC_ROLE_MAPPING: expect.stringMatching(/^defaultDepartments\[0\]: must be a slug/),
    });
    expect(problemsOf({ ...oidc, OIDC_ROLE_MAPPING: JSON.stringify({ group: {} }) })).toEqual({
      OIDC_ROLE_MAPPING: expect.stringContaining('group'),
    });
  });

  it('refuses scopes without openid, a bad authentication method and a non-http issuer', () => {
    expect(
      problemsOf({
        ...oidc,
        OIDC_SCOPES: 'profile email',
        OIDC_CLIENT_AUTH_METHOD: 'private_key_jwt',
        OIDC_ISSUER_URL: 'ldap://x',
      }),
    ).toEqual({
      OIDC_SCOPES: expect.stringContaining('must include openid'),
      OIDC_CLIENT_AUTH_METHOD: expect.stringContaining('client_secret_basic or client_secret_post'),
      OIDC_ISSUER_URL: expect.stringContaining('http'),
    });
  });

  it('never echoes the client secret in a message', () => {
    const problems = problemsOf({ ...oidc, OIDC_CLIENT_SECRET: 'x'.repeat(2000) });
    expect(Object.keys(problems)).toEqual(['OIDC_CLIENT_SECRET']);
    expect(problems.OIDC_CLIENT_SECRET).not.toContain('xxxx');
  });
});
