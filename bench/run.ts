/**
 * `npm run bench`: for each size, generates the organisation, starts the production server on
 * loopback, signs people in, drives each page and the vote action with autocannon, and records
 * start-up, event-loop blocking, memory, file sizes and the JavaScript shipped. Prints one table
 * and writes BENCHMARKS.md.
 *
 *   tsx bench/run.ts [small] [medium] [large] [--seconds=15] [--warmup=3] [--connections=10]
 *                    [--rounds=5] [--no-build] [--keep] [--report-only]
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SIZES, type Manifest, type SizeName } from "./generate";
import { drive, get, load, sleep, summarise, type LoadSample, residentMemory, root, shippedJavaScript, signIn, signInAll, startServer, type LoadResult, type Server } from "./http";
import { writeReport, type SizeResult } from "./report";

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
};
const sizes = (args.filter((a) => a in SIZES) as SizeName[]).length
  ? (args.filter((a) => a in SIZES) as SizeName[])
  : (["small", "medium", "large"] as SizeName[]);
const SECONDS = flag("seconds", 15);
const WARMUP = flag("warmup", 3);
const CONNECTIONS = flag("connections", 10);
/** Each page's seconds are split into this many interleaved rounds. */
const ROUNDS = flag("rounds", 5);
const KEEP = args.includes("--keep");
const buildDir = path.join(root, ".builds", "bench");

const log = (...parts: unknown[]) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);

function build() {
  if (args.includes("--no-build") && fs.existsSync(path.join(buildDir, "index.js"))) return;
  log(`building the production app into ${path.relative(root, buildDir)}…`);
  execFileSync("npx", ["remix", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, UNTANGLE_BUILD_DIR: buildDir, NODE_ENV: "production" } });
}

