import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_SETTINGS, type IdentitySettings } from '../../identity.settings';
import { oidcNotConfigured } from '../oidc.errors';
import { stateHash } from '../oidc-login-attempt.entity';
import { OidcLoginAttemptRepository } from '../oidc-login-attempt.repository';
import { OidcRelyingParty } from '../oidc-relying-party';

/** Starts a sign-in at the provider: remembers state, nonce and PKCE verifier here, and answers where to send the browser. */
@Injectable()
export class BeginOidcLogin {
  constructor(
    private readonly relyingParty: OidcRelyingParty,
    private readonly attempts: OidcLoginAttemptRepository,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async execute(returnTo: string | undefined, now = new Date()): Promise<URL> {
    const ttlSeconds = this.settings.oidc?.loginAttemptTtlSeconds;
    if (ttlSeconds === undefined) throw oidcNotConfigured();
    const request = await this.relyingParty.authorizationRequest();
    await this.attempts.add({
      stateHash: stateHash(request.state),
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
      returnTo: returnTo ?? null,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    });
    return request.url;
  }
}
