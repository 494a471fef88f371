/**
 * `npm start -- --processes=N`: N server processes on one port through Node's cluster module,
 * sharing one PostgreSQL database, exactly one of them the sender; SIGTERM stops them all. The
 * embedded store refuses more than one process.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../e2e/server";
import { dropDatabases, freshDatabase } from "../support/postgres";
import { tempDir } from "../support/temp";

const root = path.resolve(import.meta.dirname, "../..");
afterAll(dropDatabases);

/** One request on a connection of its own, so the cluster may hand it to any process. */
function healthz(port: number): Promise<{ status: number; body: { pid: number; leader: boolean; store: string } }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/healthz", agent: false }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      })
      .on("error", reject);
  });
}

function start(args: string[], env: Record<string, string>) {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "start.ts"), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "processes-secret-processes-secret-123", COOKIE_SECURE: "false", HOST: "127.0.0.1", SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe("npm start -- --processes=N", () => {
  it("runs two processes on one port and one database, one of them the sender, and stops them all on SIGTERM", async () => {
    const url = await freshDatabase();
    const port = await freePort();
    const server = start(["--processes=2"], { DATABASE_URL: url, PORT: String(port), DATA_DIR: tempDir() });
    try {
      const seen = new Map<number, boolean>();
      const started = Date.now();
      while (seen.size < 2) {
        if (Date.now() - started > 60_000) throw new Error(`only ${seen.size} process answered:\n${server.output()}`);
        const res = await healthz(port).catch(() => null);
        if (res?.status === 200) {
          expect(res.body.store).toBe("postgres");
          seen.set(res.body.pid, res.body.leader);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // Leadership settles within a campaign round (2 s); ask each process again.
      await new Promise((r) => setTimeout(r, 2500));
      const leaders = new Map<number, boolean>();
      for (let i = 0; i < 40 && leaders.size < 2; i++) {
        const res = await healthz(port);
        leaders.set(res.body.pid, res.body.leader);
      }
      expect(leaders.size).toBe(2);
      expect([...leaders.values()].filter(Boolean)).toHaveLength(1);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    await expect(healthz(port)).rejects.toThrow();
  }, 120_000);

  it("refuses more than one process on the embedded store", async () => {
    const server = start(["--processes=2"], { PORT: String(await freePort()), DATA_DIR: tempDir(), DATABASE_URL: "" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("--processes needs the PostgreSQL store (set DATABASE_URL)");
  }, 60_000);
});
