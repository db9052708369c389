import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type AjvCore from 'ajv/dist/core';
import addFormats from 'ajv-formats';
import { DateTime } from 'luxon';
import {
  DATE_RULE_KEYWORD,
  FORM_FORMATS,
  type FormDateRule,
  type LocalizedText,
  TIME_ZONE_FORMAT,
  localized,
} from '@itsm/contracts';
import { inZone, zoneFrom, zoneNamed } from '../shared/zones';
import { FieldError, ValidationError } from '@itsm/platform/errors';

/** A form field as people see it: the schema's `title` holds both languages ("员工姓名 / Employee name"). */
export type FieldLabel = LocalizedText;

/** A field error that also names the field in both languages, for forms to show next to the field. */
export interface FormFieldError extends FieldError {
  label: FieldLabel;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The catalog's form titles carry both languages in one string, in either order ("工号 / Employee ID",
 * "Store name / 门店名称"), because JSON Schema has one title. The part with Chinese characters is
 * the Chinese label; a title in one language (or none: the field name) serves both.
 */
export function labelOf(title: unknown, fieldName: string): FieldLabel {
  if (typeof title !== 'string' || title.trim() === '') return localized(fieldName, fieldName);
  const parts = title
    .split(/\s+\/\s+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const zh = parts.find((p) => HAN.test(p));
  const en = parts.find((p) => !HAN.test(p));
  return localized(en ?? zh ?? title.trim(), zh ?? en ?? title.trim());
}

type Properties = Record<string, { title?: unknown } | undefined>;

function propertiesOf(formSchema: Record<string, unknown>): Properties {
  const properties = formSchema['properties'];
  return properties && typeof properties === 'object' ? (properties as Properties) : {};
}

/** Labels of the form's top-level fields. */
export function fieldLabels(formSchema: Record<string, unknown>): Map<string, FieldLabel> {
  return new Map(Object.entries(propertiesOf(formSchema)).map(([name, prop]) => [name, labelOf(prop?.title, name)]));
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '是/否',
  array: '列表',
  object: '对象',
  null: '空值',
};
const FORMAT_NAMES: Record<string, LocalizedText> = {
  date: localized('date (YYYY-MM-DD)', '日期（YYYY-MM-DD）'),
  'date-time': localized('date and time', '日期时间'),
  email: localized('email address', '邮箱地址'),
  uri: localized('URL', '网址'),
  time: localized('time', '时间'),
  [TIME_ZONE_FORMAT]: localized("IANA time zone (such as 'Asia/Shanghai')", "IANA 时区（例如 'Asia/Shanghai'）"),
};

/** What went wrong, in both languages, for the Ajv keywords forms use. */
function describe(error: ErrorObject): LocalizedText {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return localized('is required', '为必填项');
    case 'additionalProperties':
      return localized('is not a field of this form', '不是该表单的字段');
    case 'type':
      return localized(
        `must be of type ${String(p['type'])}`,
        `应为${TYPE_NAMES[String(p['type'])] ?? String(p['type'])}`,
      );
    case 'enum': {
      const values = (p['allowedValues'] as unknown[]).map(String);
      return localized(`must be one of: ${values.join(', ')}`, `必须是以下之一：${values.join('、')}`);
    }
    case 'const':
      return localized(`must be ${JSON.stringify(p['allowedValue'])}`, `必须为 ${JSON.stringify(p['allowedValue'])}`);
    case 'pattern':
      return localized(
        `does not have the expected format (${String(p['pattern'])})`,
        `格式不正确（应符合 ${String(p['pattern'])}）`,
      );
    case 'format': {
      const name = FORMAT_NAMES[String(p['format'])] ?? localized(String(p['format']), String(p['format']));
      return localized(`must be a valid ${name.en}`, `不是有效的${name['zh-CN']}`);
    }
    case 'minLength':
      return localized(`must be at least ${String(p['limit'])} characters long`, `至少 ${String(p['limit'])} 个字符`);
    case 'maxLength':
      return localized(`must be at most ${String(p['limit'])} characters long`, `最多 ${String(p['limit'])} 个字符`);
    case 'minimum':
    case 'exclusiveMinimum':
      return localized(
        `must be ${String(p['comparison'])} ${String(p['limit'])}`,
        `不能小于${p['comparison'] === '>' ? '或等于' : ''} ${String(p['limit'])}`,
      );
    case 'maximum':
    case 'exclusiveMaximum':
      return localized(
        `must be ${String(p['comparison'])} ${String(p['limit'])}`,
        `不能大于${p['comparison'] === '<' ? '或等于' : ''} ${String(p['limit'])}`,
      );
    case 'minItems':
      return localized(`needs at least ${String(p['limit'])} item(s)`, `至少选择 ${String(p['limit'])} 项`);
    case 'maxItems':
      return localized(`takes at most ${String(p['limit'])} item(s)`, `最多选择 ${String(p['limit'])} 项`);
    case 'uniqueItems':
      return localized('must not repeat an item', '不能有重复项');
    case 'multipleOf':
      return localized(`must be a multiple of ${String(p['multipleOf'])}`, `必须是 ${String(p['multipleOf'])} 的倍数`);
    case DATE_RULE_KEYWORD: {
      const earliest = String(p['earliest']);
      const why =
        p['minDaysAhead'] === 0
          ? localized('today', '今天')
          : localized(`${String(p['minDaysAhead'])} days from today`, `今天起 ${String(p['minDaysAhead'])} 天后`);
      return localized(
        `must be on or after ${earliest} (${why.en}, ${String(p['zone'])})`,
        `不能早于 ${earliest}（${why['zh-CN']}，${String(p['zone'])} 时间）`,
      );
    }
    default:
      return localized(error.message ?? 'is invalid', '取值无效');
  }
}

