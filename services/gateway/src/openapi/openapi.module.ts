import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller';
import { ServiceDocuments } from './service-documents';
import { DocsPage } from './docs-page';
import { GatewayDocument } from './gateway-document';

@Module({
  controllers: [OpenApiController],
  providers: [ServiceDocuments, { provide: DocsPage, useFactory: () => new DocsPage() }, GatewayDocument],
  exports: [GatewayDocument],
})
export class OpenApiModule {}
