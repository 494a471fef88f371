import { z } from "zod";
import { ROLES, type Role } from "~/store/vocabulary";

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .url(`${name} must be a full address like https://example.com`)
    .refine((v) => /^https?:\/\//i.test(v), `${name} must start with https:// (or http:// on this machine)`)
    .transform((v) => v.replace(/\/+$/, ""));

/** Plain HTTP is accepted only for an address on this machine (tests, a local provider). */
function isLoopback(url: string) {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(/[,;]/)
    .map((v) => v.trim())
    .filter(Boolean);

/** Configuration from the environment, validated once at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number({ error: "PORT must be a port number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1, "DATA_DIR must not be empty").default("data/local"),
  /** PostgreSQL as the store (postgres://user:password@host:5432/untangle): many processes share it. Unset: the embedded store in DATA_DIR. */
  DATABASE_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.pathname.length > 1;
      } catch {
        return false;
      }
    }, "DATABASE_URL must be a URL like postgres://user:password@db.example.com:5432/untangle")
    .optional(),
  ),
  SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
  /** Set to "false" only for a plain-HTTP intranet: session cookies then lack the Secure flag. */
  COOKIE_SECURE: z.enum(["true", "false"], { error: 'COOKIE_SECURE must be "true" or "false"' }).optional(),
  /** "false" starts an empty data directory without the demo organisation. */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** The SMTP server mail goes through, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS from the start). Unset: mail is kept in the outbox. */
  SMTP_URL: z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname.length > 0;
      } catch {
        return false;
      }
    }, "SMTP_URL must be a URL like smtp://user:password@mail.example.com:587 or smtps://mail.example.com")
    .optional(),
  /** The sender of every mail. */
  MAIL_FROM: z.string().min(3, "MAIL_FROM must be an address like Untangle <untangle@example.com>").default("Untangle <untangle@localhost>"),
  /** The address people reach Untangle at (https://untangle.example.com): links in emails (default http://localhost:PORT), the sign-in callback (required for company sign-in). */
  APP_URL: httpUrl("APP_URL").optional(),
  // Company sign-in (OpenID Connect): off unless OIDC_ISSUER is set.
  OIDC_ISSUER: httpUrl("OIDC_ISSUER").optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_BUTTON_LABEL: z.string().trim().min(1).max(60, "OIDC_BUTTON_LABEL: at most 60 characters").optional(),
  OIDC_SCOPES: z.string().trim().min(1).default("openid email profile"),
  OIDC_EMAIL_VERIFIED_CLAIM: z.string().trim().min(1).default("email_verified"),
  OIDC_TEAM_CLAIM: z.string().trim().min(1).optional(),
  OIDC_ROLE_CLAIM: z.string().trim().min(1).optional(),
  OIDC_ADMIN_GROUPS: z.string().optional(),
  OIDC_MANAGER_GROUPS: z.string().optional(),
  OIDC_DEFAULT_TEAM: z.string().trim().min(1).optional(),
  OIDC_DEFAULT_ROLE: z.enum(ROLES, { error: 'OIDC_DEFAULT_ROLE must be "employee", "manager" or "admin"' }).default("employee"),
  /** "false" switches password sign-in off (company sign-in must be set up), except for BREAK_GLASS_ADMIN. */
  PASSWORD_SIGNIN: z.enum(["true", "false"], { error: 'PASSWORD_SIGNIN must be "true" or "false"' }).default("true"),
  BREAK_GLASS_ADMIN: z.string().trim().toLowerCase().pipe(z.string().email("BREAK_GLASS_ADMIN must be an email address")).optional(),
});

/** Company sign-in, when it is set up. */
export type OidcSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** The provider's name on the button ("Microsoft"); null: "your company account". */
  buttonLabel: string | null;
  scopes: string;
  emailVerifiedClaim: string;
  teamClaim: string | null;
  roleClaim: string | null;
  adminGroups: string[];
  managerGroups: string[];
  defaultTeam: string | null;
  defaultRole: Role;
  /** Where the provider sends people back: APP_URL + /auth/oidc/callback. */
  redirectUri: string;
  /** Where the provider sends people after signing out there: APP_URL + /login. */
  postLogoutRedirectUri: string;
};

