import { RequireRoles } from '@itsm/platform/auth';

/**
 * Who may change the catalog (reference data and offerings): platform and department admins.
 * Reads need any verified caller (the platform's AuthGuard). Next step: a department admin may
 * only change what belongs to the departments in their token.
 */
export const CanEditCatalog = () => RequireRoles('platform-admin', 'department-admin');
