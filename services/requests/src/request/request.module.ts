import { Module } from '@nestjs/common';
import { WorkflowModule } from '../shared/workflow.module';
import { RequestController } from './request.controller';
import { SubmitRequestUseCase } from './use-cases/submit-request';
import { CancelRequestUseCase } from './use-cases/cancel-request';
import { CloseRequestUseCase } from './use-cases/close-request';
import { ReopenRequestUseCase } from './use-cases/reopen-request';
import { UpdateRequestUseCase } from './use-cases/update-request';
import { AddCommentUseCase } from './use-cases/add-comment';

const useCases = [
  SubmitRequestUseCase,
  CancelRequestUseCase,
  CloseRequestUseCase,
  ReopenRequestUseCase,
  UpdateRequestUseCase,
  AddCommentUseCase,
];

@Module({ imports: [WorkflowModule], controllers: [RequestController], providers: useCases, exports: useCases })
export class RequestModule {}
