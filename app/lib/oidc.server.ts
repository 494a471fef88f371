/**
 * Company sign-in with OpenID Connect: the whole flow, in one module (openid-client v6).
 *
 * - The provider is discovered from its issuer URL once and remembered; a failed discovery is
 *   forgotten, so the next attempt tries again (a provider that was down comes back).
 * - Starting: a PKCE verifier, `state` and `nonce` are made and kept in a short-lived, signed,
 *   httpOnly cookie that only the callback reads; the person goes to the provider.
 * - The callback checks all three (openid-client checks the state, the PKCE exchange, the ID
 *   token's signature, issuer, audience, expiry and nonce), then the domain finds, links or
 *   creates the person (app/models/company-account.server.ts), and a new session starts.
 * - Every failure is one of a few named problems, shown as a plain page; never a session.
 */
import { createCookie } from "@remix-run/node";
import * as client from "openid-client";
import type { Role } from "~/store/schema";
import { signInWithCompanyAccount, type CompanyIdentity } from "~/models/company-account.server";
import { getEnv, type OidcSettings } from "./env.server";
import { safeRedirect } from "./http";

/** What can go wrong, in words a person can act on (each has a message in signin.problems). */
export const SIGN_IN_PROBLEMS = [
  "notConfigured",
  "unavailable",
  "cancelled",
  "failed",
  "expired",
  "forged",
  "rejected",
  "deactivated",
  "noEmail",
  "emailUnverified",
  "emailTaken",
  "noTeam",
] as const;
export type SignInProblem = (typeof SIGN_IN_PROBLEMS)[number];

const PROBLEM_STATUS: Record<SignInProblem, number> = {
  notConfigured: 404,
  unavailable: 503,
  cancelled: 400,
  failed: 400,
  expired: 400,
  forged: 400,
  rejected: 400,
  deactivated: 403,
  noEmail: 403,
  emailUnverified: 403,
  emailTaken: 409,
  noTeam: 403,
};

export function problemStatus(problem: SignInProblem) {
  return PROBLEM_STATUS[problem];
}

/** How long a started sign-in may take at the provider. */
const FLOW_MAX_AGE_S = 10 * 60;

export function oidcSettings(): OidcSettings | null {
  return getEnv().OIDC;
}

// ---------------------------------------------------------------- discovery (once, cached)

let discovered: { key: string; config: Promise<client.Configuration> } | null = null;
/** The provider's origins once known (issuer, end-session endpoint): the pages' CSP lets forms go there. */
let knownOrigins: string[] = [];

function isLoopback(url: URL) {
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

function configuration(settings: OidcSettings): Promise<client.Configuration> {
  const key = `${settings.issuer}|${settings.clientId}|${settings.clientSecret ?? ""}`;
  if (discovered?.key === key) return discovered.config;
  const issuer = new URL(settings.issuer);
  const config = client
    .discovery(
      issuer,
      settings.clientId,
      settings.clientSecret ?? undefined,
      settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
      // Plain HTTP only for a provider on this machine (env.server.ts refuses it elsewhere).
      { execute: issuer.protocol === "http:" && isLoopback(issuer) ? [client.allowInsecureRequests] : [], timeout: 10 },
    )
    .then((c) => {
      const endSession = c.serverMetadata().end_session_endpoint;
      knownOrigins = [...new Set([issuer.origin, ...(endSession ? [new URL(endSession).origin] : [])])];
      return c;
    });
  const entry = { key, config };
  discovered = entry;
  // A provider that is down is asked again next time, not remembered as down.
  config.catch(() => {
    if (discovered === entry) discovered = null;
  });
  return config;
}

/** For tests: forget the discovered provider. */
export function forgetProvider() {
  discovered = null;
  knownOrigins = [];
}

/**
 * The provider's origins, for the Content-Security-Policy's form-action: signing out is a form
 * that ends at the provider's end-session endpoint. Empty without company sign-in.
 */
export function providerOrigins(): string[] {
  const settings = oidcSettings();
  if (!settings) return [];
  return knownOrigins.length ? knownOrigins : [new URL(settings.issuer).origin];
}

// ---------------------------------------------------------------- the flow cookie

type Flow = { state: string; nonce: string; verifier: string; redirectTo: string; startedAt: number };

let flowCookieInstance: ReturnType<typeof createCookie> | null = null;
function flowCookie() {
  if (!flowCookieInstance) {
    const env = getEnv();
    flowCookieInstance = createCookie("__untangle_oidc", {
      httpOnly: true,
      // Lax: the provider sends the person back with a top-level GET from its own site.
      sameSite: "lax",
      path: "/auth/oidc",
      maxAge: FLOW_MAX_AGE_S,
      secure: env.COOKIE_SECURE,
      secrets: [env.SESSION_SECRET],
    });
  }
  return flowCookieInstance;
}

function isFlow(value: unknown): value is Flow {
  const v = value as Flow | null;
  return Boolean(
    v && typeof v.state === "string" && typeof v.nonce === "string" && typeof v.verifier === "string" && typeof v.startedAt === "number",
  );
}

async function clearFlowCookie() {
  return flowCookie().serialize("", { maxAge: 0 });
}

// ---------------------------------------------------------------- errors

export class SignInError extends Error {
  constructor(
    readonly problem: SignInProblem,
    readonly detail: string,
  ) {
    super(`${problem}: ${detail}`);
  }
}

/** Whether an error from openid-client means the provider could not be reached (not that it said no). */
function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const err = e as { name?: string; code?: string; message?: string };
    if (err.code === "OAUTH_TIMEOUT" || err.code === "OAUTH_ABORT") return true;
    if (err.name === "TimeoutError" || err.name === "AbortError") return true;
    if (typeof err.code === "string" && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|UND_ERR_)/.test(err.code)) return true;
    if (e instanceof TypeError && err.message === "fetch failed") return true;
  }
  if (error instanceof client.ClientError && error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    const status = (error.cause as { status?: number } | undefined)?.status;
    return typeof status === "number" && status >= 500;
  }
  return false;
}

