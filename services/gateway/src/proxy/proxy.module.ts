import { Module } from '@nestjs/common';
import { ProxyController } from './proxy.controller';
import { GatewayPipeline } from './gateway-pipeline';
import { RequestIdStep } from './request-id.step';
import { BodyLimitStep } from './body-limit.step';
import { HmacSignatureStep } from './hmac-signature.step';
import { ApiKeyStep } from './api-key.step';
import { RateLimitStep } from './rate-limit.step';
import { ProxyStep } from './proxy.step';

@Module({
  controllers: [ProxyController],
  // HMAC and API-key steps use the (global) ApiKeyModule, the rate-limit step RateLimitModule.
  providers: [GatewayPipeline, RequestIdStep, BodyLimitStep, HmacSignatureStep, ApiKeyStep, RateLimitStep, ProxyStep],
})
export class ProxyModule {}
