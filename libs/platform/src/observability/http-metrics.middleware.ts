import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics';
import { routeOf } from './route-of';

/** Times every request; the route label is read once express has matched a route. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  private readonly histogram = httpRequestDuration();

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.histogram.observe({ method: req.method, route: routeOf(req), status: String(res.statusCode) }, seconds);
    });
    next();
  }
}
