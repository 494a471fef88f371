/**
 * The benchmark's report: one table of pages and one of facts per size, the performance targets
 * checked at the medium size (and at the large size, with the margin), written to BENCHMARKS.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Manifest, SizeName } from "./generate";
import { root, type LoadResult } from "./http";
import type { PageKey } from "./run";

export type PageResult = { path: string; status: number; firstMs: number; result: LoadResult | null; bytes?: number };

export type SizeResult = {
  size: SizeName;
  manifest: Manifest;
  generateWallMs: number;
  healthyMs: number;
  startupMs: number;
  searchReady: boolean;
  pages: Partial<Record<PageKey, PageResult>>;
  readEventLoopMaxMs: number;
  /** What the server saw going on during that block (requests in flight, garbage collection). */
  readEventLoopCause?: string;
  /** The minimal page's rate in each interleaved round. */
  js: Partial<Record<"hub" | "policy", { files: number; raw: number; gzip: number; inlineGzip: number }>>;
  votes: {
    result: LoadResult;
    pairs: number;
    acknowledged: number;
    eventLoopMaxMs: number;
    /** The longest a single write (store commit) held the event loop. */
    longestWriteMs?: number | null;
    /** The longest garbage-collection pause in the vote phase. */
    gcMaxMs?: number | null;
    /** The event loop's longest block while only /about was served, at the same concurrency (no writes). */
    readOnlyEventLoopMaxMs?: number | null;
    present: number | null;
    reopenMs: number | null;
  } | null;
  memory: { rssMB: number; peakMB: number } | null;
  /** The first dashboard request after the vote phase (its cached metrics are stale). */
  dashboardAfterWrite: { ms: number; eventLoopMaxMs: number } | null;
  /** The machine's 1-minute load average when the read rounds began and ended (other work shares the cores). */
  loadAverage: { before: number; after: number };
  stopMs: number;
  stopCode: number | null;
  files: { snapshotBytes: number; logBytes: number };
};

const READ_PAGES: Array<{ key: PageKey; label: string }> = [
  { key: "hub", label: "standards hub" },
  { key: "catalogue", label: "catalogue page 1" },
  { key: "catalogue50", label: "catalogue page 50 + 2 filters" },
  { key: "policy", label: "policy page" },
  { key: "search", label: "search" },
];
const LABELS: Record<PageKey, string> = {
  about: "/about (minimal page)",
  hub: "/standards (hub)",
  catalogue: "/policies",
  catalogue50: "/policies?…&page=50",
  policy: "/policies/:slug",
  search: "/search?q=signature",
  dashboard: "/dashboard (admin)",
};

const n0 = (x: number) => Math.round(x).toLocaleString("en");
const n1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const n2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (x: number) => `${Math.round(x * 100)} %`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function table(head: string[], rows: string[][], align: Array<"l" | "r"> = []) {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const rule = `| ${head.map((_, i) => (align[i] === "r" ? "---:" : "---")).join(" | ")} |`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}

/** A page's rate in each of its rounds, in the order they ran. */
const roundRates = (r: SizeResult, key: PageKey) => r.pages[key]?.result?.runRps?.map(n0).join(" / ") || "–";
const cpu = (res: LoadResult) => (res.cpuMsPerRequest === null ? "–" : res.cpuMsPerRequest.toFixed(2));
const helperCpu = (res: LoadResult) => (res.helperCpuMsPerRequest == null ? "–" : res.helperCpuMsPerRequest.toFixed(2));
/** CPU per request on the main thread, where the app runs (all of it when threads are not told apart). */
const mainCpu = (res: LoadResult) => (res.cpuMsPerRequest ?? NaN) - (res.helperCpuMsPerRequest ?? 0);

