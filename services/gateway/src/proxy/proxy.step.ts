import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import { clientAddressOf } from '@itsm/platform/audit';
import { DomainError } from '@itsm/platform/errors';
import { currentTraceparent } from '@itsm/platform/observability';
import type { Upstream } from '../config';
import { GATEWAY_SETTINGS, type GatewaySettings, UPSTREAMS } from '../upstream/upstream.module';
import type { GatewayExchange, GatewayStep } from './gateway-step';
import { type GatewayRoute, hasDotSegments, routeOf } from './gateway-route';
import { prepareForwardedHeaders } from './forwarded-headers';
import { pathInvalid, serviceUnknown, upstreamTimeout, upstreamUnavailable } from './gateway.errors';

/** A proxied request until its response is done or it failed; settles exactly once. */
interface InFlight {
  readonly exchange: GatewayExchange;
  readonly route: GatewayRoute;
  upstreamRequest?: ClientRequest;
  settled: boolean;
  done(): void;
  fail(error: DomainError): void;
}

/**
 * The last step: streams the request to `<service URL><rest>` through http-proxy-middleware and
 * the response back. Failures before the service answered become problems (503 unreachable,
 * 504 silent for UPSTREAM_TIMEOUT_MS); a failure mid-response cuts the response off, so the
 * caller sees it incomplete rather than a truncated body that looks whole.
 */
@Injectable()
export class ProxyStep implements GatewayStep {
  private readonly proxies = new Map<string, RequestHandler<Request, Response>>();
  private readonly inFlight = new WeakMap<IncomingMessage, InFlight>();

  constructor(
    @Inject(UPSTREAMS) upstreams: Upstream[],
    @Inject(GATEWAY_SETTINGS) private readonly settings: GatewaySettings,
  ) {
    for (const upstream of upstreams) this.proxies.set(upstream.name, this.proxyTo(upstream));
  }

  run(exchange: GatewayExchange): Promise<void> {
    const { req, res } = exchange;
    const route = routeOf(req.originalUrl ?? req.url);
    const proxy = route && this.proxies.get(route.service);
    if (!route || !proxy) throw serviceUnknown(route?.service ?? '', [...this.proxies.keys()]);
    if (hasDotSegments(route.path)) throw pathInvalid();
    prepareForwardedHeaders(req.headers, { address: clientAddressOf(req), protocol: req.protocol, host: req.host });
    // The http instrumentation replaces this with its client span; where it could not patch http
    // (Jest, late start) the service still continues the trace from the gateway's server span.
    const traceparent = currentTraceparent();
    if (traceparent !== undefined) req.headers.traceparent = traceparent;

    return new Promise<void>((resolve, reject) => {
      const flight: InFlight = {
        exchange,
        route,
        settled: false,
        done: () => settle(flight, resolve),
        fail: (error) => settle(flight, () => reject(error)),
      };
      this.inFlight.set(req, flight);
      res.once('close', flight.done);
      if (exchange.body !== req) exchange.body.once('error', (error) => this.abort(flight, error));
      proxy(req, res, (error?: unknown) =>
        error === undefined ? flight.done() : flight.fail(this.problemFor(flight, error)),
      ).catch((error: unknown) => flight.fail(this.problemFor(flight, error)));
    });
  }

  private proxyTo(upstream: Upstream): RequestHandler<Request, Response> {
    return createProxyMiddleware<Request, Response>({
      target: upstream.url,
      changeOrigin: true,
      // x-forwarded-* are set by prepareForwardedHeaders, from what the gateway derived.
      xfwd: false,
      pathRewrite: (_path, req) => this.inFlight.get(req)?.route.path,
      // The router gets this request's copy of the options: the place to swap in the size-checked body.
      router: (req, _res, options) => {
        const body = this.inFlight.get(req)?.exchange.body;
        if (body !== undefined && body !== req) options.buffer = body;
        return upstream.url;
      },
      on: {
        proxyReq: (proxyReq, req) => this.started(proxyReq, req, upstream),
        proxyRes: (proxyRes) => publicLocation(proxyRes, upstream),
        error: (error, req, res) => this.failed(error, req, res),
      },
    });
  }

  private started(proxyReq: ClientRequest, req: Request, upstream: Upstream): void {
    const flight = this.inFlight.get(req);
    if (!flight) return;
    flight.upstreamRequest = proxyReq;
    if (flight.settled) {
      proxyReq.destroy();
      return;
    }
    const timeoutMs = this.settings.upstreamTimeoutMs;
    proxyReq.setTimeout(timeoutMs, () => proxyReq.destroy(upstreamTimeout(upstream.name, timeoutMs)));
  }

  private failed(error: Error, req: Request, res: Response | Socket): void {
    const flight = this.inFlight.get(req);
    if (!flight || flight.settled) return;
    if (isResponse(res) && res.headersSent) {
      res.destroy();
      return;
    }
    flight.fail(this.problemFor(flight, error));
  }

  /** The chunked body outgrew the limit: stop the service call and answer with the limiter's 413. */
  private abort(flight: InFlight, error: unknown): void {
    flight.fail(this.problemFor(flight, error));
    flight.upstreamRequest?.destroy();
  }

  private problemFor(flight: InFlight, error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'ETIMEDOUT') return upstreamTimeout(flight.route.service, this.settings.upstreamTimeoutMs);
    return upstreamUnavailable(flight.route.service, error);
  }
}

/**
 * A service says where a created resource is from its own root (`/offerings/<id>`); callers reach it
 * under the gateway's `/api/<service>` (set before the headers are copied to the caller).
 */
function publicLocation(proxyRes: IncomingMessage, upstream: Upstream): void {
  const location = proxyRes.headers.location;
  if (typeof location === 'string' && location.startsWith('/') && !location.startsWith('//'))
    proxyRes.headers.location = `/api/${upstream.name}${location}`;
}

function settle(flight: InFlight, fn: () => void): void {
  if (flight.settled) return;
  flight.settled = true;
  fn();
}

function isResponse(res: ServerResponse | Socket): res is ServerResponse {
  return 'headersSent' in res;
}
