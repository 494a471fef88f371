/**
 * Company sign-in against a real OpenID provider (oidc-provider, in this process on a loopback
 * port): the sign-in start and the callback route called with real Requests, the provider's
 * sign-in page answered as a browser would.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as start from "~/routes/auth.oidc._index";
import * as callback from "~/routes/auth.oidc.callback";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as account from "~/routes/account";
import { getUser, resetSignInThrottle } from "~/lib/auth.server";
import { loadEnv } from "~/lib/env.server";
import { forgetProvider } from "~/lib/oidc.server";
import { setPersonActive } from "~/models/person.server";
import { getStore } from "~/store/index.server";
import { buildPerson, buildTeam, closeTestStore, openTestStore } from "../factories";
import { body, call, get, post, sessionCookie } from "../support/requests";
import { signInAtProvider, startTestProvider, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type TestProvider } from "../support/oidc-provider";
import { freePort } from "../e2e/server";

const APP = "http://untangle.test";
let provider: TestProvider;
let other: TestProvider;
let finance: { id: string };
let operations: { id: string };
let admin: Awaited<ReturnType<typeof buildPerson>>;

function settings(overrides: Record<string, string> = {}) {
  return {
    SESSION_SECRET: "integration-secret-integration-secret",
    APP_URL: APP,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: TEST_CLIENT_ID,
    OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
    OIDC_SCOPES: "openid email profile org",
    OIDC_TEAM_CLAIM: "department",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_ADMIN_GROUPS: "untangle-admins",
    OIDC_MANAGER_GROUPS: "untangle-managers, team-leads",
    OIDC_DEFAULT_TEAM: "operations",
    ...overrides,
  };
}

const cookiePair = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1) ?? null;

/** Starts a sign-in at Untangle: where it sends the browser, and the flow cookie it sets. */
async function begin(redirectTo = "/policies") {
  const res = await call(start.loader, get(`/auth/oidc?redirectTo=${encodeURIComponent(redirectTo)}`));
  expect(res.status).toBe(302);
  const flow = cookiePair(res, "__untangle_oidc");
  expect(flow).not.toBeNull();
  return { authorizationUrl: res.headers.get("Location")!, flow: flow! };
}

/** The provider's answer handed to Untangle's callback, with the browser's cookies. */
async function answer(callbackUrl: string, cookies: Array<string | null>) {
  const url = new URL(callbackUrl);
  expect(url.origin).toBe(APP);
  return call(callback.loader, get(`${url.pathname}${url.search}`, cookies.filter(Boolean).join("; ")));
}

async function signInAs(account: string) {
  const { authorizationUrl, flow } = await begin();
  const back = await signInAtProvider(authorizationUrl, account);
  return { res: await answer(back, [flow]), back, flow };
}

function sessionFrom(res: Response) {
  return cookiePair(res, "__untangle");
}

async function expectProblem(res: Response, problem: string, status = 400) {
  expect(res.status).toBe(status);
  expect((await body(res)).problem).toBe(problem);
  expect(sessionFrom(res)).toBeNull();
}

/** What the signed flow cookie carries (it is signed, not secret: the browser may read it). */
function flowContents(flow: string): { state: string; nonce: string; verifier: string } {
  const value = decodeURIComponent(flow.slice(flow.indexOf("=") + 1));
  const data = value.slice(0, value.lastIndexOf("."));
  return JSON.parse(decodeURIComponent(escape(Buffer.from(data, "base64").toString("binary"))));
}

const people = () => Object.values(getStore().data.people);

/** Why the last sign-in was refused, as the server log says it (the page says less). */
const warnings: string[] = [];
const lastReason = () => warnings.at(-1) ?? "";

beforeAll(async () => {
  provider = await startTestProvider({ redirectUris: [`${APP}/auth/oidc/callback`], postLogoutRedirectUris: [`${APP}/login`] });
  other = await startTestProvider({ redirectUris: [`${APP}/auth/oidc/callback`] });
  await openTestStore();
  finance = await buildTeam({ name: "Finance", slug: "finance" });
  operations = await buildTeam({ name: "Operations", slug: "operations" });
  admin = await buildPerson({ role: "admin", teamId: operations.id, email: "root@corp.test" });
  loadEnv(settings(), () => undefined);
  provider.accounts.set("alice", { email: "alice@corp.test", email_verified: true, name: "Alice Andersen", department: "Finance", groups: ["team-leads"] });
  other.accounts.set("alice", { email: "alice@corp.test", email_verified: true, name: "Alice Andersen" });
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await closeTestStore();
  await provider?.stop();
  await other?.stop();
});
beforeEach(() => {
  warnings.length = 0;
  vi.spyOn(console, "warn").mockImplementation((message: string) => void warnings.push(message));
  provider.misbehave.expiredIdTokens = false;
  resetSignInThrottle();
});

