import type { Request } from 'express';

/** Label for requests no route matched (404s, scanners), so their URLs never become series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Route our middleware is mounted on; still seeing it at the end means no controller matched. */
export const ALL_ROUTES = '{/*splat}';

const PROBE_PATHS = /^\/(metrics|health)(\/|$|\?)/;

/** Scrapes and health probes: not traced, not access-logged (they come every few seconds). */
export function isProbePath(url: string | undefined): boolean {
  return PROBE_PATHS.test(url ?? '');
}

/** The matched route pattern (`/offerings/:id`), once express has routed the request. */
export function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string' || route.endsWith(ALL_ROUTES)) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${route}` || '/';
}
