import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

/**
 * An integration's credential (alert source, chat bot, subscriber). Its secret is shown once, at
 * creation and at each rotation, and only its SHA-256 is kept; an HMAC key's signing secret is
 * derived from GATEWAY_SECRET_KEY and the secret version, so it is not stored at all.
 */
@Entity('api_key')
export class ApiKey {
  /** UUIDv7; the `<id>` of `itsm_<id>_<secret>`, by which a presented key is looked up. */
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { nullable: true }) description!: string | null;
  /** What the key may do (`catalog:read`, `alerts:write:<source>`): the `scopes` claim of its tokens. */
  @Column('text', { array: true }) scopes!: string[];
  /** Department code its tokens carry, if any. */
  @Column('text', { nullable: true }) department!: string | null;
  /** SHA-256 (hex) of the current secret. */
  @Column('text') secretHash!: string;
  /** SHA-256 of the secret the last rotation replaced, accepted until `previousSecretExpiresAt`. */
  @Column('text', { nullable: true }) previousSecretHash!: string | null;
  @Column('timestamptz', { nullable: true }) previousSecretExpiresAt!: Date | null;
  /** Requests may also be signed (HMAC-SHA256) with the derived signing secret. */
  @Column('boolean') hmac!: boolean;
  /** Bumped by each rotation; the signing secret is derived from it (the previous one is version - 1). */
  @Column('int') secretVersion!: number;
  /** Subject (user id) of who created it. */
  @Column('text') createdBy!: string;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz', { nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { nullable: true }) rotatedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  /** Updated at most about once a minute per key and gateway instance. */
  @Column('timestamptz', { nullable: true }) lastUsedAt!: Date | null;

  statusAt(now: Date): ApiKeyStatus {
    if (this.revokedAt) return 'revoked';
    if (this.expiresAt && this.expiresAt <= now) return 'expired';
    return 'active';
  }

  /** The previous secret (or signing secret version) still counts: a rotation's grace period. */
  previousSecretValidAt(now: Date): boolean {
    return this.previousSecretExpiresAt !== null && this.previousSecretExpiresAt > now;
  }
}

/** A key as its audit records show it: what it may do and its lifecycle; never a secret or its hash. */
export function apiKeySnapshot(key: ApiKey) {
  return {
    name: key.name,
    description: key.description,
    scopes: [...key.scopes],
    department: key.department,
    hmac: key.hmac,
    version: key.secretVersion,
    formerVersionValidUntil: key.previousSecretExpiresAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    rotatedAt: key.rotatedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
