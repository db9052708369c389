import { Controller, Get, Header, Query, Redirect, Req } from '@nestjs/common';
import { ApiExcludeController, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@itsm/platform/auth';
import { ZodBodyPipe } from '@itsm/platform/errors';
import { callbackQueryOf } from './callback-query';
import { SESSION_TOKENS } from '../auth.controller';
import { type OidcLoginQuery, OidcLoginQuerySchema } from './dto/oidc.dto';
import { oidcNotConfigured } from './oidc.errors';
import { BeginOidcLogin } from './use-cases/begin-oidc-login';
import { CompleteOidcLogin, type OidcSessionTokens } from './use-cases/complete-oidc-login';

/** Sign-in through the configured OpenID Connect provider (authorization code with PKCE). */
@ApiTags('auth')
@Public()
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly begin: BeginOidcLogin,
    private readonly complete: CompleteOidcLogin,
  ) {}

  /** 302 to the provider's authorization endpoint. */
  @Get('login')
  @ApiOperation({ summary: 'Sign in through the OIDC provider: 302 to it (code flow with PKCE) · 通过 OIDC 登录' })
  @ApiQuery({ name: 'returnTo', required: false, description: 'a path on this site, echoed after sign-in' })
  @ApiResponse({
    status: 302,
    description: 'to the provider / 跳转到身份提供方',
    headers: { Location: { required: true, schema: { type: 'string', format: 'uri' } } },
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @Header('Cache-Control', 'no-store')
  @Redirect()
  async login(
    @Query(new ZodBodyPipe(OidcLoginQuerySchema)) query: OidcLoginQuery,
  ): Promise<{ url: string; statusCode: number }> {
    return { url: (await this.begin.execute(query.returnTo)).href, statusCode: 302 };
  }

  /** Where the provider sends the browser back: the same session tokens as `POST /auth/login`. */
  @Get('callback')
  @ApiOperation({
    summary: "The provider's redirect back: answers the same session tokens as POST /auth/login · OIDC 回调",
  })
  @ApiResponse({ status: 200, description: 'Session tokens / 会话令牌', schema: SESSION_TOKENS })
  @ApiResponse({ status: 400, description: 'auth.oidc.state_invalid (problem)' })
  @ApiResponse({ status: 401, description: 'auth.oidc.denied / auth.oidc.failed (problem)' })
  @ApiResponse({ status: 403, description: 'auth.oidc.account_disabled (problem)' })
  @Header('Cache-Control', 'no-store')
  callback(@Req() req: Request): Promise<OidcSessionTokens> {
    return this.complete.execute(callbackQueryOf(req));
  }
}

/** OIDC_ISSUER_URL not set: the routes exist and say so. */
@ApiExcludeController()
@Public()
@Controller('auth/oidc')
export class OidcNotConfiguredController {
  @Get(['login', 'callback'])
  notConfigured(): never {
    throw oidcNotConfigured();
  }
}
