/**
 * `npm start`: builds the app when there is no current build, then starts the production server.
 *
 * `npm start -- --processes=N` (or PROCESSES=N) runs N server processes sharing one port through
 * Node's cluster module: the first process builds, then starts the others and restarts any that
 * dies; SIGTERM or SIGINT stops them all gracefully. Several processes need the PostgreSQL store
 * (DATABASE_URL): the embedded store allows one process per data folder.
 */
import { execSync } from "node:child_process";
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const buildFile = path.join(root, "build", "index.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function processCount(): number {
  const flag = process.argv.find((a) => a.startsWith("--processes="))?.split("=")[1] ?? process.env.PROCESSES ?? "1";
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    console.error(`Untangle cannot start:\n  --processes must be a whole number from 1 to 64 (got "${flag}")`);
    process.exit(1);
  }
  return n;
}

if (cluster.isPrimary) {
  const built = fs.existsSync(buildFile) ? fs.statSync(buildFile).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(root, "app")), fs.statSync(path.join(root, "remix.config.js")).mtimeMs);
  if (built < sources) {
    console.log(built ? "The app changed since the last build: building…" : "No build yet: building…");
    execSync("npx remix build", { cwd: root, stdio: "inherit" });
  }
}

const processes = processCount();
if (processes === 1 || !cluster.isPrimary) {
  await import("./main");
} else {
  if (!process.env.DATABASE_URL) {
    console.error(
      "Untangle cannot start:\n  --processes needs the PostgreSQL store (set DATABASE_URL): the embedded store allows one process per data folder",
    );
    process.exit(1);
  }
  let stopping = false;
  const fork = () => cluster.fork().on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`Server process ${code ?? signal} exited unexpectedly (${signal ?? `code ${code}`}); starting another.`);
    setTimeout(fork, 1000);
  });
  // One first: on an empty database it migrates and seeds the demo; the others then follow it.
  const first = fork();
  await new Promise<void>((resolve) => first.once("listening", () => resolve()));
  for (let i = 1; i < processes; i++) fork();
  console.log(`Untangle runs ${processes} server processes (primary pid ${process.pid}).`);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    let left = workers.length;
    if (!left) process.exit(0);
    for (const worker of workers) {
      worker?.once("exit", () => {
        if (--left === 0) process.exit(0);
      });
      worker?.process.kill(signal);
    }
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