async function providerConfiguration(settings: OidcSettings) {
  try {
    return await configuration(settings);
  } catch (error) {
    throw new SignInError("unavailable", `discovery of ${settings.issuer} failed: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------- start

/**
 * Where to send the person to sign in at the provider, and the cookie that remembers this
 * attempt. Throws SignInError("notConfigured" | "unavailable").
 */
export async function startSignIn({ redirectTo, locale }: { redirectTo: unknown; locale: string }) {
  const settings = oidcSettings();
  if (!settings) throw new SignInError("notConfigured", "company sign-in is not set up");
  const config = await providerConfiguration(settings);
  const verifier = client.randomPKCECodeVerifier();
  const flow: Flow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier,
    redirectTo: safeRedirect(redirectTo, "/"),
    startedAt: Date.now(),
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
    ui_locales: locale,
  });
  return { url: url.href, cookie: await flowCookie().serialize(flow) };
}

// ---------------------------------------------------------------- the callback

export type FinishedSignIn =
  | { ok: true; personId: string; redirectTo: string; clearCookie: string; created: boolean }
  | { ok: false; problem: SignInProblem; clearCookie: string };

/**
 * Handles the provider's answer. Whatever happens, the flow cookie is cleared: a callback is
 * used once. Never starts a session itself; the caller does, only when ok.
 */
export async function finishSignIn(request: Request): Promise<FinishedSignIn> {
  const clearCookie = await clearFlowCookie();
  try {
    const personId = await checkCallback(request);
    return { ok: true, clearCookie, ...personId };
  } catch (error) {
    if (error instanceof SignInError) {
      console.warn(`company sign-in refused (${error.problem}): ${error.detail}`);
      return { ok: false, problem: error.problem, clearCookie };
    }
    throw error;
  }
}

async function checkCallback(request: Request) {
  const settings = oidcSettings();
  if (!settings) throw new SignInError("notConfigured", "company sign-in is not set up");
  const url = new URL(request.url);
  const raw: unknown = await flowCookie().parse(request.headers.get("Cookie"));
  const flow = isFlow(raw) && Date.now() - raw.startedAt <= FLOW_MAX_AGE_S * 1000 ? raw : null;

  const providerError = url.searchParams.get("error");
  if (providerError) {
    throw new SignInError(providerError === "access_denied" || providerError === "login_required" ? "cancelled" : "failed", `the provider answered ${providerError}`);
  }
  if (!flow) throw new SignInError("expired", "no sign-in was started in this browser, or it took longer than 10 minutes, or the answer was used before");
  if (url.searchParams.get("state") !== flow.state) throw new SignInError("forged", "the state does not match the one this browser started with");

  const config = await providerConfiguration(settings);
  // The answer as the provider addressed it (the public URL), whatever address the request came in on.
  const current = new URL(settings.redirectUri);
  current.search = url.search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    if (isUnreachable(error)) throw new SignInError("unavailable", `the provider could not be reached: ${(error as Error).message}`);
    const code = (error as { code?: string; error?: string }).code ?? (error as { error?: string }).error ?? "";
    throw new SignInError("rejected", `the provider's answer did not check out (${code}): ${(error as Error).message}`);
  }
  const idClaims = tokens.claims();
  if (!idClaims) throw new SignInError("rejected", "no ID token");
  let claims: Record<string, unknown> = { ...idClaims };
  if (needsUserInfo(claims, settings) && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // What the signed ID token says wins; the user info only fills in what it lacks.
      claims = { ...info, ...claims };
    } catch (error) {
      if (isUnreachable(error)) throw new SignInError("unavailable", `the provider's user info could not be fetched: ${(error as Error).message}`);
      throw new SignInError("rejected", `the provider's user info did not check out: ${(error as Error).message}`);
    }
  }

  const result = await signInWithCompanyAccount({ identity: identityFrom(claims, settings), defaultTeam: settings.defaultTeam });
  if (!result.ok) throw new SignInError(result.reason, `person ${result.personId ?? "(unknown)"} with subject ${String(idClaims.sub)}`);
  return { personId: result.person.id, redirectTo: flow.redirectTo, created: result.created };
}

