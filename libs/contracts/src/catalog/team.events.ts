import { z } from 'zod';
import { defineEvent } from '../event-contract';
import {
  checkUniqueKeys,
  LocalizedTextSchema,
  RegionCodeSchema,
  SlugSchema,
  storableString,
  TimestampSchema,
  UuidSchema,
} from '../common/primitives.schema';
import { localized } from '../common/localized-text';

export const TEAM_MEMBER_ROLES = ['member', 'lead'] as const;
export const TeamMemberRoleSchema = z.enum(TEAM_MEMBER_ROLES);
export type TeamMemberRole = z.infer<typeof TeamMemberRoleSchema>;

export const TeamMemberSchema = z.object({
  /** Subject of the identity provider, not necessarily a UUID. */
  userId: storableString().min(1).max(200),
  displayName: storableString().min(1).max(200),
  email: z.email().optional(),
  role: TeamMemberRoleSchema,
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const TeamSchema = z
  .object({
    teamId: UuidSchema,
    code: SlugSchema,
    departmentId: UuidSchema,
    name: LocalizedTextSchema,
    regions: z
      .array(RegionCodeSchema)
      .describe("Region codes the team covers, e.g. 'cn-south'. / 团队负责的区域代码，例如 'cn-south'。"),
    members: z.array(TeamMemberSchema),
    archived: z.boolean(),
    updatedAt: TimestampSchema,
  })
  .superRefine((team, ctx) => {
    checkUniqueKeys(
      team.members.map((m) => m.userId),
      ctx,
      (i) => ['members', i, 'userId'],
      localized('member', '成员'),
    );
    checkUniqueKeys(team.regions, ctx, (i) => ['regions', i], localized('region', '区域'));
  })
  .describe(
    'A support team that receives tasks, with the regions it covers and its members. / 接收任务的支持团队，含负责区域与成员。',
  );
export type Team = z.infer<typeof TeamSchema>;

export const TeamChangedV1 = defineEvent({
  service: 'catalog',
  aggregate: 'team',
  event: 'changed',
  version: 1,
  summary: localized(
    'A support team was created, edited or archived; carries its full state after the change.',
    '支持团队已创建、修改或归档；携带变更后的完整状态。',
  ),
  schema: TeamSchema,
});
export type TeamChangedV1Data = z.infer<typeof TeamChangedV1.schema>;
