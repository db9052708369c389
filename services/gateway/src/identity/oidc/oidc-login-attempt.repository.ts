import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OidcLoginAttempt } from './oidc-login-attempt.entity';

/** Expired attempts removed by each new one: the table holds about one attempt lifetime of sign-ins. */
const PURGE_BATCH = 100;

interface AttemptRow {
  state_hash: string;
  code_verifier: string;
  nonce: string;
  return_to: string | null;
  expires_at: Date;
  created_at: Date;
}

@Injectable()
export class OidcLoginAttemptRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new attempt and clears out a batch of expired ones (no timer needed). */
  async add(attempt: Omit<OidcLoginAttempt, 'createdAt'>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `delete from oidc_login_attempt where state_hash in (
           select state_hash from oidc_login_attempt where expires_at < now() limit ${PURGE_BATCH} for update skip locked)`,
      );
      await m.insert(OidcLoginAttempt, attempt);
    });
  }

  /** Removes and returns the attempt: a state is good for one callback, even when that callback fails. */
  async take(stateHash: string): Promise<OidcLoginAttempt | undefined> {
    // Wrapped in a select so the driver hands back the rows (a bare DELETE answers [rows, count]).
    const rows: AttemptRow[] = await this.dataSource.query(
      'with taken as (delete from oidc_login_attempt where state_hash = $1 returning *) select * from taken',
      [stateHash],
    );
    const [row] = rows;
    if (!row) return undefined;
    return {
      stateHash: row.state_hash,
      codeVerifier: row.code_verifier,
      nonce: row.nonce,
      returnTo: row.return_to,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
    };
  }
}
