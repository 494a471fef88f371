import path from "node:path";
import { closeStore, getStore, hasStore, openStore } from "~/store/index.server";
import { ackIndex } from "~/models/acknowledgement.server";
import { reportIndex } from "~/models/friction-report.server";
import { slugIndex as policySlugIndex } from "~/models/policy.server";
import { ratingIndex } from "~/models/rating.server";
import { reviewIndex } from "~/models/review-index.server";
import { seedDemo } from "~/seed/demo.server";
import { loadEnv, type Env } from "./env.server";
import { startSearchIndex } from "./search.server";
import { startCatalogue } from "~/models/catalogue.server";
import { startNotifier, stopNotifier } from "~/models/notification.server";
import { startMailer, stopMailer } from "./mail.server";
import { warmMetrics } from "~/models/metrics.server";
import { requestLocale } from "./locale.server";
import { translator } from "~/i18n";

/**
 * Whether this process records notifications, runs the scheduler and sends mail. With one
 * process per data folder it always does; when several processes share a database, exactly one
 * does: the one holding the store's leader lock (an advisory lock in PostgreSQL).
 */
export const isSender = () => hasStore() && getStore().isLeader();

/**
 * Start-up and shut-down of everything behind the pages: the environment, the store (with the
 * demo organisation on first start), and the indexes kept in memory. Called by the server.
 */
export async function startApp(overrides: Record<string, string | undefined> = {}): Promise<Env> {
  const env = loadEnv({ ...process.env, ...overrides });
  const store = await openStore(path.resolve(env.DATA_DIR), { databaseUrl: env.DATABASE_URL });
  if (store.wasCreated && env.SEED_DEMO) await seedDemo(store);
  startSearchIndex(store, { background: true }); // pages are served while it is built; a search waits
  startCatalogue(store); // likewise: the catalogue's rows, in slices; a catalogue page waits
  buildIndexes();
  const mailer = startMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, appUrl: env.APP_URL, isSender, pollEveryMs: 30_000 });
  await startNotifier(store, { isSender, sweepEveryMs: 5 * 60_000, onRecorded: () => mailer.kick(), fromStart: store.wasCreated });
  return env;
}

/**
 * The indexes behind the pages, built now rather than by the first request that needs one: at
 * the benchmark's large size the first policy page would otherwise hold up that request, and
 * every other, for two seconds. Each is kept current by the writes from then on.
 */
function buildIndexes() {
  policySlugIndex();
  reportIndex();
  reviewIndex();
  ackIndex();
  ratingIndex();
  warmMetrics();
}

/** Lets pending writes reach the disk, snapshots the store and releases the data directory. */
export async function stopApp() {
  stopNotifier();
  await stopMailer();
  await closeStore();
}

/** For /healthz: whether the store can write, and the longest a write held the event loop (`reset` starts a new window). */
export function appHealth({ reset = false } = {}) {
  if (!hasStore()) return { ok: false, status: "starting" } as const;
  const store = getStore();
  const longestWriteMs = Math.round(store.longestCommitMs * 10) / 10;
  if (reset) store.longestCommitMs = 0;
  const { kind, writable, lag, lagMs, leader } = store.health();
  return {
    ok: writable,
    status: writable ? "ok" : kind === "postgres" ? "database-unreachable" : "store-failed",
    store: kind,
    events: store.version,
    lag,
    lagMs,
    leader,
    longestWriteMs,
  } as const;
}

/** Whether a write can be taken now (the database is reachable). */
export function storeWritable() {
  return hasStore() && getStore().health().writable;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * The page a write gets while the database cannot be reached (503): in the reader's language,
 * saying nothing was saved and that reading goes on.
 */
export async function unavailablePage(request: Request) {
  const locale = await requestLocale(request).catch(() => "en" as const);
  const t = translator(locale);
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(
    t("shell.errors.unavailableTitle"),
  )} · Untangle</title></head><body><main><p>503</p><h1>${escapeHtml(t("shell.errors.unavailableTitle"))}</h1><p>${escapeHtml(
    t("shell.errors.unavailableBody"),
  )}</p><p><a href="/">${escapeHtml(t("shell.errors.backHome"))}</a></p></main></body></html>`;
}
