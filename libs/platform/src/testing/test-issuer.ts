import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SigningKeyRing } from '../auth/signing-key-ring';
import type { Role } from '../auth/principal';

export interface TestTokenOptions {
  subject?: string;
  roles?: Role[];
  departments?: string[];
  scopes?: string[];
  /** Defaults to the issuer's; set to test a token for another audience. */
  audience?: string;
  issuer?: string;
  /** Negative for a token that has already expired. */
  expiresInSeconds?: number;
}

/**
 * A stand-in for the gateway as token issuer: its own signing keys, the JWKS served over real HTTP
 * on 127.0.0.1, so services under test verify tokens exactly as in production (remote JWKS).
 */
export class TestIssuer {
  static readonly ISSUER = 'itsm-gateway';
  static readonly AUDIENCE = 'itsm';

  private constructor(
    readonly ring: SigningKeyRing,
    private readonly server: Server,
    /** e.g. `http://127.0.0.1:41234/.well-known/jwks.json`: the service's AUTH_JWKS_URL. */
    readonly jwksUrl: string,
    readonly issuer: string,
    readonly audience: string,
  ) {}

  static async start(options: { issuer?: string; audience?: string } = {}): Promise<TestIssuer> {
    const ring = await SigningKeyRing.generate();
    const server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(ring.jwks()));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // Tests should never wait on an idle keep-alive connection to close the issuer.
    server.unref();
    const { port } = server.address() as AddressInfo;
    return new TestIssuer(
      ring,
      server,
      `http://127.0.0.1:${port}/.well-known/jwks.json`,
      options.issuer ?? TestIssuer.ISSUER,
      options.audience ?? TestIssuer.AUDIENCE,
    );
  }

  /** A signed access token as the gateway would issue it. */
  tokenFor(options: TestTokenOptions = {}): Promise<string> {
    return this.ring.sign(
      {
        roles: options.roles ?? [],
        departments: options.departments ?? [],
        ...(options.scopes ? { scopes: options.scopes } : {}),
      },
      {
        issuer: options.issuer ?? this.issuer,
        audience: options.audience ?? this.audience,
        subject: options.subject ?? 'u-test',
        expiresInSeconds: options.expiresInSeconds ?? 900,
      },
    );
  }

  /** A platform admin's token: what tests use unless they test access rules. */
  adminToken(): Promise<string> {
    return this.tokenFor({ subject: 'u-platform.admin', roles: ['platform-admin'] });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
