/**
 * Stopping under load, one path for every connection. From the signal on, the server takes no
 * new request: it stops listening, closes the kept-alive connections that are idle, answers
 * `Connection: close` on the requests in flight, and refuses any further request that arrives on
 * a connection still open with 503 and Retry-After (`/healthz` too, so a load balancer drains
 * first). Once the requests in flight have finished, every connection is closed; the caller then
 * writes the snapshot and exits.
 */
import type { Server } from "node:http";
import type { RequestHandler, Response } from "express";

/** How long requests in flight may take to finish before their connections are cut. */
export const STOP_GRACE_MS = 10_000;

export function stopGate() {
  let stopping = false;
  const inFlight = new Set<Response>();
  let whenDrained: (() => void) | null = null;

  /** The first middleware: refuses every request that arrives after the signal, counts the others. */
  const gate: RequestHandler = (req, res, next) => {
    if (stopping) {
      res.status(503).set({ Connection: "close", "Retry-After": "5", "Cache-Control": "no-store" });
      if (req.path === "/healthz") res.json({ ok: false, status: "stopping" });
      else res.type("text/plain").send("Service Unavailable: Untangle is stopping. Try again in a moment.");
      return;
    }
    inFlight.add(res);
    res.on("close", () => {
      inFlight.delete(res);
      if (inFlight.size === 0) whenDrained?.();
    });
    next();
  };

  /** Stops taking requests at once and resolves when those in flight are done (or the grace is over). */
  async function drain(server: Server) {
    stopping = true;
    server.close();
    // The last answer on each busy connection says so, and the connection closes after it.
    for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
    server.closeIdleConnections();
    if (inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const grace = setTimeout(resolve, STOP_GRACE_MS);
        whenDrained = () => {
          clearTimeout(grace);
          resolve();
        };
      });
    }
    // What is left is idle, or a request that arrived too late to matter: close it all now rather
    // than leave clients waiting on a process that is writing its snapshot.
    server.closeAllConnections();
  }

  return { gate, drain };
}