describe("signing in with the company account", () => {
  it("sends the person to the provider with PKCE, state and nonce, remembered in a short-lived signed httpOnly cookie", async () => {
    const res = await call(start.loader, get("/auth/oidc"));
    const to = new URL(res.headers.get("Location")!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("redirect_uri")).toBe(`${APP}/auth/oidc/callback`);
    for (const p of ["state", "nonce", "code_challenge"]) expect(to.searchParams.get(p)?.length).toBeGreaterThan(20);
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=600/);
    expect(cookie).toMatch(/Path=\/auth\/oidc/);
  });

  it("creates an unknown person at the first sign-in, in the team and role their claims give, with no password", async () => {
    const before = people().length;
    const { res } = await signInAs("alice");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/policies");
    const session = sessionFrom(res);
    expect(session).not.toBeNull();
    const user = await getUser(get("/", session!));
    expect(user).toMatchObject({ name: "Alice Andersen", email: "alice@corp.test", role: "manager", teamId: finance.id });
    expect(people().length).toBe(before + 1);
    const person = getStore().data.people[user!.id];
    expect(person.oidcSubject).toBe("alice");
    expect(person.passwordHash).toBeUndefined();
    expect(await body(await call(account.loader, get("/account", session!)))).toMatchObject({ hasPassword: false });
    expect(getStore().activityFor("person", person.id).map((e) => e.type)).toEqual(["person.created", "person.signed-in"]);
  });

  it("signs the same person in again, with a new session each time", async () => {
    const first = await signInAs("alice");
    const second = await signInAs("alice");
    const a = await getUser(get("/", sessionFrom(first.res)!));
    const b = await getUser(get("/", sessionFrom(second.res)!));
    expect(a!.id).toBe(b!.id);
    expect(a!.sessionId).not.toBe(b!.sessionId);
    expect(people().filter((p) => p.oidcSubject === "alice")).toHaveLength(1);
  });

  it("never sends the person to another site afterwards", async () => {
    for (const target of ["https://evil.example/", "//evil.example/x"]) {
      const { authorizationUrl, flow } = await begin(target);
      const res = await answer(await signInAtProvider(authorizationUrl, "alice"), [flow]);
      expect(res.headers.get("Location")).toBe("/");
    }
  });

  it("ends the session the browser already had when someone signs in", async () => {
    const earlier = await sessionCookie(admin.email, admin.password);
    const { authorizationUrl, flow } = await begin();
    const back = await signInAtProvider(authorizationUrl, "alice");
    const res = await answer(back, [flow, earlier]);
    expect(res.status).toBe(302);
    expect(await getUser(get("/", earlier))).toBeNull();
  });

  it("keeps the person when their email changes at the provider, and follows the new address", async () => {
    const { res } = await signInAs("alice");
    const id = (await getUser(get("/", sessionFrom(res)!)))!.id;
    provider.accounts.set("alice", { ...provider.accounts.get("alice"), email: "alice.andersen@corp.test" });
    const again = await signInAs("alice");
    const user = await getUser(get("/", sessionFrom(again.res)!));
    expect(user!.id).toBe(id);
    expect(user!.email).toBe("alice.andersen@corp.test");
    provider.accounts.set("alice", { ...provider.accounts.get("alice"), email: "alice@corp.test" });
  });

  it("links an existing person by their verified email, and keeps their id, team and role", async () => {
    const bob = await buildPerson({ email: "bob@corp.test", role: "employee", teamId: operations.id });
    provider.accounts.set("bob-sub", { email: "bob@corp.test", email_verified: true, name: "Bob", department: "Finance", groups: ["untangle-admins"] });
    const { res } = await signInAs("bob-sub");
    const user = await getUser(get("/", sessionFrom(res)!));
    expect(user).toMatchObject({ id: bob.id, role: "employee", teamId: operations.id });
    expect(getStore().data.people[bob.id].oidcSubject).toBe("bob-sub");
    expect(getStore().activityFor("person", bob.id).some((e) => e.type === "person.linked")).toBe(true);
  });

  it("never links an existing person on an unverified email", async () => {
    const carol = await buildPerson({ email: "carol@corp.test" });
    provider.accounts.set("mallory", { email: "carol@corp.test", email_verified: false, name: "Not Carol" });
    const { res } = await signInAs("mallory");
    await expectProblem(res, "emailUnverified", 403);
    expect(getStore().data.people[carol.id].oidcSubject).toBeUndefined();
    expect(people().some((p) => p.oidcSubject === "mallory")).toBe(false);
  });

  it("refuses an email that a person linked to another company account already has", async () => {
    await signInAs("alice"); // her address here is alice@corp.test again
    expect(people().find((p) => p.oidcSubject === "alice")?.email).toBe("alice@corp.test");
    provider.accounts.set("alice-twin", { email: "alice@corp.test", email_verified: true });
    await expectProblem((await signInAs("alice-twin")).res, "emailTaken", 409);
  });

  it("refuses a deactivated person, whose open sessions have ended", async () => {
    const dave = await buildPerson({ email: "dave@corp.test", teamId: operations.id });
    provider.accounts.set("dave-sub", { email: "dave@corp.test", email_verified: true, name: "Dave" });
    const linked = await signInAs("dave-sub");
    const companySession = sessionFrom(linked.res)!;
    const passwordSession = await sessionCookie(dave.email, dave.password);
    await setPersonActive({ actor: admin, personId: dave.id, active: false });
    expect(await getUser(get("/", companySession))).toBeNull();
    expect(await getUser(get("/", passwordSession))).toBeNull();
    await expectProblem((await signInAs("dave-sub")).res, "deactivated", 403);
    expect(Object.values(getStore().data.sessions).filter((s) => s.personId === dave.id)).toEqual([]);
    expect(getStore().activityFor("person", dave.id).at(-1)?.type).toBe("person.sign-in-refused");
  });

  it("puts someone whose department is not a team in the default team, with the default role", async () => {
    provider.accounts.set("erin", { email: "erin@corp.test", email_verified: true, name: "Erin", department: "Marketing" });
    const { res } = await signInAs("erin");
    expect(await getUser(get("/", sessionFrom(res)!))).toMatchObject({ teamId: operations.id, role: "employee" });
    expect(Object.values(getStore().data.teams).some((t) => t.name === "Marketing")).toBe(false);
  });

  it("refuses an unknown person when neither their claims nor the settings name a team", async () => {
    loadEnv(settings({ OIDC_DEFAULT_TEAM: "no-such-team" }), () => undefined);
    try {
      provider.accounts.set("frank", { email: "frank@corp.test", email_verified: true, department: "Marketing" });
      await expectProblem((await signInAs("frank")).res, "noTeam", 403);
      expect(people().some((p) => p.email === "frank@corp.test")).toBe(false);
    } finally {
      loadEnv(settings(), () => undefined);
    }
  });
});

