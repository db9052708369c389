import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@itsm/platform/auth';
import { Page, pageOf } from '@itsm/platform/database';
import { Request } from '../request/request.entity';
import { applyBusinessFilter, BusinessFilter } from '../request/queue-filters';
import { Approval } from './approval.entity';

export interface MyApprovalsFilter extends BusinessFilter {
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  limit: number;
  after?: string;
}

@Injectable()
export class ApprovalRepository {
  constructor(private readonly dataSource: DataSource) {}

  forRequest(requestId: string): Promise<Approval[]> {
    return this.dataSource.getRepository(Approval).find({ where: { requestId }, order: { stageIndex: 'ASC', id: 'ASC' } });
  }

  /**
   * Approvals waiting for the caller: named to them, or for a role they hold in its department
   * (and not in a stage where they already voted). For other statuses: the ones they decided.
   */
  async mine(p: Principal, f: MyApprovalsFilter): Promise<Page<{ approval: Approval; request: Request }>> {
    const qb = this.dataSource.getRepository(Approval).createQueryBuilder('a').innerJoinAndMapOne('a.request', Request, 'r', 'r.id = a.request_id');
    qb.where('a.status = :status', { status: f.status });
    if (f.status === 'pending') {
      qb.andWhere(
        `((a.approver_kind = 'user' and lower(a.approver) = lower(:subject))
          or (a.approver_kind = 'role' and a.approver_role = any(:roles)
              and a.approver_department_id in (select d.id from catalog_department d where d.code = any(:departments))
              and not exists (select 1 from approval o where o.request_id = a.request_id and o.stage_index = a.stage_index and o.decided_by = :subject)))`,
        { subject: p.subject, roles: [...p.roles], departments: p.departments },
      );
    } else {
      qb.andWhere('a.decided_by = :subject', { subject: p.subject });
    }
    applyBusinessFilter(qb, f);
    if (f.after) qb.andWhere('a.id > :after', { after: f.after });
    const rows = await qb.orderBy('a.id', 'ASC').limit(f.limit + 1).getMany();
    const page = pageOf(rows, f.limit, (a) => ({ id: a.id }));
    return { items: page.items.map((a) => ({ approval: a, request: (a as Approval & { request: Request }).request })), nextCursor: page.nextCursor };
  }
}
