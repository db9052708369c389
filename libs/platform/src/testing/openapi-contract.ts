import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { OTHER_PATHS } from '../service/openapi-document';

/** One HTTP answer as a server under test sent it. */
export interface HttpExchange {
  method: string;
  /** The request target as received (query string included). */
  url: string;
  status: number;
  headers: Record<string, number | string | string[] | undefined>;
  /** The body, when it was JSON (`application/json`, `…+json`); otherwise only its length counts. */
  body?: string;
  bodyLength: number;
}

type Json = { [key: string]: unknown };

const DOCUMENT_ID = 'openapi.json';

interface Route {
  template: string;
  pattern: RegExp;
  /** Literal characters: with two templates matching, the more literal one wins (`/a/search` over `/a/{id}`). */
  literal: number;
  item: Json;
}

/**
 * Checks HTTP answers against an OpenAPI 3.1 document: the operation (path template and method),
 * the status (exact, `4XX` range or `default`; anything else is undocumented), the media type,
 * the required response headers and the body against the media type's schema.
 *
 * Ajv's 2020-12 validator does the schema work over the document itself (OpenAPI 3.1 schemas are
 * JSON Schema 2020-12), with this small matcher in front. Why no ready-made OpenAPI validator:
 * openapi-response-validator and oas3-chow-chow speak OpenAPI 3.0 only (Ajv 6 `nullable`);
 * openapi-backend compiles 3.1 schemas with the draft-07 Ajv, checks only `application/json` bodies
 * (our errors are `application/problem+json`) and lets an undocumented status pass;
 * express-openapi-validator checks only what an express app sends through `res.json`, which misses
 * everything the gateway streams back from a service.
 */
export class OpenApiContract {
  // multipleOfPrecision: amounts like 19.99 are multiples of 0.01 to the services (zod allows for float error), so to the check too.
  private readonly ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateFormats: true,
    multipleOfPrecision: 9,
  });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    addFormats(this.ajv);
    // OpenAPI's own numeric formats say how wide a number is, not whether it is valid.
    for (const format of ['int32', 'int64', 'float', 'double'])
      this.ajv.addFormat(format, { type: 'number', validate: () => true });
    this.ajv.addSchema(document, DOCUMENT_ID);
    this.routes = Object.entries(asJson(document['paths'])).map(([template, item]) => ({
      template,
      pattern: new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map(escapeRegExp)
          .join('[^/]+')}$`,
      ),
      literal: template.replace(/\{[^}]+\}/g, '').length,
      item: asJson(item),
    }));
  }

  /** What in `exchange` the document does not say; empty when it matches. */
  check(exchange: HttpExchange): string[] {
    const method = exchange.method.toLowerCase();
    const path = decodePath(exchange.url.split('?')[0] ?? '/');
    const route = this.routes.filter((r) => r.pattern.test(path)).sort((a, b) => b.literal - a.literal)[0];
    // HEAD is answered by the GET route, without a body.
    const operation = route && asJson(route.item[method] ?? (method === 'head' ? route.item['get'] : undefined));
    let responses: Json;
    let where: string;
    if (route && Object.keys(operation).length > 0) {
      responses = asJson(operation['responses']);
      where = `/paths/${pointerEscape(route.template)}/${route.item[method] ? method : 'get'}/responses`;
    } else {
      responses = asJson(asJson(this.document[OTHER_PATHS])['responses']);
      where = `/${OTHER_PATHS}/responses`;
    }
    const label = `${exchange.method} ${exchange.url.split('?')[0]} → ${exchange.status}`;
    const status = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find(
      (key) => responses[key] !== undefined,
    );
    if (status === undefined) {
      const documented = Object.keys(responses).join(', ') || 'none';
      return [
        `${label}: status not documented for ${route && Object.keys(operation).length > 0 ? `${method.toUpperCase()} ${route.template}` : 'paths the document does not list'} (documented: ${documented})`,
      ];
    }
    const { node: response, pointer } = this.resolve(responses[status], `${where}/${status}`);
    return [
      ...this.checkHeaders(label, response, exchange),
      ...this.checkBody(label, method, response, pointer, exchange),
    ];
  }

  private checkHeaders(label: string, response: Json, exchange: HttpExchange): string[] {
    const problems: string[] = [];
    for (const [name, declared] of Object.entries(asJson(response['headers']))) {
      const header = this.resolve(declared, '').node;
      const value = exchange.headers[name.toLowerCase()];
      if (header['required'] === true && value === undefined)
        problems.push(`${label}: required header ${name} missing`);
    }
    return problems;
  }

  private checkBody(label: string, method: string, response: Json, pointer: string, exchange: HttpExchange): string[] {
    const content = asJson(response['content']);
    const mediaTypes = Object.keys(content);
    if (exchange.bodyLength === 0 || method === 'head') {
      return mediaTypes.length > 0 && method !== 'head' && exchange.status !== 204 && exchange.status !== 304
        ? [`${label}: empty body, documented ${mediaTypes.join(', ')}`]
        : [];
    }
    const contentType = String(exchange.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const mediaType = [contentType, `${contentType.split('/')[0]}/*`, '*/*'].find(
      (type) => content[type] !== undefined,
    );
    if (mediaType === undefined)
      return [
        `${label}: body of type '${contentType || 'none'}' not documented (documented: ${mediaTypes.join(', ') || 'no body'})`,
      ];
    const schema = asJson(content[mediaType])['schema'];
    if (schema === undefined || exchange.body === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(exchange.body);
    } catch {
      return [`${label}: body is not JSON although sent as ${contentType}`];
    }
    const validate = this.validator(`${pointer}/content/${pointerEscape(mediaType)}/schema`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${label}: body${e.instancePath || ''} ${e.message ?? 'is invalid'}${paramsOf(e.params)} (schema ${e.schemaPath})`,
    );
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${encodeURI(pointer)}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }

  /** Follows `$ref`s (to a response or header component) inside the document: the object and its JSON pointer. */
  private resolve(value: unknown, pointer: string): { node: Json; pointer: string } {
    let node = asJson(value);
    for (let hops = 0; typeof node['$ref'] === 'string' && hops < 10; hops++) {
      pointer = node['$ref'].slice(1);
      node = asJson(
        pointer
          .slice(1)
          .split('/')
          .map((segment) => decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~'))
          .reduce<unknown>((at, key) => asJson(at)[key], this.document),
      );
    }
    return { node, pointer };
  }
}

function paramsOf(params: Record<string, unknown>): string {
  const shown = Object.entries(params).filter(([, value]) => value !== undefined);
  return shown.length > 0 ? ` ${JSON.stringify(Object.fromEntries(shown))}` : '';
}

function asJson(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pointerEscape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
