import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { LoginRateLimitMiddleware } from './login-rate-limit.middleware';
import { RATE_LIMIT_SETTINGS, RateLimitSettings } from './rate-limit.settings';
import { RateLimits } from './rate-limits';

/** Request budgets per caller: the pipeline's rate-limit step, and per-address limits on `/auth/*`. */
@Module({})
export class RateLimitModule implements NestModule {
  static forRoot(settings: RateLimitSettings): DynamicModule {
    return {
      module: RateLimitModule,
      global: true,
      providers: [{ provide: RATE_LIMIT_SETTINGS, useValue: settings }, RateLimits, LoginRateLimitMiddleware],
      exports: [RateLimits],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LoginRateLimitMiddleware).forRoutes({ path: 'auth/*path', method: RequestMethod.ALL });
  }
}
