import { ROLES, type Role } from '@itsm/platform/auth';
import type { RoleMapping } from './oidc.config';

/** A provider may send thousands of groups; more than this are not looked at. */
const MAX_GROUPS = 1000;
const MAX_TEXT = 200;

export type OidcClaims = Record<string, unknown>;

/** What an OIDC sign-in grants on the platform. */
export interface MappedAccess {
  roles: Role[];
  /** Department codes, sorted. */
  departments: string[];
}

/** The defaults plus what every mapped group of the person adds. Unmapped groups add nothing. */
export function accessFromClaims(mapping: RoleMapping, claims: OidcClaims): MappedAccess {
  const roles = new Set<Role>(mapping.defaultRoles);
  const departments = new Set<string>(mapping.defaultDepartments);
  for (const group of groupsOf(claimAt(claims, mapping.groupsClaim))) {
    // Own keys only: a group named "constructor" must not reach Object.prototype.
    if (!Object.hasOwn(mapping.groups, group)) continue;
    const granted = mapping.groups[group];
    for (const role of granted.roles) roles.add(role);
    for (const department of granted.departments) departments.add(department);
  }
  return { roles: ROLES.filter((role) => roles.has(role)), departments: [...departments].sort() };
}

/** `groups`, a claim whose name holds dots (`https://example.com/groups`), or a path into an object (`realm_access.roles`). */
export function claimAt(claims: OidcClaims, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_GROUPS).filter((g): g is string => typeof g === 'string');
}

/** Who signed in, as the account shows them. */
export interface OidcProfile {
  displayName: string;
  email: string | null;
  /** What the username is made of: `preferred_username`, else the e-mail address (unless the provider says it is unverified), else the subject. */
  usernameHint: string;
}

export function profileFromClaims(subject: string, claims: OidcClaims): OidcProfile {
  const preferred = text(claims['preferred_username']);
  const email = text(claims['email']);
  const validEmail = email !== undefined && email.length <= 320 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
  const fullName = [text(claims['given_name']), text(claims['family_name'])].filter((s) => s !== undefined).join(' ');
  return {
    displayName: (text(claims['name']) ?? (fullName || undefined) ?? preferred ?? validEmail ?? subject).slice(
      0,
      MAX_TEXT,
    ),
    email: validEmail ?? null,
    usernameHint: preferred ?? (claims['email_verified'] === false ? undefined : validEmail) ?? subject,
  };
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
