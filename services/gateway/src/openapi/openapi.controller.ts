import { Controller, Get, Header, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { buildAsyncApiDocument, localized } from '@itsm/contracts';
import { NotFoundError } from '@itsm/platform/errors';
import { DocsPage } from './docs-page';
import { mergeOpenApi, type OpenApiDocument } from './merge-openapi';
import { ServiceDocuments } from './service-documents';
import { GatewayDocument, PROXY_PROBLEMS } from './gateway-document';

/** The aggregated API document and the page that renders it. Declared before the proxy's catch-all. */
@ApiTags('documents')
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
  @ApiOperation({ summary: 'This document: every service behind the gateway · 聚合的 OpenAPI 3.1 文档' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['openapi', 'paths'] } })
  async document(@Req() req: Request): Promise<OpenApiDocument> {
    const services = await this.documents.fetchAll(req.id === undefined ? undefined : String(req.id));
    return mergeOpenApi([{ service: 'gateway', document: this.gateway.document, ownRoutes: true }, ...services], {
      proxyProblems: PROXY_PROBLEMS,
    });
  }

  /** The event side of the API: every Kafka topic and event version integrations can subscribe to. */
  @Get('asyncapi.json')
  @ApiOperation({ summary: 'Kafka topics and events as AsyncAPI 3 · 事件主题（AsyncAPI 3）' })
  @ApiResponse({ status: 200, schema: { type: 'object', required: ['asyncapi'] } })
  asyncApi() {
    return buildAsyncApiDocument();
  }

  @Get('docs')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'API docs page (Swagger UI) · 接口文档页面' })
  @ApiProduces('text/html')
  @ApiResponse({ status: 200, content: { 'text/html': { schema: { type: 'string' } } } })
  page(): string {
    return this.docs.html;
  }

  @Get('docs/:asset')
  @ApiOperation({ summary: "Swagger UI's scripts, styles and icons · 文档页面的静态资源" })
  @ApiResponse({
    status: 200,
    content: Object.fromEntries(
      ['text/css', 'text/javascript', 'application/javascript', 'image/png'].map((type) => [
        type,
        { schema: { type: 'string' } },
      ]),
    ),
  })
  @ApiResponse({ status: 404, description: 'gateway.docs.asset_not_found' })
  async asset(@Param('asset') name: string, @Res() res: Response): Promise<void> {
    const asset = this.docs.asset(name);
    if (!asset) {
      throw new NotFoundError(
        'gateway.docs.asset_not_found',
        localized(`no docs asset '${name}'`, `文档页面没有资源「${name}」`),
      );
    }
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if ('file' in asset) {
      // With a callback express leaves errors to us, and the problem filter answers instead of an HTML page.
      const file = asset.file;
      await new Promise<void>((resolve, reject) =>
        res.sendFile(file, (error?: Error) => (error ? reject(error) : resolve())),
      );
    } else {
      res.type(asset.contentType).send(asset.body);
    }
  }
}
