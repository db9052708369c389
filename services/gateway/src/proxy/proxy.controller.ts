import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { GatewayPipeline } from './gateway-pipeline';

/** Everything under `/api/<service>` that no gateway route claimed goes through the pipeline. */
@ApiExcludeController()
@Controller('api')
export class ProxyController {
  constructor(private readonly pipeline: GatewayPipeline) {}

  @All([':service', ':service/*path'])
  forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.pipeline.handle(req, res);
  }
}
