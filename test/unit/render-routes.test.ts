import { createStaticHandler } from "@remix-run/router";
import { RemixServer } from "@remix-run/react";
import { createElement, useContext } from "react";
import { renderToString } from "react-dom/server";
import { UNSAFE_DataRouterContext, Outlet } from "react-router-dom";
import { describe, expect, it } from "vitest";

/**
 * Remix and React Router are patched (patches/@remix-run+react+*.patch and
 * patches/react-router-dom+*.patch) to create the routes a server render draws once per build
 * instead of once per render: each render built, converted and ranked the whole route tree, and
 * those objects were most of what a page's request left for the old generation. These check that
 * a render draws the same routes as the one before, and fresh ones once a route module changes.
 */

type Drawn = { routes: unknown[]; html: string };

function moduleSet(rootLabel: string, seen: unknown[][]) {
  const Root = () => {
    seen.push(useContext(UNSAFE_DataRouterContext)!.router.routes as unknown[]);
    return createElement("main", null, rootLabel, createElement(Outlet));
  };
  const Home = () => createElement("p", null, "home");
  return { root: { default: Root }, "routes/_index": { default: Home } } as Record<string, { default: () => unknown }>;
}

const manifestRoutes = {
  root: { id: "root", path: "", hasLoader: false, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: "/root.js" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true, hasLoader: false, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: "/index.js" },
};

async function render(routeModules: Record<string, unknown>, seen: unknown[][]): Promise<Drawn> {
  const handler = createStaticHandler([{ id: "root", path: "/", children: [{ id: "routes/_index", index: true }] }]);
  const staticHandlerContext = await handler.query(new Request("http://localhost/"));
  if (staticHandlerContext instanceof Response) throw new Error("unexpected response");
  const context = {
    manifest: { routes: manifestRoutes, entry: { module: "/entry.js", imports: [] }, url: "/manifest.js", version: "1" },
    // A new object for every request, as Remix makes it, holding the same modules.
    routeModules: { ...routeModules },
    staticHandlerContext,
    serverHandoffString: "{}",
    future,
    isSpaMode: false,
    criticalCss: undefined,
  };
  const html = renderToString(createElement(RemixServer, { context: context as never, url: "http://localhost/" }));
  return { routes: seen[seen.length - 1], html };
}

// One object, as the build gives every request.
const future = { v3_fetcherPersist: false, v3_relativeSplatPath: false, v3_throwAbortReason: false, v3_singleFetch: false, v3_lazyRouteDiscovery: false, unstable_optimizeDeps: false };

describe("the routes a server render draws (patched Remix and React Router)", () => {
  it("are the same from one render to the next, and the page is unchanged", async () => {
    const seen: unknown[][] = [];
    const modules = moduleSet("Untangle", seen);
    const first = await render(modules, seen);
    const second = await render(modules, seen);
    expect(first.html).toContain("<main>Untangle<p>home</p></main>");
    expect(second.html).toBe(first.html);
    expect(second.routes).toBe(first.routes);
  });

  it("are made again when a route module changes (a rebuilt app in development)", async () => {
    const seen: unknown[][] = [];
    const before = await render(moduleSet("before", seen), seen);
    const after = await render(moduleSet("after", seen), seen);
    expect(after.routes).not.toBe(before.routes);
    expect(after.html).toContain("<main>after<p>home</p></main>");
  });
});
