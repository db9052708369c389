import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { documented } from '../openapi/gateway-document';
import { Public } from '@itsm/platform/auth';
import { ZodBodyPipe } from '@itsm/platform/errors';
import { LoginInput, LoginSchema, RefreshInput, RefreshSchema } from './dto/auth.dto';
import { SessionTokens } from './session-tokens';
import { LogIn } from './use-cases/log-in';
import { clientAddress } from '../rate-limit/rate-limits';
import { LogOut } from './use-cases/log-out';
import { RefreshSession } from './use-cases/refresh-session';

export const SESSION_TOKENS = {
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'refreshToken', 'refreshExpiresIn'],
  properties: {
    accessToken: { type: 'string', description: 'ES256 JWT for Authorization: Bearer' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer' },
    refreshToken: { type: 'string' },
    refreshExpiresIn: { type: 'integer' },
  },
};

/** Local-account sessions, answered by the gateway itself. Bodies are never logged. */
@ApiTags('auth')
@Public()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logIn: LogIn,
    private readonly refreshSession: RefreshSession,
    private readonly logOut: LogOut,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a local account · 本地账号登录' })
  @ApiBody({ schema: documented(LoginSchema) })
  @ApiResponse({ status: 200, description: 'Session tokens', schema: SESSION_TOKENS })
  @ApiResponse({ status: 401, description: 'auth.login.failed (problem)' })
  @ApiResponse({
    status: 429,
    description:
      'auth.login.locked: this user name is locked after repeated failures (from this address, or from everywhere), whether an account has it or not; rate_limit.exceeded: too many failed sign-ins from this address. See Retry-After (problem)',
  })
  @Header('Cache-Control', 'no-store')
  login(@Body(new ZodBodyPipe(LoginSchema)) body: LoginInput, @Req() req: Request): Promise<SessionTokens> {
    return this.logIn.execute({ ...body, clientAddress: clientAddress(req) });
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token for new tokens (rotation; reuse ends the session) · 刷新令牌' })
  @ApiBody({ schema: documented(RefreshSchema) })
  @ApiResponse({ status: 200, description: 'Session tokens', schema: SESSION_TOKENS })
  @ApiResponse({ status: 401, description: 'auth.refresh.invalid (problem)' })
  @Header('Cache-Control', 'no-store')
  refresh(@Body(new ZodBodyPipe(RefreshSchema)) body: RefreshInput): Promise<SessionTokens> {
    return this.refreshSession.execute(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session of a refresh token · 退出登录' })
  @ApiBody({ schema: documented(RefreshSchema) })
  @ApiResponse({ status: 204, description: 'Signed out (also for an unknown token)' })
  async logout(@Body(new ZodBodyPipe(RefreshSchema)) body: RefreshInput): Promise<void> {
    await this.logOut.execute(body.refreshToken);
  }
}
