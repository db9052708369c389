import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TeamChangedV1, localized } from '@itsm/contracts';
import { inTransaction, newId } from '@itsm/platform/database';
import { ValidationError } from '@itsm/platform/errors';
import { ChangeRecorder } from '@itsm/platform/audit';
import { Team } from '../team.entity';
import { CreateTeam, UpdateTeam } from '../dto/team.dto';
import { lockById, missingIds, saveWithEvent } from '../../shared/persistence';
import { checkExpectedVersion } from '../../shared/optimistic-lock';
import { departmentCodeOf } from '../../shared/access';

@Injectable()
export class SaveTeam {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeRecorder,
  ) {}

  create(input: CreateTeam, tx?: EntityManager): Promise<Team> {
    return inTransaction(this.dataSource, tx, async (m) => {
      if ((await missingIds(m, 'department', [input.departmentId])).length) {
        throw new ValidationError(
          [
            {
              path: 'departmentId',
              code: 'unknown_department',
              message: localized(
                `no active department ${input.departmentId}`,
                `没有启用中的部门 ${input.departmentId}`,
              ),
            },
          ],
          undefined,
          { code: 'catalog.department.unknown' },
        );
      }
      assertUniqueMembers(input.members.map((x) => x.userId));
      await assertKnownRegions(m, input.regions);
      return this.save(m, m.create(Team, { id: newId(), ...input, archived: false }));
    });
  }

  update(id: string, input: UpdateTeam): Promise<Team> {
    return this.dataSource.transaction(async (m) => {
      const team = await lockById(m, Team, id, 'catalog.team.not_found');
      const before = team.toSnapshot();
      checkExpectedVersion(team, input.expectedVersion, 'team');
      if (input.name) team.name = input.name;
      if (input.regions) {
        await assertKnownRegions(m, input.regions);
        team.regions = [...new Set(input.regions)];
      }
      if (input.members) {
        assertUniqueMembers(input.members.map((x) => x.userId));
        team.members = input.members;
      }
      if (input.archived !== undefined) team.archived = input.archived;
      return this.save(m, team, before);
    });
  }

  private async save(m: EntityManager, team: Team, before: object | null = null): Promise<Team> {
    return saveWithEvent(m, this.changes, team, TeamChangedV1, (s) => s.toSnapshot(), 'catalog.team.code_taken', {
      objectType: 'team',
      before,
      department: await departmentCodeOf(m, team.departmentId),
    });
  }
}

function assertUniqueMembers(userIds: string[]): void {
  const seen = new Set<string>();
  const fields = userIds.flatMap((id, i) => {
    if (!seen.has(id)) return seen.add(id) && [];
    return [
      {
        path: `members[${i}].userId`,
        code: 'duplicate',
        message: localized(`member '${id}' is listed twice`, `成员「${id}」重复出现`),
      },
    ];
  });
  if (fields.length) throw new ValidationError(fields);
}

/** Every region a team is given must be one the catalog knows and has not archived. */
async function assertKnownRegions(m: EntityManager, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const known = new Set(
    (
      (await m.query('select code from region where code = any($1) and not archived', [codes])) as { code: string }[]
    ).map((r) => r.code),
  );
  const fields = codes.flatMap((code, i) =>
    known.has(code)
      ? []
      : [
          {
            path: `regions[${i}]`,
            code: 'unknown_region',
            message: localized(
              `no region '${code}': create it under /regions first`,
              `没有区域「${code}」：请先在 /regions 下创建`,
            ),
          },
        ],
  );
  if (fields.length) {
    throw new ValidationError(
      fields,
      localized(
        `unknown region(s): ${codes.filter((c) => !known.has(c)).join(', ')}`,
        `未知区域：${codes.filter((c) => !known.has(c)).join('、')}`,
      ),
      { code: 'catalog.region.unknown' },
    );
  }
}