function pagesTable(results: SizeResult[]) {
  const rows: string[][] = [];
  for (const r of results) {
    const base = r.pages.about?.result;
    for (const key of Object.keys(LABELS) as PageKey[]) {
      const page = r.pages[key];
      if (!page) continue;
      const res = page.result;
      if (!res) {
        rows.push([r.size, LABELS[key], `answered ${page.status}`, "", "", "", "", "", "", "", n0(page.firstMs)]);
        continue;
      }
      rows.push([
        r.size,
        LABELS[key],
        n0(res.rps),
        base ? pct(res.rps / base.rps) : "",
        n1(res.p50),
        n1(res.p95),
        n1(res.p99),
        base ? `${(res.p95 / base.p95).toFixed(1)}×` : "",
        cpu(res),
        helperCpu(res),
        n0(page.firstMs),
      ]);
    }
    if (r.votes) {
      const v = r.votes.result;
      rows.push([r.size, "POST vote (new pair each)", n0(v.rps), base ? pct(v.rps / base.rps) : "", n1(v.p50), n1(v.p95), n1(v.p99), base ? `${(v.p95 / base.p95).toFixed(1)}×` : "", cpu(v), helperCpu(v), ""]);
    }
  }
  return table(
    ["size", "request", "req/s", "of /about", "p50 ms", "p95 ms", "p99 ms", "p95 ÷ /about", "server CPU ms/req", "of it, helper threads", "cold ms"],
    rows,
    ["l", "l", "r", "r", "r", "r", "r", "r", "r", "r", "r"],
  );
}

function factsTable(results: SizeResult[]) {
  const col = (f: (r: SizeResult) => string) => results.map(f);
  const m = (r: SizeResult) => r.manifest;
  const rows: Array<[string, string[]]> = [
    ["policies / votes / people", col((r) => `${n0(m(r).counts.policies)} / ${n0(m(r).counts.votes)} / ${n0(m(r).counts.people)}`)],
    ["standards / acknowledgements / ratings", col((r) => `${n0(m(r).counts.standards)} / ${n0(m(r).counts.acknowledgements)} / ${n0(m(r).counts.ratings)}`)],
    ["reviews / proposals (open for votes)", col((r) => `${n0(m(r).counts.reviews)} / ${n0(m(r).counts.proposals)} (${n0(m(r).openProposals.length)})`)],
    ["activity events", col((r) => n0(m(r).events))],
    ["generation (whole process)", col((r) => s(r.generateWallMs))],
    ["start-up: /healthz 200", col((r) => s(r.healthyMs))],
    ["start-up: serves pages and search answers", col((r) => `${s(r.startupMs)}${r.searchReady ? "" : " (search not ready)"}`)],
    ["snapshot untangle.json (after the run)", col((r) => mb(r.files.snapshotBytes))],
    ["event log events.ndjson (after the run)", col((r) => mb(r.files.logBytes))],
    ["snapshot: longest event-loop turn while written", col((r) => `${n0(m(r).snapshot.blockMs)} ms`)],
    ["snapshot: streamed write + fsync + rename", col((r) => `${n0(m(r).snapshot.writeMs)} ms`)],
    ["resident memory after load (peak)", col((r) => (r.memory ? `${n0(r.memory.rssMB)} MB (${n0(r.memory.peakMB)} MB)` : "–"))],
    ["JavaScript, hub (gzip)", col((r) => (r.js.hub ? `${kb(r.js.hub.gzip)} in ${r.js.hub.files} files (+${kb(r.js.hub.inlineGzip)} inline)` : "–"))],
    ["JavaScript, policy page (gzip)", col((r) => (r.js.policy ? `${kb(r.js.policy.gzip)} in ${r.js.policy.files} files (+${kb(r.js.policy.inlineGzip)} inline)` : "–"))],
    ["votes acknowledged / in the data file after restart", col((r) => (r.votes ? `${n0(r.votes.acknowledged)} / ${r.votes.present === null ? "–" : n0(r.votes.present)}` : "–"))],
    ["event loop max, vote phase (any cause)", col((r) => (r.votes ? `${r.votes.eventLoopMaxMs} ms` : "–"))],
    ["longest write (store commit) on the event loop", col((r) => (r.votes?.longestWriteMs != null ? `${r.votes.longestWriteMs} ms` : "–"))],
    ["longest GC pause, vote phase", col((r) => (r.votes?.gcMaxMs != null ? `${r.votes.gcMaxMs} ms` : "–"))],
    ["event loop max serving /about alone (no writes)", col((r) => (r.votes?.readOnlyEventLoopMaxMs != null ? `${r.votes.readOnlyEventLoopMaxMs} ms` : "–"))],
    ["/dashboard, first request after a write", col((r) => (r.dashboardAfterWrite ? `${n0(r.dashboardAfterWrite.ms)} ms` : "–"))],
    ["/about req/s in each round", col((r) => roundRates(r, "about"))],
    ["hub req/s in each round", col((r) => roundRates(r, "hub"))],
    ["event loop max, read phases (incl. cold first requests)", col((r) => `${r.readEventLoopMaxMs} ms`)],
    ["… what the server was doing then", col((r) => r.readEventLoopCause || "–")],
    ["machine load average (1 min) before / after the read rounds", col((r) => `${r.loadAverage.before.toFixed(1)} / ${r.loadAverage.after.toFixed(1)}`)],
    ["graceful stop (writes the snapshot)", col((r) => `${s(r.stopMs)}${r.stopCode === 0 ? "" : ` (exit ${r.stopCode})`}`)],
    ["reopen after stop (verification)", col((r) => (r.votes?.reopenMs != null ? s(r.votes.reopenMs) : "–"))],
  ];
  return table(["", ...results.map((r) => r.size)], rows.map(([label, cells]) => [label, ...cells]), ["l", ...results.map(() => "r" as const)]);
}

