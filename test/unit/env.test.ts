import { describe, expect, it, vi } from "vitest";
import { EnvError, loadEnv } from "~/lib/env.server";

describe("configuration from the environment", () => {
  it("has working defaults outside production, with a warning about the secret", () => {
    const warn = vi.fn();
    const env = loadEnv({}, warn);
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: "data/local", COOKIE_SECURE: false });
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("SESSION_SECRET"));
  });

  it("requires SESSION_SECRET in production and makes cookies Secure there", () => {
    expect(() => loadEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: required in production/);
    const env = loadEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) });
    expect(env.COOKIE_SECURE).toBe(true);
    expect(loadEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe(false);
  });

  it("names each problem on its own line", () => {
    try {
      loadEnv({ PORT: "eighty", SESSION_SECRET: "short" }, () => undefined);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems;
      expect(problems.some((p) => p.startsWith("PORT:"))).toBe(true);
      expect(problems.some((p) => p.startsWith("SESSION_SECRET:"))).toBe(true);
    }
  });
});
