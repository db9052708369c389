import { duplicateOperationIds, refsOf, unresolvedRefs } from '../../test/openapi-structure';
import { componentName, gatewayPath, mergeOpenApi, PLATFORM_TITLE, rewriteRef, tagName } from './merge-openapi';

const catalog = {
  openapi: '3.1.0',
  info: { title: 'Service catalog API / 服务目录 API', version: '1' },
  servers: [{ url: 'http://catalog:3001' }],
  tags: [{ name: 'offerings', description: 'Offerings / 服务项' }],
  security: [{ bearer: [] }],
  paths: {
    '/offerings': {
      get: {
        operationId: 'listOfferings',
        tags: ['offerings'],
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OfferingPage' } } },
          },
        },
      },
      post: {
        operationId: 'createOffering',
        tags: ['offerings'],
        security: [],
        requestBody: { $ref: '#/components/requestBodies/OfferingInput' },
        responses: { default: { $ref: '#/components/responses/Problem' } },
      },
    },
    '/offerings/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }],
      servers: [{ url: 'http://elsewhere' }],
      get: { operationId: 'getOffering', responses: { '200': { description: 'ok' } } },
    },
  },
  components: {
    schemas: {
      Offering: {
        type: 'object',
        properties: { id: { type: 'string' }, owner: { $ref: '#/components/schemas/Team' } },
      },
      OfferingPage: {
        type: 'object',
        properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Offering' } } },
      },
      Team: { type: 'object' },
      Pet: {
        oneOf: [{ $ref: '#/components/schemas/Team' }, { $ref: '#/components/schemas/Offering' }],
        discriminator: { propertyName: 'kind', mapping: { team: 'Team', offering: '#/components/schemas/Offering' } },
      },
    },
    requestBodies: {
      OfferingInput: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Offering' } } } },
    },
    responses: {
      Problem: { description: 'problem', content: { 'application/problem+json': { schema: { type: 'object' } } } },
    },
    parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'string' } } },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
  },
};

// Another service with colliding names: merging must keep both.
const requests = {
  openapi: '3.1.0',
  info: { title: 'Requests API / 请求 API', version: '2' },
  paths: {
    '/offerings': {
      get: {
        operationId: 'listOfferings',
        tags: ['offerings'],
        responses: { '200': { $ref: '#/components/responses/Page' } },
      },
    },
  },
  components: {
    schemas: { Offering: { type: 'object', properties: { copy: { type: 'boolean' } } } },
    responses: {
      Page: {
        description: 'ok',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Offering' } } },
      },
    },
  },
};

