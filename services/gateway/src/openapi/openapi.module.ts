import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller';
import { ServiceDocuments } from './service-documents';
import { DocsPage } from './docs-page';

@Module({
  controllers: [OpenApiController],
  providers: [ServiceDocuments, { provide: DocsPage, useFactory: () => new DocsPage() }],
})
export class OpenApiModule {}
