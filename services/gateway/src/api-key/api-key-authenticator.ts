import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUuid } from '@itsm/platform/database';
import { KEY_SUBJECT_PREFIX } from '@itsm/platform/auth';
import { SigningKeys } from '../signing-key/signing-keys';
import { ApiKey } from './api-key.entity';
import { apiKeyInvalid, signatureInvalid } from './api-key.errors';
import { ApiKeyRepository } from './api-key.repository';
import { parseKey, requestSignature, secretMatches, signatureMatches, signingSecret } from './api-key-secrets';
import { API_KEY_SETTINGS, ApiKeySettings } from './api-key.settings';

/** A signed request's parts, as the HMAC step read them. */
export interface SignedRequest {
  keyId: string;
  /** Unix seconds, as sent. */
  timestamp: string;
  /** Hex HMAC-SHA256 of `<timestamp>:<body>`. */
  signature: string;
  body: Buffer;
}

/**
 * Checks the credentials integrations present at the gateway (a key, or a request signature) and
 * mints the short-lived access token the service then verifies itself. Refusals all look alike to
 * the caller; the log says why, naming the key id only.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly log = new Logger('ApiKeys');
  /** When this instance last wrote each key's `last_used_at`. */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly signingKeys: SigningKeys,
    @Inject(API_KEY_SETTINGS) private readonly settings: ApiKeySettings,
  ) {}

  /** The active key whose current (or grace-period) secret this is; 401 `auth.api_key.invalid` otherwise. */
  async authenticateKey(presented: string, now = new Date()): Promise<ApiKey> {
    const parts = parseKey(presented);
    if (!parts) return this.refuseKey('malformed key');
    const key = await this.keys.find(parts.id);
    if (!key) return this.refuseKey('unknown key', parts.id);
    const status = key.statusAt(now);
    if (status !== 'active') return this.refuseKey(`${status} key`, key.id);
    if (secretMatches(parts.secret, key.secretHash)) return key;
    if (key.previousSecretValidAt(now) && secretMatches(parts.secret, key.previousSecretHash)) return key;
    return this.refuseKey(key.previousSecretHash ? 'wrong or rotated-out secret' : 'wrong secret', key.id);
  }

  /**
   * The HMAC key that signed this request, with a timestamp within the window; 401
   * `auth.signature.invalid` otherwise. The signing secret of the previous version counts during a
   * rotation's grace period.
   */
  async authenticateSignature(request: SignedRequest, now = new Date()): Promise<ApiKey> {
    if (!isUuid(request.keyId)) return this.refuseSignature('no key id');
    const seconds = /^\d{1,12}$/.test(request.timestamp) ? Number(request.timestamp) : NaN;
    if (!(Math.abs(now.getTime() / 1000 - seconds) <= this.settings.signatureWindowSeconds)) {
      return this.refuseSignature('timestamp missing or outside the window', request.keyId);
    }
    const key = await this.keys.find(request.keyId);
    if (!key) return this.refuseSignature('unknown key', request.keyId);
    const status = key.statusAt(now);
    if (status !== 'active') return this.refuseSignature(`${status} key`, key.id);
    const serverKey = this.settings.serverKey;
    if (!key.hmac) return this.refuseSignature('not an HMAC key', key.id);
    if (!serverKey) {
      this.log.error({ msg: 'signed request refused: GATEWAY_SECRET_KEY is not configured', keyId: key.id });
      throw signatureInvalid();
    }
    const versions = key.previousSecretValidAt(now) ? [key.secretVersion, key.secretVersion - 1] : [key.secretVersion];
    for (const version of versions) {
      const expected = requestSignature(signingSecret(serverKey, key.id, version), request.timestamp, request.body);
      if (signatureMatches(expected, request.signature)) return key;
    }
    return this.refuseSignature('signature does not match', key.id);
  }

  /**
   * What the service sees of the key: an access token like a person's, `sub` = `key:<id>`, no
   * roles, the key's department and scopes. Short-lived: it only travels from here to the service.
   */
  accessTokenFor(key: ApiKey): Promise<string> {
    return this.signingKeys.sign(
      { roles: [], departments: key.department ? [key.department] : [], scopes: [...key.scopes] },
      {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        subject: `${KEY_SUBJECT_PREFIX}${key.id}`,
        expiresInSeconds: this.settings.keyTokenTtlSeconds,
      },
    );
  }

  /** Records the use, at most once per interval and instance, without holding up the request. */
  touch(key: ApiKey, now = new Date()): void {
    const last = this.touched.get(key.id);
    if (last !== undefined && now.getTime() - last < this.settings.lastUsedIntervalMs) return;
    this.touched.set(key.id, now.getTime());
    this.keys.touch(key.id, now, this.settings.lastUsedIntervalMs).catch((error: unknown) => {
      this.touched.delete(key.id);
      this.log.warn({
        msg: 'could not record api key use',
        keyId: key.id,
        err: { type: (error as Error)?.name, message: (error as Error)?.message },
      });
    });
  }

  private refuseKey(reason: string, keyId?: string): never {
    this.log.warn({ msg: `api key refused: ${reason}`, ...(keyId ? { keyId } : {}) });
    throw apiKeyInvalid();
  }

  private refuseSignature(reason: string, keyId?: string): never {
    this.log.warn({ msg: `signed request refused: ${reason}`, ...(keyId ? { keyId } : {}) });
    throw signatureInvalid();
  }
}