/** Runs a bench script in its own process (a clean heap, its own store). */
function runScript(script: string, scriptArgs: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", script), ...scriptArgs], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

export type PageKey = "about" | "hub" | "catalogue" | "catalogue50" | "policy" | "search" | "dashboard";
export const PAGES: Array<{ key: PageKey; label: string }> = [
  { key: "about", label: "/about (minimal page)" },
  { key: "hub", label: "/standards (hub)" },
  { key: "catalogue", label: "/policies page 1" },
  { key: "catalogue50", label: "/policies page 50, 2 filters" },
  { key: "policy", label: "/policies/:slug" },
  { key: "search", label: "/search?q=…" },
  { key: "dashboard", label: "/dashboard (admin)" },
];

async function healthz(url: string, reset = false) {
  const res = await fetch(`${url}/healthz${reset ? "?reset-event-loop" : ""}`);
  return (await res.json()) as { ok: boolean; eventLoopMaxMs: number; gcMaxMs?: number; longestWriteMs?: number; events?: number; longestBlock?: { ms: number; cause: string } };
}

/** Keeps the read phases' longest block of the event loop, and what the server saw going on then. */
function keepLongest(run: { readLoopMaxMs: number; readLoopCause: string }, health: Awaited<ReturnType<typeof healthz>>) {
  if (health.eventLoopMaxMs > run.readLoopMaxMs) {
    run.readLoopMaxMs = health.eventLoopMaxMs;
    run.readLoopCause = health.longestBlock?.cause ?? "";
  }
}

/** A size being measured: its data, its running server, its signed-in people and its samples so far. */
type Run = {
  size: SizeName;
  work: string;
  dataDir: string;
  manifest: Manifest;
  generateWallMs: number;
  server: Server;
  startupMs: number;
  searchReady: boolean;
  adminCookie: string;
  readers: string[];
  voters: string[];
  paths: Record<PageKey, string>;
  pages: SizeResult["pages"];
  served: PageKey[];
  samples: Map<PageKey, LoadSample[]>;
  readOnlyLoop: Awaited<ReturnType<typeof healthz>> | null;
  readLoopMaxMs: number;
  readLoopCause: string;
  /** Stopped with SIGSTOP while another size is measured (see `pause`). */
  paused: boolean;
  next: (key: PageKey) => () => { path: string; headers: Record<string, string> };
};

/**
 * Only the server being measured runs; the others are paused (SIGSTOP) and resumed when their
 * turn comes. An idle server is not idle to the machine: a few seconds after its load stops, V8
 * compacts its heap (a gigabyte or more at the larger sizes), and that took half a core, for
 * seconds, from whichever size was being measured. A paused server's event-loop monitor would
 * count the pause as one long block: its figure is kept before the pause and reset after it.
 */
async function pause(run: Run) {
  if (run.paused || run.server.child.exitCode !== null) return; // finished runs are stopped
  keepLongest(run, await healthz(run.server.url));
  run.server.child.kill("SIGSTOP");
  run.paused = true;
}

async function resume(run: Run) {
  if (!run.paused) return;
  run.server.child.kill("SIGCONT");
  run.paused = false;
  await sleep(100); // the monitor's timers, late by the pause, fire
  await healthz(run.server.url, true);
}

/** Resumes `run` and pauses every other. */
async function measureOnly(run: Run, runs: Run[]) {
  for (const other of runs) if (other !== run) await pause(other);
  await resume(run);
}

/** Generates a size's organisation, starts its server, signs people in, and requests and warms every page. */
async function open(size: SizeName): Promise<Run> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `untangle-bench-${size}-`));
  const dataDir = path.join(work, "data");
  const manifestFile = path.join(work, "manifest.json");
  // 1. Generate.
  log(`${size}: generating…`);
  const g0 = performance.now();
  await runScript("generate.ts", [size, dataDir, manifestFile]);
  const generateWallMs = performance.now() - g0;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  log(`${size}: ${manifest.events.toLocaleString("en")} events in ${(generateWallMs / 1000).toFixed(1)} s (${JSON.stringify(manifest.phasesMs)})`);

  // 2. Start, until pages are served and a search answers correctly.
  let server: Server;
  try {
    server = await startServer({ dataDir, buildDir, logFile: path.join(work, "server.log") });
  } catch (error) {
    if (!KEEP) fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const url = server.url;
  const adminCookie = await signIn(url, manifest.adminEmail, manifest.password);
  const probe = await get(`${url}/search?q=${encodeURIComponent(manifest.probe.q)}`, adminCookie);
  const searchReady = probe.status === 200 && probe.body.includes(manifest.probe.slug);
  const startupMs = performance.now() - server.startedAt;
  log(`${size}: healthy after ${(server.healthyMs / 1000).toFixed(2)} s; serving and searching after ${(startupMs / 1000).toFixed(2)} s${searchReady ? "" : ` (search probe: ${probe.status}, not found)`}`);

  // 3. Sign in readers and voters.
  const s0 = performance.now();
  const readers = await signInAll(url, manifest.readerEmails, manifest.password);
  const voters = await signInAll(url, manifest.voterEmails, manifest.password);
  log(`${size}: signed in ${readers.length + voters.length + 1} people in ${((performance.now() - s0) / 1000).toFixed(1)} s`);

  // 4. Read pages: each once cold (its caches are built on first use), then warmed, before any
  // is measured: the page measured first must not pay for the JIT warming the code all share.
  const filters = new URLSearchParams({ ...manifest.catalogueFilters, page: String(manifest.cataloguePage ?? 50) });
  const paths: Record<PageKey, string> = {
    about: "/about",
    hub: "/standards",
    catalogue: "/policies",
    catalogue50: `/policies?${filters}`,
    policy: `/policies/${manifest.policySlug}`,
    search: `/search?q=${encodeURIComponent(manifest.searchWord)}`,
    dashboard: "/dashboard",
  };
  const pages: SizeResult["pages"] = {};
  await healthz(url, true);
  const cookiesFor = (key: PageKey) => (key === "dashboard" ? [adminCookie] : readers);
  let n = 0;
  const next = (key: PageKey) => () => {
    const cookies = cookiesFor(key);
    return { path: paths[key], headers: { cookie: cookies[n++ % cookies.length] } };
  };
  const served: PageKey[] = [];
  for (const { key } of PAGES) {
    const first = await get(`${url}${paths[key]}`, cookiesFor(key)[0]);
    if (first.status !== 200) {
      log(`${size}: ${paths[key]} answered ${first.status}${first.location ? ` → ${first.location}` : ""}: skipped`);
      pages[key] = { path: paths[key], status: first.status, firstMs: first.ms, result: null };
      continue;
    }
    pages[key] = { path: paths[key], status: 200, firstMs: first.ms, result: null, bytes: Buffer.byteLength(first.body) };
    served.push(key);
  }
  // The dashboard first: the garbage it leaves behind is collected during the other pages' warm-up, not counted.
  for (const key of [...served.filter((k) => k === "dashboard"), ...served.filter((k) => k !== "dashboard")]) {
    await load({ url, connections: CONNECTIONS, seconds: WARMUP, next: next(key) });
  }
  const coldAndWarm = await healthz(url, true); // the cold requests and the warm-up
  const readLoopMaxMs = coldAndWarm.eventLoopMaxMs;
  const readLoopCause = coldAndWarm.longestBlock?.cause ?? "";
  return {
    size, work, dataDir, manifest, generateWallMs, server, startupMs, searchReady, adminCookie, readers, voters,
    paths, pages, served, samples: new Map(served.map((key) => [key, []])), readOnlyLoop: null, readLoopMaxMs, readLoopCause, paused: false, next,
  };
}

