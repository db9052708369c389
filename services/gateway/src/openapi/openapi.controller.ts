import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { buildAsyncApiDocument } from '@itsm/contracts';
import { NotFoundError } from '@itsm/platform/errors';
import { DocsPage } from './docs-page';
import { mergeOpenApi, type OpenApiDocument } from './merge-openapi';
import { ServiceDocuments } from './service-documents';
import { GatewayDocument } from './gateway-document';

/** The aggregated API document and the page that renders it. Declared before the proxy's catch-all. */
@ApiExcludeController()
@Controller('api')
export class OpenApiController {
  constructor(
    private readonly documents: ServiceDocuments,
    private readonly docs: DocsPage,
    private readonly gateway: GatewayDocument,
  ) {}

  /** Built fresh on each call: services come and go, and this is read by people and tools, not hot paths. */
  @Get('openapi.json')
  @Header('Cache-Control', 'no-cache')
  async document(@Req() req: Request): Promise<OpenApiDocument> {
    const services = await this.documents.fetchAll(req.id === undefined ? undefined : String(req.id));
    return mergeOpenApi([{ service: 'gateway', document: this.gateway.document, ownRoutes: true }, ...services]);
  }

  /** The event side of the API: every Kafka topic and event version integrations can subscribe to. */
  @Get('asyncapi.json')
  asyncApi() {
    return buildAsyncApiDocument();
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return this.docs.html;
  }

  @Get('docs/:asset')
  async asset(@Param('asset') name: string, @Res() res: Response): Promise<void> {
    const asset = this.docs.asset(name);
    if (!asset) {
      throw new NotFoundError('gateway.docs.asset_not_found', { en: `no docs asset '${name}'`, 'zh-CN': `文档页面没有资源「${name}」` });
    }
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if ('file' in asset) {
      // With a callback express leaves errors to us, and the problem filter answers instead of an HTML page.
      const file = asset.file;
      await new Promise<void>((resolve, reject) => res.sendFile(file, (error?: Error) => (error ? reject(error) : resolve())));
    } else {
      res.type(asset.contentType).send(asset.body);
    }
  }
}