// ---------------------------------------------------------------- targets

type Check = { target: string; figure: string; met: boolean | null; margin?: string };

function checks(r: SizeResult, small: SizeResult | undefined): Check[] {
  const out: Check[] = [];
  const base = r.pages.about?.result;
  for (const { key, label } of READ_PAGES) {
    const res = r.pages[key]?.result;
    if (!base || !res) {
      out.push({ target: `${label}: ≥ 60 % of /about req/s, p95 ≤ 3× /about`, figure: r.pages[key] ? `answered ${r.pages[key]!.status}` : "not measured", met: null });
      continue;
    }
    const ratio = res.rps / base.rps;
    const p95 = res.p95 / base.p95;
    const met = ratio >= 0.6 && p95 <= 3;
    out.push({
      target: `${label}: ≥ 60 % of /about req/s, p95 ≤ 3× /about`,
      figure: `${pct(ratio)} (${n0(res.rps)} of ${n0(base.rps)} req/s), p95 ${p95.toFixed(1)}× (${n1(res.p95)} vs ${n1(base.p95)} ms)`,
      met,
      margin: met ? undefined : [ratio < 0.6 ? `rate ${pct(0.6 - ratio)} short` : "", p95 > 3 ? `p95 ${(p95 / 3).toFixed(1)}× over` : ""].filter(Boolean).join(", "),
    });
    const smallRes = small?.pages[key]?.result;
    if (smallRes && small !== r) {
      const keep = res.rps / smallRes.rps;
      out.push({
        target: `${label}: keeps ≥ 80 % of its small-size rate`,
        figure: `${pct(keep)} (${n0(res.rps)} vs ${n0(smallRes.rps)} req/s)`,
        met: keep >= 0.8,
        margin: keep >= 0.8 ? undefined : `${pct(0.8 - keep)} short`,
      });
    }
  }
  const dash = r.pages.dashboard?.result;
  if (base && dash) {
    const ratio = dash.rps / base.rps;
    const p95 = dash.p95 / base.p95;
    const met = ratio >= 0.6 && p95 <= 3;
    out.push({
      target: "dashboard: ≥ 60 % of /about req/s, p95 ≤ 3× /about",
      figure: `${pct(ratio)} (${n0(dash.rps)} of ${n0(base.rps)} req/s), p95 ${p95.toFixed(1)}× (${n1(dash.p95)} vs ${n1(base.p95)} ms)`,
      met,
      margin: met ? undefined : [ratio < 0.6 ? `rate ${pct(0.6 - ratio)} short` : "", p95 > 3 ? `p95 ${(p95 / 3).toFixed(1)}× over` : ""].filter(Boolean).join(", "),
    });
  } else out.push({ target: "dashboard: ≥ 60 % of /about req/s, p95 ≤ 3× /about", figure: r.pages.dashboard ? `answered ${r.pages.dashboard.status}` : "not measured", met: null });
  if (r.dashboardAfterWrite) {
    const { ms } = r.dashboardAfterWrite;
    out.push({ target: "dashboard: first request after a write ≤ 100 ms", figure: `${n0(ms)} ms`, met: ms <= 100, margin: ms <= 100 ? undefined : `${n0(ms - 100)} ms over` });
  }
  out.push({
    target: "event loop never blocked > 100 ms while reading (cold first requests included)",
    figure: `${n0(r.readEventLoopMaxMs)} ms${r.readEventLoopCause ? `, ${r.readEventLoopCause}` : ""} (serving /about alone: ${r.votes?.readOnlyEventLoopMaxMs ?? "–"} ms)`,
    met: r.readEventLoopMaxMs <= 100,
    margin: r.readEventLoopMaxMs <= 100 ? undefined : `${n0(r.readEventLoopMaxMs - 100)} ms over`,
  });
  if (r.memory) {
    const met = r.memory.rssMB <= 1200 && r.memory.peakMB <= 1600;
    out.push({
      target: "resident memory after load ≤ 1.2 GB, peak ≤ 1.6 GB",
      figure: `${n0(r.memory.rssMB)} MB (peak ${n0(r.memory.peakMB)} MB)`,
      met,
      margin: met ? undefined : [r.memory.rssMB > 1200 ? `${n0(r.memory.rssMB - 1200)} MB over after load` : "", r.memory.peakMB > 1600 ? `${n0(r.memory.peakMB - 1600)} MB over at peak` : ""].filter(Boolean).join(", "),
    });
  }
  if (r.votes) {
    const v = r.votes;
    const met = v.result.rps >= 200 && v.result.p95 < 250;
    out.push({
      target: "votes: ≥ 200 accepted/s, p95 < 250 ms",
      figure: `${n0(v.result.rps)}/s, p95 ${n1(v.result.p95)} ms`,
      met,
      margin: met ? undefined : [v.result.rps < 200 ? `${n0(200 - v.result.rps)}/s short` : "", v.result.p95 >= 250 ? `p95 ${n1(v.result.p95 - 250)} ms over` : ""].filter(Boolean).join(", "),
    });
    out.push({
      target: "votes: every acknowledged vote in the data file",
      figure: `${n0(v.present ?? 0)} of ${n0(v.acknowledged)}`,
      met: v.present === v.acknowledged && v.acknowledged > 0,
    });
    out.push({
      target: "event loop never blocked > 100 ms by a write",
      figure:
        v.longestWriteMs != null
          ? `the longest write held it ${n1(v.longestWriteMs)} ms; the loop's longest block in the vote phase, any cause, was ${v.eventLoopMaxMs} ms (${v.readOnlyEventLoopMaxMs ?? "–"} ms serving /about alone, longest GC pause ${v.gcMaxMs ?? "–"} ms)`
          : `${v.eventLoopMaxMs} ms during the vote phase`,
      met: (v.longestWriteMs ?? v.eventLoopMaxMs) <= 100,
      margin: (v.longestWriteMs ?? v.eventLoopMaxMs) <= 100 ? undefined : `${n1((v.longestWriteMs ?? v.eventLoopMaxMs) - 100)} ms over`,
    });
  } else out.push({ target: "votes", figure: "not measured", met: null });
  out.push({
    target: "start-up (serves pages, search answers) < 10 s",
    figure: `${s(r.startupMs)}${r.searchReady ? "" : " — search probe failed"}`,
    met: r.startupMs < 10_000 && r.searchReady,
    margin: r.startupMs < 10_000 ? undefined : `${s(r.startupMs - 10_000)} over`,
  });
  const hub = r.js.hub;
  out.push({
    target: "JavaScript for the hub < 120 KB gzip",
    figure: hub ? kb(hub.gzip) : "not measured",
    met: hub ? hub.gzip < 120 * 1024 : null,
  });
  return out;
}

