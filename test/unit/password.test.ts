import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { PasswordSchema } from "~/models/password-policy";

describe("passwords", () => {
  it("hashes with scrypt and verifies only the right password", async () => {
    const hash = await hashPassword("a long enough secret");
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain("a long enough secret");
    expect(await verifyPassword("a long enough secret", hash)).toBe(true);
    expect(await verifyPassword("a long enough secreT", hash)).toBe(false);
  });

  it("accepts 12 to 128 characters and refuses common passwords", () => {
    expect(PasswordSchema.safeParse("short").success).toBe(false);
    expect(PasswordSchema.safeParse("x".repeat(64) + "y").success).toBe(true);
    expect(PasswordSchema.safeParse("x".repeat(129)).success).toBe(false);
    expect(PasswordSchema.safeParse("password1234").success).toBe(false);
    expect(PasswordSchema.safeParse("tangled-rules-untied").success).toBe(true);
  });
});
