import { Injectable } from '@nestjs/common';
import { TokenVerifier } from '@itsm/platform/auth';
import { clientAddress, RateLimits } from '../rate-limit/rate-limits';
import type { GatewayExchange, GatewayStep } from './gateway-step';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/**
 * One request of the caller's budget: per API key, else per person (the subject of an access
 * token this gateway signed), else per client address. A token that does not verify here counts
 * against the address; the service refuses it anyway.
 */
@Injectable()
export class RateLimitStep implements GatewayStep {
  constructor(
    private readonly limits: RateLimits,
    private readonly tokens: TokenVerifier,
  ) {}

  async run({ req, res, apiKey }: GatewayExchange): Promise<void> {
    if (apiKey) return this.limits.consume('key', apiKey.id, res);
    const subject = await this.subjectOf(req.headers.authorization);
    if (subject !== undefined) return this.limits.consume('user', subject, res);
    return this.limits.consume('anonymous', clientAddress(req), res);
  }

  private async subjectOf(authorization: string | undefined): Promise<string | undefined> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) return undefined;
    try {
      return (await this.tokens.verify(token)).subject;
    } catch {
      return undefined;
    }
  }
}
