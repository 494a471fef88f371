import { createMemoryHistory, createRouter, matchPath, matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

/**
 * The router is patched (patches/@remix-run+router+*.patch) to compile each route pattern once,
 * to rank a routes array's branches once and to remember which branch an address matched:
 * these check that matching answers as it did when everything was computed per call, where a
 * shared cache could confuse one pattern's options with another's, keep routes that have since
 * changed, or hand one request's matches to the next.
 */

// The shape of the app's routes: a root layout, static routes beside dynamic siblings, an index,
// a nested layout, an optional segment and a catch-all.
const tree = (): AgnosticRouteObject[] => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      { id: "policies", path: "policies" },
      { id: "policies.new", path: "policies/new" },
      { id: "policies.$slug", path: "policies/:slug" },
      { id: "policies.$slug.edit", path: "policies/:slug/edit" },
      {
        id: "admin",
        path: "admin",
        children: [
          { id: "admin.index", index: true },
          { id: "admin.people", path: "people" },
        ],
      },
      { id: "reports", path: "reports/:period?" },
      { id: "Exact", path: "Exact", caseSensitive: true },
      { id: "splat", path: "*" },
    ],
  },
];

const ids = (routes: AgnosticRouteObject[], path: string) => matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("route matching (patched router)", () => {
  it("picks the same route for every address, however often the same routes are matched", () => {
    const routes = tree();
    const expected: Record<string, string[]> = {
      "/": ["root", "home"],
      "/policies": ["root", "policies"],
      "/policies/new": ["root", "policies.new"],
      "/policies/travel-budget": ["root", "policies.$slug"],
      "/policies/travel-budget/edit": ["root", "policies.$slug.edit"],
      "/admin": ["root", "admin", "admin.index"],
      "/admin/people": ["root", "admin", "admin.people"],
      "/reports": ["root", "reports"],
      "/reports/12": ["root", "reports"],
      "/Exact": ["root", "Exact"],
      "/exact": ["root", "splat"],
      "/nowhere/at/all": ["root", "splat"],
    };
    for (let round = 0; round < 3; round++) {
      for (const [path, want] of Object.entries(expected)) expect(ids(routes, path), `${path}, round ${round}`).toEqual(want);
    }
    // A fresh tree answers the same as one matched before.
    for (const [path, want] of Object.entries(expected)) expect(ids(tree(), path)).toEqual(want);
  });

  it("keeps a pattern's options apart: to the end or a prefix, case-sensitive or not", () => {
    expect(matchPath({ path: "/policies", end: true }, "/policies/new")).toBeNull();
    expect(matchPath({ path: "/policies", end: false }, "/policies/new")?.pathnameBase).toBe("/policies");
    expect(matchPath({ path: "/policies", end: true }, "/policies/new")).toBeNull();
    expect(matchPath({ path: "/Exact", caseSensitive: true }, "/exact")).toBeNull();
    expect(matchPath({ path: "/Exact", caseSensitive: false }, "/exact")?.pathname).toBe("/exact");
    expect(matchPath({ path: "/Exact", caseSensitive: true }, "/exact")).toBeNull();
    expect(matchPath("/policies/:slug", "/policies/travel")?.params).toEqual({ slug: "travel" });
    expect(matchPath("/policies/:slug", "/policies/other")?.params).toEqual({ slug: "other" });
  });

  it("gives every match of an address matched before objects of its own", () => {
    const routes = tree();
    const first = matchRoutes(routes, "/policies/travel")!;
    const again = matchRoutes(routes, "/policies/travel")!;
    expect(again.map((m) => m.route.id)).toEqual(["root", "policies.$slug"]);
    expect(again[1].params).toEqual({ slug: "travel" });
    expect(again[1].params).not.toBe(first[1].params);
    // What one request does to its matches is not what the next one gets.
    (again[1].params as Record<string, string>).slug = "changed";
    expect(matchRoutes(routes, "/policies/travel")![1].params).toEqual({ slug: "travel" });
    // An address under another base, or that matches nothing, stays unmatched.
    const noSplat = [{ id: "root", path: "/", children: [{ id: "policies", path: "policies" }] }];
    for (let round = 0; round < 3; round++) {
      expect(matchRoutes(noSplat, "/nowhere")).toBeNull();
      expect(matchRoutes(noSplat, "/app/policies", "/app")?.map((m) => m.route.id)).toEqual(["root", "policies"]);
      expect(matchRoutes(noSplat, "/policies", "/app")).toBeNull();
    }
  });

  it("sees routes patched in after the routes were matched", () => {
    const router = createRouter({ routes: tree(), history: createMemoryHistory() });
    expect(ids(router.routes as AgnosticRouteObject[], "/admin/teams")).toEqual(["root", "splat"]);
    router.patchRoutes("admin", [{ id: "admin.teams", path: "teams" }]);
    expect(ids(router.routes as AgnosticRouteObject[], "/admin/teams")).toEqual(["root", "admin", "admin.teams"]);
    router.dispose();
  });
});
