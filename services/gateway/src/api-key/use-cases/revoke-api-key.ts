import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { AuditTrail } from '@itsm/platform/audit';
import { ApiKey, apiKeySnapshot } from '../api-key.entity';
import { ApiKeyRepository } from '../api-key.repository';

/** Ends a key for good: every later request with it (or a grace-period secret) is refused. Revoking twice changes nothing. */
@Injectable()
export class RevokeApiKey {
  private readonly log = new Logger('ApiKeys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditTrail,
  ) {}

  async execute(id: string, actor: Principal): Promise<ApiKey> {
    const { key, revoked } = await this.dataSource.transaction(async (m) => {
      const found = await this.keys.getForUpdate(m, id);
      if (found.revokedAt) return { key: found, revoked: false };
      const changes: Partial<ApiKey> = {
        revokedAt: new Date(),
        previousSecretHash: null,
        previousSecretExpiresAt: null,
      };
      await m.update(ApiKey, { id: found.id }, changes);
      const before = apiKeySnapshot(found);
      const key = Object.assign(found, changes);
      await this.audit.record(m, {
        action: 'api-key.revoked',
        objectType: 'api-key',
        objectId: key.id,
        department: key.department,
        before,
        after: apiKeySnapshot(key),
        actor,
      });
      return { key, revoked: true };
    });
    if (revoked) this.log.log({ msg: 'api key revoked', keyId: key.id, revokedBy: actor.subject });
    return key;
  }
}
