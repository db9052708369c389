import { Module } from '@nestjs/common';
import { WorkflowModule } from '../shared/workflow.module';
import { TaskController } from './task.controller';
import { CompleteTaskUseCase } from './use-cases/complete-task';
import { FailTaskUseCase } from './use-cases/fail-task';
import { SkipTaskUseCase } from './use-cases/skip-task';
import { ReopenTaskUseCase } from './use-cases/reopen-task';
import { AssignTaskUseCase } from './use-cases/assign-task';
import { SetAssignmentRuleUseCase } from './use-cases/set-assignment-rule';

@Module({
  imports: [WorkflowModule],
  controllers: [TaskController],
  providers: [
    CompleteTaskUseCase,
    FailTaskUseCase,
    SkipTaskUseCase,
    ReopenTaskUseCase,
    AssignTaskUseCase,
    SetAssignmentRuleUseCase,
  ],
})
export class TaskModule {}
