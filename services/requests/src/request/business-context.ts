import type { KeyDate, Reminder, TaskPlan } from '@itsm/contracts';

/** What the offering's form says about the business, before ids are looked up. */
export interface BusinessFields {
  region: string | null;
  /** Values of fields that name business services by code (e.g. a campaign's services). */
  businessServiceCodes: string[];
  keyDates: KeyDate[];
}

interface FormProperty {
  type?: unknown;
  enum?: unknown[];
  items?: { enum?: unknown[] };
}

export interface BusinessFieldsInput {
  formSchema: Record<string, unknown>;
  taskPlan: TaskPlan;
  reminders: Reminder[];
  formData: Record<string, unknown>;
  /** Regions some team covers (from the catalog projection). */
  knownRegions: ReadonlySet<string>;
  /** Codes of the catalog's business services. */
  knownBusinessServiceCodes: ReadonlySet<string>;
}

/** The values in the offering's form choices and routing that could name regions or business services. */
export function vocabularyCandidates(formSchema: Record<string, unknown>, taskPlan: TaskPlan): string[] {
  const properties = Object.values((formSchema['properties'] ?? {}) as Record<string, FormProperty>);
  const values = [
    ...properties.flatMap((p) => [...(p.enum ?? []), ...(p.items?.enum ?? [])]),
    ...taskPlan.tasks.flatMap((t) => (t.team.kind === 'by-field' ? Object.keys(t.team.mapping) : [])),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

const allIn = (values: unknown[] | undefined, known: ReadonlySet<string>) =>
  Array.isArray(values) &&
  values.length > 0 &&
  known.size > 0 &&
  values.every((v) => typeof v === 'string' && known.has(v));

/**
 * Reads the business context from the form by what the offering's own structure marks:
 * - region: the field named `region`, else a field whose choices are all regions teams cover
 *   (onboarding's `workLocation`), else a field that routes tasks by region;
 * - business services: fields whose choices are all business-service codes;
 * - key business dates: the date fields the offering plans around — its reminders and task due
 *   dates are anchored on them (the opening date, the start date).
 */
export function businessFields(input: BusinessFieldsInput): BusinessFields {
  const properties = (input.formSchema['properties'] ?? {}) as Record<string, FormProperty>;
  const data = input.formData;
  const text = (field: string) =>
    typeof data[field] === 'string' && data[field] !== '' ? (data[field] as string) : null;

  const routingFields = input.taskPlan.tasks.flatMap((t) =>
    t.team.kind === 'by-field' && allIn(Object.keys(t.team.mapping), input.knownRegions) ? [t.team.field] : [],
  );
  const regionFields = [
    'region',
    ...Object.entries(properties)
      .filter(([, p]) => allIn(p.enum, input.knownRegions))
      .map(([name]) => name),
    ...routingFields,
  ];
  const region = regionFields.map(text).find((v) => v !== null) ?? null;

  const serviceFields = Object.entries(properties)
    .filter(
      ([, p]) =>
        allIn(p.enum, input.knownBusinessServiceCodes) || allIn(p.items?.enum, input.knownBusinessServiceCodes),
    )
    .map(([name]) => name);
  const businessServiceCodes = [
    ...new Set(
      serviceFields.flatMap((f) =>
        (Array.isArray(data[f]) ? (data[f] as unknown[]) : [data[f]]).filter((v): v is string => typeof v === 'string'),
      ),
    ),
  ];

  const dateFields = [
    ...input.reminders.map((r) => r.field),
    ...input.taskPlan.tasks.flatMap((t) => (t.due?.relativeTo === 'form-field' ? [t.due.field] : [])),
  ];
  const keyDates = [...new Set(dateFields)].flatMap((field) => {
    const date = text(field);
    return date ? [{ field, date }] : [];
  });

  return { region, businessServiceCodes, keyDates };
}
