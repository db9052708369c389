import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiSecurity } from '@nestjs/swagger';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { Principal, Role } from './principal';
import { assertKeyScope, isKeyPrincipal, REQUIRED_SCOPES } from './scopes';
import { TokenVerifier } from './token-verifier';
import { localized } from '@itsm/contracts';

const PUBLIC = 'itsm:public';

/** Marks a route (or controller) that needs no token: health probes, metrics, API documents (and says so in the API document). */
export const Public = () => applyDecorators(SetMetadata(PUBLIC, true), ApiSecurity({}));

const REQUIRED_ROLES = 'itsm:required-roles';

/**
 * A route (or controller) only callers holding at least one of these roles may use; checked by
 * AuthGuard after the token verified. Anyone else gets a 403 problem `auth.role.forbidden`.
 */
export const RequireRoles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Route parameters, for scopes like `alerts:write:{source}`. */
  params?: Record<string, unknown>;
  principal?: Principal;
}

/** The verified caller of the current request; set by AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

/**
 * Every HTTP route requires a valid Bearer access token unless marked @Public(), and one of the
 * roles named by @RequireRoles() where given. Registered as a global guard, so a new endpoint is
 * protected by default. An API key's token (`sub` = `key:<id>`) passes only routes that declare one
 * of its scopes with @RequireScopes(); for people, scopes play no part.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header) : null;
    if (!match)
      throw new UnauthorizedError(
        'auth.token.missing',
        localized(
          'send an access token as Authorization: Bearer <token>',
          '请以 Authorization: Bearer <令牌> 发送访问令牌',
        ),
      );
    const principal = await this.verifier.verify(match[1]);
    req.principal = principal;
    if (isKeyPrincipal(principal)) {
      // Deny by default: an integration reaches only what a route opened to its scope.
      const scopes = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES, [
        context.getHandler(),
        context.getClass(),
      ]);
      assertKeyScope(principal, scopes, req.params);
      return true;
    }
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required && required.length > 0 && !principal.roles.some((role) => required.includes(role))) {
      throw new ForbiddenError(
        'auth.role.forbidden',
        localized(`this needs one of the roles ${required.join(', ')}`, `需要以下角色之一：${required.join('、')}`),
        { extra: { requiredRoles: required } },
      );
    }
    return true;
  }
}
