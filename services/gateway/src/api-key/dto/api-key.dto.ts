import { z } from 'zod';
import { localizedMessage, SlugSchema, storableString, TimestampSchema, localized } from '@itsm/contracts';
import { API_KEY_SCOPES, isGrantableScope } from '@itsm/platform/auth';

const SCOPE_MESSAGE = localized(
  `must be one of ${API_KEY_SCOPES.join(', ')} or alerts:write:<source> (source: a slug)`,
  `须为 ${API_KEY_SCOPES.join('、')} 之一，或 alerts:write:<source>（source 为标识符）`,
);
const MAX_GRACE_SECONDS = 7 * 24 * 60 * 60;

export const CreateApiKeySchema = z.strictObject({
  name: storableString().trim().min(1).max(100),
  description: storableString().trim().max(500).optional(),
  scopes: z
    .array(
      z
        .string()
        .max(80)
        .refine(isGrantableScope, { error: localizedMessage(SCOPE_MESSAGE) }),
    )
    .min(1)
    .max(20)
    .refine((scopes) => new Set(scopes).size === scopes.length, {
      error: localizedMessage(localized('must not repeat a scope', '权限范围不能重复')),
    }),
  /** The department code the key's tokens carry (`it`, `hr`), for services that scope data by department. */
  department: SlugSchema.optional(),
  expiresAt: TimestampSchema.refine((value) => Date.parse(value) > Date.now(), {
    error: localizedMessage(localized('must be in the future', '必须是将来的时间')),
  }).optional(),
  /** Also accept requests signed with HMAC-SHA256 (a signing secret is handed out with the key). */
  hmac: z.boolean().default(false),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeySchema>;

export const RotateApiKeySchema = z
  .strictObject({
    /** How long the replaced secret keeps working, so integrations switch over without downtime. */
    graceSeconds: z.number().int().min(0).max(MAX_GRACE_SECONDS).default(0),
  })
  .default({ graceSeconds: 0 });
export type RotateApiKeyInput = z.infer<typeof RotateApiKeySchema>;

export const ListApiKeysQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
  /** Revoked keys are left out unless asked for. */
  includeRevoked: z.stringbool().default(false),
});
export type ListApiKeysQuery = z.infer<typeof ListApiKeysQuerySchema>;
