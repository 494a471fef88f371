/**
 * How long a graceful stop takes under load: starts the production server on a generated
 * organisation, drives it with 10 voters and 10 readers on kept-alive connections, sends SIGTERM,
 * and times the signal to the process's exit. Then checks that no vote was acknowledged after the
 * signal beyond the one in flight per connection, and that every acknowledged vote is in the store
 * when it is opened again. Not part of `npm run bench`.
 *
 *   tsx bench/generate.ts medium /tmp/org /tmp/org.json      (once)
 *   tsx bench/stop.ts /tmp/org /tmp/org.json [--trials=3] [--seconds=3]
 *
 * The data folder grows by the trials' votes; the server's own log is in <data-dir>/../stop-server.log.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Manifest } from "./generate";
import { root, signInAll, sleep, startServer } from "./http";

const args = process.argv.slice(2);
const [dataDir, manifestFile] = args.filter((a) => !a.startsWith("--"));
if (!dataDir || !manifestFile) {
  console.error("usage: tsx bench/stop.ts <data-dir> <manifest.json> [--trials=3] [--seconds=3]");
  process.exit(2);
}
const option = (name: string, fallback: number) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const TRIALS = option("trials", 3);
const SECONDS = option("seconds", 3);
const WRITERS = 10;
const READERS = 10;

const buildDir = path.join(root, ".builds", "bench");
if (!fs.existsSync(path.join(buildDir, "index.js"))) {
  console.log("building the production app into .builds/bench…");
  execFileSync("npx", ["remix", "build"], { cwd: root, stdio: "ignore", env: { ...process.env, UNTANGLE_BUILD_DIR: buildDir, NODE_ENV: "production" } });
}
const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
const logFile = path.join(path.dirname(path.resolve(dataDir)), "stop-server.log");

function send(agent: http.Agent, url: string, target: string, cookie: string, form?: Record<string, string>): Promise<number> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${target}`,
      {
        agent,
        method: form ? "POST" : "GET",
        headers: { cookie, origin: url, ...(body ? { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function runVerify(acknowledged: Array<{ id: string; position: string }>): { present: number; missing: string[]; reopenMs: number } {
  const file = path.join(path.dirname(path.resolve(dataDir)), "stop-acknowledged.json");
  fs.writeFileSync(file, JSON.stringify(acknowledged));
  const out = execFileSync(process.execPath, ["--import", "tsx", path.join(root, "bench", "verify.ts"), dataDir, file], { cwd: root, encoding: "utf8" });
  return JSON.parse(out);
}

async function trial(n: number) {
  const server = await startServer({ dataDir, buildDir, logFile });
  const startMs = server.healthyMs;
  const voters = await signInAll(server.url, manifest.voterEmails.slice(0, WRITERS), manifest.password);
  const readers = await signInAll(server.url, manifest.readerEmails.slice(0, READERS), manifest.password);
  const open = manifest.openProposals;
  const exited = new Promise<number | null>((resolve) => spawnExit(server.child, resolve));
  let over = false;
  void exited.then(() => (over = true));

  const last = new Map<string, { position: string; sentAt: number }>();
  let acknowledged = 0;
  let afterSignal = 0;
  let refused = 0;
  let signalledAt = Infinity;
  const writer = async (w: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; !over; i++) {
      const { reviewId, proposalId } = open[i % open.length];
      // Each round over the proposals changes the vote, so (nearly) every request writes.
      const position = Math.floor(i / open.length) % 2 === 0 ? "abstain" : "agree";
      const sentAt = performance.now();
      const status = await send(agent, server.url, `/reviews/${reviewId}?_data=${encodeURIComponent("routes/reviews.$id._index")}`, voters[w], {
        intent: "vote",
        proposalId,
        position,
        reason: "",
        via: "fetcher",
      }).catch(() => 0);
      if (status === 200) {
        acknowledged++;
        if (sentAt > signalledAt) afterSignal++;
        last.set(`${proposalId}:${manifest.voterIds[w]}`, { position, sentAt });
      } else if (status === 503) refused++;
      else if (status === 0) await sleep(5);
      else throw new Error(`a vote answered ${status}`);
    }
    agent.destroy();
  };
  const reader = async (r: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (!over) await send(agent, server.url, "/standards", readers[r]).catch(() => sleep(5));
    agent.destroy();
  };
  const load = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: READERS }, (_, r) => reader(r))];

  await sleep(SECONDS * 1000);
  const before = acknowledged;
  signalledAt = performance.now();
  server.child.kill("SIGTERM");
  const code = await exited;
  const stopMs = performance.now() - signalledAt;
  await Promise.all(load);
  const serverSays = /Stopped cleanly in .*/.exec(fs.readFileSync(logFile, "utf8").split("\n").filter((l) => l.startsWith("Stopped")).at(-1) ?? "")?.[0] ?? "(no stop line)";
  const verified = runVerify([...last].map(([id, { position }]) => ({ id, position })));
  console.log(
    `trial ${n}: started in ${(startMs / 1000).toFixed(1)} s; ${before} votes acknowledged under load in ${SECONDS} s; ` +
      `SIGTERM → exit ${code} in ${stopMs.toFixed(0)} ms; ${afterSignal} votes sent after the signal acknowledged (≤ ${WRITERS} in flight), ${refused} refused with 503; ` +
      `${verified.present} of ${last.size} acknowledged votes in the store on reopening${verified.missing.length ? ` — MISSING ${verified.missing.join(", ")}` : ""}. Server: ${serverSays}`,
  );
  return { stopMs, code, afterSignal, missing: verified.missing.length };
}

function spawnExit(child: ReturnType<typeof spawn>, resolve: (code: number | null) => void) {
  if (child.exitCode !== null) resolve(child.exitCode);
  else child.once("exit", (code) => resolve(code));
}

const results = [];
for (let n = 1; n <= TRIALS; n++) results.push(await trial(n));
const times = results.map((r) => r.stopMs).sort((a, b) => a - b);
console.log(`stop times: ${times.map((t) => `${t.toFixed(0)} ms`).join(", ")} (median ${times[Math.floor(times.length / 2)].toFixed(0)} ms)`);
