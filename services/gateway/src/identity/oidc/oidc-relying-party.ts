import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import { IDENTITY_SETTINGS, type IdentitySettings } from '../identity.settings';
import { oidcFailed, oidcNotConfigured, oidcUnavailable } from './oidc.errors';
import type { OidcSettings } from './oidc.settings';
import type { OidcClaims } from './role-mapping';

/** The provider's metadata is read again after this long (new endpoints, algorithms); its keys openid-client refetches on its own. */
const METADATA_MAX_AGE_MS = 60 * 60 * 1000;
/** Seconds for any request to the provider. */
const PROVIDER_TIMEOUT_SECONDS = 10;

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface VerifiedSignIn {
  /** The issuer identifier from the provider's metadata, which the ID token's `iss` matched. */
  issuer: string;
  subject: string;
  /** The ID token's claims, completed from the UserInfo endpoint where the provider has one. */
  claims: OidcClaims;
}

/**
 * The gateway as an OpenID Connect relying party (openid-client): authorization code flow with
 * PKCE (S256), state and nonce. openid-client checks the ID token: signature against the
 * provider's keys, `iss`, `aud`, `exp`, `nonce`. Nothing it handles (codes, tokens, verifiers,
 * the client secret) is logged.
 */
@Injectable()
export class OidcRelyingParty {
  private readonly log = new Logger('Oidc');
  private readonly settings: OidcSettings | undefined;
  private discovered?: { at: number; configuration: Promise<oidc.Configuration> };

  constructor(@Inject(IDENTITY_SETTINGS) identity: IdentitySettings) {
    this.settings = identity.oidc;
  }

  async authorizationRequest(): Promise<AuthorizationRequest> {
    const { settings, configuration } = await this.configured();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri.href,
      scope: settings.scopes.join(' '),
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Trades the code for tokens and returns the verified identity. `response` is the callback's
   * query as the provider sent it (code, state, iss). Any failure is `auth.oidc.failed`.
   */
  async completeSignIn(
    response: URLSearchParams,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedSignIn> {
    const { settings, configuration } = await this.configured();
    // The URL the provider redirected to: the configured one (the gateway may sit behind a proxy).
    const currentUrl = new URL(settings.redirectUri);
    for (const [key, value] of response) currentUrl.searchParams.append(key, value);
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token in the token response');
      let claims: OidcClaims = { ...idToken };
      // Many providers put profile claims (and groups) only in UserInfo unless asked otherwise.
      if (configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
        const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
        claims = { ...userInfo, ...idToken };
      }
      return { issuer: configuration.serverMetadata().issuer, subject: idToken.sub, claims };
    } catch (error) {
      this.log.warn({ msg: 'OIDC sign-in failed: code exchange or ID token refused', reason: describe(error) });
      throw oidcFailed(error);
    }
  }

  private async configured(): Promise<{ settings: OidcSettings; configuration: oidc.Configuration }> {
    const settings = this.settings;
    if (!settings) throw oidcNotConfigured();
    const now = Date.now();
    if (!this.discovered || now - this.discovered.at > METADATA_MAX_AGE_MS) {
      this.discovered = { at: now, configuration: this.discover(settings) };
    }
    const discovered = this.discovered;
    try {
      return { settings, configuration: await discovered.configuration };
    } catch (error) {
      // Not remembered: the next sign-in tries the provider again.
      if (this.discovered === discovered) this.discovered = undefined;
      this.log.warn({
        msg: 'OIDC provider discovery failed',
        issuer: settings.issuerUrl.href,
        reason: describe(error),
      });
      throw oidcUnavailable(error);
    }
  }

  private discover(settings: OidcSettings): Promise<oidc.Configuration> {
    const auth =
      settings.clientSecret === undefined
        ? oidc.None()
        : settings.clientAuthMethod === 'client_secret_post'
          ? oidc.ClientSecretPost(settings.clientSecret)
          : oidc.ClientSecretBasic(settings.clientSecret);
    return oidc.discovery(settings.issuerUrl, settings.clientId, { redirect_uris: [settings.redirectUri.href] }, auth, {
      // Plain http only when configured so (a provider on this machine or in the cluster network).
      execute: settings.issuerUrl.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
      timeout: PROVIDER_TIMEOUT_SECONDS,
    });
  }
}

/**
 * What of a failure goes to the log: kinds, messages and codes, down the chain of causes (a
 * refused connection is two levels down). Not the error objects, which may hold the provider's
 * response or the compared claim values.
 */
function describe(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: typeof error === 'string' ? error : typeof error };
  const { code, error: oauthError, status } = error as { code?: unknown; error?: unknown; status?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof oauthError === 'string' ? { oauthError } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(error.cause instanceof Error && depth < 3 ? { cause: describe(error.cause, depth + 1) } : {}),
  };
}
