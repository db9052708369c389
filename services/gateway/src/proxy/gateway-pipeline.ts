import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequestIdStep } from './request-id.step';
import { BodyLimitStep } from './body-limit.step';
import { HmacSignatureStep } from './hmac-signature.step';
import { ApiKeyStep } from './api-key.step';
import { RateLimitStep } from './rate-limit.step';
import { ProxyStep } from './proxy.step';
import type { GatewayExchange, GatewayStep } from './gateway-step';

/**
 * Every `/api/<service>/...` request passes these steps, in this order:
 *
 *   1. request id     – the caller's `x-request-id` or a new UUID, echoed back and sent on
 *   2. body limit     – refuse bodies over HTTP_BODY_LIMIT before a service sees a byte
 *   3. HMAC signature – a request signed with an API key's signing secret (`X-Itsm-Signature`,
 *                       Grafana's `X-Grafana-Alerting-Signature`): body read, signature and
 *                       timestamp checked, the same bytes sent on
 *   4. API key        – `Authorization: ApiKey <key>` / `X-Api-Key` checked, and (also for a
 *                       signed request) replaced by a 60-second access token `sub = key:<id>`
 *   5. rate limit     – one request of the key's, the person's or the client address's budget
 *   6. proxy          – stream method, path, query, headers and body to the service and back
 *
 * People's `Authorization: Bearer` tokens pass through untouched: each service verifies every
 * token itself with @itsm/platform/auth (DESIGN.md §2); the gateway checks them only to count
 * requests per person. Key holders never see the tokens minted for them.
 */
@Injectable()
export class GatewayPipeline {
  private readonly steps: readonly GatewayStep[];

  constructor(
    requestId: RequestIdStep,
    bodyLimit: BodyLimitStep,
    hmacSignature: HmacSignatureStep,
    apiKey: ApiKeyStep,
    rateLimit: RateLimitStep,
    proxy: ProxyStep,
  ) {
    this.steps = [requestId, bodyLimit, hmacSignature, apiKey, rateLimit, proxy];
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
