import { Module } from '@nestjs/common';
import { RegionController } from './region.controller';
import { SaveRegion } from './use-cases/save-region';

@Module({ controllers: [RegionController], providers: [SaveRegion], exports: [SaveRegion] })
export class RegionModule {}
