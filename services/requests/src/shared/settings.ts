import { DynamicModule, Global, Module } from '@nestjs/common';

/** Business settings from the service's configuration, for the use cases that need them. */
export class RequestsSettings {
  constructor(
    /** Zone for business days and for form dates without a time (due dates). */
    readonly businessTimeZone: string,
    /** Days after closing during which a fulfilled request can be reopened. */
    readonly reopenWindowDays: number,
  ) {}
}

@Global()
@Module({})
export class SettingsModule {
  static forRoot(settings: RequestsSettings): DynamicModule {
    return {
      module: SettingsModule,
      providers: [{ provide: RequestsSettings, useValue: settings }],
      exports: [RequestsSettings],
    };
  }
}
