import Ajv, { type ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import {
  DATE_RULE_KEYWORD,
  DATE_RULE_META_SCHEMA,
  FORM_FORMATS,
  FormDateRule,
  TIME_ZONE_FORMAT,
  localized,
} from '@itsm/contracts';
import { FieldError } from '@itsm/platform/errors';
import { OfferingContent } from './dto/offering.dto';

/** The form schema travels inside offering events, and each event must fit in one Kafka message. */
export const MAX_FORM_SCHEMA_BYTES = 256 * 1024;

// Strict, so a typo'd keyword ("requierd") is an error on save rather than a silently ignored
// rule when requests are validated later.
const STRICT = { strict: true, allErrors: true, validateFormats: true } as const;

/** ajv-formats, plus the formats forms may use beyond them. */
function withFormats<A extends AjvCore>(ajv: A): A {
  addFormats(ajv);
  for (const [name, validate] of Object.entries(FORM_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}

/** What forms may say beyond JSON Schema: the same vocabulary the requests service enforces. */
function withVocabulary<A extends AjvCore>(ajv: A): A {
  // Declared only: dateRuleErrors checks how a rule is written; requests enforce what it says.
  ajv.addKeyword({ keyword: DATE_RULE_KEYWORD });
  return withFormats(ajv);
}

interface Dialect {
  /** Checks a schema against the dialect's meta-schema; never compiles or registers the schema. */
  meta: AjvCore;
  /**
   * A new Ajv per compile: compiling registers the schema and every `$id` in it on the instance,
   * so a shared one would refuse a second form with the same `$id`, let one form `$ref` another,
   * and grow with every save. Leaving the meta-schema check to `meta` keeps a new one cheap (under 1 ms).
   */
  compiler: () => AjvCore;
}

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

// 2020-12 is the default; draft-07 is still what many form builders emit.
const DIALECTS: Record<string, Dialect> = {
  [DRAFT_2020_12]: {
    meta: withVocabulary(new Ajv2020(STRICT)),
    compiler: () => withVocabulary(new Ajv2020({ ...STRICT, validateSchema: false })),
  },
  [DRAFT_07]: {
    meta: withVocabulary(new Ajv(STRICT)),
    compiler: () => withVocabulary(new Ajv({ ...STRICT, validateSchema: false })),
  },
};

type JsonSchemaProperty = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  [DATE_RULE_KEYWORD]?: FormDateRule;
};

/**
 * A form schema (or a task's output schema, at `path`) must be a valid JSON Schema (2020-12 or
 * draft-07) describing an object with named properties.
 */
export function checkFormSchema(formSchema: Record<string, unknown>, path = 'formSchema'): FieldError[] {
  const bytes = Buffer.byteLength(JSON.stringify(formSchema), 'utf8');
  if (bytes > MAX_FORM_SCHEMA_BYTES) {
    return [
      {
        path,
        code: 'too_big',
        message: localized(
          `form schema is ${bytes} bytes as JSON; at most ${MAX_FORM_SCHEMA_BYTES} are allowed`,
          `表单 schema 的 JSON 有 ${bytes} 字节，最多 ${MAX_FORM_SCHEMA_BYTES} 字节`,
        ),
      },
    ];
  }
  const declared = formSchema['$schema'];
  const dialect =
    declared === undefined
      ? DIALECTS[DRAFT_2020_12]
      : typeof declared === 'string'
        ? DIALECTS[declared.replace(/#$/, '')]
        : undefined;
  if (!dialect) {
    const message = localized(
      `must be '${DRAFT_2020_12}' (the default when omitted) or '${DRAFT_07}#'`,
      `须为「${DRAFT_2020_12}」（省略时的默认值）或「${DRAFT_07}#」`,
    );
    return [{ path: `${path}.$schema`, code: 'unsupported_dialect', message }];
  }
  // Ajv throws, rather than reports, on some schemas (a `$ref` it cannot resolve, a bad pattern).
  try {
    if (!dialect.meta.validateSchema(formSchema)) return schemaErrors(path, dialect.meta.errors);
    const rules = dateRuleErrors(formSchema, path);
    if (rules.length > 0) return rules;
    dialect.compiler().compile(formSchema);
  } catch (err) {
    return [
      {
        path,
        code: 'invalid_json_schema',
        message: localized(
          err instanceof Error ? err.message : String(err),
          `无法编译此 JSON Schema：${err instanceof Error ? err.message : String(err)}`,
        ),
      },
    ];
  }
  if (
    formSchema['type'] !== 'object' ||
    typeof formSchema['properties'] !== 'object' ||
    formSchema['properties'] === null
  ) {
    return [
      {
        path,
        code: 'not_an_object_form',
        message: localized(
          "a form schema must have type 'object' and properties",
          '表单 schema 须为 type「object」并带有 properties',
        ),
      },
    ];
  }
  return [];
}

function schemaErrors(path: string, errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => ({
    path: `${path}${pointerToPath(e.instancePath)}`,
    code: 'invalid_json_schema',
    message: localized(
      e.message ?? 'invalid JSON Schema',
      `不是有效的 JSON Schema（${e.keyword}：${e.message ?? ''}）`,
    ),
  }));
}

const checkDateRule = withFormats(new Ajv2020(STRICT)).compile(DATE_RULE_META_SCHEMA);

/**
 * Every date rule, wherever it sits, against the keyword's own schema: compiling would only throw
 * at the first bad one, without saying where; this names the place.
 */
function dateRuleErrors(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (key !== DATE_RULE_KEYWORD || Array.isArray(value)) return dateRuleErrors(item, at);
    return checkDateRule(item) ? [] : schemaErrors(at, checkDateRule.errors);
  });
}

/**
 * Every form field that tasks, approvals, reminders and date rules name must exist in the form;
 * dates must be dates, and time zones time zones (so a mistyped zone is refused, not replaced).
 */
export function checkFieldReferences(content: OfferingContent): FieldError[] {
  const properties = (content.formSchema['properties'] ?? {}) as Record<string, JsonSchemaProperty>;
  const errors: FieldError[] = [];
  const field = (name: string, path: string, need?: 'date' | 'time-zone') => {
    const prop = properties[name];
    if (!prop) {
      errors.push({
        path,
        code: 'unknown_form_field',
        message: localized(`form has no field '${name}'`, `表单没有字段「${name}」`),
      });
    } else if (need === 'date' && prop.format !== 'date' && prop.format !== 'date-time') {
      errors.push({
        path,
        code: 'not_a_date_field',
        message: localized(
          `form field '${name}' must have format 'date' or 'date-time'`,
          `表单字段「${name}」的 format 须为「date」或「date-time」`,
        ),
      });
    } else if (need === 'time-zone' && prop.format !== TIME_ZONE_FORMAT) {
      errors.push({
        path,
        code: 'not_a_time_zone_field',
        message: localized(
          `form field '${name}' must have format '${TIME_ZONE_FORMAT}'`,
          `表单字段「${name}」的 format 须为「${TIME_ZONE_FORMAT}」`,
        ),
      });
    }
  };
  for (const [name, prop] of Object.entries(properties)) {
    const rule = prop?.[DATE_RULE_KEYWORD];
    if (!rule) continue;
    field(name, `formSchema.properties.${name}`, 'date');
    if (rule.timeZone.kind === 'form-field')
      field(rule.timeZone.field, `formSchema.properties.${name}.${DATE_RULE_KEYWORD}.timeZone.field`, 'time-zone');
  }
  content.taskPlan.tasks.forEach((task, i) => {
    if (task.team.kind === 'by-field') field(task.team.field, `taskPlan.tasks[${i}].team.field`);
    if (task.due?.relativeTo === 'form-field') field(task.due.field, `taskPlan.tasks[${i}].due.field`, 'date');
  });
  content.approvalPolicy.stages.forEach((stage, i) => {
    if (stage.approvers.kind === 'form-field')
      field(stage.approvers.field, `approvalPolicy.stages[${i}].approvers.field`);
  });
  content.reminders.forEach((reminder, i) => {
    field(reminder.field, `reminders[${i}].field`, 'date');
    if (reminder.timeZone.kind === 'form-field')
      field(reminder.timeZone.field, `reminders[${i}].timeZone.field`, 'time-zone');
  });
  return errors;
}

/** Team ids a plan refers to, with where, so unknown ones can be reported precisely. */
export function teamReferences(content: OfferingContent): { teamId: string; path: string }[] {
  return content.taskPlan.tasks.flatMap((task, i) => {
    const base = `taskPlan.tasks[${i}].team`;
    if (task.team.kind === 'fixed') return [{ teamId: task.team.teamId, path: `${base}.teamId` }];
    return [
      ...Object.entries(task.team.mapping).map(([value, teamId]) => ({ teamId, path: `${base}.mapping.${value}` })),
      ...(task.team.defaultTeamId ? [{ teamId: task.team.defaultTeamId, path: `${base}.defaultTeamId` }] : []),
    ];
  });
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}
