import { Module } from '@nestjs/common';
import { CatalogProjectionModule } from '../catalog-projection/catalog-projection.module';
import { RequestLifecycle } from '../request/request-lifecycle';
import { RequestRepository } from '../request/request.repository';
import { ApprovalWorkflow } from '../approval/approval-workflow';
import { ApprovalRepository } from '../approval/approval.repository';
import { Fulfilment } from '../task/fulfilment';
import { TaskRepository } from '../task/task.repository';
import { AssignmentTurns } from '../task/assignment-turns';

const core = [
  RequestLifecycle,
  RequestRepository,
  ApprovalWorkflow,
  ApprovalRepository,
  Fulfilment,
  TaskRepository,
  AssignmentTurns,
];

/**
 * What requests, approvals and tasks share: the request lifecycle, approval stages and task
 * fulfilment call each other (an approval starts fulfilment; a completed task fulfils the request),
 * so they live in one module that the three HTTP modules import, without circular modules.
 */
@Module({ imports: [CatalogProjectionModule], providers: core, exports: [...core, CatalogProjectionModule] })
export class WorkflowModule {}