export type Env = {
  NODE_ENV: "production" | "development" | "test";
  PORT: number;
  HOST: string;
  DATA_DIR: string;
  /** The PostgreSQL store's database, or null for the embedded store. */
  DATABASE_URL: string | null;
  SESSION_SECRET: string;
  COOKIE_SECURE: boolean;
  SEED_DEMO: boolean;
  SMTP_URL: string | null;
  MAIL_FROM: string;
  /** The public address, without a trailing slash (http://localhost:PORT when not set). */
  APP_URL: string;
  OIDC: OidcSettings | null;
  PASSWORD_SIGNIN: boolean;
  BREAK_GLASS_ADMIN: string | null;
};

const DEV_SECRET = "untangle-development-secret-not-for-production-use";

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

let cached: Env | null = null;

/** Parses the environment; every problem is named on its own line. */
export function loadEnv(source: Record<string, string | undefined> = process.env, warn = console.warn): Env {
  const result = EnvSchema.safeParse(source);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(problems);
  }
  const env = result.data;
  if (!env.SESSION_SECRET && env.NODE_ENV === "production") {
    throw new EnvError(["SESSION_SECRET: required in production (at least 32 random characters)"]);
  }
  if (env.OIDC_ISSUER) {
    if (!env.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_ID: required when OIDC_ISSUER is set (the client id the provider gave Untangle)");
    if (!env.APP_URL) problems.push("APP_URL: required when OIDC_ISSUER is set (the address people reach Untangle at)");
    if (env.OIDC_ISSUER.startsWith("http:") && !isLoopback(env.OIDC_ISSUER)) problems.push("OIDC_ISSUER: must start with https://");
  } else {
    const stray = Object.keys(source).filter((k) => k.startsWith("OIDC_") && source[k]);
    if (stray.length) problems.push(`OIDC_ISSUER: required when ${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set`);
    if (env.PASSWORD_SIGNIN === "false") problems.push("PASSWORD_SIGNIN: can be false only when company sign-in is set up (OIDC_ISSUER)");
  }
  if (problems.length) throw new EnvError(problems);
  if (!env.SESSION_SECRET) warn("SESSION_SECRET is not set: using a fixed development secret. Never do this in production.");
  cached = {
    NODE_ENV: env.NODE_ENV,
    PORT: env.PORT,
    HOST: env.HOST,
    DATA_DIR: env.DATA_DIR,
    DATABASE_URL: env.DATABASE_URL ?? null,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET,
    COOKIE_SECURE: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production",
    SEED_DEMO: env.SEED_DEMO === "true",
    SMTP_URL: env.SMTP_URL ?? null,
    MAIL_FROM: env.MAIL_FROM,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    OIDC:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.APP_URL
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET ?? null,
            buttonLabel: env.OIDC_BUTTON_LABEL ?? null,
            scopes: env.OIDC_SCOPES,
            emailVerifiedClaim: env.OIDC_EMAIL_VERIFIED_CLAIM,
            teamClaim: env.OIDC_TEAM_CLAIM ?? null,
            roleClaim: env.OIDC_ROLE_CLAIM ?? null,
            adminGroups: list(env.OIDC_ADMIN_GROUPS),
            managerGroups: list(env.OIDC_MANAGER_GROUPS),
            defaultTeam: env.OIDC_DEFAULT_TEAM ?? null,
            defaultRole: env.OIDC_DEFAULT_ROLE,
            redirectUri: `${env.APP_URL}/auth/oidc/callback`,
            postLogoutRedirectUri: `${env.APP_URL}/login`,
          }
        : null,
    PASSWORD_SIGNIN: env.PASSWORD_SIGNIN === "true",
    BREAK_GLASS_ADMIN: env.BREAK_GLASS_ADMIN ?? null,
  };
  return cached;
}

export function getEnv(): Env {
  return cached ?? loadEnv(process.env, () => undefined);
}
