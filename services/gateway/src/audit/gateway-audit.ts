import { Controller, Injectable, UseGuards } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAccessPolicy, AuditController } from '@itsm/platform/audit';
import { AuthGuard, Principal } from '@itsm/platform/auth';

/**
 * The gateway's objects are accounts, sessions and API keys: their history is for platform admins,
 * and a person may read their own account's.
 */
@Injectable()
export class GatewayAuditAccess extends AuditAccessPolicy {
  async canSeeObject(principal: Principal, objectType: string, objectId: string, m: EntityManager): Promise<boolean> {
    const table = { user: 'user_account', 'api-key': 'api_key', session: 'refresh_token' }[objectType];
    if (!table) return false;
    if (!principal.roles.includes('platform-admin') && !(objectType === 'user' && objectId === principal.subject))
      return false;
    const column = objectType === 'session' ? 'family_id' : 'id';
    const rows: unknown[] = await m.query(`select 1 from ${table} where ${column}::text = $1 limit 1`, [objectId]);
    return rows.length > 0;
  }
}

/** The platform's audit query, behind the gateway's own token check (its routes have no global guard). */
@UseGuards(AuthGuard)
@Controller('audit-records')
export class GatewayAuditController extends AuditController {}
