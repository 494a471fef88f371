/**
 * The production server: Express in front of the Remix request handler. It sets the security
 * headers, serves public/ with cache headers, compresses, logs one line per request, answers
 * /healthz, refuses foreign-origin mutations and bodies that are not forms, and stops gracefully
 * (server/stopping.ts).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { bodyErrors, formBodies, isMutation } from "./form-body";
import { createHttpServer } from "./http-server";
import { remixHandler } from "./remix";
import { stopGate } from "./stopping";

type AppEntry = {
  startApp: (overrides?: Partial<NodeJS.ProcessEnv>) => Promise<{ PORT: number; HOST: string; NODE_ENV: string; DATA_DIR: string; DATABASE_URL?: string | null }>;
  stopApp: () => Promise<void>;
  appHealth: (options?: { reset?: boolean }) => { ok: boolean; status: string; longestWriteMs?: number };
  /** Whether a write can be taken now (the PostgreSQL store: the database is reachable). */
  storeWritable?: () => boolean;
  /** The 503 page for a write while the database cannot be reached, in the reader's language. */
  unavailablePage?: (request: Request) => Promise<string>;
  /** The company sign-in provider's origins: signing out is a form that ends there. */
  providerOrigins?: () => string[];
};

const root = path.resolve(import.meta.dirname, "..");
// UNTANGLE_BUILD_DIR: a build made elsewhere (see remix.config.js); by default build/ and public/build/.
const buildDir = process.env.UNTANGLE_BUILD_DIR ? path.resolve(process.env.UNTANGLE_BUILD_DIR) : null;
const serverBuildFile = buildDir ? path.join(buildDir, "index.js") : path.join(root, "build", "index.js");
const assetsDir = buildDir ? path.join(buildDir, "public") : path.join(root, "public", "build");
const build = (await import(pathToFileURL(serverBuildFile).href)) as ServerBuild;
const entry = build.entry.module as unknown as AppEntry;

let env;
try {
  env = await entry.startApp();
} catch (error) {
  const e = error as Error & { problems?: string[] };
  console.error(`Untangle cannot start:\n${e.problems ? e.problems.map((p) => `  - ${p}`).join("\n") : `  ${e.message}`}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");

// One line per request: method, path, status, duration.
app.use((req, res, next) => {
  const start = process.hrtime.bigint();
  res.on("finish", () => {
    if (req.path === "/healthz") return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
});

// From SIGTERM/SIGINT on, every new request is refused (see server/stopping.ts).
const stopping = stopGate();
app.use(stopping.gate);

app.use(compression());

// Security headers, with a fresh nonce for Remix's inline scripts on every request.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      ["form-action 'self'", ...(entry.providerOrigins?.() ?? [])].join(" "),
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
});

// How long the event loop was ever blocked, and the longest garbage collection among the causes:
// reported by /healthz, reset with ?reset-event-loop.
const eventLoop = monitorEventLoopDelay({ resolution: 10 });
eventLoop.enable();
let longestGcMs = 0;
/** The latest garbage collections (start and end, ms), to tell whether one made a block. */
const recentGcs: Array<{ start: number; end: number }> = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    longestGcMs = Math.max(longestGcMs, entry.duration);
    recentGcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    if (recentGcs.length > 64) recentGcs.shift();
  }
}).observe({ entryTypes: ["gc"] });

// The longest block and what was going on: the requests in flight (by their first path segment
// only: /healthz is public), or garbage collection, or neither (start-up's and writes' work).
// A request that ended during the block counts too: one rendered in a single synchronous turn
// has usually answered and closed before the monitor's timer runs.
const inFlight = new Map<number, string>();
const recentlyEnded: Array<{ what: string; at: number }> = [];
let requestCount = 0;
app.use((req, res, next) => {
  const id = ++requestCount;
  const [, first, ...rest] = req.path.split("/");
  const what = `${req.method} /${first}${rest.length ? "/…" : ""}`;
  inFlight.set(id, what);
  res.on("close", () => {
    inFlight.delete(id);
    recentlyEnded.push({ what, at: performance.now() });
    if (recentlyEnded.length > 64) recentlyEnded.shift();
  });
  next();
});
const TICK_MS = 20;
/** A block longer than this is written to the log. */
const BLOCK_LOGGED_MS = 100;
let lastTick = performance.now();
let longestBlock = { ms: 0, cause: "" };
function causeOf(from: number, to: number) {
  let gcMs = 0;
  for (const gc of recentGcs) gcMs += Math.max(0, Math.min(to, gc.end) - Math.max(from, gc.start));
  const requests = [...new Set([...recentlyEnded.filter((r) => r.at >= from).map((r) => r.what), ...inFlight.values()])];
  const parts: string[] = [];
  if (gcMs >= 1) parts.push(`garbage collection ${Math.round(gcMs)} ms`);
  parts.push(requests.length ? `serving ${requests.slice(0, 4).join(", ")}${requests.length > 4 ? ` and ${requests.length - 4} more` : ""}` : "no request in flight");
  return parts.join("; ");
}
setInterval(() => {
  const now = performance.now();
  const blocked = now - lastTick - TICK_MS;
  if (blocked > longestBlock.ms || blocked > BLOCK_LOGGED_MS) {
    const block = { ms: Math.round(blocked), cause: causeOf(lastTick, now) };
    if (blocked > longestBlock.ms) longestBlock = block;
    // Operators see each long block in the log, with what the server was doing.
    if (blocked > BLOCK_LOGGED_MS) console.warn(`The event loop was blocked for ${block.ms} ms (${block.cause}).`);
  }
  lastTick = now;
}, TICK_MS).unref();

app.get("/healthz", (req, res) => {
  const reset = "reset-event-loop" in req.query;
  const health = entry.appHealth({ reset });
  const eventLoopMaxMs = Math.round(eventLoop.max / 1e6);
  const gcMaxMs = Math.round(longestGcMs * 10) / 10;
  const block = longestBlock;
  if (reset) {
    eventLoop.reset();
    longestGcMs = 0;
    longestBlock = { ms: 0, cause: "" };
  }
  res.status(health.ok ? 200 : 503).json({ ...health, pid: process.pid, eventLoopMaxMs, gcMaxMs, longestBlock: block });
});

// Mutations from another site are refused: the Origin (or, without one, the Referer) must be ours.
app.use((req, res, next) => {
  if (!isMutation(req.method)) return next();
  const expected = `${req.protocol}://${req.get("host")}`;
  const origin = req.get("origin");
  const referer = req.get("referer");
  let source: string | null = null;
  if (origin && origin !== "null") source = origin;
  else if (origin === "null") source = "null";
  else if (referer) {
    try {
      source = new URL(referer).origin;
    } catch {
      source = "invalid";
    }
  }
  if (source && source !== expected) {
    res.status(403).type("text/plain").send("Forbidden: this request came from another site.");
    return;
  }
  next();
});

