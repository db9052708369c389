import { Module } from '@nestjs/common';
import { BusinessLineController } from './business-line.controller';
import { SaveBusinessLine } from './use-cases/save-business-line';

@Module({ controllers: [BusinessLineController], providers: [SaveBusinessLine], exports: [SaveBusinessLine] })
export class BusinessLineModule {}
