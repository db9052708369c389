import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { Page, pageOf } from '@itsm/platform/database';
import { Request } from '../request/request.entity';
import { addBusinessFilter, BusinessFilter, Conditions } from '../request/queue-filters';
import { CatalogProjection } from '../catalog-projection/catalog-projection.repository';
import { Approval } from './approval.entity';

export interface MyApprovalsFilter extends BusinessFilter {
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  limit: number;
  after?: string;
}

@Injectable()
export class ApprovalRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projection: CatalogProjection,
  ) {}

  forRequest(requestId: string): Promise<Approval[]> {
    return this.dataSource
      .getRepository(Approval)
      .find({ where: { requestId }, order: { stageIndex: 'ASC', id: 'ASC' } });
  }

  /**
   * Approvals waiting for the caller: named to them, or for a role they hold in its department
   * (and not in a stage where they already voted). For other statuses: the ones they decided.
   * Oldest first; one index walk per way of being asked (named, each role and department), merged.
   */
  async mine(p: Principal, f: MyApprovalsFilter): Promise<Page<{ approval: Approval; request: Request }>> {
    const c = new Conditions().add('a.status = :status', { status: f.status, subject: p.subject, limit: f.limit + 1 });
    addBusinessFilter(c, f, 'a', true);
    if (f.after) c.add('a.id > :after', { after: f.after });
    const ways: string[] = [];
    if (f.status === 'pending') {
      ways.push(`a.approver_kind = 'user' and lower(a.approver) = lower(:subject)`);
      (await this.projection.accessScope(p)).roleSlots.forEach(({ role, departmentId }, i) => {
        c.params[`role${i}`] = role;
        c.params[`roleDepartment${i}`] = departmentId;
        ways.push(
          `a.approver_kind = 'role' and a.approver_role = :role${i} and a.approver_department_id = :roleDepartment${i}
           and not exists (select from approval o where o.request_id = a.request_id and o.stage_index = a.stage_index and o.decided_by = :subject)`,
        );
      });
    } else {
      ways.push('a.decided_by = :subject');
    }
    const walks = ways.map(
      (way) => `(select a.id from approval a where ${way} and ${c.where.join(' and ')} order by a.id limit :limit)`,
    );
    const rows = await this.dataSource
      .getRepository(Approval)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.request', Request, 'r', 'r.id = a.request_id')
      .where(`a.id = any(array(${walks.join(' union ')}))`, c.params)
      .orderBy('a.id', 'ASC')
      .limit(f.limit + 1)
      .getMany();
    const page = pageOf(rows, f.limit, (a) => ({ id: a.id }));
    return {
      items: page.items.map((a) => ({ approval: a, request: (a as Approval & { request: Request }).request })),
      nextCursor: page.nextCursor,
    };
  }
}
