import { DynamicModule, Module } from '@nestjs/common';

/** Placeholder until the demo data loader lands. */
@Module({})
export class DemoDataModule {
  static forRoot(_options: { enabled: boolean }): DynamicModule {
    return { module: DemoDataModule };
  }
}
