import { OTHER_PATHS, problemResponseRef } from '@itsm/platform/service';

/** A JSON object as read from a service's OpenAPI document. */
export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, JsonObject>;
  components: Record<string, Record<string, unknown>>;
  tags: JsonObject[];
  webhooks?: Record<string, JsonObject>;
  'x-tagGroups': { name: string; tags: string[] }[];
  'x-unavailable-services': UnavailableService[];
  /** What paths the document does not list answer (from the gateway's own document). */
  'x-other-paths'?: JsonObject;
}

export interface UnavailableService {
  name: string;
  /** Safe to publish: no hosts or addresses. */
  reason: string;
}

/** What the gateway got from one service's `GET /openapi.json`. */
export type ServiceDocument =
  { service: string; document: unknown; ownRoutes?: boolean } | { service: string; unavailable: string };

export const PLATFORM_TITLE = 'ITSM platform API / ITSM 平台 API';
export const GATEWAY_API_VERSION = '1';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
// Key for the tag of untagged operations; cannot clash with a tag name a service declares.
const UNTAGGED = '\0untagged';
const COMPONENT_TYPES = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
];

/** `/offerings` of catalog → `/api/catalog/offerings`: the path a client calls at the gateway. */
export function gatewayPath(service: string, path: string): string {
  return `/api/${service}${path === '/' ? '' : path}`;
}

/** `Offering` of catalog → `catalog.Offering`: component names stay unique across services. */
export function componentName(service: string, name: string): string {
  return `${service}.${name}`;
}

/** `offerings` of catalog → `catalog: offerings`. */
export function tagName(service: string, tag: string): string {
  return `${service}: ${tag}`;
}

/**
 * Merges the services' OpenAPI 3.1 documents into the gateway's: paths under `/api/<service>`,
 * tags, operation ids, component names (and every `$ref`, discriminator mapping and security
 * requirement naming them) prefixed with the service, tags grouped per service in `x-tagGroups`.
 * Services that could not be read are listed in `x-unavailable-services` instead of failing.
 * Service-level `servers` are dropped: clients reach every service through the gateway.
 */
export function mergeOpenApi(
  services: readonly ServiceDocument[],
  options: { proxyProblems?: readonly number[] } = {},
): OpenApiDocument {
  const merged: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: PLATFORM_TITLE, version: GATEWAY_API_VERSION },
    paths: {},
    components: {},
    tags: [],
    'x-tagGroups': [],
    'x-unavailable-services': [],
  };
  const summaries: string[] = [];
  const proxied: JsonObject[] = [];
  let own: string | undefined;

  for (const entry of services) {
    if ('unavailable' in entry) {
      merged['x-unavailable-services'].push({ name: entry.service, reason: entry.unavailable });
      continue;
    }
    const document = entry.document;
    if (!isOpenApi3(document)) {
      merged['x-unavailable-services'].push({ name: entry.service, reason: 'not an OpenAPI 3 document' });
      continue;
    }
    const service = entry.service;
    const tags = new Map<string, JsonObject>();
    const security = Array.isArray(document.security) ? document.security : undefined;

    for (const tag of asArray(document.tags)) {
      if (isRecord(tag) && typeof tag.name === 'string')
        tags.set(tag.name, { ...tag, name: tagName(service, tag.name) });
    }
    for (const [path, item] of Object.entries(asRecord(document.paths))) {
      if (!isRecord(item)) continue;
      // The gateway's own routes are called as they are; a service's under /api/<service>.
      const rewritten = rewritePathItem(item, service, security, tags);
      merged.paths[entry.ownRoutes ? path : gatewayPath(service, path)] = rewritten;
      if (!entry.ownRoutes) proxied.push(rewritten);
    }
    if (entry.ownRoutes) {
      own = service;
      if (isRecord(document[OTHER_PATHS]))
        merged[OTHER_PATHS] = rewriteRefs(document[OTHER_PATHS], service) as JsonObject;
    }
    for (const [name, item] of Object.entries(asRecord(document.webhooks))) {
      if (isRecord(item))
        (merged.webhooks ??= {})[componentName(service, name)] = rewritePathItem(item, service, security, tags);
    }
    for (const type of COMPONENT_TYPES) {
      for (const [name, component] of Object.entries(asRecord(asRecord(document.components)[type]))) {
        (merged.components[type] ??= {})[componentName(service, name)] = rewriteRefs(component, service);
      }
    }

    merged.tags.push(...tags.values());
    merged['x-tagGroups'].push({ name: service, tags: [...tags.values()].map((t) => String(t.name)) });
    const info = asRecord(document.info);
    summaries.push(
      `- ${service}: ${typeof info.title === 'string' ? info.title : service}${typeof info.version === 'string' ? ` (v${info.version})` : ''}`,
    );
  }

  if (own !== undefined) addProxyProblems(proxied, options.proxyProblems ?? [], own, merged.components);
  merged.info.description = [
    'Every service of the platform through one gateway. Paths are `/api/<service>/...`; tags, operation ids and schema names carry the service name.',
    '平台全部服务经由同一网关访问。路径为 `/api/<服务>/...`；标签、操作 ID 与数据结构名均带有服务名前缀。',
    ...(summaries.length > 0 ? ['', ...summaries] : []),
  ].join('\n');
  return merged;
}

