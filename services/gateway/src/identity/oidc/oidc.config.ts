import { z } from 'zod';
import { SlugSchema } from '@itsm/contracts';
import { ROLES } from '@itsm/platform/auth';
import { httpUrlSchema } from '@itsm/platform/config';
import { formatIssuePath } from '@itsm/platform/errors';

const roleList = z.array(z.enum(ROLES)).max(ROLES.length);
/** Department codes as the catalog has them (`it`, `hr`, `facilities`). */
const departmentList = z.array(SlugSchema).max(200);

/**
 * OIDC_ROLE_MAPPING: who gets which roles and departments, from the groups the provider says a
 * person belongs to. Everyone who signs in gets the defaults; each listed group adds its own.
 */
export const RoleMappingSchema = z.strictObject({
  /** The claim holding the groups: a claim name (`groups`, `https://example.com/groups`) or a dotted path (`realm_access.roles`). */
  groupsClaim: z.string().trim().min(1).max(200).default('groups'),
  defaultRoles: roleList.default(['requester']),
  defaultDepartments: departmentList.default([]),
  groups: z
    .record(
      z.string().min(1).max(256),
      z.strictObject({ roles: roleList.default([]), departments: departmentList.default([]) }),
    )
    .default({}),
});
export type RoleMapping = z.infer<typeof RoleMappingSchema>;

/** The mapping without OIDC_ROLE_MAPPING: everyone a requester, no department. */
export const DEFAULT_ROLE_MAPPING: RoleMapping = RoleMappingSchema.parse({});

const roleMappingFromJson = z.string().transform((raw, ctx): RoleMapping => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a JSON object like {"groupsClaim":"groups","defaultRoles":["requester"],"groups":{…}}',
    });
    return z.NEVER;
  }
  const parsed = RoleMappingSchema.safeParse(value);
  if (!parsed.success) {
    // The variable is one string: say where inside it the mistake is.
    const [first] = parsed.error.issues;
    ctx.addIssue({ code: 'custom', message: `${formatIssuePath(first.path) || '(mapping)'}: ${first.message}` });
    return z.NEVER;
  }
  return parsed.data;
});

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** OpenID Connect sign-in at the gateway; off unless OIDC_ISSUER_URL is set. */
export const oidcEnvShape = {
  /** The provider's issuer; its `/.well-known/openid-configuration` is read on first use. */
  OIDC_ISSUER_URL: httpUrlSchema.optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(255).optional(),
  /** Absent: a public client, protected by PKCE alone. */
  OIDC_CLIENT_SECRET: z.string().min(1).max(1024).optional(),
  /** How a confidential client authenticates at the token endpoint (OIDC's default: basic). */
  OIDC_CLIENT_AUTH_METHOD: z
    .enum(['client_secret_basic', 'client_secret_post'], {
      error: 'expected client_secret_basic or client_secret_post',
    })
    .default('client_secret_basic'),
  /** The gateway's callback as the provider redirects browsers to it: `https://<gateway>/auth/oidc/callback`. */
  OIDC_REDIRECT_URI: httpUrlSchema.optional(),
  OIDC_SCOPES: z
    .string()
    .transform((value) => value.split(/\s+/).filter((s) => s.length > 0))
    .pipe(
      z
        .array(z.string().regex(SCOPE_TOKEN, { error: 'expected space-separated scope names' }))
        .refine((scopes) => scopes.includes('openid'), { error: 'must include openid' }),
    )
    .default(['openid', 'profile', 'email']),
  OIDC_ROLE_MAPPING: roleMappingFromJson.default(() => DEFAULT_ROLE_MAPPING),
};

/** With an issuer, the client id and the callback are needed too. */
export function requireOidcClient(
  env: { OIDC_ISSUER_URL?: string; OIDC_CLIENT_ID?: string; OIDC_REDIRECT_URI?: string },
  ctx: z.RefinementCtx,
): void {
  if (env.OIDC_ISSUER_URL === undefined) return;
  for (const variable of ['OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI'] as const) {
    if (env[variable] === undefined)
      ctx.addIssue({ code: 'custom', path: [variable], message: 'required when OIDC_ISSUER_URL is set' });
  }
}
