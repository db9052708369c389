import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@itsm/platform/auth';
import { SigningKeys } from './signing-keys';

/** The public halves of the signing keys, which every service verifies access tokens against. */
@ApiExcludeController()
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  // Services refetch at once on an unknown `kid`; the cache only spares them a request per token.
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  jwks() {
    return this.keys.jwks();
  }
}
