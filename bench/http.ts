/**
 * The benchmark's HTTP side: starting the production server, signing in, driving load with
 * autocannon (latency percentiles from every response), and measuring the JavaScript a page ships.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";
import autocannon from "autocannon";

export const root = path.resolve(import.meta.dirname, "..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Server = {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawning the process until /healthz answered 200. */
  healthyMs: number;
  startedAt: number;
  logFile: string;
  stop: () => Promise<{ code: number | null; ms: number }>;
};

/** Starts `node --import tsx server/main.ts` in production mode, as `npm start` does; its output goes to a log file. */
export async function startServer({ dataDir, buildDir, logFile, env = {} }: { dataDir: string; buildDir: string; logFile: string; env?: Record<string, string> }): Promise<Server> {
  const port = await freePort();
  const log = fs.openSync(logFile, "a");
  const startedAt = performance.now();
  // BENCH_SERVER_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  // --max-semi-space-size=64: as `npm start` runs the server (see the README's configuration).
  const child = spawn(process.execPath, ["--max-semi-space-size=64", ...nodeArgs, "--import", "tsx", path.join(root, "server", "main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0123",
      COOKIE_SECURE: "false",
      SEED_DEMO: "false",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      UNTANGLE_BUILD_DIR: buildDir,
      ...env,
    },
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}; see ${logFile}:\n${fs.readFileSync(logFile, "utf8").slice(-2000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - startedAt > 600_000) throw new Error(`the server did not start in 10 minutes; see ${logFile}`);
    await sleep(25);
  }
  const healthyMs = performance.now() - startedAt;
  return {
    url,
    child,
    healthyMs,
    startedAt,
    logFile,
    stop: () =>
      new Promise((resolve) => {
        const t = performance.now();
        if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
        child.once("exit", (code) => resolve({ code, ms: performance.now() - t }));
        child.kill("SIGCONT"); // a paused server (see bench/run.ts) would hold its SIGTERM until resumed
        child.kill("SIGTERM");
      }),
  };
}

/** Signs in through the login form (with an Origin header, as a browser sends) and returns the cookie. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: url },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__untangle="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return cookie.split(";")[0];
}

export async function signInAll(url: string, emails: string[], password: string, concurrency = 4): Promise<string[]> {
  const cookies: string[] = new Array(emails.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < emails.length) {
        const i = next++;
        cookies[i] = await signIn(url, emails[i], password);
      }
    }),
  );
  return cookies;
}

export async function get(url: string, cookie: string) {
  const t = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const body = await res.text();
  return { status: res.status, body, ms: performance.now() - t, location: res.headers.get("location") };
}

// ---------------------------------------------------------------- load

/** What every run counts: responses accepted and refused, connection errors and time-outs, over how long. */
type Counts = {
  ok: number;
  failed: number;
  errors: number;
  timeouts: number;
  seconds: number;
  statuses: Record<string, number>;
};

export type LoadResult = Counts & {
  /**
   * Successful (2xx, or 3xx where the request's check allows it) responses per second: over
   * three runs or more, the median of the runs' rates, so that one run slowed by something
   * else on the machine does not move it.
   */
  rps: number;
  /** Each run's rate, in the order they ran. */
  runRps: number[];
  p50: number;
  p95: number;
  p99: number;
  /** Server CPU time per request (all responses), when the server's pid is known: robust to a busy machine. */
  cpuMsPerRequest: number | null;
  /**
   * The part of it spent off the main thread: V8's garbage-collection helpers (concurrent
   * marking, parallel scavenging, sweeping) and libuv's pool. The main thread runs the app.
   */
  helperCpuMsPerRequest: number | null;
};

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

type Req = { method?: string; path: string; headers?: Record<string, string>; body?: string };

type LoadOptions = {
  pid?: number;
  url: string;
  connections: number;
  seconds: number;
  next: (context: Record<string, unknown>) => Req;
  accept?: (status: number, headers: Record<string, string>, context: Record<string, unknown>) => boolean;
};

/** What one run of the load generator saw, every response's latency included. */
export type LoadSample = Counts & {
  latencies: number[];
  cpuMs: number | null;
  helperCpuMs: number | null;
};

/**
 * Drives the server for `seconds` with `connections` concurrent connections. `next(context)`
 * gives each request (so cookies rotate and every vote is a new pair); `accept(status, headers,
 * context)` decides what counts as success. Latencies come from every response, not from samples.
 */
export async function drive({ url, connections, seconds, next, accept = (status) => status >= 200 && status < 300, pid }: LoadOptions): Promise<LoadSample> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const cpuBefore = pid ? threadCpuMs(pid) : null;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        pipelining: 1,
        timeout: 30,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
              const r = next(context);
              return { ...req, method: r.method ?? "GET", path: r.path, headers: r.headers ?? {}, body: r.body };
            },
            onResponse: (status: number, _body: string, context: Record<string, unknown>, headers: Record<string, string>) => {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (accept(status, headers ?? {}, context)) ok++;
              else failed++;
            },
          },
        ],
      } as autocannon.Options,
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = pid ? threadCpuMs(pid) : null;
  return {
    latencies,
    ok,
    failed,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: elapsed,
    statuses,
    cpuMs: cpuBefore && cpuAfter ? cpuAfter.total - cpuBefore.total : null,
    helperCpuMs: cpuBefore && cpuAfter ? cpuAfter.helpers - cpuBefore.helpers : null,
  };
}

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One result from one or more runs of the same requests: the rate as the median of the runs'
 * rates (with fewer than three, over their summed time), percentiles over every response.
 */
