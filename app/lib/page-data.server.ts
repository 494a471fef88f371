import { defer } from "@remix-run/node";

/**
 * `T` where every value is plain JSON; anything else (a Date, a Map, a function) becomes
 * `never`, so passing it does not compile. `unknown` passes: such values (the activity log's
 * before and after) were read from JSON.
 */
type JsonOnly<T> = unknown extends T
  ? T
  : T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer Item)[]
    ? readonly JsonOnly<Item>[]
    : T extends Date | Map<unknown, unknown> | Set<unknown> | RegExp | bigint | symbol | ((...args: never[]) => unknown) | Promise<unknown>
      ? never
      : { [K in keyof T]: JsonOnly<T[K]> };

/**
 * A loader's answer: the page's data, which the server renders from as it is and writes into
 * the page once. Remix's `json()` would turn it into bytes and parse them back into a copy
 * before rendering, then serialise the copy again for the browser, on every page view; on a
 * busy page that round trip costs more than its cards (docs/decisions/006).
 *
 * It is Remix's `defer()` with nothing deferred: a client navigation receives the same JSON,
 * framed as Remix's deferred answer. The data must be plain JSON (the type says so), so that
 * the server renders exactly what the browser hydrates with; and components treat it as
 * read-only, since it may share objects with the server's caches.
 */
export function pageData<T extends Record<string, unknown>>(data: T & JsonOnly<T>, init?: number | ResponseInit) {
  return defer<T>(data, init);
}

/**
 * The Remix patch's registry (patches/@remix-run+server-runtime+2.17.5.patch, serverHandoff.js):
 * objects whose JSON for the browser is written once and then reused, each with its escaped JSON
 * once written (null until then).
 */
const keptJson: WeakMap<object, string | null> = ((globalThis as { [key: symbol]: unknown })[Symbol.for("untangle.keptJson")] ??=
  new WeakMap()) as WeakMap<object, string | null>;

/**
 * Marks each object value of a page's data as unchanging for as long as it lives: its JSON for
 * the browser is then written once, not on every page view (the dashboard's charts and figures
 * are 32 KB of it, kept until the next write: docs/decisions/024). Only for objects a cache holds
 * and nobody changes; the marks go with the objects.
 */
export function unchanging<T extends Record<string, unknown>>(data: T): T {
  for (const value of Object.values(data)) {
    if (value !== null && typeof value === "object" && !keptJson.has(value)) keptJson.set(value, null);
  }
  return data;
}
