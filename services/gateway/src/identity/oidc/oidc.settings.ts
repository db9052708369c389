import type { GatewayConfig } from '../../config';
import type { RoleMapping } from './oidc.config';

/** OIDC sign-in as configured; absent when OIDC_ISSUER_URL is not set. */
export interface OidcSettings {
  issuerUrl: URL;
  clientId: string;
  /** Absent for a public client (PKCE alone). Never logged. */
  clientSecret?: string;
  clientAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUri: URL;
  scopes: string[];
  roleMapping: RoleMapping;
  /** How long a started sign-in waits for the provider's answer. */
  loginAttemptTtlSeconds: number;
}

/** Ten minutes: long enough to type a password and pass a second factor at the provider. */
export const LOGIN_ATTEMPT_TTL_SECONDS = 600;

export function oidcSettingsOf(config: GatewayConfig): OidcSettings | undefined {
  // config.ts guarantees client id and redirect URI once the issuer is set.
  if (
    config.OIDC_ISSUER_URL === undefined ||
    config.OIDC_CLIENT_ID === undefined ||
    config.OIDC_REDIRECT_URI === undefined
  )
    return undefined;
  return {
    issuerUrl: new URL(config.OIDC_ISSUER_URL),
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    clientAuthMethod: config.OIDC_CLIENT_AUTH_METHOD,
    redirectUri: new URL(config.OIDC_REDIRECT_URI),
    scopes: config.OIDC_SCOPES,
    roleMapping: config.OIDC_ROLE_MAPPING,
    loginAttemptTtlSeconds: LOGIN_ATTEMPT_TTL_SECONDS,
  };
}
