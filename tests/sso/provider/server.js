// A real OpenID Connect provider (node-oidc-provider) for Rounds' SSO tests and `make oidc-dev`.
//
//   node server.js CONFIG.json      (CONFIG: issuer, port, clients, users; see tests/sso/provider.py)
//
// Prints one line "READY <issuer>" when it serves. Besides the provider's own endpoints it
// serves its own small login page (username and password, checked against the configured
// users; the user's configured `amr` is what the ID token then says) and, for the tests, a
// few /_control endpoints on the same port: change a user's claims, rotate the signing
// key, issue a back-channel logout token, or alter the next token response in flight
// (as a broken or hostile network would) to exercise the client's checks.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, decodeProtectedHeader, importJWK } from 'jose';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let users = structuredClone(config.users);
const cookieKeys = [randomBytes(32).toString('hex')];

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

// The first key signs; the previous one stays published so tokens already issued still verify.
let keys = [newSigningKey()];
let nextTokenChange = null;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function loginPage(uid, message = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(config.title || 'Test identity provider')}</title></head>
<body><main><h1>${escapeHtml(config.title || 'Test identity provider')}</h1>
<p>Sign in with your organisation account.</p>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="username">Username</label> <input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in to the identity provider</button>
</form></main></body></html>`;
}

function buildProvider() {
  const provider = new Provider(config.issuer, {
    clients: config.clients,
    jwks: { keys },
    cookies: { keys: cookieKeys },
    scopes: ['openid', 'email', 'profile', 'groups', 'roles'],
    claims: {
      openid: ['sub', 'acr', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
      roles: ['roles'],
    },
    // Like Entra ID and Keycloak: the ID token itself carries the requested claims.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    pkce: { required: () => true },
    // The provider refuses to call special-use addresses (SSRF protection); Rounds runs on
    // 127.0.0.1 beside this test provider, so its back-channel logout calls go there.
    fetch: (url, { dispatcher, ...options }) => globalThis.fetch(url, options),
    ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    // The test users have consented in advance: only the login page is shown.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      await grant.save();
      return grant;
    },
    async findAccount(ctx, sub) {
      const user = users[sub];
      if (!user) return undefined;
      return { accountId: sub, async claims() { return { sub, ...user.claims }; } };
    },
  });
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  return provider;
}

let provider = buildProvider();

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function interaction(req, res, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch {
    details = null;
  }
  if (!details || details.uid !== uid || details.prompt.name !== 'login') {
    return send(res, 400, loginPage(uid, 'This sign-in request has expired. Start again from the application.'), 'text/html');
  }
  if (action !== 'login' || req.method !== 'POST') {
    return send(res, 200, loginPage(uid), 'text/html');
  }
  const form = new URLSearchParams(await readBody(req));
  const username = form.get('username') || '';
  const user = users[username];
  if (!user || user.password !== form.get('password')) {
    return send(res, 401, loginPage(uid, 'Wrong username or password.'), 'text/html');
  }
  const login = { accountId: username, amr: user.amr || ['pwd'] };
  if (user.acr) login.acr = user.acr;
  return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

// Alters the id_token of one token response: what the client must refuse.
async function changeIdToken(idToken, change) {
  const claims = decodeJwt(idToken);
  const header = decodeProtectedHeader(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (change === 'tampered') {
    const [h, , s] = idToken.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, groups: ['rounds-admins'] })).toString('base64url');
    return `${h}.${forged}.${s}`;
  }
  const altered = { ...claims };
  if (change === 'expired') Object.assign(altered, { iat: now - 3600, exp: now - 1800 });
  else if (change === 'wrong_aud') altered.aud = 'another-application';
  else if (change === 'wrong_iss') altered.iss = 'https://impostor.invalid';
  else if (change === 'wrong_nonce') altered.nonce = 'a-nonce-from-another-login';
  else if (change === 'no_groups') delete altered.groups;
  else throw new Error(`unknown change ${change}`);
  const key = await importJWK(keys[0], 'RS256');
  return new SignJWT(altered).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(key);
}

async function tokenWithChange(req, res, change) {
  // Let the provider answer, capture its JSON, and send the altered copy instead.
  const chunks = [];
  const original = { write: res.write, end: res.end };
  res.write = (chunk) => { chunks.push(Buffer.from(chunk)); return true; };
  res.end = (chunk) => {
    if (chunk) chunks.push(Buffer.from(chunk));
    Object.assign(res, original);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const finish = (text) => {
      res.setHeader('content-length', Buffer.byteLength(text));
      res.end(text);
    };
    if (!body.id_token) finish(JSON.stringify(body));
    else changeIdToken(body.id_token, change).then((idToken) => finish(JSON.stringify({ ...body, id_token: idToken })));
    return res;
  };
  return provider.callback()(req, res);
}

async function control(req, res, path) {
  const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
  const userMatch = path.match(/^\/_control\/users\/([^/]+)$/);
  if (userMatch) {
    const user = users[decodeURIComponent(userMatch[1])];
    if (!user) return send(res, 404, { error: 'no such user' });
    if (body.claims) user.claims = { ...user.claims, ...body.claims };
    for (const name of body.remove_claims || []) delete user.claims[name];
    if (body.amr) user.amr = body.amr;
    if ('acr' in body) user.acr = body.acr;
    return send(res, 200, { ok: true });
  }
  if (path === '/_control/reset') {
    users = structuredClone(config.users);
    nextTokenChange = null;
    return send(res, 200, { ok: true });
  }
  if (path === '/_control/rotate-keys') {
    keys = [newSigningKey(), keys[0]];
    provider = buildProvider();
    return send(res, 200, { kid: keys[0].kid, kids: keys.map((k) => k.kid) });
  }
  if (path === '/_control/change-next-token') {
    nextTokenChange = body.change;
    return send(res, 200, { ok: true });
  }
  if (path === '/_control/logout-token') {
    // The same token the provider sends when the user signs out (Client#backchannelLogout).
    const client = await provider.Client.find(body.client_id);
    const token = new provider.IdToken({ sub: body.sub }, { client, ctx: undefined });
    token.mask = { sub: null };
    token.set('events', { 'http://schemas.openid.net/event/backchannel-logout': {} });
    token.set('jti', randomUUID());
    if (body.sid) token.set('sid', body.sid);
    return send(res, 200, { logout_token: await token.issue({ use: 'logout' }) });
  }
  if (path === '/_control/backchannel-logout') {
    const client = await provider.Client.find(body.client_id);
    await client.backchannelLogout(body.sub, body.sid);
    return send(res, 200, { ok: true });
  }
  return send(res, 404, { error: 'unknown control endpoint' });
}

const server = createServer(async (req, res) => {
  const path = new URL(req.url, config.issuer).pathname;
  try {
    if (path.startsWith('/_control/')) return await control(req, res, path);
    const interactionMatch = path.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (interactionMatch) return await interaction(req, res, interactionMatch[1], interactionMatch[2]);
    if (path === '/token' && nextTokenChange) {
      const change = nextTokenChange;
      nextTokenChange = null;
      return await tokenWithChange(req, res, change);
    }
    return provider.callback()(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: String(error.message || error) });
    return undefined;
  }
});

server.listen(config.port, '127.0.0.1', () => {
  console.log(`READY ${config.issuer}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