function checksTable(list: Check[], withMargin: boolean) {
  return table(
    withMargin ? ["target", "measured", "", "by how much"] : ["target", "measured", ""],
    list.map((c) => {
      const mark = c.met === null ? "not measured" : c.met ? "met" : "**missed**";
      return withMargin ? [c.target, c.figure, mark, c.margin ?? ""] : [c.target, c.figure, mark];
    }),
  );
}

/**
 * Why a size misses what it misses, from the figures of the same run: the server's CPU per
 * request and the HTML it sends, the parts of start-up, the snapshot's cost, memory.
 */
function why(r: SizeResult, small: SizeResult | undefined): string[] {
  const out: string[] = [];
  const base = r.pages.about?.result;
  for (const { key, label } of [...READ_PAGES, { key: "dashboard" as const, label: "dashboard" }]) {
    const page = r.pages[key];
    const res = page?.result;
    if (!base || !res || !page) continue;
    const missRate = res.rps / base.rps < 0.6 || res.p95 / base.p95 > 3;
    const smallRes = small && small !== r ? small.pages[key]?.result : undefined;
    const missGrowth = smallRes ? res.rps / smallRes.rps < 0.8 : false;
    if (!missRate && !missGrowth) continue;
    const parts = [`the server spends ${n1(res.cpuMsPerRequest ?? NaN)} ms of CPU per request against ${n1(base.cpuMsPerRequest ?? NaN)} ms for /about, for ${kb(page.bytes ?? 0)} of HTML (/about: ${kb(r.pages.about?.bytes ?? 0)})`];
    if (missGrowth && smallRes) parts.push(`at the small size it spent ${n1(smallRes.cpuMsPerRequest ?? NaN)} ms; of the difference, ${n2(mainCpu(res) - mainCpu(smallRes))} ms was on the main thread and ${n2((res.helperCpuMsPerRequest ?? NaN) - (smallRes.helperCpuMsPerRequest ?? NaN))} ms on helper threads`);
    out.push(`- **${label}**: ${parts.join("; ")}.`);
  }
  const smallBase = small && small !== r ? small.pages.about?.result : undefined;
  if (base && smallBase) {
    // The minimal page reads nothing of the catalogue: what it loses is the whole process slowing.
    const relative = READ_PAGES.flatMap(({ key, label }) => {
      const now = r.pages[key]?.result;
      const then = small!.pages[key]?.result;
      return now && then ? [`${label} ${pct(now.rps / base.rps / (then.rps / smallBase.rps))}`] : [];
    });
    const aboutKept = base.rps / smallBase.rps;
    const cpuSplit = (now: LoadResult, then: LoadResult) =>
      `${n2(mainCpu(now))} ms on the main thread (${n2(mainCpu(then))} at the small size) and ${n2(now.helperCpuMsPerRequest ?? NaN)} ms on helper threads (${n2(then.helperCpuMsPerRequest ?? NaN)})`;
    const resident = (x: SizeResult) => (x.memory ? `${n0(x.memory.rssMB)} MB` : "–");
    const cause =
      aboutKept >= 0.9 && aboutKept <= 1.1
        ? "the process ran alike at both sizes, so what a page lost is its own"
        : aboutKept > 1.1
          ? "the small size was measured while the machine ran slower, so rates against the small size flatter this size; the comparison with /about does not"
          : `a cost of the process, not of any page: per request the main thread (the app's own work) took ${n2(mainCpu(base) - mainCpu(smallBase))} ms more, the helper threads (collecting a heap that holds the whole store: ${resident(r)} resident, against ${resident(small!)}) ${n2((base.helperCpuMsPerRequest ?? NaN) - (smallBase.helperCpuMsPerRequest ?? NaN))} ms more; \`BENCH_SERVER_NODE_ARGS=--cpu-prof\` or \`--trace-gc\` shows where`;
    out.push(
      `- **Growth**: /about, which reads nothing of the catalogue, kept ${pct(aboutKept)} of its small-size rate (${n0(base.rps)} vs ${n0(smallBase.rps)} req/s; per request ${cpuSplit(base, smallBase)}) — ${cause}. Measured against /about, each page kept: ${relative.join(", ")}.`,
    );
  }
  if (r.startupMs >= 10_000 && r.votes?.reopenMs) {
    out.push(
      `- **Start-up** (${s(r.startupMs)}): reopening the store alone took ${s(r.votes.reopenMs)} in the verification step — parsing and validating the ${mb(r.files.snapshotBytes)} snapshot and parsing every line of the ${mb(r.files.logBytes)} event log (${n0(r.manifest.events)} events) to rebuild the in-memory activity log; the rest is the search index and loading the app. It grows with the history, not with the pages.`,
    );
  }
  if (r.votes && r.votes.eventLoopMaxMs > 100) {
    out.push(
      `- **Event loop during writes**: its longest block while votes were written was ${r.votes.eventLoopMaxMs} ms, of which no single write held it more than ${r.votes.longestWriteMs ?? "–"} ms (the store times each commit's synchronous step: validation, applying, the index listeners, formatting the line; the disk write and fsync run off the loop). Serving /about alone at the same concurrency blocked it for up to ${r.votes.readOnlyEventLoopMaxMs ?? "–"} ms, and the longest garbage collection was ${r.votes.gcMaxMs ?? "–"} ms: the rest is the server sharing two cores with the load generator and its own GC threads (machine load average ${r.loadAverage.before.toFixed(1)}).`,
    );
  }
  out.push(
    `- **The snapshot** (${mb(r.manifest.snapshot.bytes)}) is written as a stream of records (ADR 016): ${n0(r.manifest.snapshot.writeMs)} ms in all, and no turn of the event loop took more than ${n0(r.manifest.snapshot.blockMs)} ms while it was written.`,
  );
  if (r.memory) out.push(`- **Memory**: ${n0(r.memory.rssMB)} MB resident after the load (peak ${n0(r.memory.peakMB)} MB): every record and every activity event lives in memory.`);
  if (r.dashboardAfterWrite) {
    out.push(`- **The dashboard after a write** took ${n0(r.dashboardAfterWrite.ms)} ms (against ${n1(r.pages.dashboard?.result?.p50 ?? NaN)} ms at p50 with its cache warm; the event loop's longest block up to then, ${r.dashboardAfterWrite.eventLoopMaxMs} ms, any cause): its figures follow each committed event (ADR 013), so after the vote phase the request counts the votes not yet counted and rebuilds the page's data for the new figures.`);
  }
  return out;
}

