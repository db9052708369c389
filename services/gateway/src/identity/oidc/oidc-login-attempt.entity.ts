import { createHash } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sign-in sent to the provider and not yet come back. Kept here, not in a cookie: the browser
 * carries only `state`, which finds this row once (it is deleted on the way back).
 */
@Entity('oidc_login_attempt')
export class OidcLoginAttempt {
  /** SHA-256 (hex) of `state`; the state itself is not stored. */
  @PrimaryColumn('text') stateHash!: string;
  /** PKCE code verifier, sent with the code to the token endpoint. */
  @Column('text') codeVerifier!: string;
  /** The ID token must carry this nonce. */
  @Column('text') nonce!: string;
  /** Where the client wants to go after signing in: a path on this site. */
  @Column('text', { nullable: true }) returnTo!: string | null;
  @Column('timestamptz') expiresAt!: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** How a returning `state` is looked up: it has 256 random bits, a fast hash suffices. */
export function stateHash(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}