describe("a sign-in that does not check out fails closed, with a page and no session", () => {
  it("a cancelled sign-in", async () => {
    const { authorizationUrl, flow } = await begin();
    const back = await signInAtProvider(authorizationUrl, "alice", "cancel");
    expect(new URL(back).searchParams.get("error")).toBe("access_denied");
    await expectProblem(await answer(back, [flow]), "cancelled");
  });

  it("a tampered state", async () => {
    const { authorizationUrl, flow } = await begin();
    const back = new URL(await signInAtProvider(authorizationUrl, "alice"));
    back.searchParams.set("state", `${back.searchParams.get("state")}x`);
    await expectProblem(await answer(back.href, [flow]), "forged");
  });

  it("a tampered flow cookie", async () => {
    const { authorizationUrl, flow } = await begin();
    const back = await signInAtProvider(authorizationUrl, "alice");
    const value = decodeURIComponent(flow.slice(flow.indexOf("=") + 1));
    const dot = value.lastIndexOf(".");
    const signature = value.slice(dot + 1);
    const forged = `__untangle_oidc=${encodeURIComponent(`${value.slice(0, dot)}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`)}`;
    await expectProblem(await answer(back, [forged]), "expired");
  });

  it("a callback without the browser that started it", async () => {
    const { authorizationUrl } = await begin();
    const back = await signInAtProvider(authorizationUrl, "alice");
    await expectProblem(await answer(back, []), "expired");
  });

  it("a replayed code: the provider refuses it, and without the cleared cookie it is not even tried", async () => {
    const { res, back, flow } = await signInAs("alice");
    expect(res.status).toBe(302);
    expect(res.headers.get("Set-Cookie")).toMatch(/__untangle_oidc=;/);
    await expectProblem(await answer(back, [flow]), "rejected");
    expect(lastReason()).toMatch(/OAUTH_RESPONSE_BODY_ERROR/); // invalid_grant from the provider
    await expectProblem(await answer(back, []), "expired");
  });

  it("an ID token with another nonce than this browser's", async () => {
    const { authorizationUrl, flow } = await begin();
    const { verifier, state } = flowContents(flow);
    const crafted = new URL(authorizationUrl);
    crafted.searchParams.set("nonce", "a-nonce-this-browser-never-made");
    expect(crafted.searchParams.get("state")).toBe(state);
    expect(crafted.searchParams.get("code_challenge")).toBe(createHash("sha256").update(verifier).digest("base64url"));
    const back = await signInAtProvider(crafted.href, "alice");
    await expectProblem(await answer(back, [flow]), "rejected");
    expect(lastReason()).toMatch(/OAUTH_JWT_CLAIM_COMPARISON_FAILED/);
  });

  it("an answer from another issuer", async () => {
    const { authorizationUrl, flow } = await begin();
    const elsewhere = new URL(authorizationUrl);
    const foreign = new URL(other.issuer);
    elsewhere.host = foreign.host;
    const back = await signInAtProvider(elsewhere.href, "alice");
    expect(new URL(back).searchParams.get("iss")).toBe(other.issuer);
    await expectProblem(await answer(back, [flow]), "rejected");
    expect(lastReason()).toMatch(/OAUTH_INVALID_RESPONSE/);
  });

  it("an expired ID token", async () => {
    provider.misbehave.expiredIdTokens = true;
    const before = people().length;
    await expectProblem((await signInAs("alice")).res, "rejected");
    expect(lastReason()).toMatch(/OAUTH_JWT_TIMESTAMP_CHECK_FAILED/);
    expect(people().length).toBe(before);
  });

  it("a provider that is down: a 503 page, and it is asked again once it is back", async () => {
    const closed = await freePort();
    loadEnv(settings({ OIDC_ISSUER: `http://127.0.0.1:${closed}` }), () => undefined);
    forgetProvider();
    try {
      const res = await call(start.loader, get("/auth/oidc"));
      expect(res.status).toBe(503);
      expect((await body(res)).problem).toBe("unavailable");
      expect(res.headers.get("Set-Cookie")).toBeNull();
    } finally {
      loadEnv(settings(), () => undefined);
      forgetProvider();
    }
    expect((await call(start.loader, get("/auth/oidc"))).status).toBe(302);
  });
});

