import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { httpRequestDuration } from './metrics';

/** Label for requests no route matched (404s, scanners), so their URLs never become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Route the middleware itself is mounted on; seeing it at the end means no controller matched. */
export const ALL_ROUTES = '{/*splat}';

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

function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string' || route.endsWith(ALL_ROUTES)) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${route}` || '/';
}