/**
 * One round of the read pages on one size. The rounds of every size and every page are
 * interleaved, so that whatever else the machine does meanwhile falls on all of them alike:
 * each page's ratio to the minimal page, and each page's growth from one size to the next,
 * compare figures measured side by side.
 *
 * The dashboard is not among them (see `dashboardRound`): each of its requests leaves
 * megabytes of garbage, and the collection it sets off fell on whichever page came next —
 * in a rotation, always the same page, the minimal one.
 */
async function readRound(run: Run, round: number) {
  const { url } = run.server;
  const pages = run.served.filter((key) => key !== "dashboard");
  // The server sat idle while the other sizes were measured: a second of load, not counted,
  // before its first page, and the pages in a different order each round, so that no page
  // always comes first.
  await load({ url, connections: CONNECTIONS, seconds: 1, next: run.next(pages[round % pages.length]) });
  const order = pages.map((_, i) => pages[(i + round) % pages.length]);
  for (const key of order) {
    // The last run of the minimal page also gives the event loop's longest block without any write, for comparison.
    const last = round === ROUNDS - 1 && key === "about";
    if (last) keepLongest(run, await healthz(url, true)); // read before the reset
    run.samples.get(key)!.push(await drive({ url, connections: CONNECTIONS, seconds: SECONDS / ROUNDS, next: run.next(key), pid: run.server.child.pid }));
    if (last) run.readOnlyLoop = await healthz(url);
  }
}

/** One round of the dashboard on one size, after the read rounds, with its own second of load not counted. */
async function dashboardRound(run: Run) {
  if (!run.served.includes("dashboard")) return;
  const { url } = run.server;
  await load({ url, connections: CONNECTIONS, seconds: 1, next: run.next("dashboard") });
  run.samples.get("dashboard")!.push(await drive({ url, connections: CONNECTIONS, seconds: SECONDS / ROUNDS, next: run.next("dashboard"), pid: run.server.child.pid }));
}

