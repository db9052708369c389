import type { Server } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { GATEWAY_SETTINGS, type GatewaySettings } from '../upstream/upstream.module';
import type { GatewayExchange, GatewayStep } from './gateway-step';
import { payloadTooLarge } from './gateway.errors';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `1mb` → 1048576: body-parser's notation and 1024-based units, so the gateway and the services agree. */
export function parseByteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value.trim());
  if (!match) throw new Error(`not a byte size: ${JSON.stringify(value)}`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
}

/** Passes bytes through until more than `limit` went by, then fails with a 413 DomainError. */
export class BodyLimiter extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(payloadTooLarge(this.limit));
    else callback(null, chunk);
  }
}

/**
 * A declared length over the limit is refused at once; a chunked body is counted while it streams
 * and cut off (the proxy aborts the service call) when it grows past the limit.
 */
@Injectable()
export class BodyLimitStep implements GatewayStep {
  private readonly limit: number;

  constructor(@Inject(GATEWAY_SETTINGS) settings: GatewaySettings) {
    this.limit = parseByteSize(settings.bodyLimit);
  }

  run(exchange: GatewayExchange): void {
    const { req, res } = exchange;
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > this.limit) {
      closeAfterResponse(res);
      throw payloadTooLarge(this.limit);
    }
    if (req.headers['transfer-encoding'] !== undefined) {
      const limiter = new BodyLimiter(this.limit);
      // Also keeps an 'error' without listener from crashing the process.
      limiter.once('error', () => closeAfterResponse(res));
      exchange.body = req.pipe(limiter);
    }
  }
}

// The rest of an oversized body is not worth reading: answer, then drop the connection.
function closeAfterResponse(res: Response): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}

/**
 * `Expect: 100-continue` callers wait for our go before sending the body. Node says "continue" to
 * everyone by default; this withholds it when the declared length is already over the limit, so
 * the body is never sent and the pipeline's 413 is the only answer.
 */
export function withholdContinueOverLimit(server: Server, bodyLimit: string): void {
  const limit = parseByteSize(bodyLimit);
  server.on('checkContinue', (req, res) => {
    const declared = req.headers['content-length'];
    if (declared === undefined || Number(declared) <= limit) res.writeContinue();
    server.emit('request', req, res);
  });
}
