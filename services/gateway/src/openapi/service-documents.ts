import { Inject, Injectable } from '@nestjs/common';
import type { Upstream } from '../config';
import { UPSTREAMS } from '../upstream/upstream.module';
import { getFromUpstream, UpstreamCallError } from '../upstream/upstream-fetch';
import type { ServiceDocument } from './merge-openapi';

const DOCUMENT_TIMEOUT_MS = 3000;

/** Reads every configured service's `GET /openapi.json`, in parallel; a failure is reported, not thrown. */
@Injectable()
export class ServiceDocuments {
  constructor(@Inject(UPSTREAMS) private readonly upstreams: Upstream[]) {}

  fetchAll(requestId?: string): Promise<ServiceDocument[]> {
    return Promise.all(this.upstreams.map((upstream) => this.fetchOne(upstream, requestId)));
  }

  private async fetchOne(upstream: Upstream, requestId: string | undefined): Promise<ServiceDocument> {
    try {
      const document = await getFromUpstream(upstream, '/openapi.json', {
        timeoutMs: DOCUMENT_TIMEOUT_MS,
        headers: requestId ? { 'x-request-id': requestId } : undefined,
        json: true,
      });
      return { service: upstream.name, document };
    } catch (error) {
      return { service: upstream.name, unavailable: error instanceof UpstreamCallError ? error.reason : 'failed' };
    }
  }
}
