export const API_PREFIX = '/api/';

/** Where a gateway URL goes: `/api/catalog/offerings?limit=5` → catalog, `/offerings?limit=5`. */
export interface GatewayRoute {
  service: string;
  /** Path and query for the service; at least `/`. */
  path: string;
}

/** The route of a raw request URL, or undefined when it is not under `/api/<service>`. */
export function routeOf(url: string): GatewayRoute | undefined {
  if (!url.startsWith(API_PREFIX)) return undefined;
  const rest = url.slice(API_PREFIX.length);
  const end = rest.search(/[/?]/);
  const service = end === -1 ? rest : rest.slice(0, end);
  if (service === '') return undefined;
  const tail = end === -1 ? '' : rest.slice(end);
  return { service, path: tail.startsWith('/') ? tail : `/${tail}` };
}

/**
 * True when the path has `.` or `..` segments, plain or percent-encoded. Services never need them,
 * and sent on they would let a caller climb out of a service's base path.
 */
export function hasDotSegments(path: string): boolean {
  const pathname = path.split('?')[0];
  return pathname.split('/').some((segment) => {
    const decoded = safeDecode(segment);
    return decoded === '.' || decoded === '..';
  });
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
