import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type HttpExchange, OpenApiContract } from './openapi-contract';

interface Watch {
  name: string;
  document: () => Promise<unknown>;
  exchanges: HttpExchange[];
  contract?: { text: string; contract: OpenApiContract };
}

const watches = new Set<Watch>();

const JSON_MEDIA_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * Records every answer `server` sends, to be checked against its OpenAPI document (`document`,
 * read when the answers are checked) by `verifyApiContracts`, which the integration test setup
 * runs after every test: an answer the document does not describe fails that test.
 */
export function watchApiContract(server: Server, name: string, document: () => Promise<unknown>): void {
  const watch: Watch = { name, document, exchanges: [] };
  watches.add(watch);
  // First in line, so the answer is recorded however the app writes it (json, stream, proxy pipe).
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => record(watch, req, res));
}

function record(watch: Watch, req: IncomingMessage, res: ServerResponse): void {
  // As received: routing and proxying rewrite req.url on the way.
  const url = req.url ?? '/';
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding: unknown) => {
    if (typeof chunk === 'string')
      chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (args[0] !== undefined && args[0] !== null && typeof args[0] !== 'function') keep(args[0], args[1]);
    // Recorded before the answer leaves, so it is there when the test that asked goes on.
    const body = Buffer.concat(chunks);
    const contentType = String(this.getHeader('content-type') ?? '');
    watch.exchanges.push({
      method: req.method ?? 'GET',
      url,
      status: this.statusCode,
      headers: Object.fromEntries(Object.entries(this.getHeaders()).map(([key, value]) => [key.toLowerCase(), value])),
      body: JSON_MEDIA_TYPE.test(contentType) ? body.toString('utf8') : undefined,
      bodyLength: body.length,
    });
    res.end = end;
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
}

/** Checks what the watched servers answered since the last call; throws listing every mismatch. */
export async function verifyApiContracts(): Promise<void> {
  const problems: string[] = [];
  for (const watch of watches) {
    if (watch.exchanges.length === 0) continue;
    const exchanges = watch.exchanges.splice(0);
    const contract = await contractOf(watch, problems);
    if (!contract) continue;
    for (const exchange of exchanges)
      problems.push(...contract.check(exchange).map((problem) => `${watch.name}: ${problem}`));
  }
  if (problems.length > 0) {
    throw new Error(`Answers that the OpenAPI document does not describe:\n  ${[...new Set(problems)].join('\n  ')}`);
  }
}

/** The watch's document as a contract; the last one read when the server no longer answers (it closed). */
async function contractOf(watch: Watch, problems: string[]): Promise<OpenApiContract | undefined> {
  let document: unknown;
  try {
    document = await watch.document();
  } catch (error) {
    if (watch.contract) return watch.contract.contract;
    problems.push(
      `${watch.name}: its OpenAPI document could not be read (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
  const text = JSON.stringify(document);
  if (watch.contract?.text !== text)
    watch.contract = { text, contract: new OpenApiContract(document as Record<string, unknown>) };
  return watch.contract.contract;
}
