import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@itsm/platform/auth';
import { SigningKeys } from './signing-keys';

/** The public halves of the signing keys, which every service verifies access tokens against. */
@ApiTags('keys')
@Public()
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  // Services refetch at once on an unknown `kid`; the cache only spares them a request per token.
  @Get('jwks.json')
  @ApiOperation({ summary: 'Public keys that verify access tokens (JWKS) · 验证访问令牌的公钥' })
  @ApiResponse({
    status: 200,
    schema: {
      type: 'object',
      required: ['keys'],
      properties: {
        keys: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kty', 'kid'],
            properties: { kty: { type: 'string' }, kid: { type: 'string' } },
          },
        },
      },
    },
  })
  @Header('Cache-Control', 'public, max-age=300')
  jwks() {
    return this.keys.jwks();
  }
}
