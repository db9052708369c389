import type { JWK } from 'jose';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An access-token signing key pair. Private: never logged, never served (the JWKS carries public halves only). */
@Entity('signing_key')
export class SigningKey {
  /** RFC 7638 thumbprint of the public key; the `kid` header of the tokens it signs. */
  @PrimaryColumn('text') kid!: string;
  @Column('jsonb') privateJwk!: JWK;
  @Column('timestamptz') createdAt!: Date;
  /** Set once no unexpired token can carry this key; it is then no longer published. */
  @Column('timestamptz', { nullable: true }) retiredAt!: Date | null;
}
