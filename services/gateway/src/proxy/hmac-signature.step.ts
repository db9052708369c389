import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ApiKeyAuthenticator } from '../api-key/api-key-authenticator';
import { RateLimits } from '../rate-limit/rate-limits';
import type { GatewayExchange, GatewayStep } from './gateway-step';

/** Our signature headers; Grafana sends the key id and timestamp in these through its "Extra Headers" and "Timestamp Header" settings. */
export const KEY_ID_HEADER = 'x-itsm-key-id';
export const TIMESTAMP_HEADER = 'x-itsm-timestamp';
/** `sha256=<hex>` */
export const SIGNATURE_HEADER = 'x-itsm-signature';
/** Grafana alerting's webhook HMAC signature header (its default name): plain hex. */
export const GRAFANA_SIGNATURE_HEADER = 'x-grafana-alerting-signature';

const SIGNATURE_HEADERS = [KEY_ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, GRAFANA_SIGNATURE_HEADER];

/**
 * Requests signed by monitoring tools: HMAC-SHA256 of `<timestamp>:<body>` with the key's signing
 * secret, the timestamp (Unix seconds) within five minutes of ours, so a captured request cannot be
 * replayed later. The body is read whole (already capped by the body-limit step), checked, and the
 * same bytes go on to the service. A valid signature authenticates the request as its key; the
 * API-key step then hands the service an access token for it.
 */
@Injectable()
export class HmacSignatureStep implements GatewayStep {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limits: RateLimits,
  ) {}

  async run(exchange: GatewayExchange): Promise<void> {
    const { req, res } = exchange;
    const signature = signatureOf(req.headers);
    if (signature === undefined) return;
    const keyId = single(req.headers[KEY_ID_HEADER]) ?? '';
    const timestamp = single(req.headers[TIMESTAMP_HEADER]) ?? '';
    // Of no use to the service, and a signature in its logs could be replayed within the window.
    for (const name of SIGNATURE_HEADERS) delete req.headers[name];
    const body = await readAll(exchange.body);
    exchange.body = new PassThrough().end(body);
    exchange.apiKey = await this.limits.countingRefusals(req, res, () =>
      this.authenticator.authenticateSignature({ keyId, timestamp, signature, body }),
    );
  }
}

/** The hex signature from `X-Itsm-Signature: sha256=<hex>` or Grafana's header; '' when malformed. */
function signatureOf(headers: IncomingHttpHeaders): string | undefined {
  const ours = single(headers[SIGNATURE_HEADER]);
  if (ours !== undefined) return /^sha256=([0-9a-fA-F]+)$/.exec(ours.trim())?.[1] ?? '';
  const grafana = single(headers[GRAFANA_SIGNATURE_HEADER]);
  return grafana?.trim();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
