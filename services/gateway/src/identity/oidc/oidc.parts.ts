import type { Provider, Type } from '@nestjs/common';
import { CallbackQueryShield } from './callback-query';
import { OidcController, OidcNotConfiguredController } from './oidc.controller';
import { OidcAccountRepository } from './oidc-account.repository';
import { OidcLoginAttemptRepository } from './oidc-login-attempt.repository';
import { OidcRelyingParty } from './oidc-relying-party';
import type { OidcSettings } from './oidc.settings';
import { BeginOidcLogin } from './use-cases/begin-oidc-login';
import { CompleteOidcLogin } from './use-cases/complete-oidc-login';

/**
 * What IdentityModule registers for OIDC sign-in: the flow when configured, a 404
 * `auth.oidc.not_configured` otherwise. The callback's query is kept out of the log either way
 * (a provider may still redirect to a gateway whose OIDC was just switched off).
 */
export function oidcParts(settings: OidcSettings | undefined): { controllers: Type[]; providers: Provider[] } {
  if (!settings) return { controllers: [OidcNotConfiguredController], providers: [CallbackQueryShield] };
  return {
    controllers: [OidcController],
    providers: [
      OidcRelyingParty,
      OidcLoginAttemptRepository,
      OidcAccountRepository,
      BeginOidcLogin,
      CompleteOidcLogin,
      CallbackQueryShield,
    ],
  };
}
