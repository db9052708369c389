import { z } from 'zod';
import {
  localizedMessage,
  RequestPrioritySchema,
  RequestStatusSchema,
  SlugSchema,
  storableString,
  IdentifierSchema,
  localized,
} from '@itsm/contracts';
import { SearchQuerySchema } from '@itsm/platform/search';

const ReasonSchema = storableString().trim().min(1).max(2000);

/** What a submission gets for the fields it leaves out (giving the same value is not setting the field). */
export const SUBMISSION_DEFAULTS = { watchers: [] as string[], priority: 'medium' as const };

export const SubmitRequestSchema = z.strictObject({
  offeringId: z.uuid(),
  /** Pin a specific published version; the latest published one when omitted. */
  offeringVersion: z.number().int().min(1).optional(),
  formData: z
    .record(z.string(), z.unknown())
    .describe("Answers to the offering version's form (its JSON Schema). / 按服务项版本表单填写的内容。"),
  onBehalfOf: IdentifierSchema.optional().describe(
    'The person the request is for, when not the requester. / 代他人申请时的受益人。',
  ),
  watchers: z
    .array(IdentifierSchema)
    .max(50)
    .default(() => [...SUBMISSION_DEFAULTS.watchers]),
  priority: RequestPrioritySchema.default(SUBMISSION_DEFAULTS.priority).describe(
    "Set by the desk's agents and admins; others leave it out. / 由服务台处理人或管理员设置。",
  ),
});
export type SubmitRequest = z.infer<typeof SubmitRequestSchema>;

/** Idempotency-Key header: printable ASCII, as integrations generate them (UUIDs, ULIDs, hashes). */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, {
  error: localizedMessage(
    localized('must be 1 to 200 printable ASCII characters', '须为 1 到 200 个可打印 ASCII 字符'),
  ),
});

export const ReasonBodySchema = z.strictObject({ reason: ReasonSchema.optional() }).default({});

export const UpdateRequestSchema = z
  .strictObject({
    watchers: z.array(IdentifierSchema).max(50).optional(),
    priority: RequestPrioritySchema.optional(),
  })
  .refine((b) => b.watchers !== undefined || b.priority !== undefined, {
    error: localizedMessage(localized('give watchers or priority', '请给出 watchers 或 priority')),
  });
export type UpdateRequest = z.infer<typeof UpdateRequestSchema>;

export const AddCommentSchema = z.strictObject({
  body: storableString().trim().min(1).max(10_000),
  /** A note among agents that the requester does not see. */
  internal: z.boolean().default(false),
});
export type AddComment = z.infer<typeof AddCommentSchema>;

/** A yes/no query parameter (`true` / `false`); anything else is a 400. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `?q=` of the request and task lists (request-search.ts); a 400 names `q` when it is refused. */
export const SEARCH_QUERY = SearchQuerySchema.describe(
  'Search the request number (REQ-000042 or 42 exactly; from four digits on also as a prefix), title, form answers and requester; tasks also by their name. ' +
    'Every word and every pair of neighbouring Chinese characters must appear (门店, 深圳 and onboarding all work); at most 200 characters, no control characters. / ' +
    '搜索申请编号（REQ-000042 或 42 精确匹配；输入四位及以上数字时也按前缀匹配）、标题、表单内容与申请人；任务还可按名称搜索。每个词及每对相邻汉字都须出现；最多 200 个字符，不能包含控制字符。',
);

export const ListRequestsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(500).optional(),
  status: RequestStatusSchema.optional(),
  offeringId: z.uuid().optional(),
  scenario: SlugSchema.optional(),
  departmentId: z.uuid().optional(),
  region: SlugSchema.optional(),
  /** `me` for the caller's own requests, or a user id. */
  requester: IdentifierSchema.optional(),
  businessServiceId: z.uuid().optional(),
  /** `true`: past the promised delivery time and not yet fulfilled, rejected, cancelled or closed. */
  overdue: QueryBooleanSchema.optional(),
  q: SEARCH_QUERY.optional(),
});

export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().min(1).max(500).optional(),
});
