import { z } from "zod";

/** Configuration from the environment, validated once at start-up. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce.number({ error: "PORT must be a port number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1, "DATA_DIR must not be empty").default("data/local"),
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
  /** The app's public address, for absolute links in mail (default http://localhost:PORT). */
  APP_URL: z.string().url("APP_URL must be the app's public address, like https://untangle.example.com").optional(),
});

export type Env = {
  NODE_ENV: "production" | "development" | "test";
  PORT: number;
  HOST: string;
  DATA_DIR: string;
  SESSION_SECRET: string;
  COOKIE_SECURE: boolean;
  SEED_DEMO: boolean;
  SMTP_URL: string | null;
  MAIL_FROM: string;
  APP_URL: string;
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
  if (!env.SESSION_SECRET) warn("SESSION_SECRET is not set: using a fixed development secret. Never do this in production.");
  cached = {
    NODE_ENV: env.NODE_ENV,
    PORT: env.PORT,
    HOST: env.HOST,
    DATA_DIR: env.DATA_DIR,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET,
    COOKIE_SECURE: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production",
    SEED_DEMO: env.SEED_DEMO === "true",
    SMTP_URL: env.SMTP_URL ?? null,
    MAIL_FROM: env.MAIL_FROM,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
  };
  return cached;
}

export function getEnv(): Env {
  return cached ?? loadEnv(process.env, () => undefined);
}
