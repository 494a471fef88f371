/**
 * Express in front of Remix, as @remix-run/express does it, with one difference: the request's
 * body was already read whole and checked by formBodies (server/form-body.ts), so Remix is handed
 * those bytes rather than the (consumed) request stream.
 */
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { bodyOf, isMutation } from "./form-body";

export function remixHandler(build: ServerBuild, loadContext: (res: ExpressResponse) => AppLoadContext): RequestHandler {
  // Always production mode: the build is a production build, and errors never carry stacks to the page.
  const handleRequest = createRequestHandler(build, "production");
  return async (req, res, next) => {
    try {
      const response = await handleRequest(fetchRequest(req, res), loadContext(res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** The Fetch Request for Remix; aborted when the client goes away before its answer is sent. */
function fetchRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname follows the "trust proxy" setting; the port comes from X-Forwarded-Host or Host.
  const port = [req.get("X-Forwarded-Host"), req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find(Number.isSafeInteger);
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of values === undefined ? [] : Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(url.href, {
    method: req.method,
    headers,
    body: isMutation(req.method) ? bodyOf(req) : undefined,
    signal: controller.signal,
  });
}
