/**
 * Small HTTP helpers shared by routes (safe on client and server).
 */

const DEFAULT_REDIRECT = "/";

/**
 * Only ever redirects to a path on this site: prevents open redirects through `redirectTo`.
 */
export function safeRedirect(to: unknown, fallback: string = DEFAULT_REDIRECT): string {
  if (typeof to !== "string" || !to) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(to)) return fallback;
  try {
    const url = new URL(to, "http://local.invalid");
    if (url.origin !== "http://local.invalid") return fallback;
  } catch {
    return fallback;
  }
  return to;
}

/** Throws a Response with this status unless the condition holds. */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status });
}

export function notFound(message = "Not Found"): never {
  throw new Response(message, { status: 404 });
}
