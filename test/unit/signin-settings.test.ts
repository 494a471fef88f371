import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "~/lib/env.server";
import { claimAt, identityFrom, roleFromClaims } from "~/lib/oidc.server";
import { signin } from "~/i18n/en/signin";
import { nlSignin } from "~/i18n/nl/signin";

const quiet = () => undefined;
const base = { SESSION_SECRET: "x".repeat(40) };
const oidc = { ...base, OIDC_ISSUER: "https://login.example.com/tenant/v2.0/", OIDC_CLIENT_ID: "untangle", APP_URL: "https://untangle.example.com/" };

function problems(source: Record<string, string>) {
  try {
    loadEnv(source, quiet);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("company sign-in settings", () => {
  it("are off with none set, and password sign-in stays on", () => {
    const env = loadEnv(base, quiet);
    expect(env).toMatchObject({ OIDC: null, PASSWORD_SIGNIN: true, BREAK_GLASS_ADMIN: null, APP_URL: expect.stringMatching(/^http:\/\/localhost:\d+$/) });
  });

  it("give the callback and the sign-out return address from APP_URL", () => {
    const env = loadEnv({ ...oidc, OIDC_ADMIN_GROUPS: "admins; leadership", OIDC_MANAGER_GROUPS: "leads" }, quiet);
    expect(env.OIDC).toMatchObject({
      issuer: "https://login.example.com/tenant/v2.0",
      redirectUri: "https://untangle.example.com/auth/oidc/callback",
      postLogoutRedirectUri: "https://untangle.example.com/login",
      adminGroups: ["admins", "leadership"],
      managerGroups: ["leads"],
      defaultRole: "employee",
      scopes: "openid email profile",
      emailVerifiedClaim: "email_verified",
    });
  });

  it("name each missing or contradictory setting", () => {
    expect(problems({ ...base, OIDC_ISSUER: "https://login.example.com" })).toEqual([
      expect.stringMatching(/^OIDC_CLIENT_ID: required/),
      expect.stringMatching(/^APP_URL: required/),
    ]);
    expect(problems({ ...base, OIDC_CLIENT_ID: "x" })).toEqual([expect.stringMatching(/^OIDC_ISSUER: required when OIDC_CLIENT_ID is set/)]);
    expect(problems({ ...base, PASSWORD_SIGNIN: "false" })).toEqual([expect.stringMatching(/^PASSWORD_SIGNIN: can be false only/)]);
    expect(problems({ ...oidc, OIDC_ISSUER: "http://login.example.com" })).toEqual([expect.stringMatching(/^OIDC_ISSUER: must start with https/)]);
    expect(problems({ ...oidc, OIDC_ISSUER: "http://127.0.0.1:9000" })).toEqual([]);
    expect(problems({ ...oidc, OIDC_DEFAULT_ROLE: "boss", BREAK_GLASS_ADMIN: "nobody" }).map((p) => p.split(":")[0])).toEqual(["OIDC_DEFAULT_ROLE", "BREAK_GLASS_ADMIN"]);
  });
});

describe("claims to a person", () => {
  const settings = loadEnv({ ...oidc, OIDC_TEAM_CLAIM: "department", OIDC_ROLE_CLAIM: "realm_access.roles", OIDC_ADMIN_GROUPS: "Untangle-Admins", OIDC_MANAGER_GROUPS: "leads", OIDC_DEFAULT_ROLE: "employee" }, quiet).OIDC!;

  it("reads nested claims by a dotted path", () => {
    expect(claimAt({ realm_access: { roles: ["a"] } }, "realm_access.roles")).toEqual(["a"]);
    expect(claimAt({ "realm_access.roles": "flat" }, "realm_access.roles")).toBe("flat");
  });

  it("gives admin before manager, matching groups without regard to case, else the default role", () => {
    expect(roleFromClaims({ realm_access: { roles: ["leads", "untangle-admins"] } }, settings)).toBe("admin");
    expect(roleFromClaims({ realm_access: { roles: ["leads"] } }, settings)).toBe("manager");
    expect(roleFromClaims({ realm_access: { roles: "leads" } }, settings)).toBe("manager");
    expect(roleFromClaims({}, settings)).toBe("employee");
  });

  it("takes the email as verified only when the provider says so, and finds a name", () => {
    const id = identityFrom({ sub: "s1", email: "Ann@Corp.test", email_verified: "true", given_name: "Ann", family_name: "Lee", department: ["Finance", "X"] }, settings);
    expect(id).toMatchObject({ subject: "s1", email: "ann@corp.test", emailVerified: true, name: "Ann Lee", team: "Finance" });
    expect(identityFrom({ sub: "s2", email: "b@corp.test" }, settings)).toMatchObject({ emailVerified: false, name: "b", team: null });
  });
});

describe("the sign-in messages", () => {
  const keys = (tree: object, prefix = ""): string[] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));

  it("have a Dutch text for every English one, with the same placeholders", () => {
    expect(keys(nlSignin).sort()).toEqual(keys(signin).sort());
    const lookup = (tree: object, key: string) => key.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], tree) as string;
    for (const key of keys(signin)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(lookup(nlSignin, key)), key).toEqual(names(lookup(signin, key)));
    }
  });
});
