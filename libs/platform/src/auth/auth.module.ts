import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  /** `iss` the tokens must carry (the gateway's AUTH_ISSUER). */
  issuer: string;
  /** This service's audience (AUTH_AUDIENCE). */
  audience: string;
  /** The issuer's JWKS, e.g. `http://gateway:8080/.well-known/jwks.json`; fetched on first use and cached. */
  jwksUrl: string | URL;
}

/**
 * Token verification in the service itself: a TokenVerifier against the issuer's published keys
 * and AuthGuard on every route (open ones are marked @Public(), role rules use @RequireRoles()).
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        {
          provide: TokenVerifier,
          useFactory: () =>
            new TokenVerifier({ issuer: options.issuer, audience: options.audience, jwks: new URL(options.jwksUrl) }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
