import type { Principal } from '@itsm/platform/auth';
import { isAdminOf, sameUser } from '../shared/access';
import { Approval } from './approval.entity';

export type Eligibility = { eligible: true; override: boolean } | { eligible: false };

/**
 * May this principal decide (or delegate) this approval? A named approver may; for a role slot,
 * anyone holding the role in its department (checked now, from their token); otherwise a
 * department admin of the request's desk or a platform admin may step in, recorded as an override.
 */
export function eligibility(
  p: Principal,
  a: Approval,
  codes: { approverDepartment: string | null; requestDepartment: string | null },
): Eligibility {
  if (a.approverKind === 'user' && sameUser(a.approver, p.subject)) return { eligible: true, override: false };
  if (
    a.approverKind === 'role' &&
    (p.roles as string[]).includes(a.approverRole!) &&
    codes.approverDepartment !== null &&
    p.departments.includes(codes.approverDepartment)
  ) {
    return { eligible: true, override: false };
  }
  if (isAdminOf(p, codes.requestDepartment)) return { eligible: true, override: true };
  return { eligible: false };
}
