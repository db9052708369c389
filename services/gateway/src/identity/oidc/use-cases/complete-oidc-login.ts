import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '@itsm/platform/audit';
import { newId } from '@itsm/platform/database';
import { accountSnapshot, userActor } from '../../identity-audit';
import { IDENTITY_SETTINGS, type IdentitySettings } from '../../identity.settings';
import { SessionTokenIssuer, type SessionTokens } from '../../session-tokens';
import { OidcAccountRepository } from '../oidc-account.repository';
import { oidcAccountDisabled, oidcDenied, oidcNotConfigured, oidcStateInvalid } from '../oidc.errors';
import { stateHash } from '../oidc-login-attempt.entity';
import { OidcLoginAttemptRepository } from '../oidc-login-attempt.repository';
import { OidcRelyingParty } from '../oidc-relying-party';
import { accessFromClaims, profileFromClaims } from '../role-mapping';

/** The session tokens of a local sign-in, and where the client wanted to go (as given to /auth/oidc/login). */
export type OidcSessionTokens = SessionTokens & { returnTo?: string };

/** RFC 6749 §4.1.2.1: error codes are printable ASCII without `"` and `\`. Anything else is not passed on. */
const PROVIDER_ERROR = /^[\x20\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const MAX_STATE = 512;

/**
 * The provider's redirect back: the pending sign-in is taken (once), the code traded for a
 * verified ID token, the account created or brought up to date from its claims and the role
 * mapping, and a session issued exactly as for a password sign-in.
 */
@Injectable()
export class CompleteOidcLogin {
  private readonly log = new Logger('Oidc');

  constructor(
    private readonly dataSource: DataSource,
    private readonly relyingParty: OidcRelyingParty,
    private readonly attempts: OidcLoginAttemptRepository,
    private readonly accounts: OidcAccountRepository,
    private readonly issuer: SessionTokenIssuer,
    private readonly audit: AuditTrail,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async execute(response: URLSearchParams): Promise<OidcSessionTokens> {
    const mapping = this.settings.oidc?.roleMapping;
    if (!mapping) throw oidcNotConfigured();
    const state = response.get('state');
    if (!state || state.length > MAX_STATE) {
      this.log.warn({ msg: 'OIDC callback refused: no state' });
      throw oidcStateInvalid();
    }
    const attempt = await this.attempts.take(stateHash(state));
    const now = new Date();
    if (!attempt || attempt.expiresAt <= now) {
      this.log.warn({ msg: `OIDC callback refused: ${attempt ? 'expired' : 'unknown or already used'} state` });
      throw oidcStateInvalid();
    }
    const providerError = response.get('error');
    if (providerError !== null) {
      const code = PROVIDER_ERROR.test(providerError) ? providerError : 'invalid_error_code';
      this.log.warn({ msg: 'OIDC sign-in refused by the provider', providerError: code });
      throw oidcDenied(code);
    }

    const signIn = await this.relyingParty.completeSignIn(response, {
      state,
      nonce: attempt.nonce,
      codeVerifier: attempt.codeVerifier,
    });
    const identity = { issuer: signIn.issuer, subject: signIn.subject };
    const profile = profileFromClaims(signIn.subject, signIn.claims);
    const access = accessFromClaims(mapping, signIn.claims);
    const outcome = await this.dataSource.transaction(async (m) => {
      const { user, created, before } = await this.accounts.upsert(m, identity, profile, access);
      const after = accountSnapshot(user);
      if (created || JSON.stringify(before && accountSnapshot(before)) !== JSON.stringify(after)) {
        const action = created ? 'user.created' : 'user.updated';
        await this.audit.record(m, {
          action,
          objectType: 'user',
          objectId: user.id,
          before: before && accountSnapshot(before),
          after,
          actor: userActor(user.id),
        });
      }
      if (user.disabled) return { kind: 'disabled' as const, userId: user.id };
      const familyId = newId();
      const { tokens } = await this.issuer.issue(m, user, familyId, now);
      await this.audit.record(m, {
        action: 'session.started',
        objectType: 'session',
        objectId: familyId,
        before: null,
        after: { userId: user.id, username: user.username, method: 'oidc', issuer: identity.issuer },
        actor: userActor(user.id),
      });
      return { kind: 'signed-in' as const, userId: user.id, created, tokens };
    });

    // Ids only: never the code, the tokens or the verifier.
    const logged = { userId: outcome.userId, issuer: identity.issuer, subject: identity.subject };
    if (outcome.kind === 'disabled') {
      this.log.warn({ msg: 'OIDC sign-in refused: account disabled', ...logged });
      throw oidcAccountDisabled();
    }
    this.log.log({
      msg: outcome.created ? 'OIDC sign-in succeeded: account created' : 'OIDC sign-in succeeded',
      ...logged,
      roles: access.roles,
      departments: access.departments,
    });
    return attempt.returnTo === null ? outcome.tokens : { ...outcome.tokens, returnTo: attempt.returnTo };
  }
}
