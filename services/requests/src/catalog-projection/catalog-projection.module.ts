import { Module } from '@nestjs/common';
import { CatalogProjectionConsumer } from './catalog-projection.consumer';
import { CatalogProjection } from './catalog-projection.repository';

@Module({ controllers: [CatalogProjectionConsumer], providers: [CatalogProjection], exports: [CatalogProjection] })
export class CatalogProjectionModule {}
