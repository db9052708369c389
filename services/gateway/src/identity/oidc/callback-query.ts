import type { IncomingMessage, Server } from 'node:http';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** The gateway's route the provider redirects to; OIDC_REDIRECT_URI names it as the outside sees it. */
export const CALLBACK_PATH = '/auth/oidc/callback';

const CALLBACK_QUERY = Symbol('itsm.oidc.callbackQuery');
type CallbackRequest = IncomingMessage & { [CALLBACK_QUERY]?: string };

/**
 * The callback's query carries the authorization code, which together with `state` is worth a
 * session. The access log writes every request's URL, so the query is taken off the callback's
 * URL before anything else sees the request (a listener ahead of the app's) and kept on the
 * request for the controller alone.
 */
@Injectable()
export class CallbackQueryShield implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.prependListener('request', shieldCallbackQuery);
  }
}

export function shieldCallbackQuery(req: IncomingMessage): void {
  const url = req.url ?? '';
  const mark = url.indexOf('?');
  if (mark < 0 || url.slice(0, mark) !== CALLBACK_PATH) return;
  (req as CallbackRequest)[CALLBACK_QUERY] = url.slice(mark + 1);
  req.url = CALLBACK_PATH;
}

/** The callback's query as the provider sent it; empty when the request did not come through the shield. */
export function callbackQueryOf(req: IncomingMessage): URLSearchParams {
  return new URLSearchParams((req as CallbackRequest)[CALLBACK_QUERY] ?? '');
}
