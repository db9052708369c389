import { Module } from '@nestjs/common';
import { ProxyController } from './proxy.controller';
import { GatewayPipeline } from './gateway-pipeline';
import { RequestIdStep } from './request-id.step';
import { BodyLimitStep } from './body-limit.step';
import { ProxyStep } from './proxy.step';

@Module({
  controllers: [ProxyController],
  providers: [GatewayPipeline, RequestIdStep, BodyLimitStep, ProxyStep],
})
export class ProxyModule {}
