/**
 * What a dashboard request costs the server, every scope and period the filters offer, beside
 * the minimal page: one request at a time against the production build on a generated
 * organisation, interleaved (/about, then each dashboard address, round after round), with the
 * server's CPU per request read from /proc. A quick, quiet figure between `npm run bench` runs.
 *
 *   tsx bench/dashboard-render.ts <data-dir> <manifest.json> <build-dir> [--rounds=5] [--per-round=20] [--only=/dashboard]
 *
 * With BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" (bench/http.ts) the server writes a
 * CPU profile; --only= then keeps the profile to one address.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Manifest } from "./generate";
import { get, signIn, startServer } from "./http";

const [dataDir, manifestFile, buildDir] = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
};
const ROUNDS = flag("rounds", 5);
const PER_ROUND = flag("per-round", 20);
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;

const cpuMs = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
};

const server = await startServer({ dataDir, buildDir, logFile: path.join(os.tmpdir(), "dashboard-render.log") });
try {
  const cookie = await signIn(server.url, manifest.adminEmail, manifest.password);
  const team = (await get(`${server.url}/dashboard`, cookie)).body.match(/<option value="([a-z][a-z0-9-]+)">/)?.[1];
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  const all = ["/about", "/dashboard", "/dashboard?period=3", "/dashboard?period=6", `/dashboard?team=${team}`, `/dashboard?period=3&team=${team}`];
  const paths = only ? ["/about", only] : all;
  const stats = new Map(paths.map((p) => [p, { ms: [] as number[], cpu: 0, n: 0, bytes: 0 }]));
  for (const p of paths) for (let i = 0; i < PER_ROUND; i++) await get(`${server.url}${p}`, cookie); // warm
  for (let round = 0; round < ROUNDS; round++) {
    for (const p of paths) {
      const s = stats.get(p)!;
      const c0 = cpuMs(server.child.pid!);
      for (let i = 0; i < PER_ROUND; i++) {
        const res = await get(`${server.url}${p}`, cookie);
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
        s.ms.push(res.ms);
        s.bytes = Buffer.byteLength(res.body);
      }
      s.cpu += cpuMs(server.child.pid!) - c0;
      s.n += PER_ROUND;
    }
  }
  const about = stats.get("/about")!;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}; ${ROUNDS} rounds × ${PER_ROUND} requests, one at a time`);
  console.log("address | median ms | p95 ms | server CPU ms/req | ÷ /about CPU | KB");
  for (const [p, s] of stats) {
    const cpu = s.cpu / s.n;
    console.log(`${p} | ${median(s.ms).toFixed(1)} | ${p95(s.ms).toFixed(1)} | ${cpu.toFixed(2)} | ${(cpu / (about.cpu / about.n)).toFixed(2)}× | ${(s.bytes / 1024).toFixed(1)}`);
  }
  void performance;
} finally {
  await server.stop();
}
