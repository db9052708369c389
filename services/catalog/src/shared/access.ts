import { EntityManager } from 'typeorm';
import { Principal, RequireRoles } from '@itsm/platform/auth';
import { ForbiddenError } from '@itsm/platform/errors';
import { localized } from '@itsm/contracts';

/** Offerings and teams: platform admins, and department admins for their own departments. */
export const CanEditDepartmentData = () => RequireRoles('platform-admin', 'department-admin');

/** Business lines and services, and the departments themselves, shape the whole platform. */
export const CanEditPlatformData = () => RequireRoles('platform-admin');

/** The platform acting on its own behalf (the demo data loader), not a person. */
export const SYSTEM_ACTOR: Principal = {
  subject: 'service:catalog',
  roles: ['platform-admin'],
  departments: [],
  scopes: [],
};

/**
 * A department admin changes only what belongs to the departments in their token (by department
 * code, e.g. `hr`); a platform admin changes anything. Ids that name no department pass here and
 * are reported as unknown by the content checks.
 */
export async function assertDepartmentScope(
  m: EntityManager,
  actor: Principal,
  departmentIds: string[],
): Promise<void> {
  if (actor.roles.includes('platform-admin')) return;
  const rows: { code: string }[] = await m.query('select code from department where id = any($1::uuid[])', [
    [...new Set(departmentIds)],
  ]);
  const allowed = actor.roles.includes('department-admin') ? new Set(actor.departments) : new Set<string>();
  const outside = rows.map((r) => r.code).filter((code) => !allowed.has(code));
  if (outside.length > 0) {
    throw new ForbiddenError(
      'auth.department.forbidden',
      localized(
        `you may only change what belongs to your departments; this belongs to: ${outside.join(', ')}`,
        `只能修改本部门的内容；该内容属于：${outside.join('、')}`,
      ),
    );
  }
}

/** The code of a department (what tokens and audit records name), by its id. */
export async function departmentCodeOf(m: EntityManager, departmentId: string): Promise<string | null> {
  const rows: { code: string }[] = await m.query('select code from department where id = $1', [departmentId]);
  return rows[0]?.code ?? null;
}
