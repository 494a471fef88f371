/**
 * Stopping the production server under load: on SIGTERM it takes no more requests (beyond those
 * in flight), finishes those, writes its snapshot and exits 0 — quickly — and every write it
 * acknowledged is in the store when it is opened again.
 */
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Store } from "~/store/store.server";
import { startServer, type RunningServer } from "../e2e/server";

const WRITERS = 10;
const READERS = 10;

async function signIn(url: string, email: string) {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password: "untangle-demo", redirectTo: "/" }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

type Answer = { status: number; headers: http.IncomingHttpHeaders };

/** One request on a kept-alive connection of `agent`; rejects when the connection fails. */
function send(agent: http.Agent, url: string, path: string, cookie: string, form?: Record<string, string>): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${path}`,
      {
        agent,
        method: form ? "POST" : "GET",
        headers: {
          Cookie: cookie,
          Origin: url,
          ...(body ? { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function exited(server: RunningServer): Promise<number | null> {
  const { child } = server;
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

describe("stopping under load", () => {
  it("takes no write after SIGTERM beyond those in flight, stops without waiting out kept-alive connections, exit 0, and keeps every acknowledged write", { timeout: 120_000 }, async () => {
    const server = await startServer();
    const adminCookie = await signIn(server.url, "admin@example.com");
    const readerCookie = await signIn(server.url, "employee@example.com");
    const done = exited(server);
    let over = false;
    void done.then(() => (over = true));

    type Write = { name: string; sentAt: number; ackAt: number };
    const acknowledged: Write[][] = Array.from({ length: WRITERS }, () => []);
    const refusals: Answer[] = [];
    const writer = async (w: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; !over; i++) {
        const name = `Stop writer ${w}-${i}`;
        const sentAt = performance.now();
        try {
          const res = await send(agent, server.url, "/admin/teams", adminCookie, { name, description: "" });
          if (res.status === 302) acknowledged[w].push({ name, sentAt, ackAt: performance.now() });
          else if (res.status === 503) refusals.push(res);
          else throw new Error(`a write answered ${res.status}`);
        } catch (error) {
          if ((error as Error).message.startsWith("a write answered")) throw error;
          await new Promise((r) => setTimeout(r, 5)); // the connection is gone: the server is stopping
        }
      }
      agent.destroy();
    };
    const reader = async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (!over) await send(agent, server.url, "/standards", readerCookie).catch(() => new Promise((r) => setTimeout(r, 5)));
      agent.destroy();
    };
    const load = [...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: READERS }, reader)];

    let code: number | null;
    let stopMs: number;
    let signalledAt: number;
    try {
      // Under way: every writer has been acknowledged twice (however slow this machine is today).
      const waitUntil = performance.now() + 30_000;
      while (acknowledged.some((writes) => writes.length < 2) && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
      expect(acknowledged.every((writes) => writes.length >= 2)).toBe(true);
      signalledAt = performance.now();
      server.child.kill("SIGTERM");
      code = await done;
      stopMs = performance.now() - signalledAt;
    } finally {
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
      over = true;
      await Promise.all(load);
    }

    expect(code).toBe(0);
    // The stop no longer waits for kept-alive connections' 10 s timer (the old stop took 10.3 to
    // 13.3 s under this load). The 2 s target itself is a speed goal, measured by bench/stop.ts;
    // here the bound only has to tell the two behaviours apart on a busy machine.
    const stopLine = server.output().split("\n").find((line) => line.startsWith("Stopped")) ?? "(no stop line)";
    const serverStopMs = Number(/Stopped cleanly in ([\d,]+) ms/.exec(stopLine)?.[1].replace(/,/g, "") ?? NaN);
    expect(serverStopMs, stopLine).toBeLessThan(7_000);
    expect(stopMs, stopLine).toBeLessThan(9_000);
    // A writer's connection carries one request at a time: only the one in flight when the server
    // saw the signal may still be acknowledged.
    for (const writes of acknowledged) expect(writes.filter((w) => w.sentAt > signalledAt).length).toBeLessThanOrEqual(1);
    for (const refusal of refusals) expect(refusal.headers["retry-after"]).toBeTruthy();

    const store = await Store.open(server.dataDir);
    try {
      const names = new Set(Object.values(store.data.teams).map((t) => t.name));
      const missing = acknowledged.flat().filter((w) => !names.has(w.name));
      expect(missing).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it("answers the request in flight with Connection: close, and refuses one that arrives after the signal with 503 and Retry-After", { timeout: 60_000 }, async () => {
    const server = await startServer();
    const cookie = await signIn(server.url, "admin@example.com");
    const { port } = new URL(server.url);
    const connect = () =>
      new Promise<net.Socket>((resolve) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => resolve(socket));
      });
    const answerOf = (socket: net.Socket) =>
      new Promise<string>((resolve) => {
        let text = "";
        socket.on("data", (d) => (text += d));
        socket.on("close", () => resolve(text));
      });

    // In flight: a write whose body is still arriving when the signal comes.
    const body = new URLSearchParams({ name: "Written while stopping", description: "" }).toString();
    const writing = await connect();
    const written = answerOf(writing);
    writing.write(
      `POST /admin/teams HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.url}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`,
    );
    // Arriving: a health check whose headers are not complete yet.
    const asking = await connect();
    const asked = answerOf(asking);
    asking.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    await new Promise((r) => setTimeout(r, 300));

    const done = exited(server);
    server.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    asking.write("\r\n");
    const refused = await asked;
    expect(refused).toMatch(/^HTTP\/1\.1 503/);
    expect(refused).toMatch(/\r\nRetry-After: \d+\r\n/i);
    expect(refused).toMatch(/\r\nConnection: close\r\n/i);
    expect(refused).toContain('"status":"stopping"');

    writing.write(body.slice(5));
    const answer = await written;
    expect(answer).toMatch(/^HTTP\/1\.1 302/);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(await done).toBe(0);

    const store = await Store.open(server.dataDir);
    try {
      expect(Object.values(store.data.teams).some((t) => t.name === "Written while stopping")).toBe(true);
    } finally {
      await store.close();
    }
  });
});
