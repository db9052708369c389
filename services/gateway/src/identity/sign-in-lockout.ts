import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { IDENTITY_SETTINGS, IdentitySettings } from './identity.settings';
import { usernameDigest } from './session-tokens';

/** Table `sign_in_failure`, made by migration 1763800005000 (rate-limiter-flexible's own layout). */
const TABLE = 'sign_in_failure';

/** Failed password sign-ins on one user name, after one more was counted. */
export interface CountedFailure {
  /** From this client address. */
  fromAddress: number;
  /** From any address. */
  fromAnywhere: number;
  /** Set when this failure locked the name (for this address, or everywhere): seconds until it may be tried again. */
  lockedForSeconds?: number;
}

/**
 * Failed password sign-ins are counted per user name, whether an account has it or not (an
 * unknown name locks exactly like a real one, so a lock tells nothing about which names exist):
 * per (client address, name) up to LOGIN_MAX_FAILURES, which stops one guesser without locking the
 * person out elsewhere, and per name from any address up to LOGIN_MAX_FAILURES_PER_USERNAME, which
 * stops guessing spread over many addresses. Reaching either locks for LOGIN_LOCKOUT_MINUTES;
 * counts fall back to zero once that long passed without reaching it. Failures on other names from
 * the same address do not matter here: one guesser behind an office's NAT does not lock out the office.
 *
 * Kept in the gateway's Postgres by rate-limiter-flexible (atomic upserts), so replicas share the
 * counts and concurrent failures are counted one by one. Names are stored as digests only.
 */
@Injectable()
export class SignInLockout {
  private readonly fromAddress: RateLimiterPostgres;
  private readonly fromAnywhere: RateLimiterPostgres;

  constructor(dataSource: DataSource, @Inject(IDENTITY_SETTINGS) settings: IdentitySettings) {
    const limiter = (keyPrefix: string, failures: number, clearExpired: boolean) =>
      new RateLimiterPostgres({
        storeClient: dataSource,
        storeType: 'typeorm',
        tableName: TABLE,
        tableCreated: true,
        // The two share the table: one of them sweeping expired rows is enough.
        clearExpiredByTimeout: clearExpired,
        keyPrefix,
        // The failure that reaches the limit is the first over `points`: the limiter locks from there.
        points: failures - 1,
        duration: settings.lockoutSeconds,
        blockDuration: settings.lockoutSeconds,
      });
    this.fromAddress = limiter('address', settings.maxFailedLogins, true);
    this.fromAnywhere = limiter('username', settings.maxFailedLoginsPerUsername, false);
  }

  /** Seconds until `address` may try `username` again, or undefined when it may now. Counts nothing. */
  async lockedFor(address: string, username: string): Promise<number | undefined> {
    const keys = this.keys(address, username);
    const states = await Promise.all([
      this.fromAddress.get(keys.fromAddress),
      this.fromAnywhere.get(keys.fromAnywhere),
    ]);
    const limiters = [this.fromAddress, this.fromAnywhere];
    const waits = states.flatMap((state, i) =>
      state !== null && state.consumedPoints > limiters[i]!.points ? [state.msBeforeNext] : [],
    );
    return waits.length === 0 ? undefined : seconds(Math.max(...waits));
  }

  /** Counts one failure of `address` on `username` against both limits. */
  async countFailure(address: string, username: string): Promise<CountedFailure> {
    const keys = this.keys(address, username);
    const [pair, name] = await Promise.all([
      consume(this.fromAddress, keys.fromAddress),
      consume(this.fromAnywhere, keys.fromAnywhere),
    ]);
    const waits = [pair, name].flatMap((r) => (r.locked ? [r.result.msBeforeNext] : []));
    return {
      fromAddress: pair.result.consumedPoints,
      fromAnywhere: name.result.consumedPoints,
      ...(waits.length > 0 ? { lockedForSeconds: seconds(Math.max(...waits)) } : {}),
    };
  }

  /**
   * A success from `address` forgets that address's failures on the name. The count from anywhere
   * runs out with its window: a success must not wipe what other addresses tried.
   */
  async forgetFailures(address: string, username: string): Promise<void> {
    await this.fromAddress.delete(this.keys(address, username).fromAddress);
  }

  private keys(address: string, username: string) {
    const name = usernameDigest(username);
    return { fromAddress: `${address}|${name}`, fromAnywhere: name };
  }
}

/** The limiter rejects with its result once the limit is passed, and with an Error only on a fault. */
async function consume(
  limiter: RateLimiterPostgres,
  key: string,
): Promise<{ result: RateLimiterRes; locked: boolean }> {
  try {
    return { result: await limiter.consume(key), locked: false };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { result: rejection, locked: true };
    throw rejection;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
