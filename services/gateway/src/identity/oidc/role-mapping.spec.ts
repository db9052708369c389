import { RoleMappingSchema } from './oidc.config';
import { accessFromClaims, claimAt, profileFromClaims } from './role-mapping';

const mapping = RoleMappingSchema.parse({
  defaultRoles: ['requester'],
  groups: {
    'it-agents': { roles: ['agent'], departments: ['it'] },
    'it-leads': { roles: ['agent', 'team-lead'], departments: ['it'] },
    'hr-admins': { roles: ['department-admin'], departments: ['hr'] },
  },
});

describe('OIDC claim-to-role mapping', () => {
  it('gives the defaults plus what each mapped group adds, roles in the platform order, departments sorted', () => {
    expect(accessFromClaims(mapping, { groups: ['hr-admins', 'it-leads', 'it-agents', 'staff'] })).toEqual({
      roles: ['requester', 'agent', 'team-lead', 'department-admin'],
      departments: ['hr', 'it'],
    });
    expect(accessFromClaims(mapping, {})).toEqual({ roles: ['requester'], departments: [] });
  });

  it('takes a single group given as a string and ignores values that are not strings', () => {
    expect(accessFromClaims(mapping, { groups: 'it-agents' })).toEqual({
      roles: ['requester', 'agent'],
      departments: ['it'],
    });
    expect(accessFromClaims(mapping, { groups: [42, null, { name: 'it-agents' }] })).toEqual({
      roles: ['requester'],
      departments: [],
    });
    expect(accessFromClaims(mapping, { groups: { 'it-agents': true } })).toEqual({
      roles: ['requester'],
      departments: [],
    });
  });

  it('does not look up groups named like properties of every object', () => {
    expect(accessFromClaims(mapping, { groups: ['constructor', '__proto__', 'toString', 'hasOwnProperty'] })).toEqual({
      roles: ['requester'],
      departments: [],
    });
  });

  it('reads a claim by name first, then as a path into an object', () => {
    const claims = { 'https://example.com/groups': ['a'], realm_access: { roles: ['b'] }, list: [['c']] };
    expect(claimAt(claims, 'https://example.com/groups')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['b']);
    expect(claimAt(claims, 'realm_access.missing.deeper')).toBeUndefined();
    expect(claimAt(claims, 'list.0')).toBeUndefined();
    expect(claimAt(claims, 'realm_access.constructor')).toBeUndefined();
    const keycloak = RoleMappingSchema.parse({
      groupsClaim: 'realm_access.roles',
      groups: { b: { roles: ['cab-member'], departments: ['it'] } },
    });
    expect(accessFromClaims(keycloak, claims)).toEqual({ roles: ['requester', 'cab-member'], departments: ['it'] });
  });

  it('makes the profile from the usual claims, falling back to what there is', () => {
    expect(
      profileFromClaims('s1', { name: ' Li Na ', preferred_username: 'li.na', email: 'li.na@example.com' }),
    ).toEqual({
      displayName: 'Li Na',
      email: 'li.na@example.com',
      usernameHint: 'li.na',
    });
    expect(profileFromClaims('s2', { given_name: 'Na', family_name: 'Li', email: 'na@example.com' })).toEqual({
      displayName: 'Na Li',
      email: 'na@example.com',
      usernameHint: 'na@example.com',
    });
    expect(profileFromClaims('s3', { email: 'not an address', name: 42 })).toEqual({
      displayName: 's3',
      email: null,
      usernameHint: 's3',
    });
    // An address the provider has not verified is kept, but names nobody.
    expect(profileFromClaims('s5', { email: 'boss@example.com', email_verified: false })).toMatchObject({
      email: 'boss@example.com',
      usernameHint: 's5',
    });
    expect(profileFromClaims('s4', { name: 'x'.repeat(500) }).displayName).toHaveLength(200);
  });
});
