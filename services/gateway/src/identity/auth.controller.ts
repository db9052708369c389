import { Body, Controller, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@itsm/platform/auth';
import { ZodBodyPipe } from '@itsm/platform/errors';
import { LoginInput, LoginSchema, RefreshInput, RefreshSchema } from './dto/auth.dto';
import { RetryAfterProblemFilter } from './retry-after.filter';
import { SessionTokens } from './session-tokens';
import { LogIn } from './use-cases/log-in';
import { LogOut } from './use-cases/log-out';
import { RefreshSession } from './use-cases/refresh-session';

/** Local-account sessions, answered by the gateway itself. Bodies are never logged. */
@ApiExcludeController()
@Public()
@UseFilters(RetryAfterProblemFilter)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly logIn: LogIn,
    private readonly refreshSession: RefreshSession,
    private readonly logOut: LogOut,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  login(@Body(new ZodBodyPipe(LoginSchema)) body: LoginInput): Promise<SessionTokens> {
    return this.logIn.execute(body);
  }

  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  refresh(@Body(new ZodBodyPipe(RefreshSchema)) body: RefreshInput): Promise<SessionTokens> {
    return this.refreshSession.execute(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Body(new ZodBodyPipe(RefreshSchema)) body: RefreshInput): Promise<void> {
    await this.logOut.execute(body.refreshToken);
  }
}
