import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A local account: who may sign in with a password, and the roles and departments their tokens carry. */
@Entity('user_account')
export class UserAccount {
  @PrimaryColumn('uuid') id!: string;
  /** Lower-cased; sign-in is case-insensitive. */
  @Column('text', { unique: true }) username!: string;
  @Column('text') displayName!: string;
  /** Argon2id, PHC string. */
  @Column('text') passwordHash!: string;
  @Column('text', { array: true }) roles!: string[];
  /** Department codes (`it`, `hr`, `facilities`) the agent/admin roles apply to. */
  @Column('text', { array: true }) departments!: string[];
  /** Consecutive failed sign-ins since the last success or lock. */
  @Column('int') failedLogins!: number;
  @Column('timestamptz', { nullable: true }) lockedUntil!: Date | null;
  @Column('boolean') disabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Usernames compare case-insensitively and without surrounding blanks. */
export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}
