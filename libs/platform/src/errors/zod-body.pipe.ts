import { type PipeTransform, StandardSchemaValidationPipe } from '@nestjs/common';
import { z } from 'zod';
import { inMessageLanguage, localized } from '@itsm/contracts';
import { type FieldError, ValidationError } from './domain-error';

// zod's own messages in Chinese; a schema's own messages come in both languages (localizedMessage).
const ZH = z.locales.zhCN();

/** What zod issues and Standard Schema issues have in common (zod adds `code` and `keys`). */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
  readonly code?: string;
  readonly keys?: readonly string[];
  readonly params?: Readonly<Record<string, unknown>>;
}

/** `['taskPlan', 'tasks', 2, 'dependsOn']` → `taskPlan.tasks[2].dependsOn`. */
export function formatIssuePath(path: SchemaIssue['path'] = []): string {
  let out = '';
  for (const segment of path) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * Field errors of the issues of one parse; `chinese` are the same issues of the same parse in
 * Chinese (parseWith parses twice), else Chinese comes from zod's locale for each issue.
 */
export function fieldErrorsFromIssues(issues: readonly SchemaIssue[], chinese?: readonly SchemaIssue[]): FieldError[] {
  const fields: FieldError[] = [];
  issues.forEach((issue, index) => {
    const path = formatIssuePath(issue.path);
    const code = issue.code ?? 'invalid';
    // One entry per unknown key, so a form can point at each of them.
    if (code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
      for (const key of issue.keys) {
        fields.push({
          path: path === '' ? key : `${path}.${key}`,
          code,
          message: localized(`unrecognized key "${key}"`, `未知字段「${key}」`),
        });
      }
      return;
    }
    fields.push({ path, code, message: localized(issue.message, chinese?.[index]?.message ?? chineseOf(issue)) });
  });
  return fields;
}

function chineseOf(issue: SchemaIssue): string {
  try {
    const message: unknown = ZH.localeError(issue as never);
    if (typeof message === 'string') return message;
    if (
      typeof message === 'object' &&
      message !== null &&
      typeof (message as { message?: unknown }).message === 'string'
    )
      return (message as { message: string }).message;
  } catch {
    // not an issue zod knows: the generic text below
  }
  return '取值无效';
}

/**
 * A schema can give a refinement its own problem code (`params: { problemCode }`), e.g. a task
 * plan cycle → `catalog.task_plan.cycle`; when every such issue agrees, it becomes the problem's code.
 */
export function validationErrorFromIssues(
  issues: readonly SchemaIssue[],
  chinese?: readonly SchemaIssue[],
): ValidationError {
  const codes = new Set(issues.map((i) => i.params?.['problemCode']).filter((c): c is string => typeof c === 'string'));
  return new ValidationError(
    fieldErrorsFromIssues(issues, chinese),
    undefined,
    codes.size === 1 ? { code: [...codes][0] } : {},
  );
}

/** Parses `value` with a (synchronous) zod schema or throws a 400 `validation.failed` listing the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Once more in Chinese: the messages differ, the issues are the same and in the same order. zod
  // writes the messages when `error` is first read, so that read happens in Chinese too.
  const chinese = inMessageLanguage('zh-CN', () => {
    const again = schema.safeParse(value, { error: ZH.localeError });
    return again.success ? undefined : again.error.issues;
  });
  throw validationErrorFromIssues(result.error.issues, chinese);
}

/** `@Body(new ZodBodyPipe(CreateOfferingSchema)) body: CreateOffering` (works for @Query/@Param too). */
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    return parseWith(this.schema, value);
  }
}

/**
 * Nest's Standard Schema pipe answering with our ValidationError, for `@Body({ schema })`:
 * `app.useGlobalPipes(schemaValidationPipe())`.
 */
export function schemaValidationPipe(): StandardSchemaValidationPipe {
  return new StandardSchemaValidationPipe({ exceptionFactory: validationErrorFromIssues });
}
