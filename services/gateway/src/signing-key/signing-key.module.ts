import { DynamicModule, Module } from '@nestjs/common';
import { JwksController } from './jwks.controller';
import { DEFAULT_KEY_TIMING, SIGNING_KEY_SETTINGS, SigningKeys, SigningKeySettings } from './signing-keys';

/** The signing keys (loaded, rotated, retired) and `GET /.well-known/jwks.json`. */
@Module({})
export class SigningKeyModule {
  static forRoot(
    settings: Omit<SigningKeySettings, keyof typeof DEFAULT_KEY_TIMING> & Partial<SigningKeySettings>,
  ): DynamicModule {
    return {
      module: SigningKeyModule,
      global: true,
      controllers: [JwksController],
      providers: [{ provide: SIGNING_KEY_SETTINGS, useValue: { ...DEFAULT_KEY_TIMING, ...settings } }, SigningKeys],
      exports: [SigningKeys],
    };
  }
}
