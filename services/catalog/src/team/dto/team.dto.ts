import { z } from 'zod';
import {
  EmailSchema,
  IdentifierSchema,
  LocalizedTextSchema,
  RegionCodeSchema,
  SlugSchema,
  TeamMemberSchema,
} from '@itsm/contracts';

/** Codes of regions the catalog knows (`/regions`), checked when the team is saved. */
const Regions = z.array(RegionCodeSchema).max(100);
// What the API accepts is narrower than what the team event has always carried (a published event
// version never narrows): ids without control characters, e-mails by the one documented pattern.
const Members = z.array(TeamMemberSchema.extend({ userId: IdentifierSchema, email: EmailSchema.optional() })).max(500);

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
