import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '@itsm/platform/database';
import { normalizeUsername, UserAccount } from '../user-account.entity';
import type { MappedAccess, OidcProfile } from './role-mapping';

/** The user_account check: lower case, 1..200 characters. */
const MAX_USERNAME = 200;

export interface OidcIdentity {
  /** The provider's issuer identifier, as its ID tokens carry it in `iss`. */
  issuer: string;
  subject: string;
}

export interface UpsertedAccount {
  user: UserAccount;
  created: boolean;
  /** The account as it was before this sign-in; null when it was created. */
  before: UserAccount | null;
}

/**
 * Accounts of people who sign in through a provider, found by (issuer, subject) only: never by
 * username, so an OIDC identity cannot take over a local account that happens to share its name.
 */
@Injectable()
export class OidcAccountRepository {
  /** Creates the account, or brings name, e-mail, roles and departments up to date. In the caller's transaction. */
  async upsert(
    m: EntityManager,
    identity: OidcIdentity,
    profile: OidcProfile,
    access: MappedAccess,
  ): Promise<UpsertedAccount> {
    // Two first sign-ins of the same person at once must not create two accounts.
    await m.query("select pg_advisory_xact_lock(hashtext('itsm.gateway.oidc-identity'), hashtext($1))", [
      identityKey(identity),
    ]);
    const existing = await m.findOne(UserAccount, {
      where: { oidcIssuer: identity.issuer, oidcSubject: identity.subject },
    });
    const details = {
      displayName: profile.displayName,
      email: profile.email,
      roles: [...access.roles],
      departments: [...access.departments],
    };
    if (existing) {
      await m.update(UserAccount, { id: existing.id }, details);
      return { user: { ...existing, ...details }, created: false, before: existing };
    }
    for (const username of usernameCandidates(profile.usernameHint, identity)) {
      const id = newId();
      // The username may be taken (a local account, another provider's user): then the next candidate.
      const inserted: { id: string }[] = await m.query(
        `insert into user_account (id, username, display_name, password_hash, email, oidc_issuer, oidc_subject, roles, departments)
         values ($1, $2, $3, null, $4, $5, $6, $7, $8)
         on conflict (username) do nothing
         returning id`,
        [
          id,
          username,
          details.displayName,
          details.email,
          identity.issuer,
          identity.subject,
          details.roles,
          details.departments,
        ],
      );
      if (inserted.length === 1)
        return { user: await m.findOneByOrFail(UserAccount, { id }), created: true, before: null };
    }
    throw new Error('no free username for a new OIDC account');
  }
}

/**
 * The hint itself when free; else the hint with a suffix derived from the identity (the same
 * person gets the same name on every gateway), then random ones.
 */
export function usernameCandidates(hint: string, identity: OidcIdentity): string[] {
  const base = normalizeUsername(hint.normalize('NFKC').replace(/[\s\p{C}]+/gu, ' ')).replace(/ /g, '.') || 'user';
  const withSuffix = (suffix: string) => `${base.slice(0, MAX_USERNAME - suffix.length - 1)}#${suffix}`;
  return [
    base.slice(0, MAX_USERNAME),
    withSuffix(createHash('sha256').update(identityKey(identity)).digest('hex').slice(0, 8)),
    ...Array.from({ length: 3 }, () => withSuffix(randomBytes(6).toString('hex'))),
  ];
}

function identityKey(identity: OidcIdentity): string {
  return `${identity.issuer}\n${identity.subject}`;
}
