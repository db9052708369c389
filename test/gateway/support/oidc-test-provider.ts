import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Browser } from './browser';

/** A client as oidc-provider registers it (snake_case client metadata). */
export interface TestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
  grant_types?: string[];
  response_types?: string[];
}

export type TestAccountClaims = Record<string, unknown>;

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * The certified `oidc-provider` package as a real provider on a free port, in a child process
 * (`oidc-test-provider.mjs`; the package is ESM-only). Accounts can be changed while it runs.
 */
export class OidcTestProvider {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private stderr = '';
  private issuerUrl = '';

  private constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(`OIDC test provider: ${reply.error}`));
      else waiting.resolve(reply.result);
    });
    child.on('exit', (code) => {
      for (const waiting of this.pending.values())
        waiting.reject(new Error(`OIDC test provider exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  static async start(options: {
    clients: TestClient[];
    accounts: Record<string, TestAccountClaims>;
  }): Promise<OidcTestProvider> {
    const provider = new OidcTestProvider(
      fork(join(__dirname, 'oidc-test-provider.mjs'), [], {
        // Jest's flags are not needed there; the provider's output stays out of the test's.
        execArgv: [],
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      }),
    );
    const { issuer } = (await provider.call({
      type: 'start',
      clients: options.clients,
      accounts: options.accounts,
    })) as { issuer: string };
    provider.issuerUrl = issuer;
    return provider;
  }

  /** `http://127.0.0.1:<port>`: its discovery document is under `/.well-known/openid-configuration`. */
  get issuer(): string {
    return this.issuerUrl;
  }

  /** Adds the account or replaces its claims (e.g. other groups): the next sign-in sees them. */
  async setAccount(sub: string, claims: TestAccountClaims): Promise<void> {
    await this.call({ type: 'set-account', sub, claims });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.call({ type: 'stop' });
    this.child.kill();
    await exited;
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...message, id });
    });
  }
}

/**
 * Plays the person at the provider: follows its redirects from `authorizationUrl`, signs in as
 * `login` when asked, consents (or declines), and returns where the provider sends the browser
 * back to the client: the redirect URI with `code` (or `error`), `state` and `iss`.
 */
export async function authorizeAtProvider(
  provider: OidcTestProvider,
  authorizationUrl: string,
  options: { login: string; decline?: boolean; browser?: Browser },
): Promise<URL> {
  const browser = options.browser ?? new Browser();
  const providerOrigin = new URL(provider.issuer).origin;
  let url = new URL(authorizationUrl);
  for (let step = 0; step < 20; step++) {
    if (url.origin !== providerOrigin) return url;
    const res = await browser.request(url);
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location') ?? '', url);
      continue;
    }
    if (res.status !== 200 || !url.pathname.startsWith('/interaction/')) {
      throw new Error(`unexpected ${res.status} from the provider at ${url.pathname}: ${await res.text()}`);
    }
    const page = (await res.json()) as { uid: string; prompt: string };
    const action = options.decline ? 'abort' : page.prompt === 'login' ? 'login' : 'confirm';
    const answer = await browser.request(new URL(`/interaction/${page.uid}/${action}`, url), {
      form: action === 'login' ? { login: options.login } : {},
    });
    if (answer.status !== 303)
      throw new Error(`the provider refused ${action}: ${answer.status} ${await answer.text()}`);
    await answer.body?.cancel();
    url = new URL(answer.headers.get('location') ?? '', url);
  }
  throw new Error('the provider kept redirecting');
}