/** Where the filtered catalogue has fewer than 50 pages, which page stood in for page 50. */
function pageNote(results: SizeResult[]) {
  const short = results.filter((r) => (r.manifest.cataloguePage ?? 50) < 50);
  if (!short.length) return "";
  return `${short.map((r) => `At the ${r.size} size the two filters match fewer than 50 pages, so "page 50" is the last full page there (page ${r.manifest.cataloguePage})`).join("; ")}: twenty rows, as at the other sizes. `;
}

/**
 * The sections of the old report that this run does not write (each "## " heading and what
 * follows it): another benchmark's figures (PostgreSQL with several processes, start-up) and
 * the written reading of a run stay until their own run replaces them.
 */
export function sectionsKept(old: string, written: string[]) {
  const headings = new Set(written.filter((line) => line.startsWith("## ")));
  return old
    .split(/^(?=## )/m)
    .filter((section) => section.startsWith("## ") && !headings.has(section.slice(0, section.indexOf("\n") === -1 ? undefined : section.indexOf("\n"))))
    .map((section) => section.replace(/\n*$/, "\n"));
}

export function writeReport(results: SizeResult[], run: { seconds: number; rounds?: number; connections: number; totalMs: number; date: string }) {
  const pages = pagesTable(results);
  const facts = factsTable(results);
  const small = results.find((r) => r.size === "small");
  const medium = results.find((r) => r.size === "medium");
  const large = results.find((r) => r.size === "large");
  const cpus = os.cpus();
  const date = run.date.slice(0, 10);
  const machine = `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const parts = [
    "# Benchmarks",
    "",
    `Measured by \`npm run bench\` on ${date}: ${machine}. Each page is driven for ${run.seconds} s in all (${run.rounds ?? 1} interleaved rounds) with ${run.connections} connections by autocannon, after a warm-up, signed-in sessions rotating per request, against the production build on loopback; the server and the load generator share the machine. The whole run took ${(run.totalMs / 60_000).toFixed(1)} min.`,
    "",
    "Other work on the same cores lowers every figure: the facts table gives the machine's load average before and after the read rounds, and \"server CPU ms/req\" (the server process's CPU time per request, from /proc) is the figure least disturbed by it. \"of it, helper threads\" is the part spent off the main thread, which runs the app: V8's garbage-collection helpers (concurrent marking of the old generation, parallel scavenging, sweeping) and libuv's pool. It grows with the garbage a page makes and with the heap the store fills.",
    "",
    `${pageNote(results)}The search word is in one policy in ten, so its first page (20 hits) is full at every size.`,
    "",
    "\"of /about\" and \"p95 ÷ /about\" compare each request with the minimal Remix page served by the same server in the same run (the framework's own ceiling on this machine). Every page is requested once cold and warmed before any is measured. Then the pages of every size, /about among them, are measured in interleaved rounds (the facts table gives /about's rate in each round) with only the measured size's server running — the others are paused, because an idle server's V8 compacts its heap a few seconds after its load stops and took half a core from the size being measured — so that whatever else the machine does meanwhile falls on every page and every size alike: both a page's ratio to /about and its growth from one size to the next compare figures measured seconds apart, not minutes. The dashboard is measured after them, in interleaved rounds of its own: the garbage each of its requests leaves would otherwise be collected while the page after it was measured. \"req/s\" is the median of a page's rounds (the facts table gives each round's rate for /about and the hub), so that a round slowed by something else on the machine does not move it; the percentiles are taken over every response of every round. \"cold ms\" is the first request after start-up, which builds the page's caches (for search: the ranking of a query not seen before).",
    "",
    "## Requests",
    "",
    pages,
    "",
    "## The store and the process",
    "",
    facts,
    "",
  ];
  if (medium) {
    const list = checks(medium, small);
    const missed = list.filter((c) => c.met === false).length;
    parts.push(`## Targets at the medium size`, "", missed ? `${missed} of ${list.length} missed.` : `All ${list.filter((c) => c.met).length} measured targets met.`, "", checksTable(list, false), "", "Why, from the same run:", "", ...why(medium, small), "");
  }
  if (large) {
    const list = checks(large, small);
    parts.push(`## The same targets at the large size`, "", checksTable(list, true), "", "Why, from the same run:", "", ...why(large, small), "");
  }
  const file = path.join(root, "BENCHMARKS.md");
  const markdown = [parts.join("\n"), ...sectionsKept(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "", parts)].join("\n");
  fs.writeFileSync(file, markdown);
  return { table: [pages, "", facts].join("\n"), markdown };
}

