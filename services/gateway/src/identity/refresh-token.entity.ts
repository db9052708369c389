import { createHash } from 'node:crypto';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One refresh token. Each refresh replaces it by a new one of the same family (one sign-in = one
 * family); presenting a replaced token again means it was copied, and the whole family is revoked.
 */
@Entity('refresh_token')
export class RefreshToken {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') userId!: string;
  /** SHA-256 (hex) of the opaque token; the token itself is never stored. */
  @Column('text', { unique: true }) tokenHash!: string;
  @Column('uuid') familyId!: string;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  /** The token that replaced this one on refresh; null when revoked by logout or reuse, or still valid. */
  @Column('uuid', { nullable: true }) replacedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}

/** How a presented refresh token is looked up: a fast hash suffices, the token has 256 random bits. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
