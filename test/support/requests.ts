/**
 * Drives loaders and actions with real Requests, as Remix would: sign in through the real
 * sign-in path to get a session cookie, then call route modules with it.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { signIn } from "~/lib/auth.server";

const BASE = "http://untangle.test";

export async function sessionCookie(email: string, password: string): Promise<string> {
  const result = await signIn({ email, password, redirectTo: "/" });
  if (!result.ok) throw new Error(`could not sign in as ${email}: ${result.reason}`);
  const setCookie = result.headers.get("Set-Cookie") ?? "";
  return setCookie.split(";")[0];
}

export function get(path: string, cookie?: string) {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(path: string, fields: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

function isDeferred(value: unknown): value is { data: unknown; init?: number | ResponseInit } {
  return typeof value === "object" && value !== null && "deferredKeys" in value && "data" in value;
}

type RouteFn<A> = (args: A) => Promise<Response> | Response | Promise<unknown>;

/** Calls a loader or action; a thrown Response (redirect, 403, 404) is returned, not thrown. */
export async function call<A extends LoaderFunctionArgs | ActionFunctionArgs>(
  fn: RouteFn<A>,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const result = await fn({ request, params, context: {} } as A);
    if (result instanceof Response) return result;
    // A page's data (pageData: Remix's deferred data with nothing deferred) goes out as its JSON.
    if (isDeferred(result)) {
      const init = typeof result.init === "number" ? { status: result.init } : (result.init ?? {});
      const headers = new Headers(init.headers);
      headers.set("Content-Type", "application/json");
      return new Response(JSON.stringify(result.data), { status: init.status ?? 200, headers });
    }
    return new Response(JSON.stringify(result), { headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function body<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
