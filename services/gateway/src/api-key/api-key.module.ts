import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import express from 'express';
import { TokenVerifier } from '@itsm/platform/auth';
import { SigningKeys } from '../signing-key/signing-keys';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeyController } from './api-key.controller';
import { ApiKeyRepository } from './api-key.repository';
import { API_KEY_SETTINGS, ApiKeySettings } from './api-key.settings';
import { CreateApiKey } from './use-cases/create-api-key';
import { RevokeApiKey } from './use-cases/revoke-api-key';
import { RotateApiKey } from './use-cases/rotate-api-key';

/**
 * Integrations' API keys: the admin API (`/api-keys`), and the authenticator the gateway pipeline
 * uses on `/api/...` requests. Also provides a TokenVerifier of the gateway's own access tokens
 * (its signing keys, read in-process) for the routes the gateway answers itself.
 */
@Module({})
export class ApiKeyModule implements NestModule {
  static forRoot(settings: ApiKeySettings): DynamicModule {
    return {
      module: ApiKeyModule,
      global: true,
      controllers: [ApiKeyController],
      providers: [
        { provide: API_KEY_SETTINGS, useValue: settings },
        {
          provide: TokenVerifier,
          inject: [SigningKeys],
          useFactory: (keys: SigningKeys) =>
            new TokenVerifier({ issuer: settings.issuer, audience: settings.audience, jwks: () => keys.jwks() }),
        },
        ApiKeyRepository,
        ApiKeyAuthenticator,
        CreateApiKey,
        RotateApiKey,
        RevokeApiKey,
      ],
      exports: [ApiKeyAuthenticator, TokenVerifier],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The gateway parses no bodies (proxied ones stream through): only these small JSON ones.
    consumer
      .apply(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }))
      .forRoutes(ApiKeyController);
  }
}
