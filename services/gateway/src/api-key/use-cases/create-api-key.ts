import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { newId } from '@itsm/platform/database';
import { AuditTrail } from '@itsm/platform/audit';
import { ApiKey, apiKeySnapshot } from '../api-key.entity';
import { hmacUnavailable } from '../api-key.errors';
import { formatKey, newSecret, secretHash, signingSecret } from '../api-key-secrets';
import { API_KEY_SETTINGS, ApiKeySettings } from '../api-key.settings';
import type { CreateApiKeyInput } from '../dto/api-key.dto';

/** A key as handed out once: the stored row plus the secrets nobody can read back later. */
export interface IssuedApiKey {
  apiKey: ApiKey;
  /** `itsm_<id>_<secret>`, for `Authorization: ApiKey <key>` or `X-Api-Key`. */
  key: string;
  /** HMAC keys only: what the integration signs requests with. */
  signingSecret?: string;
}

/** Creates a key; its secret is returned here and stored only as a hash. */
@Injectable()
export class CreateApiKey {
  private readonly log = new Logger('ApiKeys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    @Inject(API_KEY_SETTINGS) private readonly settings: ApiKeySettings,
  ) {}

  async execute(input: CreateApiKeyInput, actor: Principal): Promise<IssuedApiKey> {
    const serverKey = this.settings.serverKey;
    if (input.hmac && !serverKey) throw hmacUnavailable();
    const secret = newSecret();
    const apiKey = await this.dataSource.transaction(async (m) => {
      const key = m.create(ApiKey, {
        id: newId(),
        name: input.name,
        description: input.description ?? null,
        scopes: input.scopes,
        department: input.department ?? null,
        secretHash: secretHash(secret),
        previousSecretHash: null,
        previousSecretExpiresAt: null,
        hmac: input.hmac,
        secretVersion: 1,
        createdBy: actor.subject,
        createdAt: new Date(),
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
        rotatedAt: null,
        revokedAt: null,
        lastUsedAt: null,
      });
      await m.insert(ApiKey, key);
      await this.audit.record(m, {
        action: 'api-key.created',
        objectType: 'api-key',
        objectId: key.id,
        department: key.department,
        before: null,
        after: apiKeySnapshot(key),
        actor,
      });
      return key;
    });
    // The key id and scopes only: the secret never reaches a log line.
    this.log.log({
      msg: 'api key created',
      keyId: apiKey.id,
      scopes: apiKey.scopes,
      hmac: apiKey.hmac,
      createdBy: actor.subject,
    });
    return issued(apiKey, secret, serverKey);
  }
}

/** The key with its secrets as shown once: the bearer key and, for an HMAC key, its current signing secret. */
export function issued(apiKey: ApiKey, secret: string, serverKey: Buffer | undefined): IssuedApiKey {
  return {
    apiKey,
    key: formatKey(apiKey.id, secret),
    ...(apiKey.hmac && serverKey ? { signingSecret: signingSecret(serverKey, apiKey.id, apiKey.secretVersion) } : {}),
  };
}
