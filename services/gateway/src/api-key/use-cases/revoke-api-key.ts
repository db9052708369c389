import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { ApiKey } from '../api-key.entity';
import { ApiKeyRepository } from '../api-key.repository';

/** Ends a key for good: every later request with it (or a grace-period secret) is refused. Revoking twice changes nothing. */
@Injectable()
export class RevokeApiKey {
  private readonly log = new Logger('ApiKeys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(id: string, actor: Principal): Promise<ApiKey> {
    const { key, revoked } = await this.dataSource.transaction(async (m) => {
      const found = await this.keys.getForUpdate(m, id);
      if (found.revokedAt) return { key: found, revoked: false };
      const changes: Partial<ApiKey> = { revokedAt: new Date(), previousSecretHash: null, previousSecretExpiresAt: null };
      await m.update(ApiKey, { id: found.id }, changes);
      return { key: Object.assign(found, changes), revoked: true };
    });
    if (revoked) this.log.log({ msg: 'api key revoked', keyId: key.id, revokedBy: actor.subject });
    return key;
  }
}
