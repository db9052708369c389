import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * An account: who may sign in (with a password, or through an OIDC provider), and the roles and
 * departments their tokens carry.
 */
@Entity('user_account')
export class UserAccount {
  @PrimaryColumn('uuid') id!: string;
  /** Lower-cased; sign-in is case-insensitive. */
  @Column('text', { unique: true }) username!: string;
  @Column('text') displayName!: string;
  /** Argon2id, PHC string; null for an account that signs in through an OIDC provider only. */
  @Column('text', { nullable: true }) passwordHash!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  /** The OIDC identity (issuer, subject) this account belongs to, unique together; null for local accounts. */
  @Column('text', { nullable: true }) oidcIssuer!: string | null;
  @Column('text', { nullable: true }) oidcSubject!: string | null;
  @Column('text', { array: true }) roles!: string[];
  /** Department codes (`it`, `hr`, `facilities`) the agent/admin roles apply to. */
  @Column('text', { array: true }) departments!: string[];
  @Column('boolean') disabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Usernames compare case-insensitively and without surrounding blanks. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
