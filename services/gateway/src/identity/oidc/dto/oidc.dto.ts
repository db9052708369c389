import { z } from 'zod';

const PROBE_ORIGIN = 'http://gateway.invalid';

/**
 * A path on this site only (`/requests/123?tab=tasks`): never another origin, so the sign-in
 * cannot be used to send someone elsewhere. `//host` and backslashes (which browsers read as
 * slashes) are refused, as is anything that resolves off the site.
 */
export function isLocalPath(value: string): boolean {
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\p{C}]/u.test(value)) return false;
  try {
    return new URL(value, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}

export const OidcLoginQuerySchema = z.object({
  returnTo: z
    .string()
    .max(2048)
    .refine(isLocalPath, { error: 'expected a path on this site, like /requests/123' })
    .optional(),
});
export type OidcLoginQuery = z.infer<typeof OidcLoginQuerySchema>;
