import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth';

/**
 * Who may read the audit trail of an object: whoever may see the object itself. Each service
 * knows its objects, so each provides this; the query endpoint is the platform's.
 */
export abstract class AuditAccessPolicy {
  /** Whether the principal may see this object (and therefore its history). */
  abstract canSeeObject(
    principal: Principal,
    objectType: string,
    objectId: string,
    manager: EntityManager,
  ): Promise<boolean>;
}
