import { EntityManager } from 'typeorm';
import { ValidationError } from '@itsm/platform/errors';
import { OfferingContent } from './dto/offering.dto';
import { checkFieldReferences, checkFormSchema, teamReferences } from './offering-rules';
import { missingIds } from '../shared/persistence';
import { localized } from '@itsm/contracts';

/**
 * Everything that must hold before a draft is saved or published, beyond the request's shape:
 * valid form and task output schemas, form fields that exist, and teams and departments that exist and are active.
 * Each kind of failure has its own code, so clients can tell them apart.
 */
export async function checkOfferingContent(m: EntityManager, content: OfferingContent): Promise<void> {
  const schemaErrors = [
    ...checkFormSchema(content.formSchema),
    ...content.taskPlan.tasks.flatMap((task, i) =>
      task.outputSchema ? checkFormSchema(task.outputSchema, `taskPlan.tasks[${i}].outputSchema`) : [],
    ),
  ];
  if (schemaErrors.length) throw new ValidationError(schemaErrors, undefined, { code: 'catalog.form_schema.invalid' });

  const fieldErrors = checkFieldReferences(content);
  if (fieldErrors.length) throw new ValidationError(fieldErrors, undefined, { code: 'catalog.form_field.unknown' });

  const refs = teamReferences(content);
  const missingTeams = new Set(
    await missingIds(
      m,
      'team',
      refs.map((r) => r.teamId),
    ),
  );
  if (missingTeams.size) {
    throw new ValidationError(
      refs
        .filter((r) => missingTeams.has(r.teamId))
        .map((r) => ({
          path: r.path,
          code: 'unknown_team',
          message: localized(`no active team ${r.teamId}`, `没有启用中的团队 ${r.teamId}`),
        })),
      undefined,
      { code: 'catalog.team.unknown' },
    );
  }

  const departments = [content.departmentId, ...content.audience.departmentIds];
  const missingDepartments = new Set(await missingIds(m, 'department', departments));
  if (missingDepartments.size) {
    const fields = [
      ...(missingDepartments.has(content.departmentId)
        ? [
            {
              path: 'departmentId',
              code: 'unknown_department',
              message: localized(
                `no active department ${content.departmentId}`,
                `没有启用中的部门 ${content.departmentId}`,
              ),
            },
          ]
        : []),
      ...content.audience.departmentIds.flatMap((id, i) =>
        missingDepartments.has(id)
          ? [
              {
                path: `audience.departmentIds[${i}]`,
                code: 'unknown_department',
                message: localized(`no active department ${id}`, `没有启用中的部门 ${id}`),
              },
            ]
          : [],
      ),
    ];
    throw new ValidationError(fields, undefined, { code: 'catalog.department.unknown' });
  }
}
