import type { GatewayConfig } from '../config';
import { oidcSettingsOf, type OidcSettings } from './oidc/oidc.settings';

/** `IdentitySettings` */
export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');

export interface IdentitySettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Failed password sign-ins on one user name from one address that lock that address out of it. */
  maxFailedLogins: number;
  /** Failed password sign-ins on one user name from any address that lock it everywhere. */
  maxFailedLoginsPerUsername: number;
  lockoutSeconds: number;
  /** OIDC sign-in; absent when it is off. */
  oidc?: OidcSettings;
}

export function identitySettingsOf(config: GatewayConfig): IdentitySettings {
  return {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    maxFailedLogins: config.LOGIN_MAX_FAILURES,
    maxFailedLoginsPerUsername: config.LOGIN_MAX_FAILURES_PER_USERNAME,
    lockoutSeconds: config.LOGIN_LOCKOUT_MINUTES * 60,
    oidc: oidcSettingsOf(config),
  };
}