// While the database cannot be reached, every write is answered at once with a clear 503 page
// (nothing is saved); reads go on from memory, and the store reconnects by itself.
app.use((req, res, next) => {
  if (!isMutation(req.method) || entry.storeWritable?.() !== false) return next();
  const request = new Request(`http://${req.get("host") ?? "localhost"}${req.originalUrl}`, {
    headers: { cookie: req.get("cookie") ?? "", "accept-language": req.get("accept-language") ?? "" },
  });
  void (entry.unavailablePage?.(request) ?? Promise.resolve("Service Unavailable")).then((page) => {
    res.status(503).set("Retry-After", "30").type("html").send(page);
  });
});

// Fingerprinted build assets are immutable; other public files are cached briefly. public/'s
// own files (the favicon) are looked up by their names only: letting express.static try every
// page's path would stat() the disk and build an error on every request. A file added to
// public/ is served after a restart.
app.use("/build", express.static(assetsDir, { immutable: true, maxAge: "1y" }));
const publicDir = path.join(root, "public");
const publicNames = new Set(fs.readdirSync(publicDir).filter((name) => name !== "build"));
const servePublic = express.static(publicDir, { maxAge: "1h" });
app.use((req, res, next) => (publicNames.has(req.path.split("/")[1]) ? servePublic(req, res, next) : next()));

// Only forms reach the actions, read whole and checked once here (see server/form-body.ts).
app.use(formBodies);

app.all("*", remixHandler(build, (res) => ({ cspNonce: res.locals.cspNonce as string })));
app.use(bodyErrors);

const server = createHttpServer(app).listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  console.log(`Untangle is listening on http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port} (${"DATABASE_URL" in env && env.DATABASE_URL ? `PostgreSQL store, pid ${process.pid}` : `data in ${env.DATA_DIR}`})`);
});

server.on("error", async (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `Untangle cannot start: port ${env.PORT} on ${env.HOST} is already in use. Stop what uses it, or set PORT.`
      : `Untangle cannot listen: ${error.message}`,
  );
  await entry.stopApp();
  process.exit(1);
});

let signalled = false;
async function shutdown(signal: string) {
  if (signalled) return;
  signalled = true;
  const started = performance.now();
  const cpu = process.cpuUsage();
  console.log(`${signal}: no longer taking requests; finishing those in flight…`);
  await stopping.drain(server);
  const drainedMs = performance.now() - started;
  await entry.stopApp();
  const ms = (t: number) => `${Math.round(t).toLocaleString("en")} ms`;
  const { user, system } = process.cpuUsage(cpu);
  console.log(
    `Stopped cleanly in ${ms(performance.now() - started)} (requests in flight done in ${ms(drainedMs)}, then the snapshot; ${ms((user + system) / 1000)} of CPU).`,
  );
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
