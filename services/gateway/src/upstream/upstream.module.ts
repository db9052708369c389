import { DynamicModule, Global, Module } from '@nestjs/common';
import { GatewayConfig, upstreamsOf } from '../config';

/** `Upstream[]`: the configured services, in `SERVICES` order. */
export const UPSTREAMS = Symbol('UPSTREAMS');
/** `GatewaySettings` */
export const GATEWAY_SETTINGS = Symbol('GATEWAY_SETTINGS');

export interface GatewaySettings {
  /** Largest request body accepted, body-parser notation (`1mb`). */
  bodyLimit: string;
  upstreamTimeoutMs: number;
}

/** What the gateway knows about the services behind it, from the validated config. */
@Global()
@Module({})
export class UpstreamModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const settings: GatewaySettings = {
      bodyLimit: config.HTTP_BODY_LIMIT,
      upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    };
    return {
      module: UpstreamModule,
      providers: [
        { provide: UPSTREAMS, useValue: upstreamsOf(config) },
        { provide: GATEWAY_SETTINGS, useValue: settings },
      ],
      exports: [UPSTREAMS, GATEWAY_SETTINGS],
    };
  }
}