export function summarise(samples: LoadSample[]): LoadResult {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const sum = (f: (s: LoadSample) => number) => samples.reduce((total, s) => total + f(s), 0);
  const statuses: Record<string, number> = {};
  for (const s of samples) for (const [status, n] of Object.entries(s.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  const seconds = sum((s) => s.seconds);
  const runRps = samples.map((s) => s.ok / s.seconds);
  const cpu = samples.every((s) => s.cpuMs !== null) ? sum((s) => s.cpuMs!) : null;
  const helperCpu = samples.every((s) => s.helperCpuMs != null) ? sum((s) => s.helperCpuMs!) : null;
  return {
    rps: samples.length >= 3 ? median(runRps) : sum((s) => s.ok) / seconds,
    runRps,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    ok: sum((s) => s.ok),
    failed: sum((s) => s.failed),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    seconds,
    statuses,
    cpuMsPerRequest: cpu !== null && latencies.length ? cpu / latencies.length : null,
    helperCpuMsPerRequest: helperCpu !== null && latencies.length ? helperCpu / latencies.length : null,
  };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  return summarise([await drive(options)]);
}

// ---------------------------------------------------------------- JavaScript shipped

/** The scripts a page loads (module preloads, script src, and imports of its inline module), gzip bytes each. */
export async function shippedJavaScript(url: string, pagePath: string, cookie: string) {
  const page = await get(`${url}${pagePath}`, cookie);
  if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
  const html = page.body;
  const urls = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(m[0]);
    if (href) urls.add(href[1]);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(m[1]);
  const inline: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\bsrc=/.test(m[1])) continue;
    inline.push(m[2]);
    for (const imp of m[2].matchAll(/import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) urls.add(imp[1]);
  }
  let gzip = 0;
  let raw = 0;
  for (const u of urls) {
    const res = await fetch(new URL(u, url));
    if (!res.ok) throw new Error(`${u} answered ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes).length;
  }
  const inlineGzip = zlib.gzipSync(Buffer.from(inline.join("\n"))).length;
  return { files: urls.size, raw, gzip, inlineGzip };
}

/** CPU time (user + system) in ms from a /proc stat line: fields 14 and 15, in clock ticks. */
function statCpuMs(stat: string) {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * CPU time a process has used so far, in ms, from /proc (Linux); null elsewhere: in all, and
 * on threads other than the main one (whose thread id is the process id).
 */
export function threadCpuMs(pid: number): { total: number; helpers: number } | null {
  try {
    const total = statCpuMs(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
    let main = total;
    try {
      main = statCpuMs(fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8"));
    } catch {
      /* no per-thread figures: count it all as the main thread's */
    }
    return { total, helpers: Math.max(0, total - main) };
  } catch {
    return null;
  }
}

/** Resident memory of a process, from /proc (Linux). */
export function residentMemory(pid: number): { rssMB: number; peakMB: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMB: kb("VmRSS") / 1024, peakMB: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}
