import { Injectable } from '@nestjs/common';
import { REQUEST_ID_HEADER, requestIdFor } from '@itsm/platform/observability';
import type { GatewayExchange, GatewayStep } from './gateway-step';

/** Gives the request one id that the caller, the gateway's logs and the service all see. */
@Injectable()
export class RequestIdStep implements GatewayStep {
  run({ req, res }: GatewayExchange): void {
    // pino-http has already chosen the id (a sane caller id or a new UUID) for the access log.
    const id = req.id !== undefined ? String(req.id) : requestIdFor(req, res);
    req.headers[REQUEST_ID_HEADER] = id;
    if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  }
}
