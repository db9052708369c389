import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod, Type } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ALL_ROUTES } from '../observability/route-of';
import { AuditAccessPolicy } from './audit-access.policy';
import { AuditController } from './audit.controller';
import { AuditTrail } from './audit-trail';
import { ChangeRecorder } from './change-recorder';
import { httpRequestContext, runWithRequestContext } from './request-context';

export interface AuditModuleOptions {
  serviceName: string;
  /** Who may read an object's history; without one, the service serves no audit query. */
  access?: Type<AuditAccessPolicy>;
  /** Serve the query through this subclass of AuditController instead (e.g. with its own guard). */
  controller?: Type<AuditController>;
  /** The service publishes events (has the platform's MessagingModule): provide ChangeRecorder. */
  withEvents?: boolean;
}

/** Every request runs in a request context, so use cases can record who changed what from where. */
function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  runWithRequestContext(httpRequestContext(req), next);
}

/** The audit trail: `AuditTrail` and `ChangeRecorder` for use cases (global) and `GET /audit-records`. */
@Module({})
export class AuditModule implements NestModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      controllers: options.access ? [options.controller ?? AuditController] : [],
      providers: [
        { provide: AuditTrail, useFactory: () => new AuditTrail(options.serviceName) },
        ...(options.access ? [{ provide: AuditAccessPolicy, useClass: options.access }] : []),
        ...(options.withEvents ? [ChangeRecorder] : []),
      ],
      exports: [AuditTrail, ...(options.withEvents ? [ChangeRecorder] : [])],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes({ path: ALL_ROUTES, method: RequestMethod.ALL });
  }
}
