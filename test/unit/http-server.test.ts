import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../server/http-server";

describe("the HTTP server", () => {
  let close: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await close?.();
    close = null;
  });

  it("makes requests and responses with Express's prototypes, which Express then leaves as they are", async () => {
    const app = express();
    app.get("/x", (req, res) => {
      res.status(201).json({ host: req.get("host"), query: req.query.q });
    });
    const server = createHttpServer(app);
    const before: boolean[] = [];
    // Runs before Express does: what Node made, before Express changes anything.
    server.prependListener("request", (req, res) => {
      before.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => new Promise((resolve) => server.close(() => resolve()));
    const { port } = server.address() as AddressInfo;

    const res = await fetch(`http://127.0.0.1:${port}/x?q=budget`);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ host: `127.0.0.1:${port}`, query: "budget" });
    // Node's own options reach the response: it still sends its Date header.
    expect(res.headers.get("date")).toBeTruthy();
    expect(before).toEqual([true]);
  });
});