describe('mergeOpenApi', () => {
  const merged = mergeOpenApi([
    { service: 'catalog', document: catalog },
    { service: 'requests', document: requests },
    { service: 'sla', unavailable: 'no answer within 3000 ms' },
  ]);

  it('is an OpenAPI 3.1 document with the bilingual platform title', () => {
    expect(merged.openapi).toBe('3.1.0');
    expect(merged.info.title).toBe(PLATFORM_TITLE);
    expect(merged.info.description).toContain('- catalog: Service catalog API / 服务目录 API (v1)');
  });

  it('puts every path under /api/<service>', () => {
    expect(Object.keys(merged.paths).sort()).toEqual([
      '/api/catalog/offerings',
      '/api/catalog/offerings/{id}',
      '/api/requests/offerings',
    ]);
  });

  it('prefixes component names so equal names of two services both survive', () => {
    const schemas = merged.components.schemas;
    expect(Object.keys(schemas).sort()).toEqual([
      'catalog.Offering',
      'catalog.OfferingPage',
      'catalog.Pet',
      'catalog.Team',
      'requests.Offering',
    ]);
    expect(schemas['requests.Offering']).toEqual(requests.components.schemas.Offering);
    expect(Object.keys(merged.components.securitySchemes)).toEqual(['catalog.bearer']);
  });

  it('rewrites every $ref so each one resolves inside the merged document', () => {
    expect(unresolvedRefs(merged)).toEqual([]);
    expect(refsOf(merged)).toEqual(
      expect.arrayContaining(['#/components/schemas/catalog.OfferingPage', '#/components/parameters/catalog.Id']),
    );
    expect(refsOf(merged).every((ref) => /^#\/components\/\w+\/(catalog|requests)\./.test(ref))).toBe(true);
  });

  it('rewrites discriminator mappings, by $ref and by bare name', () => {
    expect(merged.components.schemas['catalog.Pet']).toMatchObject({
      discriminator: {
        propertyName: 'kind',
        mapping: { team: 'catalog.Team', offering: '#/components/schemas/catalog.Offering' },
      },
    });
  });

  it('namespaces tags and operation ids and groups tags per service', () => {
    const list = merged.paths['/api/catalog/offerings'].get as { tags: string[]; operationId: string };
    expect(list).toMatchObject({ tags: ['catalog: offerings'], operationId: 'catalog.listOfferings' });
    expect(merged.tags).toEqual([
      { name: 'catalog: offerings', description: 'Offerings / 服务项' },
      { name: 'catalog' },
      { name: 'requests: offerings' },
    ]);
    expect(merged['x-tagGroups']).toEqual([
      { name: 'catalog', tags: ['catalog: offerings', 'catalog'] },
      { name: 'requests', tags: ['requests: offerings'] },
    ]);
    expect(duplicateOperationIds(merged)).toEqual([]);
  });

  it('gives untagged operations the service as their tag', () => {
    expect(merged.paths['/api/catalog/offerings/{id}'].get).toMatchObject({
      tags: ['catalog'],
      operationId: 'catalog.getOffering',
    });
  });

  it('carries the service-wide security onto its operations, keeping explicit overrides', () => {
    expect(merged.paths['/api/catalog/offerings'].get).toMatchObject({ security: [{ 'catalog.bearer': [] }] });
    expect(merged.paths['/api/catalog/offerings'].post).toMatchObject({ security: [] });
    expect(merged.paths['/api/requests/offerings'].get).not.toHaveProperty('security');
    expect(merged).not.toHaveProperty('security');
  });

  it('drops service servers: clients go through the gateway', () => {
    expect(merged).not.toHaveProperty('servers');
    expect(merged.paths['/api/catalog/offerings/{id}']).not.toHaveProperty('servers');
  });

  it('lists services that could not be read instead of failing', () => {
    expect(merged['x-unavailable-services']).toEqual([{ name: 'sla', reason: 'no answer within 3000 ms' }]);
    const broken = mergeOpenApi([{ service: 'catalog', document: { swagger: '2.0' } }]);
    expect(broken['x-unavailable-services']).toEqual([{ name: 'catalog', reason: 'not an OpenAPI 3 document' }]);
    expect(broken.paths).toEqual({});
  });

  it('does not touch the documents it was given', () => {
    const before = JSON.stringify(catalog);
    mergeOpenApi([{ service: 'catalog', document: catalog }]);
    expect(JSON.stringify(catalog)).toBe(before);
  });
});

describe('naming helpers', () => {
  it('maps paths, components and tags', () => {
    expect(gatewayPath('catalog', '/offerings/{id}')).toBe('/api/catalog/offerings/{id}');
    expect(gatewayPath('catalog', '/')).toBe('/api/catalog');
    expect(componentName('catalog', 'Offering')).toBe('catalog.Offering');
    expect(tagName('catalog', 'offerings')).toBe('catalog: offerings');
  });

  it.each([
    ['#/components/schemas/Offering', '#/components/schemas/catalog.Offering'],
    ['#/components/schemas/Offering/properties/id', '#/components/schemas/catalog.Offering/properties/id'],
    ['#/paths/~1offerings~1{id}/get', '#/paths/~1api~1catalog~1offerings~1{id}/get'],
    ['#/paths/~1offerings~1%7Bid%7D/get', '#/paths/~1api~1catalog~1offerings~1{id}/get'],
    ['#/components/schemas/a~1b', '#/components/schemas/catalog.a~1b'],
    ['other.json#/components/schemas/X', 'other.json#/components/schemas/X'],
    ['#/info', '#/info'],
  ])('rewrites %s', (ref, expected) => {
    expect(rewriteRef(ref, 'catalog')).toBe(expected);
  });
});
