import { SetMetadata } from '@nestjs/common';
import { SLUG_PATTERN, localized } from '@itsm/contracts';
import { ForbiddenError } from '../errors';
import { Principal } from './principal';

export const REQUIRED_SCOPES = 'itsm:required-scopes';

/** `sub` of the access tokens the gateway mints for an integration's API key: `key:<key id>`. */
export const KEY_SUBJECT_PREFIX = 'key:';

/**
 * Scopes an API key can be granted. `alerts:write:<source>` names one alert source (a slug), so a
 * key for one monitoring tool cannot post as another. A new service adds its scopes here, so the
 * gateway refuses keys with scopes nothing checks.
 */
export const API_KEY_SCOPES = ['catalog:read', 'requests:read', 'requests:write', 'incidents:read'] as const;
const SOURCE_SCOPED = ['alerts:write'] as const;

/** True for a scope a key may hold: one of API_KEY_SCOPES, or `alerts:write:<slug>`. */
export function isGrantableScope(scope: string): boolean {
  if ((API_KEY_SCOPES as readonly string[]).includes(scope)) return true;
  const prefix = SOURCE_SCOPED.find((p) => scope.startsWith(`${p}:`));
  return prefix !== undefined && SLUG_PATTERN.test(scope.slice(prefix.length + 1));
}

/**
 * The integrations (API keys) that may use a route (or controller): a key holding at least one of
 * these scopes. A `{param}` placeholder is filled from the route parameter of that name, e.g.
 * `@RequireScopes('alerts:write:{source}')` on `POST /alerts/:source`. Keys are refused on every
 * route without this decorator (403 `auth.scope.forbidden`), and for keys the scope is the whole
 * check: @RequireRoles is about people, who are not affected by scopes.
 */
export const RequireScopes = (...scopes: string[]) => SetMetadata(REQUIRED_SCOPES, scopes);

/** An integration calling with an API key (through the gateway), rather than a person. */
export function isKeyPrincipal(principal: Principal): boolean {
  return principal.subject.startsWith(KEY_SUBJECT_PREFIX);
}

/**
 * `alerts:write:{source}` with `{ source: 'grafana-prod' }` → `alerts:write:grafana-prod`. Undefined
 * when a placeholder has no parameter, or a value that is not a slug: such a scope matches no key.
 */
export function resolveScope(template: string, params: Record<string, unknown> = {}): string | undefined {
  let unresolved = false;
  const scope = template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_placeholder, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || !SLUG_PATTERN.test(value)) {
      unresolved = true;
      return '';
    }
    return value;
  });
  return unresolved ? undefined : scope;
}

/**
 * Lets a key principal through only when the route declares a scope it holds; throws 403
 * `auth.scope.forbidden` otherwise (no declaration at all included: deny by default).
 */
export function assertKeyScope(
  principal: Principal,
  required: readonly string[] | undefined,
  params?: Record<string, unknown>,
): void {
  const resolved = (required ?? []).map((template) => resolveScope(template, params));
  if (resolved.some((scope) => scope !== undefined && principal.scopes.includes(scope))) return;
  const needed = resolved.filter((scope): scope is string => scope !== undefined);
  throw new ForbiddenError(
    'auth.scope.forbidden',
    needed.length > 0
      ? localized(
          `this API key lacks the scope this needs: ${needed.join(' or ')}`,
          `此 API 密钥缺少所需的权限范围：${needed.join(' 或 ')}`,
        )
      : localized('API keys cannot use this endpoint', 'API 密钥无法调用此接口'),
    { extra: { requiredScopes: needed } },
  );
}
