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

  it("takes DATABASE_URL as a postgres:// URL naming a database, treats an empty one as unset, and names a bad one", () => {
    expect(loadEnv({}, () => undefined).DATABASE_URL).toBeNull();
    expect(loadEnv({ DATABASE_URL: "" }, () => undefined).DATABASE_URL).toBeNull();
    expect(loadEnv({ DATABASE_URL: "postgres://u:p@db:5432/untangle" }, () => undefined).DATABASE_URL).toBe("postgres://u:p@db:5432/untangle");
    for (const bad of ["mysql://db/untangle", "postgres://db", "not a url"]) {
      expect(() => loadEnv({ DATABASE_URL: bad }, () => undefined)).toThrow(/DATABASE_URL: DATABASE_URL must be a URL like postgres:/);
    }
  });
});
