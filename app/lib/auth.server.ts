import { createCookieSessionStorage, redirect } from "@remix-run/node";
import type { Person, Role } from "~/store/schema";
import { hasRole, type Actor } from "~/models/actor";
import { findPersonByEmail, getPerson } from "~/models/person.server";
import { endSession, findLiveSession, startSession, SESSION_ABSOLUTE_MS } from "~/models/session.server";
import { DUMMY_HASH, verifyPassword } from "./password.server";
import { getEnv } from "./env.server";
import { safeRedirect } from "./http";

type SessionData = { sid: string };
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | null = null;

function sessionStorage() {
  if (!storage) {
    const env = getEnv();
    storage = createCookieSessionStorage<SessionData>({
      cookie: {
        name: "__untangle",
        httpOnly: true,
        sameSite: "lax",
        path: "/",
        secure: env.COOKIE_SECURE,
        secrets: [env.SESSION_SECRET],
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      },
    });
  }
  return storage;
}

async function cookieSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("Cookie"));
}

export type CurrentUser = Actor & { email: string; sessionId: string; locale?: Person["locale"] };

/** The signed-in person, or null. Reads role and team fresh on every request. */
export async function getUser(request: Request): Promise<CurrentUser | null> {
  const cookie = await cookieSession(request);
  const sessionId = cookie.get("sid");
  if (typeof sessionId !== "string") return null;
  const session = findLiveSession(sessionId);
  if (!session) return null;
  const person = await getPerson(session.personId);
  if (!person || !person.active) return null;
  return { id: person.id, name: person.name, role: person.role, teamId: person.teamId, email: person.email, sessionId, locale: person.locale };
}

function currentPath(request: Request) {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/** The signed-in person; anyone else is sent to sign in and back here afterwards. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getUser(request);
  if (!user) {
    const params = new URLSearchParams({ redirectTo: currentPath(request) });
    throw redirect(`/login?${params}`);
  }
  return user;
}

/** The signed-in person with at least this role; others get the 403 page. */
export async function requireRole(request: Request, role: Role): Promise<CurrentUser> {
  const user = await requireUser(request);
  if (!hasRole(user, role)) throw new Response("Forbidden", { status: 403 });
  return user;
}

// ---------------------------------------------------------------- sign-in throttling

const WINDOW_MS = 15 * 60 * 1000;
const FREE_ATTEMPTS = 3;
const LOCK_AFTER = 10;
const LOCK_MS = 15 * 60 * 1000;
type Attempts = { failures: number; first: number; last: number; lockedUntil: number };
const attempts = new Map<string, Attempts>();

export type SignInResult =
  | { ok: true; headers: Headers; redirectTo: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "password-off" }
  | { ok: false; reason: "slow-down"; seconds: number }
  | { ok: false; reason: "locked"; minutes: number };

function throttleState(email: string, now: number) {
  const entry = attempts.get(email);
  if (!entry) return null;
  if (entry.lockedUntil > now) return { reason: "locked" as const, minutes: Math.ceil((entry.lockedUntil - now) / 60000) };
  if (entry.lockedUntil && entry.lockedUntil <= now) {
    attempts.delete(email);
    return null;
  }
  if (now - entry.first > WINDOW_MS) {
    attempts.delete(email);
    return null;
  }
  if (entry.failures >= FREE_ATTEMPTS) {
    const wait = 2 ** (entry.failures - FREE_ATTEMPTS) * 1000;
    if (now - entry.last < wait) return { reason: "slow-down" as const, seconds: Math.ceil((wait - (now - entry.last)) / 1000) };
  }
  return null;
}

function recordFailure(email: string, now: number) {
  const entry = attempts.get(email) ?? { failures: 0, first: now, last: now, lockedUntil: 0 };
  entry.failures++;
  entry.last = now;
  if (entry.failures >= LOCK_AFTER) entry.lockedUntil = now + LOCK_MS;
  attempts.set(email, entry);
}

/** Checks the password (in constant time), starts a new session and sets its cookie. */
export async function signIn({ email, password, redirectTo }: { email: string; password: string; redirectTo?: unknown }): Promise<SignInResult> {
  const key = email.trim().toLowerCase();
  const now = Date.now();
  const throttled = throttleState(key, now);
  if (throttled) return { ok: false, ...throttled };
  if (!passwordSignInAllowed(key)) return { ok: false, reason: "password-off" };
  const person = await findPersonByEmail(key);
  const valid = await verifyPassword(password, person?.passwordHash ?? DUMMY_HASH);
  if (!person || !person.passwordHash || !valid || !person.active) {
    recordFailure(key, now);
    const after = throttleState(key, now);
    if (after?.reason === "locked") return { ok: false, ...after };
    return { ok: false, reason: "invalid" };
  }
  attempts.delete(key);
  const headers = new Headers({ "Set-Cookie": await newSessionCookie(person.id, "password") });
  return { ok: true, headers, redirectTo: safeRedirect(redirectTo, "/") };
}

/** Whether this email may sign in with a password: always, unless PASSWORD_SIGNIN=false (then only the break-glass admin). */
export function passwordSignInAllowed(email: string) {
  const env = getEnv();
  return env.PASSWORD_SIGNIN || (env.BREAK_GLASS_ADMIN !== null && email.trim().toLowerCase() === env.BREAK_GLASS_ADMIN);
}

/** Starts a new session for this person and returns the cookie that carries it. */
export async function newSessionCookie(personId: string, method: "password" | "oidc") {
  const session = await startSession(personId, method);
  const cookie = await sessionStorage().getSession();
  cookie.set("sid", session.id);
  return sessionStorage().commitSession(cookie);
}

/**
 * Starts a new session after a company sign-in, ending the session this browser had, if any
 * (a sign-in never continues an earlier session). Returns the cookie to set.
 */
export async function replaceSession(request: Request, personId: string) {
  const cookie = await cookieSession(request);
  const previous = cookie.get("sid");
  if (typeof previous === "string") await endSession(previous);
  return newSessionCookie(personId, "oidc");
}

/**
 * Ends this browser's session and sends the person to sign in again — or, when they signed in
 * with the company account, first to `providerSignOut` (the provider's end-session endpoint).
 */
export async function signOut(request: Request, providerSignOut?: () => Promise<string | null>) {
  const cookie = await cookieSession(request);
  const sessionId = cookie.get("sid");
  const session = typeof sessionId === "string" ? findLiveSession(sessionId) : null;
  if (typeof sessionId === "string") await endSession(sessionId);
  const next = session?.method === "oidc" && providerSignOut ? await providerSignOut() : null;
  return redirect(next ?? "/login", { headers: { "Set-Cookie": await sessionStorage().destroySession(cookie) } });
}

/** For tests: forget throttling state. */
export function resetSignInThrottle() {
  attempts.clear();
}
