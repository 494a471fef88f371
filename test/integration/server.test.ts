/**
 * The production server as a process: health, headers, foreign origins, one process per data
 * directory, refusing a bad data file, and durability when killed mid-burst.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store, SNAPSHOT_FILE, LOG_FILE } from "~/store/store.server";
import { readSnapshotDocument } from "~/store/snapshot.server";
import { startServer, type RunningServer } from "../e2e/server";
import { tempDir } from "../support/temp";

async function signInCookie(url: string, email: string, password = "untangle-demo") {
  const res = await fetch(`${url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: url },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  expect(res.status).toBe(302);
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

describe("the running server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("answers /healthz once the store is open", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const health = await res.json();
    expect(health).toMatchObject({ ok: true, status: "ok" });
    // What the benchmark reads: the loop's longest block, the longest write on it, the longest GC.
    for (const figure of ["eventLoopMaxMs", "longestWriteMs", "gcMaxMs"]) expect(typeof health[figure]).toBe("number");
    // And what the server was doing during its longest block: requests in flight (named by their
    // first path segment only), garbage collection, or neither.
    expect(health.longestBlock).toEqual({ ms: expect.any(Number), cause: expect.any(String) });
    if (health.longestBlock.ms > 0) expect(health.longestBlock.cause).toMatch(/serving (GET|POST) \/|no request in flight|garbage collection/);
  });

  it("sets the security headers, with a CSP nonce that Remix's scripts carry", async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBeTruthy();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/at .*\.js:\d+/); // no stack traces
  });

  it("caches fingerprinted assets for a year", async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    const asset = /href="(\/build\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const res = await fetch(`${server.url}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("max-age=31536000");
    const favicon = await fetch(`${server.url}/favicon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("cache-control")).toContain("max-age=3600");
  });

  it("refuses mutations from a foreign origin or a foreign referer", async () => {
    const cookie = await signInCookie(server.url, "admin@example.com");
    const send = (headers: Record<string, string>) =>
      fetch(`${server.url}/admin/teams`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
        body: new URLSearchParams({ name: `Foreign ${Date.now()}` }),
      });
    expect((await send({ Origin: "https://evil.example" })).status).toBe(403);
    expect((await send({ Referer: "https://evil.example/page" })).status).toBe(403);
    expect((await send({ Origin: server.url })).status).toBe(302);
  });

  it("renders a page from its loader's data and sends the same data to a client navigation", async () => {
    const cookie = await signInCookie(server.url, "employee@example.com");
    const html = await (await fetch(`${server.url}/standards`, { headers: { Cookie: cookie } })).text();
    // The data is placed into the page as bytes (app/entry.server.tsx): no mark is left behind.
    expect(html).not.toContain("<!--reused:");
    const context = html.match(/window\.__remixContext = (\{.*?\});/)?.[1];
    const inPage = JSON.parse(context!).state.loaderData["routes/standards._index"];
    expect(inPage.groups.length).toBeGreaterThan(0);
    expect(html).toContain(inPage.groups[0].standards[0].title);

    const res = await fetch(`${server.url}/standards?_data=${encodeURIComponent("routes/standards._index")}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/remix-deferred/);
    expect(JSON.parse(await res.text())).toEqual(inPage);
  });

  it("shows the friendly 404 page for an unknown address", async () => {
    const res = await fetch(`${server.url}/no-such-page`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Page not found");
  });

  it("refuses a second process on the same data directory", async () => {
    const second = await startServer({ DATA_DIR: server.dataDir }).catch((e: Error) => e);
    expect(second).toBeInstanceOf(Error);
    expect(String(second)).toMatch(/in use by another Untangle process/);
  });
});

describe("data safety", () => {
  it("refuses to start on a corrupt data file, naming it, and leaves it untouched", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), "{ not json");
    const before = fs.readFileSync(path.join(dir, SNAPSHOT_FILE));
    const error = await startServer({ DATA_DIR: dir }).catch((e: Error) => e);
    expect(String(error)).toMatch(/untangle\.json is not valid JSON/);
    expect(fs.readFileSync(path.join(dir, SNAPSHOT_FILE)).equals(before)).toBe(true);
  });

  it("keeps every acknowledged write when killed with SIGKILL during a burst", async () => {
    const server = await startServer();
    const cookie = await signInCookie(server.url, "admin@example.com");
    const acknowledged: string[] = [];
    // The kill falls in the middle of the burst: after its first acknowledgement, however long a
    // busy machine takes to give it.
    let firstAcknowledged: () => void = () => undefined;
    const someAcknowledged = new Promise<void>((resolve) => (firstAcknowledged = resolve));
    const names = Array.from({ length: 120 }, (_, i) => `Burst team ${i}`);
    const requests = names.map(async (name, i) => {
      await new Promise((r) => setTimeout(r, i * 2));
      try {
        const res = await fetch(`${server.url}/admin/teams`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: server.url },
          body: new URLSearchParams({ name }),
        });
        if (res.status === 302) {
          acknowledged.push(name);
          firstAcknowledged();
        }
      } catch {
        /* the connection died with the process */
      }
    });
    await Promise.race([someAcknowledged, Promise.all(requests)]);
    await new Promise((r) => setTimeout(r, 20));
    server.child.kill("SIGKILL");
    await Promise.all(requests);
    await new Promise((r) => server.child.exitCode !== null || server.child.signalCode ? r(null) : server.child.once("exit", r));
    expect(acknowledged.length).toBeGreaterThan(0);

    const store = await Store.open(server.dataDir); // stale lock of the killed process is taken over
    try {
      const stored = new Set(Object.values(store.data.teams).map((t) => t.name));
      for (const name of acknowledged) expect(stored.has(name)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("shuts down gracefully on SIGTERM: exit 0, snapshot up to date, lock released", async () => {
    const server = await startServer();
    const cookie = await signInCookie(server.url, "admin@example.com");
    const res = await fetch(`${server.url}/admin/teams`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: server.url },
      body: new URLSearchParams({ name: "Before shutdown" }),
    });
    expect(res.status).toBe(302);
    expect(await server.stop()).toBe(0);
    const snapshot = (await readSnapshotDocument(path.join(server.dataDir, SNAPSHOT_FILE))) as { lastSeq: number; teams: Record<string, { name: string }> };
    const lines = fs.readFileSync(path.join(server.dataDir, LOG_FILE), "utf8").trim().split("\n");
    expect(snapshot.lastSeq).toBe(JSON.parse(lines.at(-1)!.split("\t")[0]).seq);
    expect(Object.values(snapshot.teams).some((t) => (t as { name: string }).name === "Before shutdown")).toBe(true);
    expect(fs.existsSync(path.join(server.dataDir, "untangle.lock"))).toBe(false);
  });
});
