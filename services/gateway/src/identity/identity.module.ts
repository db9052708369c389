import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import express from 'express';
import { AuthController } from './auth.controller';
import { DEMO_USERS_WANTED, DemoUsersLoader } from './demo-users.loader';
import { ExpiredTokenPurge } from './expired-token-purge';
import { IDENTITY_SETTINGS, IdentitySettings } from './identity.settings';
import { PasswordHasher } from './password-hasher';
import { SessionTokenIssuer } from './session-tokens';
import { SignInLockout } from './sign-in-lockout';
import { LogIn } from './use-cases/log-in';
import { LogOut } from './use-cases/log-out';
import { RefreshSession } from './use-cases/refresh-session';
import { oidcParts } from './oidc/oidc.parts';

export interface IdentityOptions {
  settings: IdentitySettings;
  /** GATEWAY_DEMO_USERS: create the demo accounts when there is none; without it, disable those left over. */
  demoUsers: boolean;
}

/**
 * Local accounts: `POST /auth/login`, `/auth/refresh`, `/auth/logout`; OIDC sign-in: `GET /auth/oidc/login`,
 * `/auth/oidc/callback`. Signs with the (global) SigningKeyModule.
 */
@Module({})
export class IdentityModule implements NestModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    const oidc = oidcParts(options.settings.oidc);
    return {
      module: IdentityModule,
      controllers: [AuthController, ...oidc.controllers],
      providers: [
        { provide: IDENTITY_SETTINGS, useValue: options.settings },
        PasswordHasher,
        SessionTokenIssuer,
        SignInLockout,
        LogIn,
        RefreshSession,
        LogOut,
        ExpiredTokenPurge,
        { provide: DEMO_USERS_WANTED, useValue: options.demoUsers },
        DemoUsersLoader,
        ...oidc.providers,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The gateway parses no bodies (proxied ones stream through): only these small JSON ones.
    consumer
      .apply(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }))
      .forRoutes(AuthController);
  }
}