// ---------------------------------------------------------------- claims

/** A claim by name, or by a dotted path into nested claims ("realm_access.roles"). */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let node: unknown = claims;
  for (const part of path.split(".")) {
    if (node && typeof node === "object") node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return node;
}

function needsUserInfo(claims: Record<string, unknown>, settings: OidcSettings) {
  const wanted = ["email", settings.teamClaim, settings.roleClaim].filter((c): c is string => Boolean(c));
  return wanted.some((c) => claimAt(claims, c) === undefined);
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string | number => typeof v === "string" || typeof v === "number").map(String);
  if (typeof value === "string" || typeof value === "number") return [String(value)];
  return [];
}

/** The role the provider's groups give: admin before manager; otherwise the default role. */
export function roleFromClaims(claims: Record<string, unknown>, settings: Pick<OidcSettings, "roleClaim" | "adminGroups" | "managerGroups" | "defaultRole">): Role {
  if (!settings.roleClaim) return settings.defaultRole;
  const groups = new Set(strings(claimAt(claims, settings.roleClaim)).map((g) => g.toLowerCase()));
  if (settings.adminGroups.some((g) => groups.has(g.toLowerCase()))) return "admin";
  if (settings.managerGroups.some((g) => groups.has(g.toLowerCase()))) return "manager";
  return settings.defaultRole;
}

/** The person as the provider describes them, in the domain's terms. */
export function identityFrom(claims: Record<string, unknown>, settings: OidcSettings): CompanyIdentity {
  const email = typeof claims.email === "string" && claims.email.trim() ? claims.email.trim().toLowerCase() : null;
  const verified = claimAt(claims, settings.emailVerifiedClaim);
  const given = [claims.given_name, claims.family_name].filter((v) => typeof v === "string" && v.trim()).join(" ");
  const name =
    (typeof claims.name === "string" && claims.name.trim()) ||
    given ||
    (typeof claims.preferred_username === "string" && claims.preferred_username.trim()) ||
    (email ? email.split("@")[0] : null);
  return {
    subject: String(claims.sub),
    email,
    emailVerified: verified === true || verified === "true",
    name: name || null,
    team: settings.teamClaim ? (strings(claimAt(claims, settings.teamClaim))[0] ?? null) : null,
    role: roleFromClaims(claims, settings),
  };
}

// ---------------------------------------------------------------- signing out at the provider

/**
 * Where to send a person who signed in with the company account after their session here has
 * ended: the provider's end-session endpoint when it offers one (RP-initiated logout), else null.
 */
export async function providerSignOutUrl(): Promise<string | null> {
  const settings = oidcSettings();
  if (!settings) return null;
  try {
    const config = await configuration(settings);
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { client_id: settings.clientId, post_logout_redirect_uri: settings.postLogoutRedirectUri }).href;
  } catch {
    // The provider is down: the session here has ended; that is what matters.
    return null;
  }
}
