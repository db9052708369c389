import type { Role } from '@itsm/platform/auth';

/**
 * DEMO ONLY. Every demo account shares this published password: enable GATEWAY_DEMO_USERS only on
 * a machine nobody else can reach, and never where real data lives.
 */
export const DEMO_PASSWORD = 'demo-password-2026';

export interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  /** Department codes, as in the catalog's demo data. */
  departments: string[];
}

/** One account per role of the access model, in the IT desk, plus agents of the HR and facilities desks. */
export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'requester.li', displayName: 'Li Na (requester)', roles: ['requester'], departments: ['it'] },
  { username: 'agent.wang', displayName: 'Wang Wei (IT agent)', roles: ['agent'], departments: ['it'] },
  { username: 'lead.zhao', displayName: 'Zhao Lei (IT team lead)', roles: ['team-lead'], departments: ['it'] },
  {
    username: 'change.chen',
    displayName: 'Chen Jing (change manager)',
    roles: ['change-manager'],
    departments: ['it'],
  },
  { username: 'cab.sun', displayName: 'Sun Yang (CAB member)', roles: ['cab-member'], departments: ['it'] },
  { username: 'hr.agent.zhou', displayName: 'Zhou Min (HR agent)', roles: ['agent'], departments: ['hr'] },
  {
    username: 'facilities.agent.wu',
    displayName: 'Wu Gang (facilities agent)',
    roles: ['agent'],
    departments: ['facilities'],
  },
  {
    username: 'admin.it',
    displayName: 'Ma Qiang (IT department admin)',
    roles: ['department-admin'],
    departments: ['it'],
  },
  { username: 'platform.admin', displayName: 'Platform administrator', roles: ['platform-admin'], departments: [] },
];
