import { z } from 'zod';
import { LocalizedTextSchema, RegionCodeSchema, SlugSchema, TeamMemberSchema } from '@itsm/contracts';

const Regions = z.array(RegionCodeSchema).max(100);
const Members = z.array(TeamMemberSchema).max(500);

export const CreateTeamSchema = z.strictObject({
  code: SlugSchema,
  departmentId: z.uuid(),
  name: LocalizedTextSchema,
  regions: Regions.default([]),
  members: Members.default([]),
});
export type CreateTeam = z.infer<typeof CreateTeamSchema>;

export const UpdateTeamSchema = z.strictObject({
  name: LocalizedTextSchema.optional(),
  regions: Regions.optional(),
  members: Members.optional(),
  archived: z.boolean().optional(),
  expectedVersion: z.number().int().min(1).optional(),
});
export type UpdateTeam = z.infer<typeof UpdateTeamSchema>;
