import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { JWK } from 'jose';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessTokenClaims, SignOptions, SigningKeyRing, StoredSigningKey } from '@itsm/platform/auth';
import { SigningKey } from './signing-key.entity';

/** `SigningKeySettings` */
export const SIGNING_KEY_SETTINGS = Symbol('SIGNING_KEY_SETTINGS');

export interface SigningKeySettings {
  /** A current key older than this is replaced. */
  rotationDays: number;
  /** Lifetime of the tokens the keys sign: a replaced key stays published at least this long. */
  accessTokenTtlSeconds: number;
  /** How often each replica re-reads the keys (and rotates when due). */
  reloadIntervalMs: number;
  /**
   * A new key is published this long before it signs, so every replica serves it and every service
   * can fetch it before the first token carrying its `kid` arrives (services refetch the JWKS on an
   * unknown `kid` at most every 30 s).
   */
  activationDelayMs: number;
}

export const DEFAULT_KEY_TIMING = { reloadIntervalMs: 60_000, activationDelayMs: 120_000 } as const;

export interface KeyMaintenance {
  /** `kid` of the key added, when one was. */
  rotated?: string;
  /** Keys no longer published. */
  retired: string[];
}

/** Replicas serialize rotation and the first key on this lock; the second one finds the work done. */
const LOCK_NAME = 'itsm.gateway.signing-keys';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The gateway's access-token signing keys, kept in its database so every replica signs with and
 * publishes the same keys, and restarts keep tokens valid.
 *
 * Rotation without downtime: a new key is added when the current one is `rotationDays` old. It is
 * published at once but signs only after `activationDelayMs`; the previous key stays published
 * until every token it signed has expired, then it is retired. Each replica re-reads the table
 * every `reloadIntervalMs` and rotates or retires when due (one replica at a time, under an
 * advisory lock).
 */
@Injectable()
export class SigningKeys implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('SigningKeys');
  private ring?: SigningKeyRing;
  private loaded: SigningKey[] = [];
  /** Key ids in ring order (the signer last); the ring is rebuilt only when this changes. */
  private layout = '';
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SIGNING_KEY_SETTINGS) private readonly settings: SigningKeySettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.maintain();
    this.timer = setInterval(() => void this.tick(), this.settings.reloadIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The public keys, for `/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    return this.currentRing().jwks();
  }

  sign(claims: AccessTokenClaims, options: SignOptions): Promise<string> {
    return this.currentRing().sign(claims, options);
  }

  /**
   * Adds the first key, rotates a current key that is due and retires keys whose tokens have all
   * expired; then reloads. `now` is when the decisions are taken (tests pass a later moment).
   */
  async maintain(now = new Date()): Promise<KeyMaintenance> {
    const result = await this.locked(async (m) => {
      const active = await this.activeKeys(m);
      const newest = active[active.length - 1];
      let rotated: string | undefined;
      if (!newest || newest.createdAt.getTime() <= now.getTime() - this.settings.rotationDays * DAY_MS) {
        const key = await this.addKey(m, now);
        active.push(key);
        rotated = key.kid;
      }
      const retired = this.retirable(active, now);
      if (retired.length > 0) await m.update(SigningKey, { kid: In(retired) }, { retiredAt: now });
      return { rotated, retired };
    });
    this.report(result);
    await this.reload(now);
    return result;
  }

  /** Adds a new key now, whatever the age of the current one (an operator's or a test's rotation). */
  async rotate(now = new Date()): Promise<string> {
    const kid = await this.locked(async (m) => (await this.addKey(m, now)).kid);
    this.report({ rotated: kid, retired: [] });
    await this.reload(now);
    return kid;
  }

  /** Re-reads the published keys and picks the signer: the newest key past its activation delay. */
  async reload(now = new Date()): Promise<void> {
    const keys = await this.activeKeys(this.dataSource.manager);
    if (keys.length === 0) throw new Error('no signing key in the database');
    const activeSince = now.getTime() - this.settings.activationDelayMs;
    // The oldest key signs when none is past the delay yet (the very first key signs at once).
    const signer = [...keys].reverse().find((k) => k.createdAt.getTime() <= activeSince) ?? keys[0];
    const ordered = [...keys.filter((k) => k !== signer), signer];
    const layout = ordered.map((k) => k.kid).join(',');
    this.loaded = keys;
    if (layout === this.layout && this.ring) return;
    this.ring = await SigningKeyRing.restore(ordered.map(toStored));
    this.layout = layout;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = new Date();
      if (this.maintenanceDue(now)) await this.maintain(now);
      else await this.reload(now);
    } catch (error) {
      // Keep signing with the keys already loaded; the next tick tries again.
      this.log.error({
        msg: 'signing key reload failed',
        err: { type: (error as Error)?.name, message: (error as Error)?.message },
      });
    } finally {
      this.ticking = false;
    }
  }

  /** Decided from the keys last loaded, so replicas take the lock only when there is work. */
  private maintenanceDue(now: Date): boolean {
    const newest = this.loaded[this.loaded.length - 1];
    if (!newest || newest.createdAt.getTime() <= now.getTime() - this.settings.rotationDays * DAY_MS) return true;
    return this.retirable(this.loaded, now).length > 0;
  }

  /**
   * Keys (oldest first) whose every token has expired: a later key has been signing for longer
   * than a token lives, plus one reload interval for replicas switching late and a minute of clock skew.
   */
  private retirable(keys: SigningKey[], now: Date): string[] {
    const { activationDelayMs, accessTokenTtlSeconds, reloadIntervalMs } = this.settings;
    const successorBefore =
      now.getTime() - activationDelayMs - accessTokenTtlSeconds * 1000 - reloadIntervalMs - 60_000;
    return keys
      .filter((key, i) => keys.slice(i + 1).some((later) => later.createdAt.getTime() < successorBefore))
      .map((k) => k.kid);
  }

  private activeKeys(m: EntityManager): Promise<SigningKey[]> {
    return m.find(SigningKey, { where: { retiredAt: IsNull() }, order: { createdAt: 'ASC', kid: 'ASC' } });
  }

  private async addKey(m: EntityManager, now: Date): Promise<SigningKey> {
    const [generated] = await (await SigningKeyRing.generate()).export();
    const key = m.create(SigningKey, {
      kid: generated.kid,
      privateJwk: generated.privateJwk,
      createdAt: now,
      retiredAt: null,
    });
    await m.insert(SigningKey, key);
    return key;
  }

  private locked<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
      return work(m);
    });
  }

  private report({ rotated, retired }: KeyMaintenance): void {
    // Key ids are public (they are in every token header and the JWKS); key material is never logged.
    if (rotated) this.log.log({ msg: `signing key added: ${rotated}`, kid: rotated });
    if (retired.length > 0) this.log.log({ msg: `signing keys retired: ${retired.join(', ')}`, kids: retired });
  }

  private currentRing(): SigningKeyRing {
    if (!this.ring) throw new Error('signing keys not loaded yet');
    return this.ring;
  }
}

function toStored(key: SigningKey): StoredSigningKey {
  return { kid: key.kid, privateJwk: key.privateJwk, createdAt: key.createdAt.toISOString() };
}
