import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { AuditTrail } from '@itsm/platform/audit';
import { ApiKey, apiKeySnapshot } from '../api-key.entity';
import { apiKeyExpired, apiKeyRevoked, hmacUnavailable } from '../api-key.errors';
import { ApiKeyRepository } from '../api-key.repository';
import { newSecret, secretHash } from '../api-key-secrets';
import { API_KEY_SETTINGS, ApiKeySettings } from '../api-key.settings';
import type { RotateApiKeyInput } from '../dto/api-key.dto';
import { IssuedApiKey, issued } from './create-api-key';

/**
 * Gives a key a new secret (and an HMAC key the next signing secret). The replaced secret keeps
 * working for `graceSeconds` (0: not at all), so an integration can switch without downtime; a
 * secret replaced before that is refused at once, whatever grace it had.
 */
@Injectable()
export class RotateApiKey {
  private readonly log = new Logger('ApiKeys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditTrail,
    @Inject(API_KEY_SETTINGS) private readonly settings: ApiKeySettings,
  ) {}

  async execute(id: string, input: RotateApiKeyInput, actor: Principal): Promise<IssuedApiKey> {
    const secret = newSecret();
    const apiKey = await this.dataSource.transaction(async (m) => {
      const key = await this.keys.getForUpdate(m, id);
      const now = new Date();
      const status = key.statusAt(now);
      if (status === 'revoked') throw apiKeyRevoked(id);
      if (status === 'expired') throw apiKeyExpired(id);
      if (key.hmac && !this.settings.serverKey) throw hmacUnavailable();
      const grace = input.graceSeconds;
      const changes: Partial<ApiKey> = {
        secretHash: secretHash(secret),
        previousSecretHash: grace > 0 ? key.secretHash : null,
        previousSecretExpiresAt: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
        secretVersion: key.secretVersion + 1,
        rotatedAt: now,
      };
      await m.update(ApiKey, { id: key.id }, changes);
      const before = apiKeySnapshot(key);
      const rotated = Object.assign(key, changes);
      await this.audit.record(m, {
        action: 'api-key.rotated',
        objectType: 'api-key',
        objectId: key.id,
        department: key.department,
        before,
        after: apiKeySnapshot(rotated),
        actor,
      });
      return rotated;
    });
    this.log.log({
      msg: 'api key rotated',
      keyId: apiKey.id,
      graceSeconds: input.graceSeconds,
      rotatedBy: actor.subject,
    });
    return issued(apiKey, secret, this.settings.serverKey);
  }
}
