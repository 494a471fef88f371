/**
 * A real OpenID Connect provider for the tests (the `oidc-provider` package, the certified
 * implementation many products test against), on a free loopback port, with one client for
 * Untangle and a small sign-in page of its own: an account name and "Sign in" or "Cancel".
 *
 * Accounts are kept in a Map the test can change between sign-ins (a new email, new groups).
 * `misbehave` makes the provider issue ID tokens that expired long ago, to check that Untangle
 * refuses them.
 */
import type { IncomingMessage } from "node:http";
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { freePort } from "../e2e/server";

export const TEST_CLIENT_ID = "untangle";
export const TEST_CLIENT_SECRET = "untangle-test-client-secret";

export type TestAccount = {
  email?: string;
  email_verified?: boolean;
  name?: string;
  department?: string;
  groups?: string[];
};

export type TestProvider = {
  issuer: string;
  accounts: Map<string, TestAccount>;
  misbehave: { expiredIdTokens: boolean };
  stop: () => Promise<void>;
};

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(new URLSearchParams(text)));
    req.on("error", reject);
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestProvider({
  redirectUris,
  postLogoutRedirectUris = [],
  port,
}: {
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  port?: number;
}): Promise<TestProvider> {
  const listenPort = port ?? (await freePort());
  const issuer = `http://127.0.0.1:${listenPort}`;
  const accounts = new Map<string, TestAccount>();
  const misbehave = { expiredIdTokens: false };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { methods: ["S256"], required: () => true },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      org: ["department", "groups"],
    },
    scopes: ["openid", "email", "profile", "org"],
    // The scopes' claims go into the ID token too, as Entra ID, Google and Keycloak do.
    conformIdTokenClaims: false,
    cookies: { keys: ["test-provider-cookie-key-0123456789"] },
    ttl: { IdToken: () => (misbehave.expiredIdTokens ? -600 : 3600) },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head><body><main><h1>Sign out of the test provider?</h1>${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></main></body></html>`;
        },
      },
    },
    // Untangle is a first-party application here: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile org");
      await grant.save();
      return grant;
    },
  });
  // Quiet: a refused token is what some tests are about.
  provider.on("server_error", () => undefined);

  // The sign-in page: an account name, Sign in or Cancel.
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
    if (!match) return next();
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === "GET") {
      ctx.type = "html";
      ctx.body = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body><main>
        <h1>Test provider sign-in</h1>
        <form method="post" action="/interaction/${escapeHtml(details.uid)}">
          <label for="account">Account</label> <input id="account" name="account" autocomplete="username">
          <button type="submit" name="action" value="login">Sign in at the provider</button>
          <button type="submit" name="action" value="cancel">Cancel</button>
        </form></main></body></html>`;
      return;
    }
    const form = await readBody(ctx.req);
    const account = form.get("account") ?? "";
    const result =
      form.get("action") === "cancel" || !accounts.has(account)
        ? { error: "access_denied", error_description: "The person cancelled." }
        : { login: { accountId: account } };
    const to = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    ctx.status = 303;
    ctx.redirect(to);
  });

  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(listenPort, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    accounts,
    misbehave,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/**
 * Signs in at the provider as `account` the way a browser would, without one: follows the
 * authorization URL, answers the sign-in page, and returns where the provider sends the
 * person back (Untangle's callback with its code and state). Keeps the provider's cookies.
 */
export async function signInAtProvider(authorizationUrl: string, account: string, action: "login" | "cancel" = "login"): Promise<string> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
  };
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let method: "GET" | "POST" = "GET";
  let body: URLSearchParams | undefined;
  for (let hops = 0; hops < 10; hops++) {
    const res = await fetch(url, { method, body, headers: { Cookie: cookieHeader() }, redirect: "manual" });
    remember(res);
    const location = res.headers.get("Location");
    if (location) {
      const next = new URL(location, url);
      if (next.origin !== origin) return next.href;
      url = next.href;
      method = "GET";
      body = undefined;
      continue;
    }
    if (res.status === 200 && /\/interaction\//.test(url)) {
      await res.text();
      method = "POST";
      body = new URLSearchParams({ account, action });
      continue;
    }
    throw new Error(`the provider answered ${res.status} at ${url}: ${await res.text()}`);
  }
  throw new Error("too many redirects at the provider");
}
