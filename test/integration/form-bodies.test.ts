/**
 * Bodies that are not forms, sent to every route that takes a form: each is refused with a short
 * plain 4xx by the production server before any action runs, and nothing is written. The routes
 * are read from the build (every route module that exports an action), so a new action is covered
 * without touching this file.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getStore } from "~/store/index.server";
import { startServer, type RunningServer } from "../e2e/server";
import { closeTestStore, openTestStore } from "../factories";

const root = path.resolve(import.meta.dirname, "../..");

/** Every route that takes a form, as a URL path with real ids and slugs from the demo organisation. */
async function actionPaths(values: Record<string, string>): Promise<string[]> {
  const build = (await import(pathToFileURL(path.join(root, "build", "index.js")).href)) as ServerBuild;
  const fullPath = (id: string | undefined): string => {
    const route = id ? build.routes[id] : undefined;
    if (!route) return "";
    const own = route.path ?? "";
    return [fullPath(route.parentId), own].filter(Boolean).join("/");
  };
  return Object.values(build.routes)
    .filter((route) => typeof route.module.action === "function")
    .map((route) => {
      const pattern = `/${fullPath(route.id)}`;
      const url = pattern.replace(/:(\w+)/g, (_, name: string) => {
        // A slug is a policy's or a standard's, by the section the address is in.
        const key = name === "slug" ? `${pattern.split("/")[1]}Slug` : name;
        if (!(key in values)) throw new Error(`${route.id} takes a parameter "${name}": give it a value from the demo organisation here`);
        return values[key];
      });
      // A page that takes a form is an ordinary route (remix.config.js), so that a refused
      // submission without JavaScript keeps a clean address: an index route would post to ?index.
      return route.index ? `${url}?index` : url;
    });
}

const truncatedMultipart = '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nA team cut sh';

/** The bodies that are not forms, each with the status it must get. */
const NOT_FORMS: Array<{ kind: string; headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer>; status: number }> = [
  { kind: "JSON", headers: { "Content-Type": "application/json" }, body: '{"name":"JSON team","intent":"vote"}', status: 415 },
  { kind: "text/plain", headers: { "Content-Type": "text/plain" }, body: "name=Plain team", status: 415 },
  { kind: "no content type", headers: {}, body: new TextEncoder().encode("name=Untyped team"), status: 415 },
  { kind: "multipart without a boundary", headers: { "Content-Type": "multipart/form-data" }, body: "name=Boundless team", status: 400 },
  { kind: "truncated multipart", headers: { "Content-Type": "multipart/form-data; boundary=XyZ" }, body: truncatedMultipart, status: 400 },
];

let server: RunningServer;
let paths: string[];
let cookie: string;

async function events(): Promise<number> {
  return ((await (await fetch(`${server.url}/healthz`)).json()) as { events: number }).events;
}

beforeAll(async () => {
  // The demo organisation, made here so the test knows its ids; then served by the production server.
  const { store, dir } = await openTestStore({ demo: true });
  const { reviews, proposals, policies, standards, people, teams, deliveries } = store.data;
  const proposal = Object.values(proposals)[0];
  const values = {
    id: proposal.reviewId,
    proposalId: proposal.id,
    policiesSlug: Object.values(policies)[0].slug,
    standardsSlug: Object.values(standards).find((s) => s.publishedVersion !== null)!.slug,
    personId: Object.values(people).find((p) => p.email === "employee@example.com")!.id,
    teamId: Object.values(teams)[0].id,
    // A bad body is refused before any route reads its parameters: any delivery will do, or none.
    deliveryId: Object.keys(deliveries)[0] ?? "no-delivery",
  };
  expect(reviews[proposal.reviewId]).toBeTruthy();
  expect(getStore().version).toBeGreaterThan(0);
  await closeTestStore();
  paths = await actionPaths(values);
  server = await startServer({ DATA_DIR: dir });
  const res = await fetch(`${server.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url },
    body: new URLSearchParams({ email: "admin@example.com", password: "untangle-demo", redirectTo: "/" }),
  });
  expect(res.status).toBe(302);
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
});

afterAll(async () => {
  await server?.stop();
});

describe("a body that is not a form", () => {
  it("finds every route that takes a form", () => {
    expect(paths.length).toBeGreaterThanOrEqual(22);
    for (const known of ["/login", "/logout", "/policies/import", "/admin/teams", "/pulse"]) expect(paths).toContain(known);
    expect(paths.filter((p) => p.endsWith("?index"))).toEqual([]);
    expect(paths.some((p) => /^\/reviews\/[^/]+\/proposals\/[^/]+\/edit$/.test(p))).toBe(true);
  });

  for (const { kind, headers, body, status } of NOT_FORMS) {
    it(`${kind}: answered ${status} with a short plain text by every action, and nothing is written`, async () => {
      const before = await events();
      const answers: Record<string, number> = {};
      for (const url of paths) {
        const res = await fetch(`${server.url}${url}`, {
          method: "POST",
          redirect: "manual",
          headers: { ...headers, Origin: server.url, Cookie: cookie },
          body,
        });
        answers[url] = res.status;
        expect(res.headers.get("content-type"), url).toMatch(/^text\/plain/);
        const text = await res.text();
        expect(text.length, url).toBeLessThan(200);
        expect(text, url).not.toMatch(/\bat .*:\d+:\d+/); // no stack
      }
      expect(answers).toEqual(Object.fromEntries(paths.map((url) => [url, status])));
      expect(await events()).toBe(before);
    });
  }

  it("a form larger than the server reads is refused with 413; a form is still a form", async () => {
    const before = await events();
    const huge = await fetch(`${server.url}/admin/teams`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: server.url, Cookie: cookie },
      body: `name=${"x".repeat(5 * 1024 * 1024)}`,
    });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/at most 4 MB/);
    expect(await events()).toBe(before);

    // The same route still takes a form, urlencoded or multipart (the CSV import's encoding).
    const form = new FormData();
    form.set("name", "Multipart team");
    form.set("description", "");
    const multipart = await fetch(`${server.url}/admin/teams`, { method: "POST", redirect: "manual", headers: { Origin: server.url, Cookie: cookie }, body: form });
    expect(multipart.status).toBe(302);
    expect(await events()).toBe(before + 1);
  });
});
