import { completeOpenApiDocument, SERVICE_PROBLEMS } from '../service/openapi-document';
import { type HttpExchange, OpenApiContract } from './openapi-contract';

const closed = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
  additionalProperties: false,
};

/** A service document as createServiceApp completes it: one list, one read, one create. */
function document() {
  return completeOpenApiDocument(
    {
      openapi: '3.1.0',
      info: { title: 'things', version: '1' },
      security: [{ bearer: [] }],
      paths: {
        '/things': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: {
                  'application/json': {
                    schema: { type: 'object', properties: { items: { type: 'array', items: closed } } },
                  },
                },
              },
            },
          },
          post: {
            responses: {
              '201': {
                description: 'created',
                headers: { Location: { required: true, schema: { type: 'string' } } },
                content: { 'application/json': { schema: closed } },
              },
            },
          },
        },
        '/things/{id}': {
          get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: closed } } } } },
        },
        '/things/search': {
          get: {
            security: [{}],
            responses: { '200': { description: 'ok', content: { 'text/plain': { schema: { type: 'string' } } } } },
          },
        },
      },
    },
    SERVICE_PROBLEMS,
  );
}

const ID = '0196a7d5-0000-7000-8000-000000000000';
const json = (body: unknown) => ({
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
  bodyLength: JSON.stringify(body).length,
});
const problem = (status: number, extra: object = {}) => ({
  headers: { 'content-type': 'application/problem+json; charset=utf-8' },
  body: JSON.stringify({ type: 'https://itsm.dev/problems/x.y', title: 't', status, code: 'x.y', ...extra }),
  bodyLength: 10,
});
const exchange = (method: string, url: string, status: number, rest: Partial<HttpExchange>): HttpExchange => ({
  method,
  url,
  status,
  headers: {},
  bodyLength: 0,
  ...rest,
});

describe('OpenApiContract', () => {
  const contract = new OpenApiContract(document() as Record<string, unknown>);

  it('passes answers the document describes, shared problems included', () => {
    expect(contract.check(exchange('GET', `/things/${ID}?x=1`, 200, json({ id: ID })))).toEqual([]);
    expect(contract.check(exchange('GET', `/things/${ID}`, 404, problem(404)))).toEqual([]);
    expect(
      contract.check(
        exchange('POST', '/things', 201, {
          ...json({ id: ID }),
          headers: { ...json({}).headers, location: `/things/${ID}` },
        }),
      ),
    ).toEqual([]);
    expect(contract.check(exchange('POST', '/things', 413, problem(413)))).toEqual([]);
    expect(
      contract.check(
        exchange(
          'GET',
          '/things',
          400,
          problem(400, {
            fields: [{ path: 'limit', code: 'too_big', message: '太大', messages: { en: 'too big', 'zh-CN': '太大' } }],
          }),
        ),
      ),
    ).toEqual([]);
    expect(contract.check(exchange('GET', '/nowhere', 404, problem(404)))).toEqual([]);
  });

  it('prefers the literal path over a template, and answers HEAD from GET', () => {
    expect(
      contract.check(
        exchange('GET', '/things/search', 200, { headers: { 'content-type': 'text/plain' }, bodyLength: 3 }),
      ),
    ).toEqual([]);
    expect(contract.check(exchange('HEAD', `/things/${ID}`, 200, {}))).toEqual([]);
  });

  it('names every way an answer can miss the document', () => {
    expect(contract.check(exchange('GET', `/things/${ID}`, 200, json({ id: ID, extra: 1 })))).toEqual([
      expect.stringMatching(
        /^GET \/things\/\S+ → 200: body must NOT have additional properties \{"additionalProperty":"extra"\}/,
      ),
    ]);
    expect(contract.check(exchange('GET', `/things/${ID}`, 200, json({ id: 'not-a-uuid' })))).toEqual([
      expect.stringContaining('body/id must match format "uuid"'),
    ]);
    expect(contract.check(exchange('GET', '/things', 500, problem(500)))).toEqual([
      expect.stringContaining('status not documented for GET /things'),
    ]);
    expect(contract.check(exchange('GET', '/things/search', 401, problem(401)))).toEqual([
      expect.stringContaining('status not documented'),
    ]);
    expect(contract.check(exchange('POST', '/things', 201, json({ id: ID })))).toEqual([
      expect.stringContaining('required header Location missing'),
    ]);
    expect(
      contract.check(
        exchange('GET', `/things/${ID}`, 200, { headers: { 'content-type': 'text/html' }, bodyLength: 5 }),
      ),
    ).toEqual([expect.stringContaining("body of type 'text/html' not documented")]);
    expect(contract.check(exchange('GET', `/things/${ID}`, 404, problem(404, { status: 'gone' })))).toEqual([
      expect.stringContaining('body/status must be integer'),
    ]);
    expect(contract.check(exchange('GET', '/nowhere', 200, json({})))).toEqual([
      expect.stringContaining('status not documented for paths the document does not list'),
    ]);
  });
});

describe('completeOpenApiDocument', () => {
  const doc = document() as unknown as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    'x-other-paths': { responses: object };
  };

  it('adds the shared problem answers each operation can give', () => {
    expect(Object.keys(doc.paths['/things']!['get']!.responses)).toEqual(['200', '400', '401', '403', '503']);
    expect(Object.keys(doc.paths['/things']!['post']!.responses)).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '503',
    ]);
    expect(Object.keys(doc.paths['/things/{id}']!['get']!.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '503',
    ]);
    // Public: no token to refuse.
    expect(Object.keys(doc.paths['/things/search']!['get']!.responses)).toEqual(['200', '400']);
    expect(doc.paths['/things/{id}']!['get']!.responses['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    expect(Object.keys(doc['x-other-paths'].responses)).toEqual(['400', '404', '413', '415']);
  });
});
