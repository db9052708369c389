import type { IncomingHttpHeaders } from 'node:http';
import { Injectable } from '@nestjs/common';
import { ApiKeyAuthenticator } from '../api-key/api-key-authenticator';
import { apiKeyInvalid } from '../api-key/api-key.errors';
import { RateLimits } from '../rate-limit/rate-limits';
import type { GatewayExchange, GatewayStep } from './gateway-step';

export const API_KEY_HEADER = 'x-api-key';
const API_KEY_SCHEME = /^ApiKey\s+(\S+)\s*$/i;

/**
 * Integrations' keys: `Authorization: ApiKey <key>` or `X-Api-Key: <key>` (or a request signature,
 * checked by the step before). The key never reaches the service: it is checked here and replaced
 * by an access token of the gateway's (60 s, `sub` = `key:<id>`, the key's scopes and department),
 * which the service verifies like any other. People's `Bearer` tokens pass untouched.
 */
@Injectable()
export class ApiKeyStep implements GatewayStep {
  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly limits: RateLimits,
  ) {}

  async run(exchange: GatewayExchange): Promise<void> {
    const { req, res } = exchange;
    const presented = takePresentedKey(req.headers);
    if (presented !== undefined) {
      const signedBy = exchange.apiKey;
      exchange.apiKey = await this.limits.countingRefusals(req, res, async () => {
        const key = await this.authenticator.authenticateKey(presented);
        // Signed with one key, presenting another: no telling which one speaks.
        if (signedBy && signedBy.id !== key.id) throw apiKeyInvalid();
        return key;
      });
    }
    if (!exchange.apiKey) return;
    req.headers.authorization = `Bearer ${await this.authenticator.accessTokenFor(exchange.apiKey)}`;
    this.authenticator.touch(exchange.apiKey);
  }
}

/** The key the caller sent, taken out of the headers (never forwarded); undefined when none. */
function takePresentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers[API_KEY_HEADER];
  delete headers[API_KEY_HEADER];
  const fromHeader = (Array.isArray(header) ? header[0] : header)?.trim();
  const authorization = headers.authorization;
  const scheme = typeof authorization === 'string' ? API_KEY_SCHEME.exec(authorization) : null;
  if (scheme) delete headers.authorization;
  return fromHeader || scheme?.[1];
}
