/** Roles of the access model (DESIGN.md section 6); scoped to departments where that matters. */
export const ROLES = [
  'requester',
  'agent',
  'team-lead',
  'change-manager',
  'cab-member',
  'department-admin',
  'platform-admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as every service sees it after verifying the access token itself. */
export interface Principal {
  /** The token's `sub`: a user id, or `key:<id>` for an integration's API key. */
  subject: string;
  roles: Role[];
  /** Departments the principal's agent/admin roles apply to. */
  departments: string[];
  /** Scopes of an integration key (e.g. `alerts:write:alertmanager-prod`); empty for people. */
  scopes: string[];
  tokenId?: string;
}

/** The private claims our access tokens carry besides the registered ones. */
export interface AccessTokenClaims {
  roles: Role[];
  departments: string[];
  scopes?: string[];
}
