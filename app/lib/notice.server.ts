import { createCookie, redirect } from "@remix-run/node";

/** A one-time notice shown on the next page ("The policy has been saved."). */
const noticeCookie = createCookie("__untangle_notice", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 60 });

export async function redirectWithNotice(to: string, notice: string, init: ResponseInit = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await noticeCookie.serialize(notice));
  return redirect(to, { ...init, headers });
}

/** Reads the notice, and the header that clears it. */
export async function readNotice(request: Request): Promise<{ notice: string | null; headers: HeadersInit }> {
  const notice = (await noticeCookie.parse(request.headers.get("Cookie"))) as unknown;
  if (typeof notice !== "string") return { notice: null, headers: {} };
  return { notice, headers: { "Set-Cookie": await noticeCookie.serialize("", { maxAge: 0 }) } };
}
