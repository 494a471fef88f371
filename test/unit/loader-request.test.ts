import { callRouteLoader } from "@remix-run/server-runtime/dist/data.js";
import { describe, expect, it } from "vitest";

/**
 * Remix is patched (patches/@remix-run+server-runtime+*.patch) to hand a loader the request itself
 * when there is nothing to strip from it: it made two copies for every loader of every page, each
 * a new Request with an abort signal of its own, to remove search parameters Remix uses itself
 * (`index`, `_data`) even from an address without any.
 */

async function seenByLoader(request: Request): Promise<Request> {
  let seen: Request | null = null;
  await callRouteLoader({
    request,
    params: {},
    routeId: "routes/policies",
    loadContext: {},
    singleFetch: false,
    loader: ({ request: given }: { request: Request }) => {
      seen = given;
      return null;
    },
  });
  return seen!;
}

describe("the request a loader is given (patched Remix)", () => {
  it("is the page's own request for a GET or HEAD without a query", async () => {
    for (const method of ["GET", "HEAD"]) {
      const request = new Request("http://localhost/policies/travel", { method });
      expect(await seenByLoader(request)).toBe(request);
    }
  });

  it("is a copy without Remix's own parameters when there is a query, as before", async () => {
    const controller = new AbortController();
    const request = new Request("http://localhost/policies?index&_data=routes%2Fpolicies&team=finance", { signal: controller.signal });
    const seen = await seenByLoader(request);
    expect(seen).not.toBe(request);
    expect(seen.url).toBe("http://localhost/policies?team=finance");
    controller.abort();
    expect(seen.signal.aborted).toBe(true);
  });
});
