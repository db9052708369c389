import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AssignmentStrategy } from '@itsm/contracts';
import type { Principal } from '@itsm/platform/auth';
import { ChangeRecorder } from '@itsm/platform/audit';
import { NotFoundError } from '@itsm/platform/errors';
import { CatalogProjection } from '../../catalog-projection/catalog-projection.repository';
import { isAdminOf } from '../../shared/access';
import { RequestActionForbiddenError } from '../../request/request.errors';
import { AssignmentRule } from '../task.entity';
import { localized } from '@itsm/contracts';

/** How a team's tasks are shared out is data its department admin edits (round robin or least-loaded). */
@Injectable()
export class SetAssignmentRuleUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: CatalogProjection,
    private readonly changes: ChangeRecorder,
  ) {}

  execute(teamId: string, strategy: AssignmentStrategy, actor: Principal): Promise<AssignmentRule> {
    return this.dataSource.transaction(async (m) => {
      const team = (await this.projection.teams([teamId], m)).get(teamId);
      if (!team)
        throw new NotFoundError('requests.team.not_found', localized(`no team ${teamId}`, `没有团队 ${teamId}`));
      const department = await this.projection.departmentCode(team.departmentId, m);
      if (!isAdminOf(actor, department)) {
        throw new RequestActionForbiddenError(
          'requests.assignment_rule.forbidden',
          "only an admin of the team's department may change how its tasks are assigned",
          '只有团队所属部门的管理员可以修改分派规则',
        );
      }
      await m.query(
        `insert into assignment_rule (team_id, strategy) values ($1, 'round-robin') on conflict (team_id) do nothing`,
        [teamId],
      );
      const rule = await m
        .getRepository(AssignmentRule)
        .findOneOrFail({ where: { teamId }, lock: { mode: 'pessimistic_write' } });
      const before = { strategy: rule.strategy };
      rule.strategy = strategy;
      rule.updatedBy = actor.subject;
      const saved = await m.save(rule);
      // No event: assignment rules stay inside this service; the change is still audited.
      await this.changes.record(m, {
        events: [],
        objectId: teamId,
        action: 'assignment-rule.changed',
        objectType: 'assignment-rule',
        department,
        before,
        after: { strategy },
      });
      return saved;
    });
  }
}
