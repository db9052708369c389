import { Module } from '@nestjs/common';
import { BusinessServiceController } from './business-service.controller';
import { SaveBusinessService } from './use-cases/save-business-service';

@Module({ controllers: [BusinessServiceController], providers: [SaveBusinessService], exports: [SaveBusinessService] })
export class BusinessServiceModule {}
