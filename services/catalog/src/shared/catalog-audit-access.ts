import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAccessPolicy } from '@itsm/platform/audit';
import { Principal } from '@itsm/platform/auth';
import { isUuid } from '@itsm/platform/database';

/** Audited object types and their tables. */
const TABLES: Record<string, string> = {
  'business-line': 'business_line',
  'business-service': 'business_service',
  department: 'department',
  region: 'region',
  team: 'team',
  offering: 'offering',
};

/**
 * Everyone signed in may read the catalog (it is what people request from), so anyone who may see
 * a catalog object may read its history; unknown objects have none to show.
 */
@Injectable()
export class CatalogAuditAccess extends AuditAccessPolicy {
  async canSeeObject(_principal: Principal, objectType: string, objectId: string, m: EntityManager): Promise<boolean> {
    const table = TABLES[objectType];
    if (!table || !isUuid(objectId)) return false;
    const rows: unknown[] = await m.query(`select 1 from ${table} where id = $1`, [objectId]);
    return rows.length > 0;
  }
}
