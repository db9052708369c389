// A real OpenID Connect provider for the gateway's tests: the certified `oidc-provider` package,
// run in a child process of its own (it is ESM-only) and driven over IPC by oidc-test-provider.ts.
// Accounts live in memory; the interaction (login, consent, or the person declining) is a minimal
// handler of oidc-provider's interaction API, driven by the test over HTTP like a browser would.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/** sub → claims (name, email, groups, …). */
const accounts = new Map();
let server;
let provider;

async function start({ clients }) {
  server = createServer((req, res) => {
    route(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'server_error', error_description: String(error?.message ?? error) }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'oidc-test-provider-1' };
  provider = new Provider(issuer, {
    clients,
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // PKCE for every client, confidential ones included.
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const claims = accounts.get(sub);
      return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });
  // Not the process's console: the test's output stays readable; errors reach the client anyway.
  provider.on('server_error', () => undefined);
  return { issuer };
}

const INTERACTION = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

async function route(req, res) {
  const path = new URL(req.url, 'http://provider').pathname;
  const match = INTERACTION.exec(path);
  if (!match) return provider.callback()(req, res);
  const [, uid, action] = match;
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return json(res, 400, { error: 'interaction_mismatch' });
  if (req.method === 'GET' && action === undefined) {
    // The "page" of the interaction: what is being asked.
    return json(res, 200, {
      uid,
      prompt: details.prompt.name,
      clientId: details.params.client_id,
      scope: details.params.scope,
    });
  }
  if (req.method !== 'POST' || action === undefined) return json(res, 405, { error: 'method_not_allowed' });
  const form = new URLSearchParams(await body(req));
  switch (action) {
    case 'login': {
      const login = form.get('login') ?? '';
      if (details.prompt.name !== 'login' || !accounts.has(login)) return json(res, 400, { error: 'login_refused' });
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: login } },
        { mergeWithLastSubmission: false },
      );
    }
    case 'confirm': {
      if (details.prompt.name !== 'consent') return json(res, 400, { error: 'nothing_to_confirm' });
      const { missingOIDCScope = [], missingOIDCClaims = [], missingResourceScopes = {} } = details.prompt.details;
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      grant.addOIDCScope(missingOIDCScope.join(' '));
      grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes))
        grant.addResourceScope(indicator, scopes.join(' '));
      const grantId = await grant.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    case 'abort':
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
  }
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function stop() {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

process.on('message', async (message) => {
  try {
    let result = null;
    switch (message.type) {
      case 'start':
        for (const [sub, claims] of Object.entries(message.accounts ?? {})) accounts.set(sub, claims);
        result = await start(message);
        break;
      case 'set-account':
        accounts.set(message.sub, message.claims);
        break;
      case 'stop':
        await stop();
        break;
      default:
        throw new Error(`unknown message ${message.type}`);
    }
    process.send({ id: message.id, result });
    if (message.type === 'stop') process.disconnect();
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});
