import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FieldError } from '@itsm/platform/errors';
import { OfferingContent } from './dto/offering.dto';

// One Ajv for checking form schemas: strict, so a typo'd keyword ("requierd") is an error on
// save rather than a silently ignored rule when requests are validated later.
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: true });
addFormats(ajv);

type JsonSchemaProperty = { type?: string | string[]; format?: string; enum?: unknown[] };

/** A form schema must be a valid JSON Schema describing an object with named properties. */
export function checkFormSchema(formSchema: Record<string, unknown>): FieldError[] {
  if (!ajv.validateSchema(formSchema)) {
    return (ajv.errors ?? []).map((e) => ({
      path: `formSchema${pointerToPath(e.instancePath)}`,
      code: 'invalid_json_schema',
      message: e.message ?? 'invalid JSON Schema',
    }));
  }
  try {
    ajv.compile(formSchema);
  } catch (err) {
    return [{ path: 'formSchema', code: 'invalid_json_schema', message: err instanceof Error ? err.message : String(err) }];
  }
  if (formSchema['type'] !== 'object' || typeof formSchema['properties'] !== 'object' || formSchema['properties'] === null) {
    return [{ path: 'formSchema', code: 'not_an_object_form', message: "a form schema must have type 'object' and properties" }];
  }
  return [];
}

/** Every form field that tasks, approvals and reminders name must exist in the form (dates must be dates). */
export function checkFieldReferences(content: OfferingContent): FieldError[] {
  const properties = (content.formSchema['properties'] ?? {}) as Record<string, JsonSchemaProperty>;
  const errors: FieldError[] = [];
  const field = (name: string, path: string, needDate = false) => {
    const prop = properties[name];
    if (!prop) {
      errors.push({ path, code: 'unknown_form_field', message: `form has no field '${name}'` });
    } else if (needDate && prop.format !== 'date' && prop.format !== 'date-time') {
      errors.push({ path, code: 'not_a_date_field', message: `form field '${name}' must have format 'date' or 'date-time'` });
    }
  };
  content.taskPlan.tasks.forEach((task, i) => {
    if (task.team.kind === 'by-field') field(task.team.field, `taskPlan.tasks[${i}].team.field`);
    if (task.due?.relativeTo === 'form-field') field(task.due.field, `taskPlan.tasks[${i}].due.field`, true);
  });
  content.approvalPolicy.stages.forEach((stage, i) => {
    if (stage.approvers.kind === 'form-field') field(stage.approvers.field, `approvalPolicy.stages[${i}].approvers.field`);
  });
  content.reminders.forEach((reminder, i) => {
    field(reminder.field, `reminders[${i}].field`, true);
    if (reminder.timeZone.kind === 'form-field') field(reminder.timeZone.field, `reminders[${i}].timeZone.field`);
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