/** `/channels/0` → `['channels', 0]`, unescaping JSON Pointer. */
function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function pathOf(segments: (string | number)[], root: string): string {
  return segments.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : `${acc}.${s}`), root);
}

/** Turns Ajv's errors into field errors that name the form's fields in both languages (paths under `root`). */
export function formFieldErrors(
  errors: readonly ErrorObject[],
  labels: Map<string, FieldLabel>,
  root = 'formData',
): FormFieldError[] {
  const out: FormFieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // An `if`/`anyOf` wrapper repeats what its branches said; the branches name the fields.
    if (['if', 'anyOf', 'oneOf', 'allOf', 'not'].includes(error.keyword)) continue;
    const segments = pointerSegments(error.instancePath);
    const p = error.params as Record<string, unknown>;
    if (error.keyword === 'required') segments.push(String(p['missingProperty']));
    if (error.keyword === 'additionalProperties') segments.push(String(p['additionalProperty']));
    const field = typeof segments[0] === 'string' ? segments[0] : '';
    const label = labels.get(field) ?? localized(field || 'form', field || '表单');
    const what = describe(error);
    const path = pathOf(segments, root);
    const key = `${path}|${error.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = segments.length > 1 ? ` ${pathOf(segments.slice(1), '')}` : '';
    out.push({
      path,
      code: error.keyword,
      message: localized(`${label.en}${where}: ${what.en}`, `${label['zh-CN']}${where}：${what['zh-CN']}`),
      label,
    });
  }
  return out;
}

const OPTIONS = { strict: false, allErrors: true, useDefaults: true, validateFormats: true } as const;
const DRAFT_07 = 'http://json-schema.org/draft-07/schema';

/**
 * `x-date-rule`: the date must be at least `minDaysAhead` days after today in the rule's zone (the
 * store's, say). A value that is no date is left to `format` to report; so is an invalid zone field.
 */
function dateRuleKeyword(now: () => Date) {
  const validate = (rule: FormDateRule, value: unknown, _parent?: unknown, cxt?: { rootData: unknown }): boolean => {
    if (typeof value !== 'string') return true;
    const form =
      cxt && typeof cxt.rootData === 'object' && cxt.rootData !== null ? (cxt.rootData as Record<string, unknown>) : {};
    const zone = zoneFrom(rule.timeZone, form);
    const date = inZone(value, zone);
    const earliest = DateTime.fromJSDate(now(), { zone: zoneNamed(zone) })
      .startOf('day')
      .plus({ days: rule.minDaysAhead });
    if (!date || date.toISODate()! >= earliest.toISODate()!) return true;
    validate.errors = [
      {
        keyword: DATE_RULE_KEYWORD,
        message: `must be on or after ${earliest.toISODate()}`,
        params: { earliest: earliest.toISODate(), zone, minDaysAhead: rule.minDaysAhead },
      },
    ];
    return false;
  };
  validate.errors = [] as Partial<ErrorObject>[];
  return { keyword: DATE_RULE_KEYWORD, errors: true, validate };
}

function compilerFor(formSchema: Record<string, unknown>, now: () => Date): AjvCore {
  const declared = typeof formSchema['$schema'] === 'string' ? formSchema['$schema'].replace(/#$/, '') : undefined;
  // The catalog checked the schema on save; a new Ajv per compile keeps one form's `$id` away from another's.
  const ajv: AjvCore =
    declared === DRAFT_07
      ? new Ajv({ ...OPTIONS, validateSchema: false })
      : new Ajv2020({ ...OPTIONS, validateSchema: false });
  addFormats(ajv);
  // The forms' vocabulary beyond JSON Schema, the same the catalog checks forms against.
  for (const [name, check] of Object.entries(FORM_FORMATS)) ajv.addFormat(name, { type: 'string', validate: check });
  ajv.addKeyword(dateRuleKeyword(now));
  return ajv;
}

export interface FormCheck {
  /** The data with the schema's defaults filled in (what the request stores). */
  data: Record<string, unknown>;
  errors: FormFieldError[];
}

/**
 * Validates form data against a published offering version's JSON Schema. Versions never change,
 * so compiled validators are cached by offering id and version.
 */
export class FormValidator {
  private readonly cache = new Map<string, { validate: ValidateFunction; labels: Map<string, FieldLabel> }>();

  /** `now`: what "today" is for date rules (the service's clock). */
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly maxCached = 500,
  ) {}

  /** `root` names where the data sits in the request body, for the errors' paths. */
  check(
    cacheKey: string,
    formSchema: Record<string, unknown>,
    formData: Record<string, unknown>,
    root = 'formData',
  ): FormCheck {
    let compiled = this.cache.get(cacheKey);
    if (!compiled) {
      compiled = { validate: compilerFor(formSchema, this.now).compile(formSchema), labels: fieldLabels(formSchema) };
      if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(cacheKey, compiled);
    }
    const data = structuredClone(formData);
    const valid = compiled.validate(data);
    return { data, errors: valid ? [] : formFieldErrors(compiled.validate.errors ?? [], compiled.labels, root) };
  }

  /** The 400 problem for invalid form data: `requests.form.invalid`, fields named in both languages. */
  static problem(errors: FormFieldError[]): ValidationError {
    const names = [...new Set(errors.map((e) => e.label))];
    return new ValidationError(
      errors,
      localized(
        `the form has ${errors.length} problem(s): ${names.map((l) => l.en).join(', ')}`,
        `表单有 ${errors.length} 处问题：${names.map((l) => l['zh-CN']).join('、')}`,
      ),
      { code: 'requests.form.invalid', title: localized('The form is not filled in correctly', '表单填写有误') },
    );
  }
}
