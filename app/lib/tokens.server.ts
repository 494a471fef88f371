/**
 * Signed, expiring tokens for links in mail that work without signing in: unsubscribing, and
 * choosing a password (an invitation or a reset). The payload is readable; the HMAC makes it
 * unforgeable; a changed byte, a past expiry or a wrong purpose is refused. A password token
 * also carries a fingerprint of the person's password as it was, so it works once: setting
 * the password changes the fingerprint.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { getEnv } from "./env.server";

const PayloadSchema = z.object({
  /** What the token is for. */
  p: z.enum(["unsubscribe", "invitation", "password-reset"]),
  /** The person. */
  s: z.string().min(1),
  /** Expires at (ms since the epoch). */
  e: z.number().int(),
  /** The unsubscribe target, or the password fingerprint. */
  x: z.string(),
});
export type TokenPayload = z.infer<typeof PayloadSchema>;
export type TokenPurpose = TokenPayload["p"];

function key() {
  return createHmac("sha256", getEnv().SESSION_SECRET).update("untangle mail links").digest();
}

function sign(body: string) {
  return createHmac("sha256", key()).update(body).digest("base64url");
}

export function signToken(payload: TokenPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${sign(body)}`;
}

/** The payload of a genuine, unexpired token for this purpose; null for anything else. */
export function verifyToken(token: unknown, purpose: TokenPurpose, now: Date): TokenPayload | null {
  if (typeof token !== "string" || token.length > 2000) return null;
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = PayloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.p !== purpose || parsed.data.e <= now.getTime()) return null;
  return parsed.data;
}

/** A short fingerprint of the password as it is now ("none" for a person who has none yet). */
export function passwordFingerprint(passwordHash: string | undefined) {
  if (!passwordHash) return "none";
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 16);
}
