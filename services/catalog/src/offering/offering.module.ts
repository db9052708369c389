import { Module } from '@nestjs/common';
import { OfferingController } from './offering.controller';
import { OfferingRepository } from './offering.repository';
import { CreateOfferingUseCase } from './use-cases/create-offering';
import { UpdateOfferingDraftUseCase } from './use-cases/update-offering-draft';
import { PublishOfferingUseCase } from './use-cases/publish-offering';
import { RetireOfferingUseCase } from './use-cases/retire-offering';
import { ReinstateOfferingUseCase } from './use-cases/reinstate-offering';

const useCases = [
  CreateOfferingUseCase,
  UpdateOfferingDraftUseCase,
  PublishOfferingUseCase,
  RetireOfferingUseCase,
  ReinstateOfferingUseCase,
];

@Module({ controllers: [OfferingController], providers: [OfferingRepository, ...useCases], exports: useCases })
export class OfferingModule {}
