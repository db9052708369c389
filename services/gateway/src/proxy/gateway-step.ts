import type { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import type { ApiKey } from '../api-key/api-key.entity';

/** One request on its way through the gateway to a service. */
export interface GatewayExchange {
  readonly req: Request;
  readonly res: Response;
  /** What the proxy streams to the service: the request itself, or a size-checked pass-through of it. */
  body: Readable;
  /** The integration's key, once a key or a request signature checked out. */
  apiKey?: ApiKey;
}

/** A stage of the pipeline. Throwing (a DomainError) ends the exchange with a problem response. */
export interface GatewayStep {
  run(exchange: GatewayExchange): void | Promise<void>;
}
