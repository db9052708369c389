import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAccessPolicy } from '@itsm/platform/audit';
import type { Principal } from '@itsm/platform/auth';
import { isUuid } from '@itsm/platform/database';
import { accessScopeOf } from '../catalog-projection/catalog-projection.repository';
import { isAdminOf, isStaffOf, requestVisibility, taskVisibility } from './access';

/** Where each audited object type leads back to its request (whose access rule applies). */
const REQUEST_OF: Record<string, string> = {
  request: 'select $1::uuid as request_id, false as internal',
  approval: 'select request_id, false as internal from approval where id = $1',
  comment: 'select request_id, internal from request_comment where id = $1',
};

/** The history of a request, approval, task or comment is for whoever may see the object itself. */
@Injectable()
export class RequestsAuditAccess extends AuditAccessPolicy {
  async canSeeObject(p: Principal, objectType: string, objectId: string, m: EntityManager): Promise<boolean> {
    if (objectType === 'assignment-rule') {
      if (!isUuid(objectId)) return false;
      const rows: { code: string }[] = await m.query(
        'select d.code from catalog_team t join catalog_department d on d.id = t.department_id where t.id = $1',
        [objectId],
      );
      return isAdminOf(p, rows[0]?.code ?? null);
    }
    if (!isUuid(objectId)) return false;
    if (objectType === 'task') {
      const visibility = taskVisibility(await accessScopeOf(p, m));
      return (
        (await m
          .createQueryBuilder()
          .select('1')
          .from('task', 't')
          .where('t.id = :id', { id: objectId })
          .andWhere(visibility.sql, visibility.params)
          .getRawOne()) !== undefined
      );
    }
    const lookup = REQUEST_OF[objectType];
    if (!lookup) return false;
    const rows: { request_id: string; internal: boolean }[] = await m.query(lookup, [objectId]);
    if (rows.length === 0) return false;
    if (rows[0].internal) {
      // An internal note's history (its text included) is for agents of the request's desk, as the note is.
      const [desk]: { code: string }[] = await m.query(
        'select d.code from request r join catalog_department d on d.id = r.department_id where r.id = $1',
        [rows[0].request_id],
      );
      if (!isStaffOf(p, desk?.code ?? null)) return false;
    }
    const visibility = requestVisibility(await accessScopeOf(p, m));
    return (
      (await m
        .createQueryBuilder()
        .select('1')
        .from('request', 'r')
        .where('r.id = :id', { id: rows[0].request_id })
        .andWhere(visibility.sql, visibility.params)
        .getRawOne()) !== undefined
    );
  }
}