/**
 * The gateway answers some problems itself on every proxied operation (a refused key, a spent rate
 * limit, a service it cannot reach): documented by the gateway's own shared problem answers.
 */
function addProxyProblems(
  items: JsonObject[],
  statuses: readonly number[],
  own: string,
  components: OpenApiDocument['components'],
): void {
  const refs = statuses
    .map((status) => ({ status: String(status), $ref: rewriteRef(String(problemResponseRef(status)['$ref']), own) }))
    .filter(({ $ref }) => asRecord(components['responses'])[$ref.split('/').pop()!] !== undefined);
  for (const item of items) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const responses = (operation.responses = { ...asRecord(operation.responses) });
      for (const { status, $ref } of refs) responses[status] ??= { $ref };
    }
  }
}

function rewritePathItem(
  item: JsonObject,
  service: string,
  inheritedSecurity: unknown[] | undefined,
  tags: Map<string, JsonObject>,
): JsonObject {
  const { servers: _servers, ...rest } = item;
  const out = rewriteRefs(rest, service) as JsonObject;
  for (const method of HTTP_METHODS) {
    const operation = out[method];
    if (isRecord(operation)) out[method] = rewriteOperation(operation, service, inheritedSecurity, tags);
  }
  return out;
}

function rewriteOperation(
  operation: JsonObject,
  service: string,
  inheritedSecurity: unknown[] | undefined,
  tags: Map<string, JsonObject>,
): JsonObject {
  const { servers: _servers, ...out } = operation;
  const own = asArray(operation.tags).filter((t): t is string => typeof t === 'string');
  if (own.length === 0) {
    // Swagger UI would put it in an anonymous "default" group; the service's own group says more.
    if (!tags.has(UNTAGGED)) tags.set(UNTAGGED, { name: service });
    out.tags = [service];
  } else {
    for (const name of own) if (!tags.has(name)) tags.set(name, { name: tagName(service, name) });
    out.tags = own.map((name) => tagName(service, name));
  }
  if (typeof operation.operationId === 'string') out.operationId = componentName(service, operation.operationId);
  const security = Array.isArray(operation.security) ? operation.security : inheritedSecurity;
  if (security) out.security = security.map((requirement) => renameKeys(requirement, service));
  return out;
}

/** Deep copy with every local `$ref` (and discriminator mapping) pointing at the prefixed names. */
function rewriteRefs(value: unknown, service: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, service));
  if (!isRecord(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      out[key] = rewriteRef(child, service);
    } else if (key === 'discriminator' && isRecord(child) && isRecord(child.mapping)) {
      const mapping: JsonObject = {};
      for (const [k, target] of Object.entries(child.mapping))
        mapping[k] = typeof target === 'string' ? rewriteMappingTarget(target, service) : target;
      out[key] = { ...(rewriteRefs(child, service) as JsonObject), mapping };
    } else {
      out[key] = rewriteRefs(child, service);
    }
  }
  return out;
}

/** `#/components/schemas/X` → `#/components/schemas/<service>.X`, `#/paths/~1x` → `#/paths/~1api~1<service>~1x`. */
export function rewriteRef(ref: string, service: string): string {
  // Refs to other documents are the service's business; only local pointers move.
  if (!ref.startsWith('#/')) return ref;
  const segments = ref.slice(2).split('/').map(decodeSegment);
  if (segments[0] === 'components' && segments.length >= 3) segments[2] = componentName(service, segments[2]);
  else if (segments[0] === 'paths' && segments.length >= 2) segments[1] = gatewayPath(service, segments[1]);
  else if (segments[0] === 'webhooks' && segments.length >= 2) segments[1] = componentName(service, segments[1]);
  else return ref;
  return `#/${segments.map(encodeSegment).join('/')}`;
}

// A discriminator maps to a `$ref` or to a bare schema name.
function rewriteMappingTarget(target: string, service: string): string {
  return target.startsWith('#')
    ? rewriteRef(target, service)
    : target.includes('/')
      ? target
      : componentName(service, target);
}

function renameKeys(requirement: unknown, service: string): unknown {
  if (!isRecord(requirement)) return requirement;
  return Object.fromEntries(
    Object.entries(requirement).map(([scheme, scopes]) => [componentName(service, scheme), scopes]),
  );
}

function decodeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // not percent-encoded after all
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

function encodeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isOpenApi3(document: unknown): document is JsonObject {
  return isRecord(document) && typeof document.openapi === 'string' && /^3\.\d+\.\d+/.test(document.openapi);
}

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