describe("password sign-in and signing out", () => {
  it("signs a company-account session out at the provider too, and a password session only here", async () => {
    const { res } = await signInAs("alice");
    const out = await call(logout.action, post("/logout", {}, sessionFrom(res)!));
    const to = new URL(out.headers.get("Location")!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get("client_id")).toBe(TEST_CLIENT_ID);
    expect(to.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/login`);
    expect(await getUser(get("/", sessionFrom(res)!))).toBeNull();

    const password = await sessionCookie(admin.email, admin.password);
    const plain = await call(logout.action, post("/logout", {}, password));
    expect(plain.headers.get("Location")).toBe("/login");
  });

  it("can be switched off, except for the break-glass admin; the page then offers only the provider's button", async () => {
    loadEnv(settings({ PASSWORD_SIGNIN: "false", BREAK_GLASS_ADMIN: admin.email, OIDC_BUTTON_LABEL: "Corp ID" }), () => undefined);
    try {
      const page = await body(await call(login.loader, get("/login")));
      expect(page).toMatchObject({ company: { label: "Corp ID" }, passwordForm: false });
      expect((await body(await call(login.loader, get("/login?break-glass")))).passwordForm).toBe(true);

      const bob = await buildPerson({ email: "pw-off@corp.test" });
      const refused = await call(login.action, post("/login", { email: bob.email, password: bob.password }));
      expect(refused.status).toBe(403);
      expect(refused.headers.get("Set-Cookie")).toBeNull();
      expect((await body(refused)).formError).toMatch(/switched off/);

      const breakGlass = await call(login.action, post("/login", { email: admin.email, password: admin.password }));
      expect(breakGlass.status).toBe(302);
    } finally {
      loadEnv(settings(), () => undefined);
    }
  });

  it("without company sign-in set up, the login page is as it was and /auth/oidc is not found", async () => {
    loadEnv({ SESSION_SECRET: "integration-secret-integration-secret" }, () => undefined);
    try {
      expect(await body(await call(login.loader, get("/login")))).toMatchObject({ company: null, passwordForm: true });
      const res = await call(start.loader, get("/auth/oidc"));
      expect(res.status).toBe(404);
    } finally {
      loadEnv(settings(), () => undefined);
    }
  });
});