/** Sums up a size's reads, then measures its votes, memory, stop and the votes' durability. */
async function finish(run: Run, loadAverage: SizeResult["loadAverage"]): Promise<SizeResult> {
  const { size, work, dataDir, manifest, server, paths, pages, readers, voters, adminCookie, readOnlyLoop } = run;
  const url = server.url;
  for (const key of run.served) {
    const result = summarise(run.samples.get(key)!);
    pages[key]!.result = result;
    log(`${size}: ${paths[key]} ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} / p95 ${result.p95.toFixed(1)} / p99 ${result.p99.toFixed(1)} ms, ${result.cpuMsPerRequest?.toFixed(2)} ms CPU/request${result.failed ? `, ${result.failed} failed ${JSON.stringify(result.statuses)}` : ""}`);
  }
  keepLongest(run, await healthz(url));
  const { readLoopMaxMs, readLoopCause } = run;

  // 5. JavaScript shipped to the browser.
  const js: SizeResult["js"] = {};
  for (const key of ["hub", "policy"] as const) {
    if (pages[key]?.status !== 200) continue;
    js[key] = await shippedJavaScript(url, paths[key], readers[0]);
  }
  // 6. Votes: every request a new (person, proposal) pair, through the fetcher's path.
  let votes: SizeResult["votes"] = null;
  const open = manifest.openProposals;
  const voteRoute = "routes/reviews.$id._index";
  const probeVote = open.length ? await get(`${url}/reviews/${open[0].reviewId}`, voters[0]) : null;
  if (open.length && voters.length && probeVote?.status === 200) {
    await healthz(url, true);
    let pair = 0;
    const acknowledged: string[] = [];
    const voterIds = manifest.voterIds;
    const next = (context: Record<string, unknown>) => {
      const n = pair++;
      const v = n % voters.length;
      const p = Math.floor(n / voters.length) % open.length;
      context.voteId = `${open[p].proposalId}:${voterIds[v]}`;
      return {
        method: "POST",
        path: `/reviews/${open[p].reviewId}?_data=${encodeURIComponent(voteRoute)}`,
        headers: { cookie: voters[v], origin: url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "vote", proposalId: open[p].proposalId, position: n % 7 === 0 ? "abstain" : "agree", reason: "", via: "fetcher" }).toString(),
      };
    };
    const accept = (status: number, _headers: Record<string, string>, context: Record<string, unknown>) => {
      if (status !== 200) return false;
      acknowledged.push(context.voteId as string);
      return true;
    };
    const result: LoadResult = await load({ url, connections: CONNECTIONS, seconds: SECONDS, next, accept, pid: server.child.pid });
    const loop = await healthz(url);
    votes = {
      result,
      pairs: pair,
      acknowledged: acknowledged.length,
      eventLoopMaxMs: loop.eventLoopMaxMs,
      longestWriteMs: loop.longestWriteMs ?? null,
      gcMaxMs: loop.gcMaxMs ?? null,
      readOnlyEventLoopMaxMs: readOnlyLoop?.eventLoopMaxMs ?? null,
      present: null,
      reopenMs: null,
    };
    fs.writeFileSync(path.join(work, "acknowledged.json"), JSON.stringify(acknowledged));
    log(`${size}: votes ${result.rps.toFixed(0)}/s accepted, p95 ${result.p95.toFixed(1)} ms, event loop max ${loop.eventLoopMaxMs} ms (longest write ${loop.longestWriteMs} ms, longest GC ${loop.gcMaxMs} ms; ${readOnlyLoop?.eventLoopMaxMs} ms serving /about alone)${result.failed ? `, ${result.failed} refused ${JSON.stringify(result.statuses)}` : ""}`);
  } else {
    log(`${size}: vote action not available (${probeVote?.status ?? "no open proposals"}): skipped`);
  }

  // 7. The dashboard right after a write: its metrics are recomputed when the data changed.
  let dashboardAfterWrite: SizeResult["dashboardAfterWrite"] = null;
  if (votes && pages.dashboard?.status === 200) {
    await healthz(url, true);
    const after = await get(`${url}/dashboard`, adminCookie);
    await sleep(100); // lets the event-loop monitor record the delay before it is read
    const loop = await healthz(url);
    dashboardAfterWrite = { ms: after.ms, eventLoopMaxMs: loop.eventLoopMaxMs };
    log(`${size}: /dashboard after a write ${after.ms.toFixed(0)} ms (event loop max ${loop.eventLoopMaxMs} ms)`);
  }

  // 8. Memory after load, then a graceful stop (which writes the snapshot).
  const memory = residentMemory(server.child.pid!);
  const stopped = await server.stop();
  const files = {
    snapshotBytes: fs.statSync(path.join(dataDir, "untangle.json")).size,
    logBytes: fs.statSync(path.join(dataDir, "events.ndjson")).size,
  };
  if (votes) {
    const verified = JSON.parse(await runScript("verify.ts", [dataDir, path.join(work, "acknowledged.json")])) as { present: number; reopenMs: number; missing: string[] };
    votes.present = verified.present;
    votes.reopenMs = verified.reopenMs;
    log(`${size}: ${verified.present} of ${votes.acknowledged} acknowledged votes are in the data file${verified.missing.length ? ` (missing e.g. ${verified.missing[0]})` : ""}`);
  }
  return {
    size,
    manifest,
    generateWallMs: run.generateWallMs,
    healthyMs: server.healthyMs,
    startupMs: run.startupMs,
    searchReady: run.searchReady,
    pages,
    readEventLoopMaxMs: readLoopMaxMs,
    readEventLoopCause: readLoopCause,
    js,
    votes,
    memory,
    loadAverage,
    dashboardAfterWrite,
    stopMs: stopped.ms,
    stopCode: stopped.code,
    files,
  };
}

// The raw results of the last run (git-ignored), so the report can be re-rendered: --report-only.
const resultsFile = path.join(root, "bench", "tmp", "last-results.json");
if (args.includes("--report-only")) {
  const saved = JSON.parse(fs.readFileSync(resultsFile, "utf8")) as { results: SizeResult[]; run: Parameters<typeof writeReport>[1] };
  console.log(`\n${writeReport(saved.results, saved.run).table}\n`);
} else {
  const started = performance.now();
  build();
  const results: SizeResult[] = [];
  const runs: Run[] = [];
  try {
    for (const size of sizes) {
      for (const run of runs) await pause(run);
      runs.push(await open(size));
    }
    log(`reading: ${ROUNDS} rounds of ${SECONDS / ROUNDS} s per page, the sizes interleaved…`);
    const loadBefore = os.loadavg()[0];
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of runs) {
        await measureOnly(run, runs);
        await readRound(run, round);
      }
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of runs) {
        await measureOnly(run, runs);
        await dashboardRound(run);
      }
    }
    const loadAverage = { before: loadBefore, after: os.loadavg()[0] };
    for (const run of runs) {
      await measureOnly(run, runs);
      results.push(await finish(run, loadAverage));
    }
  } finally {
    for (const run of runs) {
      if (run.server.child.exitCode === null) await run.server.stop();
      if (!KEEP) fs.rmSync(run.work, { recursive: true, force: true });
      else log(`${run.size}: kept ${run.work}`);
    }
  }
  const run = { seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, totalMs: performance.now() - started, date: new Date().toISOString() };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, JSON.stringify({ results, run }, null, 1));
  const { table } = writeReport(results, run);
  console.log(`\n${table}\n`);
  log(`done in ${(run.totalMs / 60_000).toFixed(1)} min; written to BENCHMARKS.md`);
}
