import { Module } from '@nestjs/common';
import { WorkflowModule } from '../shared/workflow.module';
import { ApprovalController } from './approval.controller';
import { DecideApprovalUseCase } from './use-cases/decide-approval';
import { DelegateApprovalUseCase } from './use-cases/delegate-approval';

@Module({
  imports: [WorkflowModule],
  controllers: [ApprovalController],
  providers: [DecideApprovalUseCase, DelegateApprovalUseCase],
})
export class ApprovalModule {}
