import { type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { HttpException, type INestApplication } from '@nestjs/common';
import type { Application } from 'express';
import proxyAddr from 'proxy-addr';
import { type BaseServiceEnv, baseServiceEnv } from '../config';
import { DomainError, negotiateLanguage, PROBLEM_CONTENT_TYPE, toDomainError, toProblem } from '../errors';
import { localized } from '@itsm/contracts';

/**
 * How long an idle keep-alive connection stays open: longer than the callers in front keep theirs
 * (Node's agent, which the gateway proxies with, 5 s; load balancers 60 s). Node's default of 5 s
 * races the gateway's own 5 s: the gateway sends a request on a connection the service is closing
 * at that instant, the request dies with ECONNRESET and the caller gets a 502.
 */
const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

/** How often Node looks for connections past their header or request deadline (its default, 30 s, would stretch every deadline by up to that). */
const DEADLINE_CHECK_INTERVAL_MS = 1_000;

/** After answering a client error, how long the peer gets to read the answer before the connection is cut. */
const CLOSE_GRACE_MS = 1_000;

/** How a service's HTTP server treats its callers (BaseServiceEnv: TRUSTED_PROXIES, HTTP_*_TIMEOUT_MS). */
export interface HttpServerSettings {
  /** proxy-addr notation; none: the TCP peer is the client, forwarded headers are ignored. */
  trustedProxies: readonly string[];
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

export function httpServerSettingsOf(
  config: Pick<BaseServiceEnv, 'TRUSTED_PROXIES' | 'HTTP_HEADERS_TIMEOUT_MS' | 'HTTP_REQUEST_TIMEOUT_MS'>,
): HttpServerSettings {
  return {
    trustedProxies: config.TRUSTED_PROXIES,
    headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
  };
}

/** What the variables' defaults give: no trusted proxy, the default deadlines. */
export function defaultHttpServerSettings(): HttpServerSettings {
  return httpServerSettingsOf(
    baseServiceEnv
      .pick({ TRUSTED_PROXIES: true, HTTP_HEADERS_TIMEOUT_MS: true, HTTP_REQUEST_TIMEOUT_MS: true })
      .parse({}),
  );
}

/**
 * The same HTTP behaviour in the gateway and every service:
 * - the client address (`req.ip`, which the audit trail and the rate limits read) is taken from
 *   X-Forwarded-For only when the peer is a trusted proxy (express `trust proxy`, matched by proxy-addr);
 * - a request must arrive within its deadlines (headers, then the whole request), else 408 as a
 *   problem and the connection is closed: a caller trickling bytes cannot hold connections open;
 * - idle keep-alive connections stay open IDLE_CONNECTION_TIMEOUT_MS, so the caller closes them first.
 */
export function configureHttpServer(app: INestApplication, settings: HttpServerSettings): void {
  (app.getHttpAdapter().getInstance() as Application).set(
    'trust proxy',
    proxyAddr.compile([...settings.trustedProxies]),
  );
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  server.requestTimeout = settings.requestTimeoutMs;
  // Node expects the header deadline within the request's.
  server.headersTimeout = Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs);
  // A createServer option (Nest creates the server without options) that Node reads off the server when it starts listening.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    DEADLINE_CHECK_INTERVAL_MS,
    server.headersTimeout,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) =>
    answerClientError(error, socket, settings.requestTimeoutMs),
  );
}

/** Node's own answers to what it refuses before the app sees a request, by error code; anything else is a 400. */
const STATUS_OF: Record<string, number> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
};

/**
 * Answers what Node refuses itself (deadline passed, malformed request) as a problem rather than
 * Node's bare status line, then closes the connection. Nothing is written once a response has begun.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, requestTimeoutMs: number): void {
  // Node keeps the response in flight on the socket (and reads `_headerSent` from it for the same purpose).
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_OF[error.code ?? ''] ?? 400;
  const { error: mapped } = toDomainError(new HttpException({}, status));
  const seconds = Math.ceil(requestTimeoutMs / 1000);
  const problem = new DomainError({
    code: mapped.code,
    status,
    title: mapped.title,
    detail:
      status === 408
        ? localized(`the request did not arrive in full within ${seconds} s`, `请求未在 ${seconds} 秒内完整送达`)
        : undefined,
  });
  const language = negotiateLanguage(inFlight?.req?.headers['accept-language']);
  const body = JSON.stringify(toProblem(problem, { language }));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\n` +
      `Content-Language: ${language}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
}
