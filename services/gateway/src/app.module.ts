import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { DatabaseModule } from '@itsm/platform/database';
import { ObservabilityModule } from '@itsm/platform/observability';
import { AuditModule } from '@itsm/platform/audit';
import { GatewayAuditAccess, GatewayAuditController } from './audit/gateway-audit';
import { GatewayConfig } from './config';
import { UpstreamModule } from './upstream/upstream.module';
import { HealthModule } from './health/health.module';
import { OpenApiModule } from './openapi/openapi.module';
import { ProxyModule } from './proxy/proxy.module';
import { IdentityModule } from './identity/identity.module';
import { identitySettingsOf } from './identity/identity.settings';
import { SigningKeyModule } from './signing-key/signing-key.module';
import { UserAccount } from './identity/user-account.entity';
import { RefreshToken } from './identity/refresh-token.entity';
import { SigningKey } from './signing-key/signing-key.entity';
import { IdentitySchema1763800002000 } from './database/migrations/1763800002000-identity-schema';
import { OidcLoginAttempt } from './identity/oidc/oidc-login-attempt.entity';
import { OidcSignIn1763800003000 } from './database/migrations/1763800003000-oidc-sign-in';
import { ApiKeyModule } from './api-key/api-key.module';
import { apiKeySettingsOf } from './api-key/api-key.settings';
import { ApiKey } from './api-key/api-key.entity';
import { ApiKeys1763800004000 } from './database/migrations/1763800004000-api-keys';
import { SignInLockout1763800005000 } from './database/migrations/1763800005000-sign-in-lockout';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { rateLimitSettingsOf } from './rate-limit/rate-limit.settings';

export const GATEWAY_ENTITIES = [UserAccount, RefreshToken, SigningKey, OidcLoginAttempt, ApiKey];
export const GATEWAY_MIGRATIONS = [
  IdentitySchema1763800002000,
  OidcSignIn1763800003000,
  ApiKeys1763800004000,
  SignInLockout1763800005000,
];

export interface GatewayAppOptions {
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig, options: GatewayAppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Logs, request ids, metrics and /metrics; no Kafka, so not the services' PlatformModule.
        ObservabilityModule.forRoot({
          serviceName: config.SERVICE_NAME,
          level: config.LOG_LEVEL,
          destination: options.logDestination,
        }),
        // Every sign-in, session, account and key change is audited in its own transaction.
        AuditModule.forRoot({
          serviceName: config.SERVICE_NAME,
          access: GatewayAuditAccess,
          controller: GatewayAuditController,
        }),
        // Accounts, refresh tokens and signing keys (the platform's outbox tables come along unused).
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          entities: GATEWAY_ENTITIES,
          migrations: GATEWAY_MIGRATIONS,
          applicationName: config.SERVICE_NAME,
        }),
        UpstreamModule.forRoot(config),
        HealthModule,
        SigningKeyModule.forRoot({
          rotationDays: config.KEY_ROTATION_DAYS,
          accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
        }),
        IdentityModule.forRoot({ settings: identitySettingsOf(config), demoUsers: config.GATEWAY_DEMO_USERS }),
        // Integrations' keys (`/api-keys`, checked in the pipeline) and request budgets per caller (pipeline, `/auth/*`).
        ApiKeyModule.forRoot(apiKeySettingsOf(config)),
        RateLimitModule.forRoot(rateLimitSettingsOf(config)),
        OpenApiModule,
        // Last: routes register in module order, and the proxy's `/api/:service/*path` would
        // otherwise claim `/api/openapi.json` and `/api/docs`. `/auth/*` and `/.well-known/jwks.json`
        // are answered by the gateway itself, before it too.
        ProxyModule,
      ],
    };
  }
}
