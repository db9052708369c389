import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestIdStep } from './request-id.step';
import { BodyLimitStep } from './body-limit.step';
import { ProxyStep } from './proxy.step';

/** One request on its way through the gateway to a service. */
export interface GatewayExchange {
  readonly req: Request;
  readonly res: Response;
  /** What the proxy streams to the service: the request itself, or a size-checked pass-through of it. */
  body: Readable;
}

/** A stage of the pipeline. Throwing (a DomainError) ends the exchange with a problem response. */
export interface GatewayStep {
  run(exchange: GatewayExchange): void | Promise<void>;
}

/**
 * Every `/api/<service>/...` request passes these steps, in this order:
 *
 *   1. request id   – the caller's `x-request-id` or a new UUID, echoed back and sent on
 *   2. body limit   – refuse bodies over HTTP_BODY_LIMIT before a service sees a byte
 *   3. (authentication – not a gateway step: the `Authorization: Bearer` access token passes
 *      through untouched and each service verifies it itself with @itsm/platform/auth
 *      (TokenVerifier against this gateway's /.well-known/jwks.json, AuthGuard on every route),
 *      DESIGN.md §2. An early 401 here would only be an optimisation, never the check.)
 *   4. proxy        – stream method, path, query, headers and body to the service and back
 */
@Injectable()
export class GatewayPipeline {
  private readonly steps: readonly GatewayStep[];

  constructor(requestId: RequestIdStep, bodyLimit: BodyLimitStep, proxy: ProxyStep) {
    this.steps = [requestId, bodyLimit, proxy];
  }

  async handle(req: Request, res: Response): Promise<void> {
    const exchange: GatewayExchange = { req, res, body: req };
    try {
      for (const step of this.steps) await step.run(exchange);
    } catch (error) {
      // A chunked body already being read would block the connection after our error response
      // (Node only discards bodies nobody started reading): close it instead.
      if (exchange.body !== req && !req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      throw error;
    }
  }
}
